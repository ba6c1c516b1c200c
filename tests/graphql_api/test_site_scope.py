"""Search answers for one network: another network's pages never come back."""

from tests.fixtures.graphql import add_page

SEARCH = """
query S($query: String!, $site: String) {
  search(query: $query, site: $site) { totalCount items { title } }
}
"""


def titles(body):
    return sorted(item["title"] for item in body["data"]["search"]["items"])


def test_search_finds_the_asked_networks_pages_only(gql, network_keys):
    from pages.models import ContentPage

    # given a page about gardens on each network
    add_page(network_keys["club"][1], ContentPage, "Jardins partagés du club")
    add_page(network_keys["req"][1], ContentPage, "Jardins partagés du REQ")

    # when each network searches for gardens
    club = gql.query(SEARCH, {"query": "jardins", "site": "club"})
    req = gql.query(SEARCH, {"query": "jardins", "site": "req"})

    # then each finds its own
    assert titles(club) == ["Jardins partagés du club"]
    assert titles(req) == ["Jardins partagés du REQ"]
