"""An editor writes an event in French, a moderator publishes it, it is translated."""

import pytest
from wagtail.models import Locale, Site

from pages.models import EventIndexPage, EventPage
from pages.permissions import create_site_groups
from tests.e2e.helpers import (
    make_user,
    open_footer_actions,
    sign_in,
    submit_and_approve_translation,
)

EVENTS_QUERY = """
query Events($locale: String) {
  events(site: "club", locale: $locale, limit: 100) { items { title locale } }
}
"""


@pytest.fixture
def club(live_demo):
    site = Site.objects.get(is_default_site=True)
    editors, moderators = create_site_groups(site, "club")
    make_user("e2e-editor", editors)
    make_user("e2e-moderator", moderators)
    index = EventIndexPage.objects.descendant_of(site.root_page).get(
        locale__language_code="fr"
    )
    return live_demo.url, index


def test_editor_event_goes_through_moderation_then_translation(page, club, shot):
    base_url, events = club
    # given an editor of the club's site, on the form for a new event
    sign_in(page, base_url, "e2e-editor")
    page.goto(f"{base_url}/admin/pages/add/pages/eventpage/{events.pk}/")
    page.fill("#id_title", "Atelier mobilités actives")
    page.fill("#id_start", "2027-03-15 09:00")
    page.fill("#id_end", "2027-03-15 17:00")
    page.fill("#id_place", "Maison de l'environnement, Lyon")
    shot("1-filled")
    # when they submit it for moderation
    open_footer_actions(page)
    page.click("button[name='action-submit']")
    page.wait_for_load_state("networkidle")
    shot("2-submitted")
    event = EventPage.objects.get(title="Atelier mobilités actives")
    # then it waits for a moderator, unpublished
    assert not event.live
    assert event.workflow_in_progress

    # when a moderator of the same site approves it
    page.context.clear_cookies()
    sign_in(page, base_url, "e2e-moderator")
    page.goto(f"{base_url}/admin/pages/{event.pk}/edit/")
    open_footer_actions(page)
    page.click("button[data-workflow-action-name='approve']")
    page.wait_for_load_state("networkidle")
    shot("3-approved")
    # then the event is live
    event.refresh_from_db()
    assert event.live

    # when the moderator translates it to English with Wagtail Localize
    english = Locale.objects.get(language_code="en")
    page.goto(f"{base_url}/admin/localize/submit/page/{event.pk}/")
    page.check(f"input[name='locales'][value='{english.pk}']")
    page.click("form[novalidate] input[type=submit]")
    page.wait_for_load_state("networkidle")
    shot("4-translation-editor")
    # then an English page exists, linked to the French one
    translated = event.get_translation_or_none(english)
    assert translated is not None

    # when they translate the title in the translation editor
    page.click("button:has-text('Traduire')")
    page.locator("textarea").first.fill("Active mobility workshop")
    page.click("button:has-text('Enregistrer')")
    page.wait_for_load_state("networkidle")
    # then the editor offers no direct publication
    assert page.locator("button[name='action'][value='publish']").count() == 0
    # when they submit it for moderation and approve it
    submit_and_approve_translation(page, base_url, translated)
    shot("5-english-published")
    # then the English event is live with its English title
    translated.refresh_from_db()
    assert translated.live
    assert translated.title == "Active mobility workshop"

    # and the partner API serves the event in both languages
    titles = {}
    for language in ("fr", "en"):
        response = page.request.post(
            f"{base_url}/graphql/",
            data={"query": EVENTS_QUERY, "variables": {"locale": language}},
        )
        items = response.json()["data"]["events"]["items"]
        titles[language] = {item["title"]: item["locale"] for item in items}
    assert titles["fr"]["Atelier mobilités actives"] == "fr"
    assert titles["en"]["Active mobility workshop"] == "en"
