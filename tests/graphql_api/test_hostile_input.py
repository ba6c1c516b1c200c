"""Hostile input is a 4xx or a field error with a code: never a 5xx, a false
outage (503) or a worker tied up. Run on SQLite and on PostgreSQL."""

import json

import pytest
from django.test import override_settings

from graphql_api.core.version import API_VERSION
from tests.fixtures.graphql import add_page, codes, make_document, make_image, offer

SEARCH = "query($q: String!) { search(query: $q) { totalCount items { title } } }"
PAGES_SEARCH = "query($q: String) { pages(search: $q) { totalCount items { title } } }"
SIGNATORIES = "query($q: String) { signatories(search: $q) { totalCount } }"
ORGANISATIONS = "query($q: String) { organisations(search: $q) { totalCount } }"
DOCUMENTS = "query($q: String) { documents(search: $q) { totalCount } }"
GRAPHQL_RESPONSE = "application/graphql-response+json"
# Characters that are syntax to SQLite's FTS5 or PostgreSQL's tsquery.
HOSTILE_SEARCHES = [
    '"eco',
    'eco"',
    "eco'",
    "eco & | ! ( ) : * quartier",
    "eco:*",
    "!eco",
    "(eco",
    "eco\\",
    "NEAR(eco quartier)",
    "eco OR quartier AND NOT x",
    "éco-quartier",
]


def post_json(client, body, **headers):
    return client.post(
        "/graphql/", json.dumps(body), content_type="application/json", **headers
    )


@pytest.fixture
def searchable(network_keys):
    from pages.models import ContentPage, Organisation, Signatory

    club, club_home = network_keys["club"]
    add_page(club_home, ContentPage, "Eco quartier des Noues")
    Signatory.objects.create(site=club, name="Eco Ville", kind="company")
    Organisation.objects.create(site=club, name="Eco Réseau", kind="network")
    offer(club_home, make_document("Eco rapport"), title="Ressources")
    return network_keys


# 1. quotes, NUL and operators in a full-text search ----------------------


@pytest.mark.parametrize("text", HOSTILE_SEARCHES)
@pytest.mark.parametrize("query", [SEARCH, PAGES_SEARCH])
def test_syntax_characters_in_a_search_are_plain_words(client, searchable, query, text):
    # when
    response = post_json(client, {"query": query, "variables": {"q": text}})
    # then
    assert response.status_code == 200, response.content
    body = response.json()
    assert "errors" not in body, body


@pytest.mark.parametrize("query", [SEARCH, PAGES_SEARCH])
def test_a_search_with_a_quote_still_finds_the_page(client, searchable, query):
    response = post_json(client, {"query": query, "variables": {"q": '"eco'}})
    assert response.status_code == 200
    found = next(iter(response.json()["data"].values()))
    assert [item["title"] for item in found["items"]] == ["Eco quartier des Noues"]


def test_a_search_of_punctuation_only_is_an_empty_search(client, searchable):
    response = post_json(client, {"query": SEARCH, "variables": {"q": '"&|!'}})
    assert response.status_code == 200
    assert codes(response.json()) == ["INVALID_ARGUMENT"]


def test_pages_searching_punctuation_only_find_nothing(client, searchable):
    response = post_json(client, {"query": PAGES_SEARCH, "variables": {"q": '"&|!'}})
    assert response.status_code == 200
    assert response.json()["data"]["pages"]["totalCount"] == 0


# 2. a search of hundreds of words, a huge request --------------------------


@pytest.mark.parametrize("query", [SEARCH, PAGES_SEARCH, SIGNATORIES, DOCUMENTS])
def test_a_search_of_too_many_words_is_refused(client, searchable, query):
    words = "eco " * 17  # within the length limit, one word too many
    response = post_json(client, {"query": query, "variables": {"q": words}})
    assert response.status_code == 200
    assert codes(response.json()) == ["SEARCH_TOO_MANY_WORDS"]


