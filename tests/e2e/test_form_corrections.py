"""An applicant who corrects a mistake is not taken for a robot, and knows what to fix."""

from playwright.sync_api import expect

from forms_workflows.models import AdhesionFormPage, CharterAdhesion
from pages.models import CharterPage

# The form refuses an answer sent less than 3 seconds after it was first shown.
ORGANISATION = "Coopérative des Jardins Partagés"


def test_a_corrected_form_sent_at_once_is_taken_and_errors_name_their_fields(
    page, live_demo
):
    form_page = AdhesionFormPage.objects.child_of(
        CharterPage.objects.get(slug="charte-des-partenaires")
    ).get()
    # given the charter form, filled in by a person but for two required fields
    page.goto(live_demo.url + form_page.get_url_parts()[2])
    page.fill("#id_organisation_name", ORGANISATION)
    page.fill("#id_organisation_address", "3 rue des Lilas, 44000 Nantes")
    page.fill("#id_contact_name", "Camille Martin")
    page.fill("#id_contact_email", "camille.martin@example.org")
    page.select_option("#id_organisation_kind", index=1)
    page.check("#id_plan_0_selected")
    page.check("#id_consent")
    # (a click only starts the post: wait for the answer's page to be loaded)
    with page.expect_navigation():
        page.click("#adhesion-form button[type=submit]")
    # then the error summary has the focus, and each entry names its field
    expect(page.locator("#error-summary")).to_be_focused()
    entries = page.locator("#error-summary li").all_inner_texts()
    assert len(entries) >= 2
    assert len(set(entries)) == len(entries), entries
    for entry in page.locator("#error-summary a").all():
        label = page.locator(f"label[for='{entry.get_attribute('href')[1:]}']")
        assert label.inner_text().rstrip(" *") in entry.inner_text()
    # when they fill the two fields and send again straight away
    page.fill("#id_signatory_name", "Dominique Leroy")
    page.fill("#id_signatory_title", "Directrice")
    with page.expect_navigation():
        page.click("#adhesion-form button[type=submit]")
    # then the application is taken (not "sent too quickly")
    assert CharterAdhesion.objects.filter(organisation_name=ORGANISATION).exists()
    assert page.locator("#error-summary").count() == 0
