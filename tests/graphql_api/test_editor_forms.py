"""forms, form, formToken, submitForm, cancelFormSubmission: editor-built forms for partners."""

import json
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from forms_workflows.editor_forms.models import FormSubmission
from tests.fixtures.adhesions import old_token
from tests.fixtures.editor_forms import add_form, block, condition

DEFINITION = """
query Form($slug: String!, $locale: String) {
  form(slug: $slug, locale: $locale) {
    slug title locale behaviour places placesLeft waitingList closesAt
    anonymous retentionDays privacyNotice consentText formTokenMinSeconds
    event { title start place url }
    steps { key label condition { field value } }
    fields { name kind label required maxLength minValue maxValue earliest latest
             maxItems fileTypes maxFileSize step
             choices { value label } condition { field value } }
  }
}
"""
FORMS = "query { forms { slug behaviour placesLeft } }"
SUBMIT = """
mutation Submit($input: SubmitFormInput!) {
  submitForm(input: $input) {
    submission { reference status statusToken }
    errors { field code message }
  }
}
"""
CANCEL = """
mutation Cancel($token: String!) {
  cancelFormSubmission(token: $token) {
    submission { status }
    errors { field code }
  }
}
"""

EVERY_KIND = [
    block("text", "name", "Nom", max_length=20),
    block("long_text", "comment", "Commentaire", required=False, max_length=50),
    block("email", "email", "Adresse"),
    block("phone", "phone", "Téléphone", required=False),
    block("number", "people", "Personnes", min_value=1, max_value=3),
    block(
        "date",
        "arrival",
        "Arrivée",
        earliest=date(2027, 3, 1),
        latest=date(2027, 3, 31),
    ),
    block(
        "choice",
        "role",
        "Fonction",
        choices=[
            {"value": "elu", "label": "Élu"},
            {"value": "agent", "label": "Agent"},
        ],
    ),
    block(
        "multiple_choice",
        "topics",
        "Thèmes",
        required=False,
        max_choices=2,
        choices=[
            {"value": "eau", "label": "Eau"},
            {"value": "sol", "label": "Sols"},
            {"value": "air", "label": "Air"},
        ],
    ),
    block("yes_no", "first_time", "Première participation"),
    block(
        "file",
        "programme",
        "Programme",
        required=False,
        file_types=["application/pdf"],
        max_size_mb=1,
    ),
    block("consent", "consent", "J'accepte."),
]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pairs(**answers):
    result = []
    for name, value in answers.items():
        for item in value if isinstance(value, list) else [value]:
            result.append({"name": name, "value": item})
    return result


def every_kind_answers(**changes):
    values = {
        "name": "Camille Martin",
        "comment": "Merci",
        "email": "camille@example.org",
        "phone": "+33 1 23 45 67 89",
        "people": "2",
        "arrival": "2027-03-27",
        "role": "elu",
        "topics": ["eau", "air"],
        "first_time": "true",
        "consent": "true",
    }
    values.update(changes)
    return pairs(**{k: v for k, v in values.items() if v is not None})


def submit_input(slug, answers, **extra):
    values = {
        "form": slug,
        "answers": answers,
        "formToken": old_token(),
        "idempotencyKey": None,
    }
    values.update(extra)
    return {"input": values}


def submit(gql, slug, answers, **extra):
    body = gql.query(SUBMIT, submit_input(slug, answers, **extra))
    assert "errors" not in body, body
    return body["data"]["submitForm"]


def codes(payload):
    return sorted((e["field"], e["code"]) for e in payload["errors"])


@pytest.fixture
def every_kind(network):
    return add_form(
        network,
        slug="tout",
        behaviour="survey",
        form_fields=EVERY_KIND,
    )


