"""The API's page search reads the index with SQL compiled once per shape
(graphql_api.content.search_index), and finds what the ORM's query finds:
each request's time, words and languages reach it, and a new restriction
changes its shape.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from graphql_api.core import statements
from tests.fixtures.graphql import add_page

pytestmark = pytest.mark.django_db

SEARCH = """
query S($query: String!, $locale: String, $fallback: Boolean) {
  search(query: $query, locale: $locale, fallback: $fallback, site: "club") {
    totalCount items { title }
  }
}
"""
CONNECTION = """
query C($query: String!) {
  searchConnection(query: $query, site: "club", first: 5) { totalCount }
}
"""


def titles(gql, query, **variables):
    answer = gql.query(SEARCH, {"query": query, **variables})
    return [item["title"] for item in answer["data"]["search"]["items"]]


def compiled_index_reads():
    return [
        value
        for key, value in statements._compiled.items()
        if "search index" in key[-1] and value is not statements.NOT_COMPILABLE
    ]


@pytest.fixture
def club_pages(network_keys):
    from pages.models import ContentPage

    home = network_keys["club"][1]
    english_home = home.get_translations().get(locale__language_code="en")
    return {
        "compost": add_page(home, ContentPage, "Jardins partagés : compost"),
        "visit": add_page(home, ContentPage, "Visite des jardins"),
        "english": add_page(english_home, ContentPage, "Shared gardens and compost"),
    }


def test_each_search_finds_its_own_words_through_the_compiled_statement(
    gql, club_pages
):
    # given a search that compiled the statement
    statements.forget()
    assert titles(gql, "compost") == ["Jardins partagés : compost"]

    # when partners search other words, in French and in English with fallback
    jardins = titles(gql, "jardins")
    english = titles(gql, "compost", locale="en", fallback=True)
    alone = titles(gql, "compost", locale="en", fallback=False)
    counted = gql.query(CONNECTION, {"query": "visite"})

    # then each finds its own pages, read with compiled statements
    assert sorted(jardins) == ["Jardins partagés : compost", "Visite des jardins"]
    assert english == ["Shared gardens and compost", "Jardins partagés : compost"]
    assert alone == ["Shared gardens and compost"]
    assert counted["data"]["searchConnection"]["totalCount"] == 1
    assert compiled_index_reads()


def test_the_time_of_each_search_reaches_the_compiled_statement(gql, club_pages):
    # given a search that compiled the statement, then a page that expires
    assert titles(gql, "visite") == ["Visite des jardins"]
    Page.objects.filter(pk=club_pages["visit"].pk).update(
        expire_at=timezone.now() - timedelta(seconds=1)
    )

    # when the same search is asked again (no signal, no cache emptied)
    found = titles(gql, "visite")

    # then the expired page is no longer found
    assert found == []


def test_a_new_view_restriction_hides_its_page_from_the_next_search(gql, club_pages):
    # given a search that compiled the statement
    assert titles(gql, "compost") == ["Jardins partagés : compost"]

    # when an editor restricts the page to signed-in users
    PageViewRestriction.objects.create(
        page=club_pages["compost"], restriction_type=PageViewRestriction.LOGIN
    )

    # then the next search does not find it
    assert titles(gql, "compost") == []
