"""`searchConnection`: the search's ranking, a page at a time, with cursors."""

import pytest

from pages.models import ContentPage
from tests.fixtures.graphql import add_page, codes

SEARCH = """
query Search($query: String!, $first: Int, $after: String) {
  searchConnection(query: $query, site: "club", first: $first, after: $after) {
    totalCount
    correctedQuery
    pageInfo { hasNextPage endCursor }
    edges { cursor node { __typename title } }
  }
}
"""


def search(gql, query="jardin", **variables):
    body = gql.query(SEARCH, {"query": query, **variables})
    assert "errors" not in body, body
    return body["data"]["searchConnection"]


def titles(answer):
    return [edge["node"]["title"] for edge in answer["edges"]]


@pytest.fixture
def gardens(network_keys):
    """Five pages the search ranks equally: in the order they were made."""
    home = network_keys["club"][1]
    return {
        name: add_page(home, ContentPage, f"Jardin {name}")
        for name in ("Alpha", "Bravo", "Charlie", "Delta", "Echo")
    }


def test_a_page_ranked_above_the_cursor_and_published_meanwhile_shifts_nothing(
    gql, network_keys, gardens
):
    first = search(gql, first=2)
    assert titles(first) == ["Jardin Alpha", "Jardin Bravo"]
    assert (first["totalCount"], first["pageInfo"]["hasNextPage"]) == (5, True)
    # when a page that ranks first is published before the next page is asked
    add_page(network_keys["club"][1], ContentPage, "Jardin, jardin et jardin")
    assert titles(search(gql, first=1)) == ["Jardin, jardin et jardin"]
    # then the next page goes on after the last page read, none repeated
    following = search(gql, first=2, after=first["pageInfo"]["endCursor"])
    assert titles(following) == ["Jardin Charlie", "Jardin Delta"]
    last = search(gql, first=2, after=following["pageInfo"]["endCursor"])
    assert titles(last) == ["Jardin Echo"]
    assert last["pageInfo"]["hasNextPage"] is False


def test_when_the_last_page_read_is_unpublished_the_next_page_skips_nothing(
    gql, gardens
):
    first = search(gql, first=2)
    gardens["Bravo"].unpublish()
    following = search(gql, first=2, after=first["pageInfo"]["endCursor"])
    assert titles(following) == ["Jardin Charlie", "Jardin Delta"]


def test_a_corrected_search_pages_too(gql, gardens):
    first = search(gql, query="jardim", first=3)
    assert first["correctedQuery"] == "jardin"
    following = search(
        gql, query="jardim", first=3, after=first["pageInfo"]["endCursor"]
    )
    assert titles(first) + titles(following) == [f"Jardin {name}" for name in gardens]


def test_a_cursor_not_given_or_of_another_search_is_refused(gql, gardens):
    cursor = search(gql, first=1)["pageInfo"]["endCursor"]
    for query, after in (("jardin", "x"), ("alpha", cursor)):
        body = gql.query(SEARCH, {"query": query, "after": after})
        assert codes(body) == ["INVALID_CURSOR"]


def test_an_empty_search_is_refused_with_a_code(gql, network_keys):
    assert codes(gql.query(SEARCH, {"query": " !? "})) == ["INVALID_ARGUMENT"]
