"""The redirects of a network, a page at a time, with keyset cursors."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect

from pages.models import ContentPage
from tests.fixtures.graphql import add_page, codes

REDIRECTS = """
query Redirects($site: String, $first: Int, $after: String) {
  redirectsConnection(site: $site, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { oldPath newPath newUrl isPermanent } }
  }
}
"""


def connection_of(gql, site="club", **variables):
    body = gql.query(REDIRECTS, {"site": site, **variables})
    assert "errors" not in body, body
    return body["data"]["redirectsConnection"]


def old_paths(answer):
    return [edge["node"]["oldPath"] for edge in answer["edges"]]


@pytest.fixture
def club(network_keys):
    return network_keys["club"][0]


def test_a_partner_pages_through_the_redirects_while_one_is_added(
    gql, club, network_keys
):
    # given the club's redirects, one for every site and one of another network
    guide = add_page(network_keys["club"][1], ContentPage, "Guide")
    for old_path in ("/b", "/d", "/e"):
        Redirect.objects.create(old_path=old_path, site=club, redirect_page=guide)
    Redirect.objects.create(old_path="/c", redirect_link="https://example.org/")
    Redirect.objects.create(old_path="/a", site=network_keys["req"][0])
    first = connection_of(gql, first=2)
    assert old_paths(first) == ["/b", "/c"]
    assert first["totalCount"] == 4
    assert first["edges"][0]["node"]["newPath"] == "/guide/"
    assert first["edges"][1]["node"]["newUrl"] == "https://example.org/"
    # when an editor adds a redirect before the partner's position
    Redirect.objects.create(old_path="/a", site=club, redirect_page=guide)
    # then the next page goes on after the last redirect read, none repeated
    following = connection_of(gql, first=2, after=first["pageInfo"]["endCursor"])
    assert old_paths(following) == ["/d", "/e"]
    assert following["pageInfo"]["hasNextPage"] is False
    assert old_paths(connection_of(gql, site="req")) == ["/a", "/c"]


def test_a_cursor_the_api_did_not_give_is_refused(gql, club):
    body = gql.query(REDIRECTS, {"site": "club", "after": "x"})
    assert codes(body) == ["INVALID_CURSOR"]


def sql_of(gql, variables):
    cache.clear()  # the answer cache would answer without SQL
    with CaptureQueriesContext(connection) as captured:
        answer = connection_of(gql, **variables)
    return len(captured), answer


def test_redirects_cost_the_same_sql_at_10_and_1000(gql, club, network_keys):
    guide = add_page(network_keys["club"][1], ContentPage, "Guide")

    def grow(start, count):
        Redirect.objects.bulk_create(
            Redirect(old_path=f"/ancien-{i:04}", site=club, redirect_page=guide)
            for i in range(start, start + count)
        )

    grow(0, 10)
    after = connection_of(gql, first=1)["pageInfo"]["endCursor"]
    small, answer = sql_of(gql, {"first": 5, "after": after})
    assert len(answer["edges"]) == 5
    grow(10, 990)
    large, answer = sql_of(gql, {"first": 100, "after": after})
    assert len(answer["edges"]) == 100
    assert {edge["node"]["newPath"] for edge in answer["edges"]} == {"/guide/"}
    assert large == small
