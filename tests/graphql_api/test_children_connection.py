"""A page's children, a page at a time: filters, order and keyset cursors."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.models import ContentPage
from tests.fixtures.graphql import add_page, clone_pages, codes

CHILDREN = """
query Children($id: ID!, $filters: PageFilter, $order: PageOrder! = TREE,
               $first: Int, $after: String) {
  page(id: $id, site: "club") {
    childrenConnection(filters: $filters, order: $order, first: $first,
                       after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { __typename title url } }
    }
  }
}
"""


def connection_of(gql, section, **variables):
    body = gql.query(CHILDREN, {"id": str(section.pk), **variables})
    assert "errors" not in body, body
    return body["data"]["page"]["childrenConnection"]


def titles(answer):
    return [edge["node"]["title"] for edge in answer["edges"]]


@pytest.fixture
def section(network_keys):
    return add_page(network_keys["club"][1], ContentPage, "Ressources")


def test_a_partner_pages_through_a_sections_children_while_one_is_published(
    gql, section
):
    # given a section's children in the editors' order, one of them a draft
    add_page(section, ContentPage, "Guide")
    draft = add_page(section, ContentPage, "Brouillon", live=False)
    for title in ("Fiche", "Annuaire", "Lexique"):
        add_page(section, ContentPage, title)
    first = connection_of(gql, section, first=2)
    assert titles(first) == ["Guide", "Fiche"]
    assert first["totalCount"] == 4
    assert first["pageInfo"]["hasNextPage"] is True
    # when the draft, placed before the last item read, is published
    draft.save_revision().publish()
    # then the next page starts right after that item: nothing read again
    after = first["pageInfo"]["endCursor"]
    following = connection_of(gql, section, first=2, after=after)
    assert titles(following) == ["Annuaire", "Lexique"]
    assert following["pageInfo"]["hasNextPage"] is False
    # and the published page is in the section, where an offset would shift
    assert titles(connection_of(gql, section))[:3] == ["Guide", "Brouillon", "Fiche"]


def test_children_take_filters_and_an_order(gql, section):
    for title in ("Guide pratique", "Fiche", "Guide juridique"):
        add_page(section, ContentPage, title)
    answer = connection_of(
        gql, section, filters={"title": {"iStartsWith": "guide"}}, order="TITLE"
    )
    assert titles(answer) == ["Guide juridique", "Guide pratique"]
    assert {edge["node"]["__typename"] for edge in answer["edges"]} == {"ContentPage"}


def test_a_cursor_not_given_or_of_another_order_is_refused(gql, section):
    for title in ("Guide", "Fiche"):
        add_page(section, ContentPage, title)
    tree = connection_of(gql, section, first=1)["pageInfo"]["endCursor"]
    for variables in ({"after": "x"}, {"after": tree, "order": "TITLE"}):
        body = gql.query(CHILDREN, {"id": str(section.pk), **variables})
        assert codes(body) == ["INVALID_CURSOR"]


def sql_of(gql, variables):
    cache.clear()  # the answer cache would answer without SQL
    with CaptureQueriesContext(connection) as captured:
        body = gql.query(CHILDREN, variables)
    assert "errors" not in body, body
    return len(captured), body["data"]["page"]["childrenConnection"]


def test_children_cost_the_same_sql_at_10_and_1000(gql, section):
    template = add_page(section, ContentPage, "Page", publish=False)

    def grow(count):
        made = ContentPage.objects.filter(depth=section.depth + 1).count()
        clone_pages(template, count, lambda i: {"title": f"Page {made + i:04}"})

    variables = {
        "id": str(section.pk),
        "filters": {"title": {"iStartsWith": "page"}},
        "order": "TITLE",
    }
    grow(9)
    first = gql.query(CHILDREN, {**variables, "first": 1})
    after = first["data"]["page"]["childrenConnection"]["pageInfo"]["endCursor"]
    small, answer = sql_of(gql, {**variables, "first": 5, "after": after})
    assert len(answer["edges"]) == 5
    grow(990)
    large, answer = sql_of(gql, {**variables, "first": 100, "after": after})
    assert len(answer["edges"]) == 100
    assert large == small
