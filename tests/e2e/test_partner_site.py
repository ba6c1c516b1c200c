"""The reference partner site, built on the API alone, follows a publication.

An editor changes the club's missions page in the admin and publishes it, in
French and in English (in Wagtail Localize's translation editor); the partner
site is rebuilt by its build command and Chromium reads the new text on its
pages; its adhesion form (rendered from `adhesionForm`) shows a mistake next
to its field, then is accepted.
"""

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale, Site

from forms_workflows.models import CharterAdhesion
from pages import visibility
from pages.models import EventPage, OrganisationPage
from pages.permissions import create_site_groups
from tests.e2e.helpers import (
    axe_violations,
    make_user,
    open_footer_actions,
    sign_in,
    submit_and_approve_translation,
)
from tests.fixtures.partner_site import (
    free_port,
    run_partner_script,
    start_partner_server,
)

FRENCH_TITLE = "Le club : nos missions renouvelées"
ENGLISH_TITLE = "The club: our renewed missions"


@pytest.fixture
def partner_site(live_demo, partner_env, tmp_path):
    """Return (build, base URL) of a running partner site."""
    api = f"{live_demo.url}/graphql/"
    out = tmp_path / "out"

    def build():
        built = run_partner_script(
            partner_env, "build.py", "--api", api, "--out", str(out)
        )
        assert built.returncode == 0, built.stderr

    build()
    port = free_port()
    server = start_partner_server(partner_env, api, out, port)
    yield build, f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait()


@pytest.fixture
def moderator(live_demo):
    site = Site.objects.get(is_default_site=True)
    _editors, moderators = create_site_groups(site, "club")
    make_user("e2e-moderator", moderators)
    return OrganisationPage.objects.descendant_of(site.root_page).get(
        locale__language_code="fr"
    )


def publish_title_in_french(page, base_url, missions, title):
    page.goto(f"{base_url}/admin/pages/{missions.pk}/edit/")
    page.fill("#id_title", title)
    open_footer_actions(page)
    page.click("button[name='action-publish']")
    page.wait_for_load_state("networkidle")


def translate_title_in_english(page, base_url, english, title):
    """In Wagtail Localize's editor: the page's title segment, then moderation."""
    page.goto(f"{base_url}/admin/pages/{english.pk}/edit/")
    page.wait_for_load_state("networkidle")
    # The title is the first segment; the source shown may be the older one.
    page.get_by_role("button", name="Modifier", exact=True).first.click()
    page.locator("textarea").first.fill(title)
    page.click("button:has-text('Enregistrer')")
    page.wait_for_load_state("networkidle")
    submit_and_approve_translation(page, base_url, english)


def test_a_publication_reaches_the_partner_site_in_both_languages(
    page, live_demo, partner_site, moderator, shot
):
    build, partner_url = partner_site
    missions = moderator
    english = missions.get_translation(Locale.objects.get(language_code="en"))
    # given a moderator of the club who retitles the missions page in both languages
    sign_in(page, live_demo.url, "e2e-moderator")
    publish_title_in_french(page, live_demo.url, missions, FRENCH_TITLE)
    shot("1-french-published")
    missions.refresh_from_db()
    assert missions.title == FRENCH_TITLE
    translate_title_in_english(page, live_demo.url, english, ENGLISH_TITLE)
    shot("2-english-published")
    english.refresh_from_db()
    assert english.title == ENGLISH_TITLE

    # when the partner site is rebuilt by its build command
    build()
    # then Chromium reads the new text on the partner's pages, in both languages
    page.goto(f"{partner_url}/le-club/")
    assert page.locator("h1").inner_text() == FRENCH_TITLE
    with page.expect_navigation():
        page.click("a[lang='en']")
    assert page.locator("h1").inner_text() == ENGLISH_TITLE
    shot("3-partner-english")


def test_the_partner_adhesion_form_shows_a_mistake_by_its_field_then_is_accepted(
    page, partner_site
):
    _build, partner_url = partner_site
    # given the partner's form, rendered from adhesionForm
    page.goto(f"{partner_url}/adhesion?locale=en")
    page.fill("#organisationName", "Ville de Lorient")
    page.select_option("#organisationType", "LOCAL_AUTHORITY")
    page.fill("#organisationAddress", "2 boulevard Leclerc, 56100 Lorient")
    page.fill("#contactName", "Camille Martin")
    page.fill("#contactEmail", "camille@")
    page.fill("#signatoryName", "Fabrice Loher")
    page.fill("#signatoryTitle", "Maire")
    page.fill("#collaborationPlan-0-title", "Partager nos réseaux")
    page.fill("#collaborationPlan-0-actions", "Visites communes")
    page.select_option("#emailLanguage", "EN")
    page.check("#consent")
    # when the applicant sends it with a malformed address
    page.click("button[type=submit]")
    # then the error is shown by the e-mail field, with its code
    error = page.locator("#error-contactEmail")
    assert error.get_attribute("data-code") == "INVALID"
    assert page.locator("#contactEmail").get_attribute("aria-describedby") == (
        "error-contactEmail"
    )
    # when they correct it and send again
    page.fill("#contactEmail", "camille.martin@example.org")
    page.click("button[type=submit]")
    # then the application is received
    assert "ADH-" in page.locator(".confirmation").inner_text()
    assert CharterAdhesion.objects.filter(organisation_name="Ville de Lorient").exists()


@pytest.fixture
def partner_events(live_demo, partner_env, tmp_path):
    """The partner site's server, one event per page (no build needed)."""
    port = free_port()
    api = f"{live_demo.url}/graphql/"
    server = start_partner_server(
        partner_env, api, tmp_path, port, "--events-per-page", "1"
    )
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait()


def public_event_titles(language, region):
    events = EventPage.objects.filter(
        locale__language_code=language, region__code=region
    )
    return sorted(visibility.public(events).values_list("title", flat=True))


def titles_page_by_page(page):
    """Follow "next page" to the end; the titles in the order shown."""
    titles = []
    while True:
        titles += page.locator(".events li a").all_inner_texts()
        following = page.locator("a[rel=next]")
        if following.count() == 0:
            return titles
        with page.expect_navigation():
            following.click()


def test_the_partner_events_page_filters_by_region_and_pages_with_the_cursor(
    page, partner_events, axe_source
):
    french = public_event_titles("fr", "IDF")
    english = public_event_titles("en", "IDF")
    assert len(french) >= 2  # more than one page of one event
    # given the partner's events page, in French
    page.goto(f"{partner_events}/events")
    expect(page.locator("h1")).to_have_text("Agenda des rencontres")
    # when a visitor picks a region by its label and filters
    page.get_by_label("Région").select_option("IDF")
    with page.expect_navigation():
        page.get_by_role("button", name="Filtrer").click()
    # then the count is the region's, and "next page" walks every event once
    expect(page.locator(".count")).to_have_text(f"{len(french)} rencontre(s)")
    expect(page.get_by_label("Région")).to_have_value("IDF")
    assert axe_violations(page, axe_source) == []
    assert sorted(titles_page_by_page(page)) == french
    expect(page.get_by_role("link", name="Première page")).to_be_visible()
    # when they switch to English: the same region, in English
    with page.expect_navigation():
        page.click("a[lang='en']")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Region")).to_have_value("IDF")
    expect(page.locator(".count")).to_have_text(f"{len(english)} event(s)")
    assert sorted(titles_page_by_page(page)) == english