@override_settings(GRAPHQL_SEARCH_MAX_LENGTH=10_000, GRAPHQL_SEARCH_MAX_WORDS=1000)
def test_a_loosened_word_limit_still_never_fails_the_backend(client, searchable):
    response = post_json(client, {"query": SEARCH, "variables": {"q": "eco " * 450}})
    assert response.status_code == 200
    # the search index answers 450 words like one (pages/search/): no error at all
    assert "SERVICE_UNAVAILABLE" not in codes(response.json())
    assert response.json()["data"]["search"] is not None


def test_a_request_of_a_megabyte_is_refused_before_it_is_read(client, db):
    response = post_json(client, {"query": SEARCH, "variables": {"q": "a " * 500_000}})
    assert response.status_code == 413
    assert codes(response.json()) == ["QUERY_TOO_LARGE"]


# 3. a search of more than 50,000 characters on the name lists ---------------


@pytest.mark.parametrize(
    "query", [SEARCH, PAGES_SEARCH, SIGNATORIES, ORGANISATIONS, DOCUMENTS]
)
def test_a_search_longer_than_the_limit_is_refused(client, searchable, query):
    response = post_json(client, {"query": query, "variables": {"q": "a" * 50_001}})
    assert response.status_code == 200
    assert codes(response.json()) == ["SEARCH_TOO_LONG"]


@pytest.mark.parametrize("query", [SIGNATORIES, ORGANISATIONS, DOCUMENTS])
def test_a_name_search_with_quotes_answers(client, searchable, query):
    response = post_json(client, {"query": query, "variables": {"q": "Eco'\""}})
    assert response.status_code == 200
    assert "errors" not in response.json()


@pytest.mark.parametrize(
    "query", [SEARCH, PAGES_SEARCH, SIGNATORIES, ORGANISATIONS, DOCUMENTS]
)
def test_a_nul_character_in_a_search_is_an_invalid_string(client, searchable, query):
    response = post_json(
        client, {"query": query, "variables": {"q": "eco\x00quartier"}}
    )
    assert response.status_code == 400
    assert codes(response.json()) == ["INVALID_STRING"]


def test_a_nul_character_in_any_argument_is_an_invalid_string(client, searchable):
    # PostgreSQL refuses NUL in text: without this it was a masked server error
    query = "query($s: String) { pages(site: $s) { totalCount } }"
    response = post_json(client, {"query": query, "variables": {"s": "club\x00"}})
    assert response.status_code == 400
    assert codes(response.json()) == ["INVALID_STRING"]


@pytest.mark.parametrize("query", [SIGNATORIES, ORGANISATIONS, DOCUMENTS])
def test_a_name_search_still_finds_by_name(client, searchable, query):
    response = post_json(client, {"query": query, "variables": {"q": "eco"}})
    found = next(iter(response.json()["data"].values()))
    assert found["totalCount"] == 1


# 4. deeply nested JSON ---------------------------------------------------


def test_a_body_nested_1000_deep_is_invalid_json(client, db):
    response = client.post(
        "/graphql/", "[" * 1000 + "]" * 1000, content_type="application/json"
    )
    assert response.status_code == 400
    assert codes(response.json()) == ["INVALID_JSON"]


def test_variables_nested_1000_deep_are_invalid_json(client, db):
    body = '{"query": "{ apiVersion }", "variables": {"x": ' + "[" * 1000
    body += "]" * 1000 + "}}"
    response = client.post("/graphql/", body, content_type="application/json")
    assert response.status_code == 400
    assert codes(response.json()) == ["INVALID_JSON"]


def test_nesting_inside_strings_does_not_count(client, db):
    query = "{ apiVersion } # " + "[{" * 1000
    response = post_json(client, {"query": query})
    assert response.status_code == 200
    assert response.json() == {"data": {"apiVersion": API_VERSION}}


