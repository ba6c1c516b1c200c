"""The hosted sites' layout: each network's look, legal pages, search, site map, errors."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.models import Page, Site

from pages.colours import contrast_ratio, validate_brand_colour
from pages.models import NetworkSettings


def path(page):
    return page.get_url_parts()[2]


def html_of(client, path, hostname, **extra):
    response = client.get(path, HTTP_HOST=hostname, **extra)
    return response, BeautifulSoup(response.content, "html.parser")


def test_contrast_ratio_follows_wcag():
    assert round(contrast_ratio("#ffffff", "#000000"), 1) == 21.0
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54


@pytest.mark.parametrize(
    ("colour", "code"),
    [
        ("#ffdd00", "low_contrast"),
        ("#7cb342", "low_contrast"),
        ("blue", "invalid_colour"),
    ],
)
def test_a_colour_white_text_cannot_be_read_on_is_refused(db, colour, code):
    network = NetworkSettings(
        site=Site.objects.get(is_default_site=True), key="club", primary_colour=colour
    )
    with pytest.raises(ValidationError) as refused:
        network.full_clean()
    assert [error.code for error in refused.value.error_dict["primary_colour"]] == [
        code
    ]


def test_a_readable_colour_is_accepted():
    validate_brand_colour("#1d4e89")
    validate_brand_colour("#6a1b9a")


@pytest.mark.django_db
def test_each_network_page_carries_its_colours_name_logo_menu_and_footer(
    client, demo_content
):
    for network in NetworkSettings.objects.select_related("site"):
        home = network.site.root_page
        response, html = html_of(client, path(home), network.site.hostname)
        assert response.status_code == 200
        assert network.primary_colour in html.style.string
        assert html.select_one(".brand").get_text(strip=True) == home.title
        assert html.select_one(".brand img")["alt"] == ""
        menu = {a["href"] for a in html.select("#main-menu .menu-level-1 > li > a")}
        sections = {path(page) for page in home.get_children().live().in_menu()}
        assert sections and menu == sections
        footer = {a["href"] for a in html.select(".site-footer a")}
        for field in ("legal_notice_page", "privacy_page", "accessibility_page"):
            assert path(getattr(network, field)) in footer, (network.key, field)
        assert "/site-map/" in footer


@pytest.mark.django_db
def test_english_visitors_get_the_english_legal_pages_and_a_french_link(
    client, demo_content
):
    network = NetworkSettings.objects.get(key="club")
    english_home = network.site.root_page.localized_draft.get_translations().get(
        locale__language_code="en"
    )
    _response, html = html_of(client, path(english_home), network.site.hostname)
    english_privacy = network.privacy_page.get_translations().get(
        locale__language_code="en"
    )
    assert path(english_privacy) in {a["href"] for a in html.select(".site-footer a")}
    switch = html.select_one("nav.languages a")
    assert (switch.get_text(strip=True), switch["lang"], switch["hreflang"]) == (
        "Français",
        "fr",
        "fr",
    )


@pytest.mark.django_db
def test_privacy_policy_states_the_retention_the_project_enforces(
    client, demo_content, settings
):
    network = NetworkSettings.objects.get(key="regies")
    _response, html = html_of(client, path(network.privacy_page), network.site.hostname)
    text = html.main.get_text(" ")
    for days in settings.FORMS_WORKFLOWS_RETENTION_DAYS.values():
        assert f"{days} jours" in text


@pytest.mark.django_db
def test_search_finds_pages_of_the_visitors_network_only(client, demo_content):
    club = Site.objects.get(hostname="club.localhost")
    _response, html = html_of(client, "/search/?q=charte", club.hostname)
    found = {a["href"] for a in html.select("ul.results a")}
    assert found
    club_pages = {
        path(page)
        for page in Page.objects.descendant_of(club.root_page, inclusive=True).live()
    }
    assert found <= club_pages
    _response, html = html_of(client, "/search/?q=zzqxjv", club.hostname)
    assert not html.select("ul.results a")


@pytest.mark.django_db
def test_site_map_lists_every_live_page_of_the_network_in_its_language(
    client, demo_content
):
    regies = Site.objects.get(hostname="regies.localhost")
    _response, html = html_of(client, "/en/site-map/", regies.hostname)
    listed = {a["href"] for a in html.select("ul.sitemap a")}
    english = Page.objects.descendant_of(
        regies.root_page.get_translations().get(locale__language_code="en"),
        inclusive=True,
    ).live()
    assert listed == {path(page) for page in english}


@pytest.mark.django_db
def test_an_unknown_address_gets_the_styled_404_in_the_visitors_language(
    client, demo_content
):
    response, html = html_of(client, "/en/no-such-page/", "req.localhost")
    assert response.status_code == 404
    assert html.html["lang"] == "en"
    assert html.select_one(".site-footer")
    assert html.select_one("[lang=fr]")


def test_the_500_page_needs_nothing_but_itself(client):
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert 'lang="en"' in html and "{%" not in html


def test_the_admin_asks_no_third_party_for_avatars_or_versions(settings):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert settings.WAGTAIL_ENABLE_UPDATE_CHECK is False
