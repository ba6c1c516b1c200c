"""Signatories: filters, ordering and cursors, as strawberry-django names them."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.fixtures.graphql import codes, make_region

CONNECTION = """
query Signatories($filters: SignatoryFilter, $ordering: [SignatoryOrder!],
                  $first: Int, $after: String, $updatedSince: DateTime) {
  signatoriesConnection(filters: $filters, ordering: $ordering, first: $first,
                        after: $after, updatedSince: $updatedSince) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { name signedOn organisationType region { code } } }
  }
}
"""
OFFSET = """
query Signatories($filters: SignatoryFilter, $ordering: [SignatoryOrder!],
                  $region: String) {
  signatories(filters: $filters, ordering: $ordering, region: $region) {
    totalCount
    items { name }
  }
}
"""


def names(body):
    return [e["node"]["name"] for e in body["data"]["signatoriesConnection"]["edges"]]


@pytest.fixture
def charter(network_keys, locales):
    """Signatories of the club: two regions, dates, one withdrawn."""
    from pages.models import Signatory

    club = network_keys["club"][0]
    idf = make_region(locales, "Île-de-France", "IDF")
    ara = make_region(locales, "Auvergne-Rhône-Alpes", "ARA")
    rows = [
        ("Paris Habitat", "social_landlord", idf, datetime.date(2021, 5, 1)),
        ("Habitat 77", "social_landlord", idf, datetime.date(2019, 1, 10)),
        ("Ville de Montreuil", "local_authority", idf, None),
        ("Lyon Métropole Habitat", "social_landlord", ara, datetime.date(2022, 3, 3)),
        ("Ville de Grenoble", "local_authority", ara, datetime.date(2021, 5, 1)),
    ]
    for name, kind, region, signed_on in rows:
        Signatory.objects.create(
            site=club,
            name=name,
            kind=kind,
            region=region,
            signed_on=signed_on,
            locale=locales["fr"],
        )
    Signatory.objects.create(
        site=club,
        name="Habitat révoqué",
        kind="company",
        region=idf,
        is_active=False,
        locale=locales["fr"],
    )
    return club


def test_signatories_of_a_region_whose_name_contains_a_word_by_name(gql, charter):
    # when a partner asks for the signatories of Île-de-France named "habitat"
    body = gql.query(
        CONNECTION,
        {
            "filters": {
                "region": {"code": {"inList": ["IDF"]}},
                "name": {"iContains": "habitat"},
            },
            "ordering": [{"name": "ASC"}],
        },
    )
    # then the active ones come, by name; the withdrawn one stays out
    assert names(body) == ["Habitat 77", "Paris Habitat"]
    assert body["data"]["signatoriesConnection"]["totalCount"] == 2


def test_or_and_not_combine_lookups(gql, charter):
    body = gql.query(
        CONNECTION,
        {
            "filters": {
                "organisationType": {"exact": "LOCAL_AUTHORITY"},
                "OR": {"signedOn": {"gte": "2022-01-01"}},
                "NOT": {"region": {"code": {"exact": "IDF"}}},
            },
        },
    )
    assert names(body) == ["Lyon Métropole Habitat", "Ville de Grenoble"]


def test_newest_signatures_first_with_the_undated_last_and_ties_kept_stable(
    gql, charter
):
    body = gql.query(CONNECTION, {"ordering": [{"signedOn": "DESC"}]})
    assert names(body) == [
        "Lyon Métropole Habitat",
        # same date: the id breaks the tie, in the order they were created
        "Paris Habitat",
        "Ville de Grenoble",
        "Habitat 77",
        "Ville de Montreuil",
    ]


def test_ordering_by_region_then_name(gql, charter):
    body = gql.query(
        CONNECTION, {"ordering": [{"region": {"code": "ASC"}}, {"name": "DESC"}]}
    )
    assert names(body) == [
        "Ville de Grenoble",
        "Lyon Métropole Habitat",
        "Ville de Montreuil",
        "Paris Habitat",
        "Habitat 77",
    ]


@pytest.mark.parametrize(
    "ordering",
    [
        [{"name": "ASC"}],
        [{"signedOn": "DESC"}],
        [{"signedOn": "ASC_NULLS_FIRST"}],
        [{"region": {"name": "DESC"}}, {"signedOn": "ASC"}],
    ],
)
def test_pages_of_two_cover_the_list_once_in_any_ordering(gql, charter, ordering):
    whole = names(gql.query(CONNECTION, {"ordering": ordering, "first": 10}))
    seen, after = [], None
    while True:
        body = gql.query(CONNECTION, {"ordering": ordering, "first": 2, "after": after})
        seen += names(body)
        info = body["data"]["signatoriesConnection"]["pageInfo"]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert seen == whole
    assert len(whole) == 5


def test_a_cursor_stays_valid_when_signatories_are_published_in_between(
    gql, charter, locales
):
    from pages.models import Signatory

    # given a partner read the first two signatories by name
    first = gql.query(CONNECTION, {"first": 2})
    assert names(first) == ["Habitat 77", "Lyon Métropole Habitat"]
    cursor = first["data"]["signatoriesConnection"]["pageInfo"]["endCursor"]
    # when two signatories are published before that position, one after it
    for name in ("Aaa Habitat", "Bbb Habitat", "Quartier Zéro"):
        Signatory.objects.create(
            site=charter, name=name, kind="company", locale=locales["fr"]
        )
    following = gql.query(CONNECTION, {"first": 10, "after": cursor})
    # then the next page starts right after what they read: nothing repeated
    assert names(following) == [
        "Paris Habitat",
        "Quartier Zéro",
        "Ville de Grenoble",
        "Ville de Montreuil",
    ]
    assert following["data"]["signatoriesConnection"]["pageInfo"]["hasPreviousPage"]


@pytest.mark.parametrize("cursor", ["arrayconnection:3", "bm9wZQ:forged", "", "é"])
def test_a_cursor_the_api_did_not_give_is_refused(gql, charter, cursor):
    body = gql.query(CONNECTION, {"after": cursor})
    assert codes(body) == ["INVALID_CURSOR"]


def test_a_cursor_of_another_ordering_is_refused(gql, charter):
    by_name = gql.query(CONNECTION, {"first": 1})
    cursor = by_name["data"]["signatoriesConnection"]["edges"][0]["cursor"]
    body = gql.query(CONNECTION, {"after": cursor, "ordering": [{"signedOn": "DESC"}]})
    assert codes(body) == ["INVALID_CURSOR"]


def test_a_tampered_cursor_is_refused(gql, charter):
    by_name = gql.query(CONNECTION, {"first": 1})
    cursor = by_name["data"]["signatoriesConnection"]["edges"][0]["cursor"]
    packed, signature = cursor.rsplit(":", 1)
    body = gql.query(CONNECTION, {"after": f"{packed}x:{signature}"})
    assert codes(body) == ["INVALID_CURSOR"]


def test_updated_since_gives_only_what_changed(gql, charter):
    from pages.models import Signatory

    since = timezone.now()
    changed = Signatory.objects.get(name="Habitat 77")
    changed.website = "https://habitat77.example"
    changed.save()
    body = gql.query(CONNECTION, {"updatedSince": since.isoformat()})
    assert names(body) == ["Habitat 77"]


def test_the_offset_list_takes_the_same_filters_and_its_old_arguments(gql, charter):
    new = gql.query(
        OFFSET,
        {
            "filters": {"region": {"code": {"exact": "ARA"}}},
            "ordering": [{"name": "DESC"}],
        },
    )
    old = gql.query(OFFSET, {"region": "ara"})
    assert [i["name"] for i in new["data"]["signatories"]["items"]] == [
        "Ville de Grenoble",
        "Lyon Métropole Habitat",
    ]
    assert [i["name"] for i in old["data"]["signatories"]["items"]] == [
        "Lyon Métropole Habitat",
        "Ville de Grenoble",
    ]


def test_a_filter_nested_too_deep_is_refused_with_its_code(gql, charter):
    deep = {"name": {"exact": "x"}}
    for _level in range(4):
        deep = {"OR": deep}
    body = gql.query(CONNECTION, {"filters": deep})
    assert codes(body) == ["FILTER_TOO_DEEP"]


def test_a_filter_counts_in_the_query_cost(gql, charter, settings):
    settings.GRAPHQL_MAX_COST = 200
    small = gql.query(CONNECTION, {"first": 20})
    many = [f"R{i}" for i in range(200)]
    large = gql.query(
        CONNECTION, {"first": 20, "filters": {"region": {"code": {"inList": many}}}}
    )
    assert "errors" not in small
    assert codes(large) == ["QUERY_TOO_COMPLEX"]


def queries_of(gql, variables):
    cache.clear()  # the answer cache would answer without SQL
    with CaptureQueriesContext(connection) as captured:
        body = gql.query(CONNECTION, variables)
    assert "errors" not in body, body
    return len(captured), body


def test_a_filtered_ordered_page_costs_the_same_sql_at_10_and_1000_signatories(
    gql, network_keys, locales
):
    from pages.models import Signatory

    club = network_keys["club"][0]
    regions = [make_region(locales, f"Région {i}", f"R{i}") for i in range(4)]

    def add(count, start):
        Signatory.objects.bulk_create(
            Signatory(
                site=club,
                name=f"Habitat {i:04}",
                kind="social_landlord",
                region=regions[i % 4],
                signed_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=i % 50),
                locale=locales["fr"],
            )
            for i in range(start, start + count)
        )

    variables = {
        "filters": {
            "region": {"code": {"inList": ["R0", "R1"]}},
            "name": {"iContains": "habitat"},
        },
        "ordering": [{"signedOn": "ASC"}, {"name": "DESC"}],
    }
    add(10, 0)
    first_page = gql.query(CONNECTION, {**variables, "first": 2})
    after = first_page["data"]["signatoriesConnection"]["pageInfo"]["endCursor"]
    small, _ = queries_of(gql, {**variables, "first": 5, "after": after})
    add(990, 10)
    large, body = queries_of(gql, {**variables, "first": 100, "after": after})
    assert len(body["data"]["signatoriesConnection"]["edges"]) == 100
    assert body["data"]["signatoriesConnection"]["totalCount"] == 500
    assert large == small