def test_a_registration_form_is_described_with_its_places_event_and_conditions(
    gql, registration_form
):
    form = gql.query(DEFINITION, {"slug": "inscription"})["data"]["form"]

    assert form["behaviour"] == "REGISTRATION"
    assert (form["places"], form["placesLeft"], form["waitingList"]) == (2, 2, True)
    assert form["event"]["place"] == "Grande Arche de la Défense"
    assert form["closesAt"] == form["event"]["start"]
    assert "90 days" in form["privacyNotice"] or "90 jours" in form["privacyNotice"]
    fields = {f["name"]: f for f in form["fields"]}
    assert [f["name"] for f in form["fields"]] == [
        "name",
        "email",
        "meal",
        "dietary_needs",
        "consent",
    ]
    assert fields["dietary_needs"]["condition"] == {"field": "meal", "value": "yes"}
    assert fields["meal"]["kind"] == "CHOICE"
    assert fields["consent"]["kind"] == "CONSENT"
    assert fields["consent"]["required"] is True
    assert form["consentText"] == fields["consent"]["label"]


def test_a_field_added_in_the_admin_changes_the_definition_not_the_schema(
    gql, registration_form
):
    registration_form.form_fields.append(
        ("phone", {**block("phone", "phone", "Téléphone", required=False)[1]})
    )
    registration_form.save()

    form = gql.query(DEFINITION, {"slug": "inscription"})["data"]["form"]

    assert form["fields"][-1]["name"] == "phone"
    assert form["fields"][-1]["kind"] == "PHONE"


def test_every_field_kind_is_described_with_its_limits(gql, every_kind):
    form = gql.query(DEFINITION, {"slug": "tout"})["data"]["form"]
    fields = {f["name"]: f for f in form["fields"]}

    assert {f["kind"] for f in form["fields"]} == {
        "TEXT",
        "LONG_TEXT",
        "EMAIL",
        "PHONE",
        "INTEGER",
        "DATE",
        "CHOICE",
        "MULTIPLE_CHOICE",
        "BOOLEAN",
        "FILE",
        "CONSENT",
    }
    assert (fields["people"]["minValue"], fields["people"]["maxValue"]) == (1, 3)
    assert (fields["arrival"]["earliest"], fields["arrival"]["latest"]) == (
        "2027-03-01",
        "2027-03-31",
    )
    assert fields["topics"]["maxItems"] == 2
    assert fields["programme"]["fileTypes"] == ["application/pdf"]
    assert fields["programme"]["maxFileSize"] == 1024 * 1024


def test_the_open_forms_are_listed_and_a_closed_one_is_not(gql, network, event):
    add_form(network, slug="ouvert", event_page=event, places=5)
    add_form(
        network,
        slug="ferme",
        event_page=event,
        closes_at=timezone.now() - timedelta(days=1),
    )

    listed = gql.query(FORMS)["data"]["forms"]

    assert listed == [{"slug": "ouvert", "behaviour": "REGISTRATION", "placesLeft": 5}]


def test_every_field_kind_is_accepted_and_stored_with_a_file(client, every_kind):
    variables = submit_input(
        "tout",
        every_kind_answers(),
        files=[{"name": "programme", "file": None}],
    )
    body = {
        "operations": json.dumps({"query": SUBMIT, "variables": variables}),
        "map": json.dumps({"0": ["variables.input.files.0.file"]}),
        "0": SimpleUploadedFile("programme.pdf", PDF, "application/pdf"),
    }

    payload = client.post("/graphql/", body).json()["data"]["submitForm"]

    assert payload["errors"] == []
    assert payload["submission"]["status"] == "RECEIVED"
    stored = FormSubmission.objects.get()
    assert stored.answers["topics"] == ["eau", "air"]
    assert stored.answers["people"] == 2
    assert stored.answers["first_time"] is True
    assert stored.files.get().original_name == "programme.pdf"


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"name": None}, ("name", "REQUIRED")),
        ({"name": "x" * 21}, ("name", "MAX_LENGTH")),
        ({"email": "not-an-address"}, ("email", "INVALID")),
        ({"role": "maire"}, ("role", "INVALID_CHOICE")),
        ({"topics": ["eau", "sol", "air"]}, ("topics", "TOO_MANY")),
        ({"people": "0"}, ("people", "TOO_SMALL")),
        ({"people": "4"}, ("people", "TOO_LARGE")),
        ({"arrival": "2027-02-28"}, ("arrival", "TOO_EARLY")),
        ({"arrival": "2027-04-01"}, ("arrival", "TOO_LATE")),
        ({"consent": "false"}, ("consent", "REQUIRED")),
        ({"shoe_size": "42"}, ("shoe_size", "UNKNOWN_FIELD")),
    ],
)
def test_each_bad_answer_gets_its_code_and_nothing_is_stored(
    gql, every_kind, changes, expected
):
    payload = submit(gql, "tout", every_kind_answers(**changes))

    assert expected in codes(payload)
    assert payload["submission"] is None
    assert not FormSubmission.objects.exists()


