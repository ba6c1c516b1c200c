"""An English-speaking applicant reads every page, commitment and e-mail in English."""

from django.core import mail
from django.utils import timezone
from wagtail.models import Locale

from forms_workflows.proposals.models import Campaign, ProjectProposal
from pages.models import Commitment, Dimension

CONTACT_EMAIL = "sam.taylor@example.org"
# The first step refuses an answer sent less than 3 seconds after it was shown.
HUMAN_PAUSE_MS = 3500


def english(items):
    locale = Locale.objects.get(language_code="en")
    return [item.get_translation(locale) for item in items]


def test_an_english_applicant_proposes_a_project_in_english(page, live_demo, shot):
    base_url = live_demo.url
    referentiel = Campaign.objects.get(year=timezone.localdate().year).referentiel
    first_dimension = Dimension.objects.filter(referentiel=referentiel).order_by(
        "number"
    )[0]
    (dimension_en,) = english([first_dimension])
    commitments_en = english(
        Commitment.objects.filter(dimension=first_dimension).order_by("number")
    )

    # given the English proposal form
    page.goto(f"{base_url}/en/proposals/new/")
    # then it is in English, and so is the language the applicant will be written in
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("#id_language").input_value() == "en"
    # when they fill the first step, typing the area with a decimal comma
    page.fill("#id_project_name", "Riverside Quarter")
    page.fill("#id_commune", "Grenoble")
    page.select_option("#id_region", "ARA")
    page.select_option("#id_stage", "1")
    page.fill("#id_area_hectares", "12,5")
    page.fill("#id_contact_email", CONTACT_EMAIL)
    page.check("#id_consent")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.click("#proposal-form button[value=save]")
    shot("1-saved")
    # then the next page is still in English, and the area is 12.5 hectares
    assert page.locator("html").get_attribute("lang") == "en"
    proposal = ProjectProposal.objects.get(contact_email=CONTACT_EMAIL)
    assert proposal.language == "en"
    assert str(proposal.area_hectares).rstrip("0") == "12.5"
    # and the draft's e-mail is in English
    (message,) = [m for m in mail.outbox if CONTACT_EMAIL in m.to]
    assert message.extra_headers.get("Content-Language") == "en"

    # when they open the first dimension's step
    page.get_by_role("link", name=dimension_en.title).click()
    shot("2-dimension")
    # then its commitments are the English ones
    legends = page.locator("#proposal-form legend").all_inner_texts()
    assert legends == [f"{c.number}. {c.title}" for c in commitments_en]
    assert dimension_en.title != first_dimension.title
