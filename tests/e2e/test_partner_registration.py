"""The reference partner site renders a registration form from `form(...)` alone and sends it.

The demo's regional training: the partner's page shows the fields the
editors built, the places left and the event; a mistake comes back next to
its field; the corrected registration is confirmed and counted by the CMS.
"""

import pytest
from playwright.sync_api import expect

from forms_workflows.editor_forms.models import FormSubmission
from tests.fixtures.partner_site import free_port, start_partner_server

SLUG = "inscription-planifier-un-ecoquartier"


@pytest.fixture
def partner_url(live_demo, partner_env, tmp_path):
    port = free_port()
    server = start_partner_server(
        partner_env, f"{live_demo.url}/graphql/", tmp_path / "out", port
    )
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait()


def test_the_partner_site_renders_the_training_form_and_registers_a_person(
    page, partner_url, shot
):
    # given the partner's page of the training's registration form
    page.goto(f"{partner_url}/register/{SLUG}")
    expect(page.locator("#places")).to_contain_text("3")
    expect(page.get_by_label("Nom et prénom *")).to_be_visible()
    expect(page.locator("[data-field=dietary_needs] .condition")).to_be_visible()
    shot("1-form")

    # when the person sends it with a wrong address
    page.get_by_label("Nom et prénom *").fill("Dominique Leroy")
    page.locator("#email").fill("dominique")
    page.locator("#organisation").fill("Communauté urbaine de Dunkerque")
    page.locator("#lunch-1").check()
    page.locator("#consent").check()
    with page.expect_navigation():
        page.locator("button[type=submit]").click()
    # then the error stands next to the field, and what they typed is kept
    expect(page.locator("#error-email")).to_have_attribute("data-code", "INVALID")
    expect(page.locator("#organisation")).to_have_value(
        "Communauté urbaine de Dunkerque"
    )
    shot("2-error")

    # when they correct it
    page.locator("#email").fill("dominique.leroy@example.org")
    page.locator("#consent").check()
    with page.expect_navigation():
        page.locator("button[type=submit]").click()
    shot("3-confirmed")
    # then the registration is confirmed, on the partner's site and in the CMS
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "CONFIRMED")
    registration = FormSubmission.objects.get(
        contact_email="dominique.leroy@example.org"
    )
    assert registration.status == "confirmed"
    assert registration.answers["organisation"] == "Communauté urbaine de Dunkerque"
