"""GraphQL over HTTP: methods, bodies, caching and CORS."""

import json

from django.test import override_settings

from graphql_api.core.version import API_VERSION as API_VERSION_VALUE
from tests.fixtures.graphql import codes

TYPENAME = "{ __typename }"
API_VERSION = "query Version { apiVersion }"
A_MUTATION = "mutation { __typename }"
UNKNOWN_FIELD = "{ apiVersio }"
SYNTAX_ERROR = "{ apiVersion"
SITE_KEYS = "{ sites { key } }"


def test_a_query_over_get_answers_with_data(gql, db):
    response = gql.get(API_VERSION)
    assert response.status_code == 200
    assert response.json() == {"data": {"apiVersion": API_VERSION_VALUE}}


def test_an_anonymous_get_carries_an_etag_and_cache_control(gql, db):
    # when
    response = gql.get(API_VERSION)
    # then
    assert response["ETag"]
    assert "public" in response["Cache-Control"]
    assert "max-age" in response["Cache-Control"]


def test_if_none_match_with_the_same_etag_gives_304(gql, db):
    # given
    etag = gql.get(API_VERSION)["ETag"]
    # when
    response = gql.get(API_VERSION, HTTP_IF_NONE_MATCH=etag)
    # then
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_none_match_with_another_etag_gives_the_answer(gql, db):
    response = gql.get(API_VERSION, HTTP_IF_NONE_MATCH='"stale"')
    assert response.status_code == 200
    assert response.json()["data"]["apiVersion"] == API_VERSION_VALUE


def test_a_post_answer_is_not_cached(gql, db):
    response = gql.post(API_VERSION)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert not response.has_header("ETag")


def test_a_mutation_over_get_is_refused_with_405_and_a_graphql_error(gql, db):
    response = gql.get(A_MUTATION)
    assert response.status_code == 405
    assert codes(response.json()) == ["MUTATION_NOT_ALLOWED_OVER_GET"]


def test_malformed_json_gives_400_with_a_graphql_error(client, db):
    response = client.post("/graphql/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert codes(response.json()) == ["INVALID_JSON"]


def test_malformed_variables_over_get_give_400(client, db):
    response = client.get("/graphql/", {"query": API_VERSION, "variables": "{"})
    assert response.status_code == 400
    assert codes(response.json()) == ["INVALID_JSON"]


def test_a_wrong_content_type_gives_415_with_a_graphql_error(client, db):
    response = client.post(
        "/graphql/", "query=%7B__typename%7D", content_type="text/plain"
    )
    assert response.status_code == 415
    assert codes(response.json()) == ["UNSUPPORTED_CONTENT_TYPE"]


def test_an_empty_body_gives_400_with_a_graphql_error(client, db):
    response = client.post("/graphql/", "", content_type="application/json")
    assert response.status_code == 400
    assert codes(response.json()) == ["MISSING_QUERY"]


def test_a_body_without_query_gives_400(client, db):
    response = client.post(
        "/graphql/", json.dumps({"variables": {}}), content_type="application/json"
    )
    assert response.status_code == 400
    assert codes(response.json()) == ["MISSING_QUERY"]


def test_a_json_array_body_gives_400(client, db):
    response = client.post(
        "/graphql/", json.dumps([{"query": TYPENAME}]), content_type="application/json"
    )
    assert response.status_code == 400
    assert codes(response.json()) == ["BAD_REQUEST"]


def test_variables_that_are_not_an_object_give_400(client, db):
    response = client.post(
        "/graphql/",
        json.dumps({"query": TYPENAME, "variables": [1]}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert codes(response.json()) == ["BAD_REQUEST"]


def test_other_methods_are_refused_with_405(client, db):
    response = client.put("/graphql/", "{}", content_type="application/json")
    assert response.status_code == 405
    assert codes(response.json()) == ["METHOD_NOT_ALLOWED"]


def test_a_syntax_error_is_a_graphql_error_with_a_code(gql, db):
    body = gql.query(SYNTAX_ERROR)
    assert codes(body) == ["GRAPHQL_PARSE_FAILED"]
    assert "data" not in body


def test_graphql_response_media_type_gives_400_on_a_request_error(gql, db):
    response = gql.post(SYNTAX_ERROR, HTTP_ACCEPT="application/graphql-response+json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/graphql-response+json"
    assert codes(response.json()) == ["GRAPHQL_PARSE_FAILED"]


@override_settings(GRAPHQL_MASK_ERRORS=True)
def test_field_suggestions_are_hidden_when_errors_are_masked(gql, db):
    body = gql.query(UNKNOWN_FIELD)
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "apiVersion" not in body["errors"][0]["message"]


@override_settings(GRAPHQL_MASK_ERRORS=True)
def test_an_unexpected_error_is_masked_and_logged_with_a_request_id(
    gql, db, monkeypatch, caplog
):
    # given a resolver that fails unexpectedly
    from graphql_api.content import sites

    def broken():
        raise RuntimeError("secret database detail")

    monkeypatch.setattr(sites, "load_network_sites", broken)
    # when
    body = gql.query(SITE_KEYS)
    # then the partner sees a code and a request id, not the detail
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "secret" not in json.dumps(body)
    request_id = error["extensions"]["requestId"]
    # and the log line carries the same request id
    assert any(request_id in record.getMessage() for record in caplog.records)


def test_no_cors_header_by_default(gql, db):
    response = gql.get(API_VERSION, HTTP_ORIGIN="https://partner.example")
    assert not response.has_header("Access-Control-Allow-Origin")


@override_settings(GRAPHQL_CORS_ALLOWED_ORIGINS=["https://partner.example"])
def test_an_allowed_origin_gets_cors_headers(gql, client, db):
    # when a browser sends a preflight then the request
    preflight = client.options(
        "/graphql/",
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    response = gql.post(API_VERSION, HTTP_ORIGIN="https://partner.example")
    # then both allow that origin
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "https://partner.example"
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    assert response["Access-Control-Allow-Origin"] == "https://partner.example"


@override_settings(GRAPHQL_CORS_ALLOWED_ORIGINS=["https://partner.example"])
def test_another_origin_gets_no_cors_header(gql, db):
    response = gql.post(API_VERSION, HTTP_ORIGIN="https://evil.example")
    assert not response.has_header("Access-Control-Allow-Origin")


def test_the_existing_typename_probe_still_answers(gql, db):
    assert gql.query(TYPENAME) == {"data": {"__typename": "Query"}}


def test_graphiql_opens_in_a_browser_only_when_debugging(client, db, settings):
    # given production settings, a browser gets no IDE but a GraphQL error
    production = client.get("/graphql/", HTTP_ACCEPT="text/html")
    # when debugging
    settings.DEBUG = True
    debugging = client.get("/graphql/", HTTP_ACCEPT="text/html")
    # then
    assert production.status_code == 400
    assert codes(production.json()) == ["MISSING_QUERY"]
    assert debugging.status_code == 200
    assert b"graphiql" in debugging.content.lower()


def test_a_subscription_is_refused_as_a_bad_request(gql, db):
    response = gql.post("subscription { apiVersion }")
    assert response.status_code == 400
    assert codes(response.json()) == ["BAD_REQUEST"]
