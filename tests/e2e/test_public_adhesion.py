"""A member of the public applies to sign the charter; a reviewer approves.

The applicant goes through it in French or in English: every page they see and
every e-mail they receive is in their language.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils.html import escape
from wagtail.models import Locale

from forms_workflows.models import AdhesionFormPage, CharterAdhesion
from pages.models import CharterPage

SIGNATORIES_QUERY = """
{ signatories(site: "club", limit: 100) { items { name } } }
"""
ORGANISATION = "Coopérative Habitat Durable du Rhône"
# The form refuses an answer sent less than 3 seconds after it was shown.
CONTACT_EMAIL = "camille.martin@example.org"
# What each e-mail's subject says, in each language (the reference follows).
SUBJECTS = {
    "fr": {
        "confirmation": "Votre adhésion à la charte {} : merci de confirmer",
        "approved": "Votre adhésion à la charte {} : acceptée",
    },
    "en": {
        "confirmation": "Your charter adhesion {}: please confirm your address",
        "approved": "Your charter adhesion {}: approved",
    },
}


def path_of(wagtail_page):
    """Return the page's path on its site (the live server answers as the default site)."""
    return wagtail_page.get_url_parts()[2]


def mails_to_applicant():
    return [message for message in mail.outbox if CONTACT_EMAIL in message.to]


def assert_page_language(browser_page, language):
    assert browser_page.locator("html").get_attribute("lang") == language, (
        browser_page.url
    )


def assert_mail_language(message, language, subject):
    """The e-mail says it is in `language`, and its subject is worded in it."""
    assert message.extra_headers.get("Content-Language") == language
    assert message.subject.startswith(subject), message.subject


@pytest.mark.parametrize("language", ["fr", "en"])
def test_applicant_corrects_errors_confirms_and_is_approved(
    page, live_demo, shot, language
):
    base_url = live_demo.url
    # The club's form (another network has its own), in the applicant's language.
    form_page = AdhesionFormPage.objects.child_of(
        CharterPage.objects.get(slug="charte-des-partenaires")
    ).get()
    if language != "fr":
        form_page = form_page.get_translation(
            Locale.objects.get(language_code=language)
        )
    charter = form_page.get_parent().specific
    # English pages live under /en/.
    prefix = "/" if language == "fr" else f"/{language}/"
    assert path_of(form_page).startswith(prefix)

    # given the hosted adhesion form
    mine = CharterAdhesion.objects.filter(organisation_name=ORGANISATION)
    page.goto(base_url + path_of(form_page))
    assert_page_language(page, language)
    # when the applicant sends it with mistakes
    page.fill("#id_organisation_name", ORGANISATION)
    page.fill("#id_contact_email", "not-an-address")
    page.click("#adhesion-form button[type=submit]")
    shot("1-errors")
    assert_page_language(page, language)
    # then every error is listed at the top and each links to its field
    summary = page.locator("#error-summary")
    links = summary.locator("a")
    assert links.count() >= 3
    for index in range(links.count()):
        target = links.nth(index).get_attribute("href")
        assert target.startswith("#")
        assert page.locator(target).count() == 1, target
    assert "id_contact_email" in summary.inner_html()
    assert "id_consent" in summary.inner_html()
    assert not mine.exists()

    # when they correct the form and send it again
    page.fill("#id_organisation_address", "12 rue de la République, 69002 Lyon")
    page.fill("#id_contact_name", "Camille Martin")
    page.fill("#id_contact_role", "Chargée de mission")
    page.fill("#id_contact_email", CONTACT_EMAIL)
    page.fill("#id_signatory_name", "Dominique Leroy")
    page.fill("#id_signatory_title", "Directrice")
    page.select_option("#id_organisation_kind", index=1)
    page.check("#id_plan_0_selected")
    page.check("#id_consent")
    page.click("#adhesion-form button[type=submit]")
    shot("2-confirmation")
    # then a confirmation shows the reference
    adhesion = mine.get()
    assert adhesion.reference in page.inner_text("main")
    assert_page_language(page, language)
    assert adhesion.language == language

    # when they follow the link of the e-mail they received, in their language
    (message,) = mails_to_applicant()
    subjects = {
        kind: subject.format(adhesion.reference)
        for kind, subject in SUBJECTS[language].items()
    }
    assert_mail_language(message, language, subjects["confirmation"])
    link = re.search(r"https?://\S+/applications/\S+/", message.body).group(0)
    # (the e-mail names the public host; this server answers on another port)
    status_path = urlsplit(link).path
    assert status_path.startswith(prefix + "applications/"), status_path
    page.goto(base_url + status_path)
    assert_page_language(page, language)
    page.click("button:has-text('Confirm')") if page.locator(
        "button:has-text('Confirm')"
    ).count() else page.click("form button[type=submit]")
    shot("3-address-confirmed")
    assert_page_language(page, language)
    adhesion.refresh_from_db()
    assert adhesion.status == "submitted"
    # and confirming sends the applicant nothing more
    assert mails_to_applicant() == [message]

    # when a reviewer starts the review and approves in the admin
    page.context.clear_cookies()
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", "reviewer")
    page.fill("#id_password", "demo-password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")
    page.goto(f"{base_url}/admin/charter-adhesions/inspect/{adhesion.pk}/")
    page.click("button[name=action][value=start_review]")
    page.wait_for_load_state("networkidle")
    page.click("button[name=action][value=approve]")
    page.wait_for_load_state("networkidle")
    shot("4-approved")
    adhesion.refresh_from_db()
    assert adhesion.status == "approved"

    # then the applicant's second and last e-mail tells the decision, in their language
    first, decision = mails_to_applicant()
    assert first is message
    assert_mail_language(decision, language, subjects["approved"])
    decision_link = re.search(r"https?://\S+/applications/\S+/", decision.body)
    assert urlsplit(decision_link.group(0)).path == status_path
    # and the page at their link says it in their language too
    page.context.clear_cookies()
    page.goto(base_url + status_path)
    shot("5-applicant-sees-the-decision")
    assert_page_language(page, language)

    # and the signatory shows on the charter page and through the API
    page.goto(base_url + path_of(charter))
    shot("6-charter")
    assert_page_language(page, language)
    assert escape(ORGANISATION) in page.content()
    response = page.request.post(
        f"{base_url}/graphql/", data={"query": SIGNATORIES_QUERY}
    )
    names = [item["name"] for item in response.json()["data"]["signatories"]["items"]]
    assert ORGANISATION in names