def test_deeply_nested_get_variables_are_invalid_json(client, db):
    variables = '{"x": ' + "[" * 1000 + "]" * 1000 + "}"
    response = client.get(
        "/graphql/", {"query": "{ apiVersion }", "variables": variables}
    )
    assert response.status_code == 400
    assert codes(response.json()) == ["INVALID_JSON"]


# 5. lone surrogates --------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        SEARCH,
        PAGES_SEARCH,
        SIGNATORIES,
        "query($q: String!) { site(site: $q) { key } }",
        "query($q: String!) { applicationStatus(token: $q) { status } }",
        "query($q: String!) { projectProposal(token: $q) { status } }",
    ],
)
def test_a_lone_surrogate_in_a_variable_is_refused(client, searchable, query):
    response = post_json(client, {"query": query, "variables": {"q": "eco\ud800"}})
    assert response.status_code == 400
    assert codes(response.json()) == ["INVALID_STRING"]


def test_a_lone_surrogate_in_the_query_text_is_refused(client, db):
    query = '{ search(query: "\ud800") { totalCount } }'
    response = post_json(client, {"query": query})
    assert response.status_code == 400
    assert codes(response.json()) == ["INVALID_STRING"]


def test_a_lone_surrogate_escaped_in_a_graphql_string_is_a_syntax_error(client, db):
    query = '{ search(query: "\\ud800") { totalCount } }'
    response = post_json(client, {"query": query}, HTTP_ACCEPT=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert codes(response.json()) == ["GRAPHQL_PARSE_FAILED"]


def test_a_lone_surrogate_in_get_variables_is_refused(client, db):
    response = client.get(
        "/graphql/",
        {"query": SEARCH, "variables": '{"q": "\\udc00"}'},
    )
    assert response.status_code == 400
    assert codes(response.json()) == ["INVALID_STRING"]


def test_a_lone_surrogate_in_a_key_is_refused(client, db):
    body = '{"query": "{ apiVersion }", "variables": {"\\ud800": 1}}'
    response = client.post("/graphql/", body, content_type="application/json")
    assert response.status_code == 400
    assert codes(response.json()) == ["INVALID_STRING"]


ADHESION = """
mutation($input: CharterAdhesionInput!) {
  submitCharterAdhesion(input: $input) { errors { field code } }
}
"""


def test_a_lone_surrogate_in_a_mutation_input_is_refused(client, searchable):
    from forms_workflows.models import CharterAdhesion

    variables = {
        "input": {
            "organisationName": "Ville\ud800",
            "idempotencyKey": "key-\udfff",
        }
    }
    response = post_json(client, {"query": ADHESION, "variables": variables})
    assert response.status_code == 400
    assert codes(response.json()) == ["INVALID_STRING"]
    assert not CharterAdhesion.objects.exists()


def test_a_surrogate_pair_is_ordinary_text(client, searchable):
    response = post_json(client, {"query": SIGNATORIES, "variables": {"q": "Eco 😀"}})
    assert response.status_code == 200
    # the emoji is no word to look for; "Eco" finds the one signatory named so
    assert response.json() == {"data": {"signatories": {"totalCount": 1}}}


# 6. GraphQL over HTTP ------------------------------------------------------


def test_a_failing_non_null_root_field_answers_data_null(client, searchable):
    response = post_json(client, {"query": '{ search(query: "") { totalCount } }'})
    assert response.status_code == 200
    body = response.json()
    assert "data" in body and body["data"] is None
    assert codes(body) == ["INVALID_ARGUMENT"]


def test_data_null_is_200_with_the_graphql_response_media_type(client, searchable):
    response = post_json(
        client,
        {"query": '{ search(query: "") { totalCount } }'},
        HTTP_ACCEPT=GRAPHQL_RESPONSE,
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(GRAPHQL_RESPONSE)
    assert response.json()["data"] is None


def test_a_document_failing_validation_is_400_with_the_graphql_response_type(
    client, db
):
    response = post_json(client, {"query": "{ nope }"}, HTTP_ACCEPT=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert response["Content-Type"].startswith(GRAPHQL_RESPONSE)
    body = response.json()
    assert "data" not in body
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]


SEVERAL_OPERATIONS = "query A { apiVersion } query B { sites { key } }"


def test_several_operations_without_a_name_are_refused(client, db):
    response = post_json(client, {"query": SEVERAL_OPERATIONS})
    assert response.status_code == 200
    body = response.json()
    assert "data" not in body
    assert codes(body) == ["OPERATION_NAME_REQUIRED"]


def test_several_operations_without_a_name_are_400_with_the_graphql_response_type(
    client, db
):
    response = post_json(
        client, {"query": SEVERAL_OPERATIONS}, HTTP_ACCEPT=GRAPHQL_RESPONSE
    )
    assert response.status_code == 400
    assert codes(response.json()) == ["OPERATION_NAME_REQUIRED"]


def test_several_operations_run_the_named_one(client, db):
    response = post_json(client, {"query": SEVERAL_OPERATIONS, "operationName": "A"})
    assert response.json() == {"data": {"apiVersion": API_VERSION}}


@pytest.mark.parametrize(
    "query",
    [
        '{ events(from: "2024-13-45") { totalCount } }',
        '{ events(from: "yesterday") { totalCount } }',
        "{ pages(order: NOPE) { totalCount } }",
    ],
)
def test_an_invalid_literal_value_is_bad_user_input(client, db, query):
    response = post_json(client, {"query": query})
    assert response.status_code == 200
    assert codes(response.json()) == ["BAD_USER_INPUT"]


def test_an_invalid_date_variable_is_bad_user_input(client, db):
    query = "query($d: Date) { events(from: $d) { totalCount } }"
    response = post_json(client, {"query": query, "variables": {"d": "2024-13-45"}})
    assert codes(response.json()) == ["BAD_USER_INPUT"]


# 7. srcSet -------------------------------------------------------------------

SRCSET = """
query($path: String, $sizes: [Int!]) {
  page(urlPath: $path) {
    ... on ContentPage { body { ... on ImageBlock { image { srcSet(sizes: $sizes) } } } }
  }
}
"""


@pytest.fixture
def small_image_page(network_keys):
    from pages.models import ContentPage

    image = make_image(width=500, height=300)
    body = [
        {"type": "image", "value": {"image": image.pk, "alt_text": "", "caption": ""}}
    ]
    add_page(network_keys["club"][1], ContentPage, "Petite image", body=body)


def src_set(client, sizes):
    response = post_json(
        client,
        {"query": SRCSET, "variables": {"path": "/petite-image/", "sizes": sizes}},
    )
    assert response.status_code == 200, response.content
    blocks = [b for b in response.json()["data"]["page"]["body"] if b]
    return [
        entry.rsplit(" ", 1)[1] for entry in blocks[0]["image"]["srcSet"].split(", ")
    ]


def test_srcset_never_repeats_a_width_of_a_small_original(client, small_image_page):
    assert src_set(client, [320, 480, 640, 800, 1024, 1920]) == ["320w", "480w", "500w"]


def test_srcset_lists_repeated_sizes_once(client, small_image_page):
    assert src_set(client, [320] * 1000) == ["320w"]


def test_srcset_keeps_its_allow_list(client, small_image_page):
    response = post_json(
        client,
        {"query": SRCSET, "variables": {"path": "/petite-image/", "sizes": [321]}},
    )
    assert codes(response.json()) == ["RENDITION_FILTER_NOT_ALLOWED"]


@pytest.mark.parametrize(
    "operations", ["[]", '[{"query": "{ apiVersion }"}]', '"{ apiVersion }"', "1"]
)
def test_multipart_operations_that_are_not_an_object_are_a_bad_request(
    client, db, operations
):
    # when an upload's operations field is JSON, but not one operation object
    response = client.post("/graphql/", {"operations": operations, "map": "{}"})
    # then the caller is told, with a stable code, and nothing failed
    assert response.status_code == 400
    assert codes(response.json()) == ["BAD_REQUEST"]
