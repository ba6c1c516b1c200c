"""The hosted form page: steps and conditions on the server, errors, status, no JavaScript."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Locale

from forms_workflows.editor_forms.models import FormSubmission
from tests.fixtures.adhesions import old_token
from tests.fixtures.editor_forms import add_form, block, condition

ERROR_ITEM = re.compile(r'data-field="([^"]*)" data-code="([^"]*)"')

STEPPED_FIELDS = [
    block("text", "name", "Nom"),
    block("email", "email", "Adresse électronique"),
    block(
        "yes_no",
        "member",
        "Votre collectivité est-elle adhérente ?",
    ),
    (
        "step",
        {
            "key": "membership",
            "label": "Votre adhésion",
            "shown_when": condition("member", "yes"),
        },
    ),
    block("text", "since", "Adhérente depuis"),
    ("step", {"key": "end", "label": "Pour finir", "shown_when": condition()}),
    block("consent", "consent", "J'accepte que mes données servent à l'inscription."),
]


def errors_of(response):
    html = response.content.decode()
    if 'id="error-summary"' not in html:
        return []
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    return sorted((field or None, code) for field, code in ERROR_ITEM.findall(summary))


def hidden(response):
    """The hidden inputs of the form, as the next POST sends them back."""
    html = response.content.decode()
    return dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
    )


def post(client, url, previous, **answers):
    data = {**hidden(previous), **answers}
    data["form_token"] = old_token()
    return client.post(url, data)


@pytest.fixture
def stepped(network, event):
    return add_form(
        network,
        slug="inscription",
        event_page=event,
        places=3,
        form_fields=STEPPED_FIELDS,
    )


def test_the_form_shows_its_event_and_the_places_left(client, stepped):
    response = client.get(stepped.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert "Grande Arche de la Défense" in html
    assert 'data-places-left="3"' in html
    assert "Étape 1 sur 2" in html


def test_a_step_s_errors_come_back_in_the_summary_and_nothing_moves_on(client, stepped):
    first = client.get(stepped.url)

    response = post(client, stepped.url, first, action="next", name="", email="x")

    assert errors_of(response) == [
        ("email", "INVALID"),
        ("member", "REQUIRED"),
        ("name", "REQUIRED"),
    ]
    assert 'href="#id_member_0"' in response.content.decode()
    assert hidden(response)["step"] == "answers"


def test_a_step_whose_condition_fails_is_skipped_and_the_registration_confirmed(
    client, stepped, django_capture_on_commit_callbacks
):
    first = client.get(stepped.url)
    second = post(
        client,
        stepped.url,
        first,
        action="next",
        name="Camille Martin",
        email="camille@example.org",
        member="false",
    )
    assert errors_of(second) == []
    assert hidden(second)["step"] == "end"

    with django_capture_on_commit_callbacks(execute=True):
        sent = post(client, stepped.url, second, action="send", consent="true")

    assert sent.status_code == 302
    page = client.get(sent["Location"])
    assert 'data-status="CONFIRMED"' in page.content.decode()
    stored = FormSubmission.objects.get()
    assert stored.answers["member"] is False
    assert "since" not in stored.answers
    assert stored.status_token in page.content.decode()
    assert mail.outbox[0].attachments[0][0] == "event.ics"


def test_a_shown_step_is_asked_and_going_back_keeps_the_answers(client, stepped):
    first = client.get(stepped.url)
    second = post(
        client,
        stepped.url,
        first,
        action="next",
        name="Camille Martin",
        email="camille@example.org",
        member="true",
    )
    assert hidden(second)["step"] == "membership"

    back = post(client, stepped.url, second, action="back", since="2019")

    assert hidden(back)["step"] == "answers"
    assert hidden(back)["since"] == "2019"
    assert 'value="Camille Martin"' in back.content.decode()


def test_the_english_copy_is_in_english(client, stepped, locales_en_copy):
    response = client.get(locales_en_copy.url)

    html = response.content.decode()
    assert "Step 1 of 2" in html
    assert 'lang="en"' in html


@pytest.fixture
def locales_en_copy(network, stepped):
    english = Locale.objects.get(language_code="en")
    home = network["home"].copy_for_translation(english)
    home.save_revision().publish()
    copy = stepped.copy_for_translation(english)
    copy.title = "Registration to the seminar"
    copy.save_revision().publish()
    return copy


def test_a_closed_form_says_so_and_shows_no_form(client, network, event):
    page = add_form(
        network,
        slug="ferme",
        event_page=event,
        closes_at=timezone.now() - timedelta(days=1),
    )

    html = client.get(page.url).content.decode()

    assert 'data-code="FORM_CLOSED"' in html
    assert 'id="editor-form"' not in html


def test_a_full_training_puts_the_next_person_on_the_waiting_list(
    client, network, event
):
    page = add_form(network, slug="complet", event_page=event, places=1)
    for email in ("a@example.org", "b@example.org"):
        first = client.get(page.url)
        sent = post(
            client,
            page.url,
            first,
            action="send",
            name="Camille Martin",
            email=email,
            meal="no",
            consent="true",
        )
        assert sent.status_code == 302

    html = client.get(sent["Location"]).content.decode()

    assert 'data-status="WAITLISTED"' in html
    assert "liste d'attente" in html
    assert "Plus de place" in client.get(page.url).content.decode()


def test_the_event_page_shows_the_places_left_and_is_not_kept_by_a_shared_cache(
    client, stepped
):
    response = client.get(stepped.event_page.url)

    html = response.content.decode()
    assert 'data-places-left="3"' in html
    assert f'href="{stepped.url}"' in html
    assert "s-maxage" not in response.get("Cache-Control", "")


def test_a_file_is_asked_on_the_last_step_where_the_browser_sends_it(client, network):
    page = add_form(
        network,
        slug="dossier",
        behaviour="survey",
        form_fields=[
            block("text", "project", "Projet"),
            block(
                "file", "plan", "Plan", file_types=["application/pdf"], max_size_mb=1
            ),
            ("step", {"key": "end", "label": "Pour finir", "shown_when": condition()}),
            block("long_text", "remarks", "Remarques", required=False),
        ],
    )
    first = client.get(page.url)
    assert 'name="plan"' not in first.content.decode()
    second = post(client, page.url, first, action="next", project="Les Noés")
    assert hidden(second)["step"] == "end"
    assert 'type="file" name="plan"' in second.content.decode()

    data = {**hidden(second), "form_token": old_token(), "action": "send"}
    data["plan"] = SimpleUploadedFile(
        "plan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"
    )
    sent = client.post(page.url, data)

    assert sent.status_code == 302, errors_of(sent)
    assert FormSubmission.objects.get().files.get().original_name == "plan.pdf"


def test_the_admin_preview_shows_every_field(stepped):
    response = stepped.make_preview_request()
    response.render()

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_since"' in html
    assert 'id="id_consent"' in html
