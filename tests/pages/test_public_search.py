"""The public search: each language's analysis, typos, ranking, and a fresh index."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from pages.models import ContentPage
from pages.search.query import search
from tests.pages.helpers import make_network

pytestmark = pytest.mark.django_db


def publish(parent, title, body="", introduction=""):
    page = ContentPage(
        title=title,
        introduction=introduction,
        body=[("paragraph", RichText(f"<p>{body}</p>"))] if body else [],
        locale_id=parent.locale_id,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def english_home(site):
    return site.root_page.get_translation(Locale.objects.get(language_code="en"))


def found(site, query, language="fr"):
    """Return the titles a visitor of the site finds, best first, and the correction."""
    home = site.root_page
    if language != "fr":
        home = english_home(site)
    pages = Page.objects.live().descendant_of(home).filter(locale=home.locale)
    outcome = search(pages, query, language)
    titles = dict(Page.objects.filter(pk__in=outcome.ids).values_list("pk", "title"))
    return [titles[pk] for pk in outcome.ids], outcome.corrected_query


def test_french_words_match_their_plurals_accents_and_elisions():
    club = make_network("club")
    publish(club.root_page, "Les séminaires d'accueil des élus")
    publish(club.root_page, "Mobilité", "Des pistes cyclables.")

    assert found(club, "seminaire accueil elu")[0] == [
        "Les séminaires d'accueil des élus"
    ]
    assert found(club, "L'ACCUEIL")[0] == ["Les séminaires d'accueil des élus"]


def test_english_words_match_their_other_forms():
    club = make_network("club")
    publish(english_home(club), "Visiting shared gardens", "Residents organised it.")

    assert found(club, "visits garden organising", "en")[0] == [
        "Visiting shared gardens"
    ]


def test_a_title_ranks_above_an_introduction_above_a_body():
    club = make_network("club")
    publish(club.root_page, "Mobilité", body="Un bac à compost par immeuble.")
    publish(club.root_page, "Jardins", introduction="<p>Du compost partagé.</p>")
    publish(club.root_page, "Le compost collectif")

    assert found(club, "compost")[0] == ["Le compost collectif", "Jardins", "Mobilité"]


def test_the_exact_phrase_ranks_above_the_same_words_scattered():
    club = make_network("club")
    publish(club.root_page, "Bilan", body="Le jardin est un lieu partagé par tous.")
    publish(club.root_page, "Atelier", body="Un atelier au jardin partagé du quartier.")

    assert found(club, "jardin partagé")[0] == ["Atelier", "Bilan"]


def test_a_typo_is_corrected_to_the_nearest_word_of_the_network():
    club = make_network("club")
    req = make_network("req")
    publish(club.root_page, "Visite à Montpellier")
    publish(req.root_page, "Compostage à Montréal")

    assert found(club, "visites montpelier") == (
        ["Visite à Montpellier"],
        "visites montpellier",
    )
    # A word of another network is never offered, nor its page found.
    assert found(club, "compostag") == ([], None)


def test_an_unpublished_page_leaves_the_search_and_an_edit_replaces_its_words():
    club = make_network("club")
    page = publish(club.root_page, "Potagers partagés")
    gone = publish(club.root_page, "Ruelles vertes")

    gone.unpublish()
    page.title = "Vergers partagés"
    page.save_revision().publish()

    assert found(club, "ruelles")[0] == []
    assert found(club, "potagers")[0] == []
    assert found(club, "vergers")[0] == ["Vergers partagés"]


def test_update_index_rebuilds_the_same_index():
    club = make_network("club")
    publish(club.root_page, "Potagers partagés", body="Des bacs de compost.")
    before = found(club, "compost potager")

    call_command("update_index", backend_name="public", stdout=open("/dev/null", "w"))

    assert found(club, "compost potager") == before == (["Potagers partagés"], None)


def test_a_search_costs_the_same_queries_whatever_it_finds(client):
    club = make_network("club")
    for number in range(5):
        publish(club.root_page, f"Jardin numéro {number}")
    publish(club.root_page, "Compost")

    def queries(words):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": words}, HTTP_HOST="club.localhost")
        assert response.status_code == 200
        return len(captured)

    queries("jardin")  # the site's settings and root paths are cached from now on
    assert queries("jardin") == queries("compost")
    assert queries("zzzzzz") <= queries("jardni")


def test_the_search_page_says_which_words_it_showed_results_for(client):
    club = make_network("club")
    publish(club.root_page, "Visite à Montpellier")
    publish(english_home(club), "Visit in Montpellier")

    response = client.get(
        "/en/search/", {"q": "montpelier"}, HTTP_HOST="club.localhost"
    )
    french = client.get("/search/", {"q": "montpelier"}, HTTP_HOST="club.localhost")

    assert "Showing results for “montpellier”" in response.content.decode()
    assert "Affichage des résultats pour « montpellier »" in french.content.decode()
    assert [page.title for page in french.context["results"]] == [
        "Visite à Montpellier"
    ]