def test_a_file_of_the_wrong_type_is_refused(client, every_kind):
    variables = submit_input(
        "tout", every_kind_answers(), files=[{"name": "programme", "file": None}]
    )
    body = {
        "operations": json.dumps({"query": SUBMIT, "variables": variables}),
        "map": json.dumps({"0": ["variables.input.files.0.file"]}),
        "0": SimpleUploadedFile(
            "programme.pdf", b"MZ\x90\x00binary", "application/pdf"
        ),
    }

    payload = client.post("/graphql/", body).json()["data"]["submitForm"]

    assert codes(payload) == [("programme", "FILE_TYPE_NOT_ALLOWED")]


@pytest.mark.parametrize(
    "extra, expected",
    [
        ({"formToken": "forged"}, (None, "FORM_TOKEN_INVALID")),
        ({"honeypot": "http://spam.example"}, (None, "SPAM_SUSPECTED")),
        ({"form": "nowhere"}, ("form", "UNKNOWN_FORM")),
        ({"site": "nowhere"}, ("site", "UNKNOWN_SITE")),
        ({"locale": "de"}, ("locale", "UNKNOWN_LOCALE")),
    ],
)
def test_the_guards_and_unknown_targets_have_their_codes(
    gql, registration_form, extra, expected
):
    answers = pairs(
        name="Camille Martin", email="c@example.org", meal="no", consent="true"
    )
    payload = submit(gql, "inscription", answers, **extra)

    assert expected in codes(payload)
    assert not FormSubmission.objects.exists()


def registration(email):
    return pairs(name="Camille Martin", email=email, meal="no", consent="true")


def test_a_retry_with_the_same_key_returns_the_first_registration(
    gql, registration_form
):
    first = submit(
        gql, "inscription", registration("a@example.org"), idempotencyKey="k1"
    )
    again = submit(
        gql, "inscription", registration("a@example.org"), idempotencyKey="k1"
    )
    other = submit(
        gql, "inscription", registration("b@example.org"), idempotencyKey="k1"
    )

    assert first["submission"]["status"] == "CONFIRMED"
    assert again["submission"] == first["submission"]
    assert codes(other) == [(None, "IDEMPOTENCY_KEY_REUSED")]
    assert FormSubmission.objects.count() == 1


