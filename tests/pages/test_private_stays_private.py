"""What the hosted site shows a visitor: public pages only, clean addresses only.

A page past its expiry date is gone for visitors at once, before
`publish_scheduled` unpublishes it; an error page's language switch stays on
the site; an address with a NUL or bytes that are not text is a 400.
"""

from datetime import timedelta
from urllib.parse import unquote_to_bytes

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Page
from wagtail.rich_text import RichText

from pages.models import ContentPage

pytestmark = pytest.mark.django_db

HOST = "club.localhost"


def get(client, path, **extra):
    response = client.get(path, HTTP_HOST=HOST, **extra)
    return response, BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def expired(club):
    """A published page in the menu whose expiry date passed, the cron not yet run."""
    page = ContentPage(
        title="Fête des potagers",
        slug="fete",
        show_in_menus=True,
        body=[("paragraph", RichText("<p>Les potagers ouvrent leurs portes.</p>"))],
    )
    club.root_page.add_child(instance=page)
    page.save_revision().publish()
    Page.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - timedelta(minutes=3)
    )
    return page


def test_an_expired_page_is_not_served_before_the_cron_runs(client, expired):
    response, _html = get(client, "/fete/")
    assert response.status_code == 404


def test_an_expired_page_is_listed_nowhere(client, expired):
    sitemap = client.get("/sitemap.xml", HTTP_HOST=HOST).content.decode()
    assert "/fete/" not in sitemap
    _response, site_map = get(client, "/site-map/")
    assert "Fête des potagers" not in site_map.get_text()
    _response, results = get(client, "/search/", data={"q": "potagers"})
    assert "Fête des potagers" not in results.get_text()
    _response, home = get(client, "/")
    assert "Fête des potagers" not in home.select_one("header").get_text()


def test_a_page_still_before_its_expiry_is_served_and_listed(client, expired):
    Page.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() + timedelta(days=1)
    )
    response, _html = get(client, "/fete/")
    assert response.status_code == 200
    assert "/fete/" in client.get("/sitemap.xml", HTTP_HOST=HOST).content.decode()


@pytest.mark.parametrize("path", ["//evil.example/../x", "/nulle-part/"])
def test_the_404_language_switch_leads_to_the_other_language_home_of_the_site(
    client, club, path
):
    response = client.get("/", HTTP_HOST=HOST, PATH_INFO=path)
    assert response.status_code == 404
    html = BeautifulSoup(response.content, "html.parser")
    (link,) = html.select(".languages a")
    english_home = club.root_page.get_translations().get(locale__language_code="en")
    assert link["href"] == english_home.get_url_parts()[2] == "/en/"


@pytest.mark.parametrize(
    "address",
    [
        "/search/?q=%00",
        "/applications/%00/",
        "/en/search/?q=a%00b",
        "/search/?q=%FF%FE",
        "/%C3%28/",
    ],
)
def test_an_address_with_a_nul_or_invalid_text_is_refused_in_both_languages(
    client, club, address
):
    path, _sep, query = address.partition("?")
    # as a WSGI server hands it over: the path decoded, its bytes as latin-1
    raw_path = unquote_to_bytes(path).decode("iso-8859-1")
    response = client.get("/", PATH_INFO=raw_path, QUERY_STRING=query, HTTP_HOST=HOST)
    assert response.status_code == 400
    text = response.content.decode()
    assert "caractère" in text
    assert "character" in text


def test_an_address_in_accented_words_is_answered(client, club):
    response = client.get("/search/", {"q": "été à Montréal"}, HTTP_HOST=HOST)
    assert response.status_code == 200


def test_a_shared_cache_keeps_no_page_past_the_next_expiry(client, expired):
    # given a page of the menu expiring in two minutes
    Page.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() + timedelta(minutes=2)
    )
    # then neither it nor the home page naming it may be kept longer by Varnish
    for path in ("/fete/", "/"):
        response = client.get(path, HTTP_HOST=HOST)
        assert response.status_code == 200
        kept = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
        assert 0 < kept <= 120


def test_the_search_page_language_switch_keeps_the_visitors_search(client, club):
    _response, html = get(client, "/search/", data={"q": "jardins"})
    (link,) = html.select(".languages a")
    assert link["href"] == "/en/search/?q=jardins"
