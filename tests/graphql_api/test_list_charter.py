"""Organisations and regions: the same filters, ordering and cursors, constant SQL."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.fixtures.graphql import make_region

ORGANISATIONS = """
query O($filters: OrganisationFilter, $ordering: [OrganisationOrder!], $first: Int,
        $after: String) {
  organisationsConnection(filters: $filters, ordering: $ordering, first: $first,
                          after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { name organisationType region { code } logo { url } } }
  }
}
"""
REGIONS = """
query R($filters: RegionFilter, $ordering: [RegionOrder!], $first: Int,
        $after: String) {
  regionsConnection(filters: $filters, ordering: $ordering, first: $first,
                    after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { name code locale } }
  }
}
"""
REGIONS_LIST = """
query R($filters: RegionFilter) { regions(filters: $filters) { code } }
"""


def sql_of(gql, document, variables):
    cache.clear()  # the answer cache would answer without SQL
    with CaptureQueriesContext(connection) as captured:
        body = gql.query(document, variables)
    assert "errors" not in body, body
    return len(captured), body


def measure(gql, document, variables, field, grow):
    """SQL of a page of 3 among 10 rows, then of a page of 100 among 1,000."""
    grow(0, 10)
    first = gql.query(document, {**variables, "first": 1})
    after = first["data"][field]["pageInfo"]["endCursor"]
    small, body = sql_of(gql, document, {**variables, "first": 3, "after": after})
    assert len(body["data"][field]["edges"]) == 3
    grow(10, 990)
    large, body = sql_of(gql, document, {**variables, "first": 100, "after": after})
    assert len(body["data"][field]["edges"]) == 100
    return small, large


def test_organisations_cost_the_same_sql_at_10_and_1000(gql, network_keys, locales):
    from pages.models import Organisation

    club = network_keys["club"][0]
    regions = [make_region(locales, f"Région {i}", f"R{i}") for i in range(2)]

    def grow(start, count):
        Organisation.objects.bulk_create(
            Organisation(
                site=club,
                name=f"Association {i:04}",
                kind="association",
                region=regions[i % 2],
                locale=locales["fr"],
            )
            for i in range(start, start + count)
        )

    variables = {
        "filters": {
            "organisationType": {"inList": ["ASSOCIATION", "NETWORK"]},
            "region": {"code": {"exact": "R0"}},
        },
        "ordering": [{"name": "ASC"}],
    }
    small, large = measure(
        gql, ORGANISATIONS, variables, "organisationsConnection", grow
    )
    assert large == small


def test_regions_cost_the_same_sql_at_10_and_1000(gql, network_keys, locales):
    from pages.models import Region

    def grow(start, count):
        Region.objects.bulk_create(
            Region(name=f"Région {i:04}", code=f"C{i:04}", locale=locales["fr"])
            for i in range(start, start + count)
        )

    variables = {
        "filters": {"name": {"iStartsWith": "r"}},
        "ordering": [{"code": "ASC"}],
    }
    small, large = measure(gql, REGIONS, variables, "regionsConnection", grow)
    assert large == small


def test_regions_filter_by_code(gql, network_keys, locales):
    make_region(locales, "Île-de-France", "IDF")
    make_region(locales, "Occitanie", "OCC")
    body = gql.query(REGIONS_LIST, {"filters": {"code": {"inList": ["OCC", "BRE"]}}})
    assert body["data"]["regions"] == [{"code": "OCC"}]