def test_a_full_event_puts_people_on_the_waiting_list_and_a_cancellation_confirms_them(
    gql, registration_form, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(gql, "inscription", registration("a@example.org"))
        submit(gql, "inscription", registration("b@example.org"))
        third = submit(gql, "inscription", registration("c@example.org"))
        twice = submit(gql, "inscription", registration("c@example.org"))

    assert third["submission"]["status"] == "WAITLISTED"
    assert codes(twice) == [("email", "ALREADY_REGISTERED")]
    places = gql.query(DEFINITION, {"slug": "inscription"})["data"]["form"]
    assert places["placesLeft"] == 0

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = gql.query(CANCEL, {"token": first["submission"]["statusToken"]})

    assert cancelled["data"]["cancelFormSubmission"]["submission"] == {
        "status": "CANCELLED"
    }
    promoted = FormSubmission.objects.get(contact_email="c@example.org")
    assert promoted.status == "confirmed"
    told = next(m for m in mail.outbox if m.to == ["c@example.org"])
    assert told.attachments[0][0] == "event.ics"


def test_a_cancellation_with_an_unknown_token_is_refused(gql, registration_form):
    body = gql.query(CANCEL, {"token": "not-a-token"})

    assert body["data"]["cancelFormSubmission"]["errors"] == [
        {"field": None, "code": "UNKNOWN_TOKEN"}
    ]


def test_a_full_event_without_a_waiting_list_refuses(gql, network, event):
    add_form(network, slug="complet", event_page=event, places=1, waiting_list=False)
    submit(gql, "complet", registration("a@example.org"))

    payload = submit(gql, "complet", registration("b@example.org"))

    assert codes(payload) == [(None, "EVENT_FULL")]


@pytest.mark.parametrize(
    "dates, code",
    [
        ({"closes_at": timezone.now() - timedelta(hours=1)}, "FORM_CLOSED"),
        ({"opens_at": timezone.now() + timedelta(days=1)}, "FORM_NOT_YET_OPEN"),
    ],
)
def test_a_closed_form_takes_no_answer(gql, network, event, dates, code):
    add_form(network, slug="dates", event_page=event, **dates)

    payload = submit(gql, "dates", registration("a@example.org"))

    assert codes(payload) == [(None, code)]
    assert not FormSubmission.objects.exists()


def test_an_anonymous_survey_stores_no_address(gql, network):
    add_form(
        network,
        slug="satisfaction",
        behaviour="survey",
        anonymous=True,
        form_fields=[
            block(
                "choice",
                "rating",
                "Satisfaction",
                choices=[
                    {"value": "1", "label": "Peu"},
                    {"value": "3", "label": "Très"},
                ],
            ),
            block("long_text", "remarks", "Remarques", required=False),
        ],
    )

    payload = submit(
        gql,
        "satisfaction",
        pairs(rating="3", remarks="Très utile"),
        idempotencyKey="survey-1",
    )
    again = submit(
        gql,
        "satisfaction",
        pairs(rating="3", remarks="Très utile"),
        idempotencyKey="survey-1",
    )

    assert payload["submission"]["status"] == "RECEIVED"
    assert again["submission"]["reference"] == payload["submission"]["reference"]
    stored = FormSubmission.objects.get()
    assert (stored.contact_email, stored.contact_name) == ("", "")
    assert stored.idempotency_key is None
    assert stored.answers == {"rating": "3", "remarks": "Très utile"}


def test_a_sign_up_waits_for_its_confirmation(gql, network):
    add_form(
        network,
        slug="lettre",
        behaviour="signup",
        form_fields=[
            block("email", "email", "Adresse"),
            block("consent", "consent", "J'accepte."),
        ],
    )

    payload = submit(gql, "lettre", pairs(email="d@example.org", consent="true"))

    assert payload["submission"]["status"] == "PENDING_CONFIRMATION"


def test_a_hidden_step_s_answers_are_never_required(gql, network):
    add_form(
        network,
        slug="etapes",
        behaviour="survey",
        form_fields=[
            block(
                "choice",
                "member",
                "Adhérent ?",
                choices=[
                    {"value": "yes", "label": "Oui"},
                    {"value": "no", "label": "Non"},
                ],
            ),
            (
                "step",
                {
                    "key": "membership",
                    "label": "Adhésion",
                    "shown_when": condition("member", "yes"),
                },
            ),
            block("text", "since", "Depuis"),
        ],
    )

    form = gql.query(DEFINITION, {"slug": "etapes"})["data"]["form"]
    payload = submit(gql, "etapes", pairs(member="no"))

    assert form["steps"][-1]["condition"] == {"field": "member", "value": "yes"}
    assert payload["errors"] == []
