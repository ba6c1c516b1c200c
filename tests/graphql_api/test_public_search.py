"""The API searches like the hosted sites: analysed words, typos, asked language first."""

from tests.fixtures.graphql import (
    DOCUMENTS,
    SIGNATORIES,
    add_page,
    make_document,
    names,
    offer,
)

SEARCH = """
query S($query: String!, $locale: String) {
  search(query: $query, locale: $locale) {
    totalCount correctedQuery items { title locale }
  }
}
"""
PAGES_SEARCH = """
query P($search: String!, $locale: String) {
  pages(search: $search, locale: $locale) { totalCount correctedQuery items { title } }
}
"""


def test_search_corrects_a_typo_and_says_so(gql, network_keys):
    from pages.models import ContentPage

    # given a page about a visit
    add_page(network_keys["club"][1], ContentPage, "Visite à Montpellier")

    # when a partner searches with a typo, through either field
    found = gql.query(SEARCH, {"query": "visites montpelier"})["data"]["search"]
    listed = gql.query(PAGES_SEARCH, {"search": "montpelier"})["data"]["pages"]

    # then the page comes back, with the search it was found for
    assert [item["title"] for item in found["items"]] == ["Visite à Montpellier"]
    assert found["correctedQuery"] == "visites montpellier"
    assert [item["title"] for item in listed["items"]] == ["Visite à Montpellier"]
    assert listed["correctedQuery"] == "montpellier"


def test_a_page_in_the_asked_language_ranks_above_a_fallback(gql, network_keys):
    from pages.models import ContentPage

    # given a French-only page with the word in its title, and an English page
    # with the word in its body only
    home = network_keys["club"][1]
    add_page(home, ContentPage, "Jardins partagés : compost")
    english_home = home.get_translations().get(locale__language_code="en")
    add_page(
        english_home,
        ContentPage,
        "Shared gardens",
        introduction="<p>Residents keep compost bins.</p>",
    )

    # when a partner searches in English, French pages standing in as fallbacks
    found = gql.query(SEARCH, {"query": "compost", "locale": "en"})["data"]["search"]

    # then the English page comes first
    assert [item["locale"] for item in found["items"]] == ["en", "fr"]
    assert found["correctedQuery"] is None


def test_signatories_and_documents_are_searched_with_the_same_analysis(
    gql,
    network_keys,
    signatories,  # noqa: F811
):
    offer(network_keys["club"][1], make_document("Rapports annuels"))

    by_plural = gql.query(SIGNATORIES, {"search": "villes lyon"})
    by_part_of_a_name = gql.query(SIGNATORIES, {"search": "lyo"})
    by_typo = gql.query(DOCUMENTS, {"search": "raport"})

    assert names(by_plural, "signatories") == ["Ville de Lyon"]
    assert names(by_part_of_a_name, "signatories") == ["Ville de Lyon"]
    assert names(by_typo, "documents") == ["Rapports annuels"]
