"""People register on the hosted form pages the editors built: places, waiting list, e-mails.

The demo's regional training has three places left. In the browser: three
people take them, the fourth is put on the waiting list, a cancellation from
the status page confirms them; each gets the right e-mail, the confirmations
with the event as an .ics attachment. A person registers in English too. axe
finds no serious violation on the new public pages.
"""

import json
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect
from wagtail.models import Locale

from forms_workflows.editor_forms.models import EditorFormPage, FormSubmission
from tests.e2e.helpers import axe_violations

TRAINING_FORM = "inscription-planifier-un-ecoquartier"
SEMINAR_FORM = "inscription-seminaire-accueil"


def path_of(wagtail_page):
    return wagtail_page.get_url_parts()[2]


def form_page(slug, language="fr"):
    page = EditorFormPage.objects.get(slug=slug, locale__language_code="fr")
    if language != "fr":
        page = page.get_translation(Locale.objects.get(language_code=language))
    return page


def register(browser, url, name, email, lunch="no"):
    """Fill the registration form as a person does, with the keyboard's labels."""
    browser.goto(url)
    browser.get_by_label("Nom et prénom" if "/en/" not in url else "Full name").fill(
        name
    )
    browser.locator("#id_email").fill(email)
    browser.locator("#id_organisation").fill("Commune de Saint-Priest")
    browser.locator(f"input[name=lunch][value={lunch}]").check()
    browser.locator("#id_consent").check()
    with browser.expect_navigation():
        browser.locator("#editor-form button[value=send]").click()


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def test_the_last_places_go_the_next_person_waits_and_a_cancellation_confirms_them(
    page, live_demo, shot
):
    base_url = live_demo.url
    training = form_page(TRAINING_FORM)
    url = base_url + path_of(training)
    people = [f"personne{n}@example.org" for n in range(4)]

    # given the training's form, with three places left
    page.goto(url)
    expect(page.locator("#places-left")).to_contain_text("3 places restantes")

    # when four people register, one after the other
    for number, address in enumerate(people):
        register(page, url, f"Personne {number}", address)
        shot(f"{number}-sent")
        status = "CONFIRMED" if number < 3 else "WAITLISTED"
        # then the first three get a place, the fourth waits
        expect(page.locator("[data-status]")).to_have_attribute("data-status", status)
    assert training.closed_reason() is None
    page.goto(url)
    expect(page.locator("#places-left")).to_contain_text("liste d'attente")

    # and each got the right e-mail: the .ics with a place, none while waiting
    for address in people[:3]:
        (message,) = mails_to(address)
        assert message.attachments[0][0] == "event.ics"
        assert "BEGIN:VCALENDAR" in str(message.attachments[0][1])
    (waiting,) = mails_to(people[3])
    assert not waiting.attachments

    # when the first person cancels from their status page
    first = FormSubmission.objects.get(contact_email=people[0])
    page.goto(base_url + f"/applications/{first.status_token}/")
    with page.expect_navigation():
        page.locator("button:has-text('Annuler mon inscription')").click()
    shot("cancelled")

    # then they are told, and the person waiting is confirmed and told, with the .ics
    first.refresh_from_db()
    assert first.status == "cancelled"
    promoted = FormSubmission.objects.get(contact_email=people[3])
    assert promoted.status == "confirmed"
    told = mails_to(people[3])[-1]
    assert told.attachments[0][0] == "event.ics"
    status_link = urlsplit(
        next(word for word in told.body.split() if "/applications/" in word)
    ).path
    page.goto(base_url + status_link)
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "confirmed")


def test_a_person_registers_in_english_and_reads_everything_in_english(
    english_page, live_demo, english_shot
):
    base_url = live_demo.url
    seminar = form_page(SEMINAR_FORM, "en")
    url = base_url + path_of(seminar)
    address = "robin.smith@example.org"

    english_page.goto(url)
    assert english_page.locator("html").get_attribute("lang") == "en"
    # a mistake first: the summary lists it and links to the field
    english_page.locator("#id_email").fill("robin")
    with english_page.expect_navigation():
        english_page.locator("#editor-form button[value=send]").click()
    summary = english_page.locator("#error-summary")
    expect(summary).to_contain_text("E-mail address")
    expect(summary.locator("a[href='#id_email']")).to_have_count(1)
    english_shot("errors")

    register(english_page, url, "Robin Smith", address, lunch="yes")
    english_shot("sent")

    expect(english_page.locator("[data-status]")).to_contain_text(
        "your place is confirmed"
    )
    (message,) = mails_to(address)
    assert message.extra_headers.get("Content-Language") == "en"
    assert message.attachments[0][0] == "event.ics"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_form_pages_have_no_serious_accessibility_violation(
    page, live_demo, axe_source, shot, language
):
    base_url = live_demo.url
    training = form_page(TRAINING_FORM, language)
    targets = {
        "training form": path_of(training),
        "survey": path_of(form_page("questionnaire-de-satisfaction", language)),
        "letter": path_of(form_page("lettre-mensuelle", language)),
        "training page": path_of(training.event_page.specific),
    }
    found = {}
    for name, path in targets.items():
        page.goto(base_url + path)
        assert page.locator("html").get_attribute("lang") == language, path
        violations = axe_violations(page, axe_source, impacts={"serious", "critical"})
        if violations:
            found[name] = violations
    # the form with its error summary, then the page after sending
    page.goto(base_url + targets["letter"])
    with page.expect_navigation():
        page.locator("#editor-form button[value=send]").click()
    shot(f"{language}-errors")
    if violations := axe_violations(page, axe_source, impacts={"serious", "critical"}):
        found["errors"] = violations
    page.locator("#id_email").fill(f"lettre-{language}@example.org")
    page.locator("#id_consent").check()
    with page.expect_navigation():
        page.locator("#editor-form button[value=send]").click()
    shot(f"{language}-sent")
    if violations := axe_violations(page, axe_source, impacts={"serious", "critical"}):
        found["sent"] = violations
    page.locator("#status-link").click()
    page.wait_for_load_state()
    if violations := axe_violations(page, axe_source, impacts={"serious", "critical"}):
        found["status"] = violations
    assert not found, json.dumps(found, indent=2)


def tab_to(browser, selector, limit=80):
    """Press Tab until `selector` has the focus, as a keyboard user does."""
    for _ in range(limit):
        browser.keyboard.press("Tab")
        if browser.evaluate(
            "s => document.activeElement && document.activeElement.matches(s)",
            selector,
        ):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_a_person_signs_up_with_the_keyboard_alone(page, live_demo, shot):
    base_url = live_demo.url
    letter = form_page("lettre-mensuelle")
    page.goto(base_url + path_of(letter))

    tab_to(page, "#id_email")
    page.keyboard.type("clavier@example.org")
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, "#editor-form button[value=send]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    shot("sent")

    expect(page.locator("[data-status]")).to_have_attribute(
        "data-status", "PENDING_CONFIRMATION"
    )
    (message,) = mails_to("clavier@example.org")
    assert "/applications/" in message.body


def test_a_question_shows_once_the_answer_it_depends_on_is_given(page, live_demo):
    page.goto(live_demo.url + path_of(form_page(TRAINING_FORM)))
    dietary = page.locator("#field_dietary_needs")

    expect(dietary).to_be_hidden()
    page.locator("input[name=lunch][value=yes]").check()
    expect(dietary).to_be_visible()
    page.locator("input[name=lunch][value=no]").check()
    expect(dietary).to_be_hidden()
