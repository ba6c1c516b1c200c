"""Safety limits and pagination: each refusal has its code, none is a 500."""

import pytest

from tests.fixtures.graphql import codes

SITES = "{ sites { key } }"
PAGES_LIMIT = "query P($limit: Int, $offset: Int) { pages(limit: $limit, offset: $offset) { totalCount } }"


def nested_children(depth):
    query = "id"
    for _ in range(depth):
        query = f"children {{ items {{ {query} }} }}"
    return f'{{ page(urlPath: "/") {{ {query} }} }}'


def test_a_query_larger_than_16_kb_is_refused(gql, db):
    query = "{ sites { key } }" + " " * (16 * 1024)
    body = gql.query(query)
    assert codes(body) == ["QUERY_TOO_LARGE"]


def test_a_query_with_too_many_tokens_is_refused(gql, db):
    query = "{ " + " ".join(["a"] * 2001) + " }"
    body = gql.query(query)
    assert codes(body) == ["TOO_MANY_TOKENS"]


def test_a_query_deeper_than_10_is_refused(gql, db):
    body = gql.query(nested_children(6))
    assert codes(body) == ["QUERY_TOO_DEEP"]


def test_depth_through_fragments_counts(gql, db):
    query = (
        "fragment F on Page { children { items { children { items { children {"
        " items { children { items { children { items { id } } } } } } } } } } }"
        ' { page(urlPath: "/") { ...F } }'
    )
    body = gql.query(query)
    assert codes(body) == ["QUERY_TOO_DEEP"]


def test_a_query_within_the_depth_passes_the_limit(gql, db):
    body = gql.query(nested_children(3))
    assert "QUERY_TOO_DEEP" not in codes(body)


def test_more_than_15_aliases_are_refused(gql, db):
    query = "{ " + " ".join(f"a{i}: apiVersion" for i in range(16)) + " }"
    body = gql.query(query)
    assert codes(body) == ["TOO_MANY_ALIASES"]


def test_15_aliases_are_accepted(gql, db):
    query = "{ " + " ".join(f"a{i}: apiVersion" for i in range(15)) + " }"
    body = gql.query(query)
    assert "errors" not in body


def test_a_too_costly_query_is_refused(gql, db):
    query = (
        "{ pages(limit: 100) { items { children(limit: 100) { items {"
        " children(limit: 100) { items { id } } } } } } }"
    )
    body = gql.query(query)
    assert codes(body) == ["QUERY_TOO_COMPLEX"]


def test_the_cost_counts_limits_given_as_variables(gql, db):
    query = (
        "query Q($n: Int) { pages(limit: $n) { items { children(limit: $n) { items {"
        " children(limit: $n) { items { id } } } } } } }"
    )
    cheap = gql.query(query, {"n": 2})
    costly = gql.query(query, {"n": 100})
    assert "QUERY_TOO_COMPLEX" not in codes(cheap)
    assert codes(costly) == ["QUERY_TOO_COMPLEX"]


def test_the_limit_defaults_to_20_and_up_to_100_is_accepted(gql, two_sites):
    assert "errors" not in gql.query(PAGES_LIMIT, {})
    assert "errors" not in gql.query(PAGES_LIMIT, {"limit": 100})


def test_a_limit_above_100_is_refused_not_capped(gql, two_sites):
    body = gql.query(PAGES_LIMIT, {"limit": 101})
    assert codes(body) == ["LIMIT_TOO_LARGE"]


@pytest.mark.parametrize("variables", [{"limit": -1}, {"offset": -5}])
def test_negative_limit_or_offset_is_refused(gql, two_sites, variables):
    body = gql.query(PAGES_LIMIT, variables)
    assert codes(body) == ["NEGATIVE_PAGINATION"]


@pytest.mark.parametrize(
    "field",
    [
        "events(limit: 101) { totalCount }",
        "signatories(limit: 101) { totalCount }",
        "organisations(limit: 101) { totalCount }",
        "news(limit: 101) { totalCount }",
        "trainings(limit: 101) { totalCount }",
        "documents(limit: 101) { totalCount }",
        'search(query: "x", limit: 101) { totalCount }',
    ],
)
def test_every_list_refuses_a_limit_above_100(gql, two_sites, field):
    body = gql.query("{ " + field + " }")
    assert codes(body) == ["LIMIT_TOO_LARGE"]


def test_introspection_is_not_refused_by_the_limits(gql, db):
    from graphql import get_introspection_query

    body = gql.query(get_introspection_query())
    assert "errors" not in body
