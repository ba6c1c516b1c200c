"""Editors and moderators who work in English, with an English browser.

An editor without the right to publish translates a French page: nothing is
published until a moderator approves it. An editor signs in, keeps English as
their language in Account, and saves a page.
"""

import datetime

import pytest
from wagtail.models import Locale, Site

from cms.management.commands.load_demo import DEMO_PASSWORD
from pages.models import NewsIndexPage, NewsPage
from pages.permissions import create_site_groups
from tests.e2e.helpers import make_user, sign_in

ENGLISH_TITLE = "A neighbourhood on foot"


@pytest.fixture
def club_news(live_demo):
    """The club's editor and moderator, and a published French news item."""
    site = Site.objects.get(is_default_site=True)
    editors, moderators = create_site_groups(site, "club")
    make_user("e2e-editor", editors)
    make_user("e2e-moderator", moderators)
    index = NewsIndexPage.objects.descendant_of(site.root_page).get(
        locale__language_code="fr"
    )
    french = index.add_child(
        instance=NewsPage(
            title="Un quartier à pied",
            slug="un-quartier-a-pied",
            date=datetime.date(2027, 3, 1),
        )
    )
    french.save_revision().publish()
    return live_demo.url, french


def test_an_editor_translates_a_page_and_a_moderator_publishes_it_by_approving(
    english_page, club_news, english_shot
):
    page = english_page
    base_url, french = club_news
    english = Locale.objects.get(language_code="en")
    # given an editor of the club, who may not publish, in an English admin
    sign_in(page, base_url, "e2e-editor")
    # when they translate the French news item into English
    page.goto(f"{base_url}/admin/localize/submit/page/{french.pk}/")
    page.check(f"input[name='locales'][value='{english.pk}']")
    page.click("form[novalidate] input[type=submit]")
    page.wait_for_load_state("networkidle")
    english_shot("1-translation-editor")
    # then the English page is a draft, and the editor leads to the moderators
    translated = french.get_translation(english)
    assert not translated.live
    submit = page.get_by_role("link", name="Submit translation for moderation")
    assert submit.count() == 1
    assert page.get_by_text("Convert to alias page").count() == 0

    # when they translate the title and submit the translation for moderation
    page.get_by_role("button", name="Translate", exact=True).first.click()
    page.locator("textarea").first.fill(ENGLISH_TITLE)
    page.get_by_role("button", name="Save", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    submit.click()
    english_shot("2-submission")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    # then the admin says so in English, and the page is still not published
    assert "was submitted for moderation" in page.inner_text("body")
    translated.refresh_from_db()
    assert not translated.live
    assert translated.workflow_in_progress

    # when a moderator of the club approves it from their dashboard
    page.context.clear_cookies()
    sign_in(page, base_url, "e2e-moderator")
    english_shot("3-dashboard")
    approve = (
        f"button[data-workflow-action-url*='/workflow/action/{translated.pk}/"
        "approve/']:not([data-launch-modal])"
    )
    # the button posts through Wagtail's script a moment after the click, so
    # wait for the answer to that post, not for a network already idle
    with page.expect_response(
        lambda answer: f"/workflow/action/{translated.pk}/approve/" in answer.url
    ):
        page.locator(approve).first.dispatch_event("click")
    page.wait_for_load_state("networkidle")
    # then the English page is published, with its English title
    translated.refresh_from_db()
    assert translated.live
    assert translated.title == ENGLISH_TITLE


def test_an_english_editor_signs_in_keeps_english_and_saves_a_page(
    english_page, club_news, english_shot
):
    page = english_page
    base_url, french = club_news
    # given the login page, in the browser's English
    page.goto(f"{base_url}/admin/login/")
    assert page.locator("html").get_attribute("lang") == "en"
    # when the club's demo editor signs in
    page.fill("#id_username", "editor-club")
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")
    # when they choose English in Account and save
    page.goto(f"{base_url}/admin/account/")
    page.select_option("#id_locale-preferred_language", "en")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    english_shot("1-account")
    # then it is saved
    assert "Your account settings have been changed successfully!" in page.inner_text(
        "body"
    )
    # when they retitle a page and save a draft
    page.goto(f"{base_url}/admin/pages/{french.pk}/edit/")
    page.fill("#id_title", "Un quartier à pied, et à vélo")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state("networkidle")
    english_shot("2-saved")
    # then the admin confirms it in English, and the draft holds the new title
    assert "has been updated" in page.inner_text("body")
    saved = NewsPage.objects.get(pk=french.pk).get_latest_revision_as_object()
    assert saved.title == ("Un quartier à pied, et à vélo")
