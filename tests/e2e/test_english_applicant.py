"""An English-speaking applicant reads every page, commitment and e-mail in English.

They fill every step of the proposal form, read the recap, send it, and read the
reviewer's decision, all in English; every e-mail they receive says it is in
English and is worded in English.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale

from forms_workflows.proposals.models import Campaign, ProjectProposal
from pages.models import Commitment, Dimension
from tests.e2e.helpers import PDF_BYTES

CONTACT_EMAIL = "sam.taylor@example.org"
PASSWORD = "demo-password"  # every demo account's (docs/demo-accounts.md)
# The first step refuses an answer sent less than 3 seconds after it was shown.
# What each e-mail's subject says in English (the reference follows or is inside).
SUBJECTS = {
    "draft_saved": "Your ÉcoQuartier proposal {}: draft saved",
    "confirmation": "Your ÉcoQuartier proposal {} has been received",
    "decision": "News of your ÉcoQuartier proposal {}",
}
COMMENT = "Please attach the minutes of the residents' meeting."


@pytest.fixture
def private_media(settings, tmp_path):
    """Keep the uploaded files of this test in its own directory."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def pdf(tmp_path):
    path = tmp_path / "site-plan.pdf"
    path.write_bytes(PDF_BYTES)
    return path


def english(items):
    locale = Locale.objects.get(language_code="en")
    return [item.get_translation(locale) for item in items]


def mails_to_applicant():
    return [message for message in mail.outbox if CONTACT_EMAIL in message.to]


def assert_in_english(browser_page):
    assert browser_page.locator("html").get_attribute("lang") == "en", browser_page.url


def assert_english_mail(message, kind, reference):
    assert message.extra_headers.get("Content-Language") == "en"
    assert message.subject == SUBJECTS[kind].format(reference), message.subject


def link_in(message):
    """The path of the proposal's secret address in an e-mail (the e-mail names the
    public host; this server answers on another port)."""
    url = re.search(r"https?://\S+/proposals/[\w-]+/", message.body).group(0)
    return urlsplit(url).path


def save_and_continue(browser_page):
    browser_page.click("#proposal-form button[value=save]")
    browser_page.wait_for_load_state("domcontentloaded")
    assert_in_english(browser_page)


def test_an_english_applicant_proposes_a_project_in_english(
    page, live_demo, private_media, pdf, shot
):
    base_url = live_demo.url
    referentiel = Campaign.objects.get(year=timezone.localdate().year).referentiel
    dimensions = list(
        Dimension.objects.filter(referentiel=referentiel).order_by("number")
    )
    dimensions_en = english(dimensions)
    commitments_en = {
        dimension.pk: english(
            Commitment.objects.filter(dimension=dimension).order_by("number")
        )
        for dimension in dimensions
    }
    total_steps = len(dimensions) + 4  # project, note, dimensions, files, send

    # given the English proposal form
    page.goto(f"{base_url}/en/proposals/new/")
    # then it is in English, and so is the language the applicant will be written in
    assert_in_english(page)
    assert page.locator("#id_language").input_value() == "en"
    # when they fill the first step, typing the area with a decimal comma
    page.fill("#id_project_name", "Riverside Quarter")
    page.fill("#id_commune", "Grenoble")
    page.select_option("#id_region", "ARA")
    page.select_option("#id_context", "urban")
    page.fill("#id_area_hectares", "12,5")
    page.fill("#id_homes", "140")
    page.fill("#id_leading_body", "City of Grenoble")
    page.select_option("#id_leading_body_kind", "municipality")
    page.select_option("#id_stage", "1")
    page.fill("#id_contact_name", "Sam Taylor")
    page.fill("#id_contact_email", CONTACT_EMAIL)
    page.check("#id_consent")
    save_and_continue(page)
    shot("1-saved")
    # then the next page is still in English, and the area is 12.5 hectares
    proposal = ProjectProposal.objects.get(contact_email=CONTACT_EMAIL)
    reference = proposal.reference
    assert proposal.language == "en"
    assert str(proposal.area_hectares).rstrip("0") == "12.5"
    # and the draft's e-mail is in English
    (draft_mail,) = mails_to_applicant()
    assert_english_mail(draft_mail, "draft_saved", reference)
    secret_path = link_in(draft_mail)
    assert secret_path.startswith("/en/proposals/"), secret_path

    # when they write the presentation note
    page.fill("#id_presentation_note", "A quarter of 140 homes on former rail land.")
    save_and_continue(page)
    # then the next step is the first dimension's; they answer every commitment,
    # one step per dimension
    for step, (dimension, dimension_en) in enumerate(
        zip(dimensions, dimensions_en, strict=True), start=3
    ):
        assert_in_english(page)
        assert f"Step {step} of {total_steps}" in page.inner_text("#progress")
        # then each dimension's commitments are the English ones
        assert dimension_en.title != dimension.title
        legends = page.locator("#proposal-form legend").all_inner_texts()
        assert legends == [
            f"{c.number}. {c.title}" for c in commitments_en[dimension.pk]
        ]
        fieldsets = page.locator("#proposal-form fieldset")
        for index in range(fieldsets.count()):
            fieldset = fieldsets.nth(index)
            fieldset.locator("textarea").fill("Commitment met: residents consulted.")
            fieldset.locator("select").select_option(str(index % 4))
        if step == 3:
            shot("2-first-dimension")
        save_and_continue(page)
    # and attach the site plan and the signed charter on the files step
    page.set_input_files("#id_plan", pdf)
    page.set_input_files("#id_charter", pdf)
    save_and_continue(page)
    shot("3-recap")
    # then the last step misses nothing and reads everything back, in English
    assert f"Step {total_steps} of {total_steps}" in page.inner_text("#progress")
    assert page.locator("#proposal-form li[data-code]").count() == 0
    recap_answers = page.locator("#recap dl").nth(1).locator("dt").all_inner_texts()
    assert recap_answers == [
        f"{c.number}. {c.title}" for d in dimensions for c in commitments_en[d.pk]
    ]

    # when they send it
    page.click("#proposal-form button[value=submit]")
    page.wait_for_load_state("domcontentloaded")
    shot("4-sent")
    # then the page is in English and the proposal is sent
    assert_in_english(page)
    assert page.locator("dd[data-status]").get_attribute("data-status") == ("submitted")
    # and the acknowledgement, their second e-mail, is in English
    first, confirmation = mails_to_applicant()
    assert first is draft_mail
    assert_english_mail(confirmation, "confirmation", reference)
    assert link_in(confirmation) == secret_path

    # when the reviewer asks for changes in the admin
    page.context.clear_cookies()
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    meta = ProjectProposal._meta
    page.goto(
        base_url
        + reverse(f"{meta.app_label}_{meta.model_name}:inspect", args=[proposal.pk])
    )
    page.click("button[name=action][value=check_eligibility]")
    page.wait_for_load_state("domcontentloaded")
    page.fill("#id_comment", COMMENT)
    page.click("button[name=action][value=request_changes]")
    page.wait_for_load_state("domcontentloaded")
    proposal.refresh_from_db()
    assert proposal.status == "changes_requested"

    # then the applicant's third and last e-mail, the decision, is in English
    first, second, decision = mails_to_applicant()
    assert (first, second) == (draft_mail, confirmation)
    assert_english_mail(decision, "decision", reference)
    assert COMMENT in decision.body
    # and the page at their link tells it in English
    page.context.clear_cookies()
    page.goto(base_url + link_in(decision))
    shot("5-changes-requested")
    assert_in_english(page)
    assert COMMENT in page.inner_text("main")
