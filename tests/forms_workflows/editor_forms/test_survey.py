"""Surveys: anonymous answers keep nobody's identity; staff read results and exports."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from forms_workflows.editor_forms.invitations import invite
from forms_workflows.editor_forms.models import FormSubmission, Invitation
from forms_workflows.editor_forms.results import answers_table, summary
from forms_workflows.models import StatusChange
from tests.fixtures.editor_forms import add_form, block, send

SATISFACTION = [
    block(
        "choice",
        "satisfied",
        "Êtes-vous satisfait ?",
        choices=[
            {"value": "yes", "label": "Oui"},
            {"value": "no", "label": "Non"},
        ],
    ),
    block(
        "multiple_choice",
        "useful",
        "Ce qui vous sert",
        required=False,
        choices=[
            {"value": "letter", "label": "La lettre"},
            {"value": "meetings", "label": "Les rencontres"},
        ],
    ),
    block("long_text", "remarks", "Remarques", required=False, max_length=500),
]


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def anonymous_survey(network):
    return add_form(
        network,
        slug="satisfaction",
        title="Questionnaire de satisfaction",
        behaviour="survey",
        anonymous=True,
        form_fields=SATISFACTION,
    )


def test_an_anonymous_answer_stores_no_address_key_nor_client(anonymous_survey):
    result = send(
        anonymous_survey,
        {"satisfied": "yes", "useful": ["letter"], "remarks": "=1+1 merci"},
        idempotency_key="anon-1",
        ip="203.0.113.77",
    )
    retried = send(
        anonymous_survey,
        {"satisfied": "yes", "useful": ["letter"], "remarks": "=1+1 merci"},
        idempotency_key="anon-1",
        ip="203.0.113.77",
    )

    assert result.status == "RECEIVED"
    assert retried.submission.pk == result.submission.pk
    stored = FormSubmission.objects.get()
    assert stored.contact_email == "" and stored.contact_name == ""
    assert stored.idempotency_key is None and stored.idempotency_fingerprint == ""
    row = FormSubmission.objects.filter(pk=stored.pk).values().get()
    assert "203.0.113.77" not in str(row)
    assert StatusChange.objects.filter(actor__isnull=False).count() == 0
    assert mail.outbox == []


def test_staff_read_counts_per_choice_and_the_texts(anonymous_survey):
    send(anonymous_survey, {"satisfied": "yes", "useful": ["letter", "meetings"]})
    send(anonymous_survey, {"satisfied": "yes", "useful": ["letter"]}, ip="192.0.2.2")
    send(anonymous_survey, {"satisfied": "no", "remarks": "Trop loin"}, ip="192.0.2.3")

    total, questions = summary(anonymous_survey)

    assert total == 3
    satisfied, useful, remarks = questions
    assert [(c.label, c.count, c.percent) for c in satisfied.counts] == [
        ("Oui", 2, 67),
        ("Non", 1, 33),
    ]
    assert [(c.label, c.count) for c in useful.counts] == [
        ("La lettre", 2),
        ("Les rencontres", 1),
    ]
    assert remarks.texts == ["Trop loin"]


def test_the_export_has_labels_a_bom_and_no_formula(anonymous_survey, admin_client):
    send(anonymous_survey, {"satisfied": "yes", "remarks": "=HYPERLINK(1)"})

    header, rows = answers_table(anonymous_survey)
    response = admin_client.get(
        f"/admin/form-answers/forms/{anonymous_survey.pk}/answers.csv"
    )
    xlsx = admin_client.get(
        f"/admin/form-answers/forms/{anonymous_survey.pk}/answers.xlsx"
    )

    # anonymous: the reference, status, time and language, then the questions; no identity
    assert header[4:] == ["Êtes-vous satisfait ?", "Ce qui vous sert", "Remarques"]
    assert rows[0][4] == "Oui"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert lines[0][4] == "Êtes-vous satisfait ?"
    assert lines[1][-1] == "'=HYPERLINK(1)"
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=2, column=7).value == "=HYPERLINK(1)"
    assert sheet.cell(row=2, column=7).data_type == "s"


def test_personal_links_give_one_answer_each_and_stay_anonymous(network):
    survey = add_form(
        network,
        slug="adherents",
        title="Questionnaire des adhérents",
        behaviour="survey",
        anonymous=True,
        invitation_only=True,
        form_fields=SATISFACTION,
    )
    sent = invite(survey, ["a@example.org", "b@example.org", "a@example.org"])
    token = sent[0].token

    without = send(survey, {"satisfied": "yes"})
    first = send(survey, {"satisfied": "yes"}, invitation=token)
    second = send(survey, {"satisfied": "no"}, invitation=token, ip="192.0.2.8")

    assert len(sent) == 2 and len(mail.outbox) == 2
    assert f"invitation={token}" in mail.outbox[0].body
    assert [e.code for e in without.errors] == ["INVITATION_REQUIRED"]
    assert first.status == "RECEIVED"
    assert [e.code for e in second.errors] == ["INVITATION_USED"]
    assert "a@example.org" not in str(FormSubmission.objects.values().get())


def test_the_results_screen_draws_a_chart_staff_can_read(
    anonymous_survey, admin_client
):
    send(anonymous_survey, {"satisfied": "yes"})

    page = admin_client.get(f"/admin/form-answers/forms/{anonymous_survey.pk}/")
    listing = admin_client.get("/admin/form-answers/forms/")

    html = page.content.decode()
    assert '<th scope="row">Oui</th><td>1</td><td>100 %</td>' in html
    assert "<script" not in html.split('<div class="nice-padding form-results">')[1]
    assert "Questionnaire de satisfaction" in listing.content.decode()


def test_the_members_addresses_go_with_the_forms_retention(network):
    survey = add_form(
        network,
        slug="invites",
        behaviour="survey",
        invitation_only=True,
        form_fields=SATISFACTION,
    )
    (old,) = invite(survey, ["old@example.org"])
    Invitation.objects.filter(pk=old.pk).update(
        sent_at=timezone.now() - timedelta(days=91)
    )
    invite(survey, ["new@example.org"])

    call_command("prune_form_invitations", stdout=io.StringIO())

    assert list(Invitation.objects.values_list("email", flat=True)) == [
        "new@example.org"
    ]
