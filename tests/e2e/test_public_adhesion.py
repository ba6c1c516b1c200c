"""A member of the public applies to sign the charter; a reviewer approves."""

import re

from django.core import mail
from django.utils.html import escape

from forms_workflows.models import AdhesionFormPage, CharterAdhesion
from pages.models import CharterPage

SIGNATORIES_QUERY = """
{ signatories(site: "club", limit: 100) { items { name } } }
"""
ORGANISATION = "Coopérative Habitat Durable du Rhône"
# The form refuses an answer sent less than 3 seconds after it was shown.
HUMAN_PAUSE_MS = 3500


def path_of(wagtail_page):
    """Return the page's path on its site (the live server answers as the default site)."""
    return wagtail_page.get_url_parts()[2]


def test_applicant_corrects_errors_confirms_and_is_approved(page, live_demo, shot):
    base_url = live_demo.url
    # The club's form (another network has its own).
    form_page = AdhesionFormPage.objects.child_of(
        CharterPage.objects.get(slug="charte-des-partenaires")
    ).get()
    charter = form_page.get_parent().specific

    # given the hosted adhesion form
    mine = CharterAdhesion.objects.filter(organisation_name=ORGANISATION)
    page.goto(base_url + path_of(form_page))
    # when the applicant sends it with mistakes
    page.fill("#id_organisation_name", ORGANISATION)
    page.fill("#id_contact_email", "not-an-address")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.click("#adhesion-form button[type=submit]")
    shot("1-errors")
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
    page.fill("#id_contact_email", "camille.martin@example.org")
    page.fill("#id_signatory_name", "Dominique Leroy")
    page.fill("#id_signatory_title", "Directrice")
    page.select_option("#id_organisation_kind", index=1)
    page.check("#id_plan_0_selected")
    page.check("#id_consent")
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    page.click("#adhesion-form button[type=submit]")
    shot("2-confirmation")
    # then a confirmation shows the reference
    adhesion = mine.get()
    assert adhesion.reference in page.inner_text("main")

    # when they follow the link of the e-mail they received
    (message,) = [m for m in mail.outbox if "camille.martin@example.org" in m.to]
    link = re.search(r"https?://\S+/applications/\S+/", message.body).group(0)
    page.goto(base_url + link[link.index("/applications/") :])
    page.click("button:has-text('Confirm')") if page.locator(
        "button:has-text('Confirm')"
    ).count() else page.click("form button[type=submit]")
    shot("3-address-confirmed")
    adhesion.refresh_from_db()
    assert adhesion.status == "submitted"

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

    # then the signatory shows on the charter page and through the API
    page.goto(base_url + path_of(charter))
    shot("5-charter")
    assert escape(ORGANISATION) in page.content()
    response = page.request.post(
        f"{base_url}/graphql/", data={"query": SIGNATORIES_QUERY}
    )
    names = [item["name"] for item in response.json()["data"]["signatories"]["items"]]
    assert ORGANISATION in names
