"""Registration: places, the waiting list, cancellations, the e-mails with the event."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import Locale

from forms_workflows import guards
from forms_workflows.editor_forms import retention, services
from forms_workflows.editor_forms.places import places_left
from forms_workflows.editor_forms.reminders import remind_due
from forms_workflows.editor_forms.services import listing
from forms_workflows.editor_forms.services.reading import definition_of
from tests.fixtures.editor_forms import add_form, answers, send


@pytest.fixture(autouse=True)
def _mail(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_the_places_go_then_people_wait_and_a_cancellation_confirms_the_first(
    registration_form, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = send(registration_form, answers(email="a@example.org"))
        second = send(registration_form, answers(email="b@example.org"), ip="192.0.2.2")
        third = send(registration_form, answers(email="c@example.org"), ip="192.0.2.3")

    assert [first.status, second.status, third.status] == [
        "CONFIRMED",
        "CONFIRMED",
        "WAITLISTED",
    ]
    assert places_left(registration_form) == 0
    confirmation = next(m for m in mail.outbox if m.to == ["a@example.org"])
    assert confirmation.attachments[0][0] == "event.ics"
    assert "Grande Arche" in str(confirmation.attachments[0][1])
    assert first.status_token in confirmation.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.cancel(first.status_token)

    assert cancelled.status == "CANCELLED"
    third.submission.refresh_from_db()
    assert third.submission.status == "confirmed"
    told = next(m for m in mail.outbox if m.to == ["c@example.org"])
    assert told.attachments[0][0] == "event.ics"
    assert places_left(registration_form) == 0


def test_a_hidden_answer_is_dropped_and_the_definition_says_so(registration_form):
    result = send(registration_form, answers(meal="no", dietary_needs="Sans gluten"))

    assert result.errors == []
    assert "dietary_needs" not in result.submission.answers
    definition = definition_of(registration_form)
    assert definition.behaviour == "registration"
    assert definition.places_left == 1
    assert definition.field("dietary_needs").condition.field == "meal"


def test_a_full_registration_without_waiting_list_refuses_with_event_full(
    network, event
):
    page = add_form(network, event_page=event, places=1, waiting_list=False)
    assert send(page).status == "CONFIRMED"

    refused = send(page, answers(email="late@example.org"), ip="192.0.2.9")

    assert [(e.field, e.code) for e in refused.errors] == [(None, "EVENT_FULL")]
    assert page.submissions.count() == 1


def test_registrations_close_when_the_event_starts(registration_form, event):
    event.start = timezone.now() - timedelta(minutes=1)
    event.save()

    result = send(registration_form)

    assert [e.code for e in result.errors] == ["EVENT_STARTED"]
    assert definition_of(registration_form).closes_at == event.start


def test_the_same_address_cannot_take_two_places(registration_form):
    send(registration_form)

    again = send(registration_form, ip="192.0.2.7")

    assert [(e.field, e.code) for e in again.errors] == [
        ("email", "ALREADY_REGISTERED")
    ]


def test_a_retried_request_gets_the_same_registration_back(registration_form):
    first = send(registration_form, idempotency_key="retry-1")
    again = send(registration_form, idempotency_key="retry-1")
    other_body = send(
        registration_form, answers(email="x@example.org"), idempotency_key="retry-1"
    )

    assert again.submission.pk == first.submission.pk and not again.created
    assert again.status == "CONFIRMED"
    assert [e.code for e in other_body.errors] == ["IDEMPOTENCY_KEY_REUSED"]
    assert registration_form.submissions.count() == 1


def test_the_guards_of_the_core_apply(registration_form):
    robot = send(registration_form, honeypot="http://spam.example")
    hurried = send(registration_form, form_token=guards.issue_form_token())

    assert [e.code for e in robot.errors] == ["SPAM_SUSPECTED"]
    assert [e.code for e in hurried.errors] == ["FORM_TOO_FAST"]
    assert registration_form.submissions.count() == 0


def test_the_reminder_goes_once_the_day_before_with_the_event(
    registration_form, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registered = send(registration_form)
    mail.outbox.clear()

    early = remind_due(now=event.start - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        reminded = remind_due(now=event.start - timedelta(hours=20))
    again = remind_due(now=event.start - timedelta(hours=19))

    assert early == [] and again == []
    assert [s.pk for s in reminded] == [registered.submission.pk]
    (message,) = mail.outbox
    assert message.to == ["camille.martin@example.org"]
    assert "Séminaire d'accueil" in message.body
    assert message.attachments[0][0] == "event.ics"


def test_the_english_copy_shares_the_places_and_writes_in_english(
    network, event, django_capture_on_commit_callbacks
):
    registration_form = add_form(network, event_page=event, places=2)
    en = Locale.objects.get(language_code="en")
    registration_form.get_parent().copy_for_translation(en)
    english = registration_form.copy_for_translation(en)
    english.title = "Registration for the seminar"
    english.save_revision().publish()

    with django_capture_on_commit_callbacks(execute=True):
        send(registration_form)
        result = send(english, answers(email="en@example.org"), ip="192.0.2.5")
        waiting = send(english, answers(email="en2@example.org"), ip="192.0.2.6")

    assert result.status == "CONFIRMED" and waiting.status == "WAITLISTED"
    told = next(m for m in mail.outbox if m.to == ["en@example.org"])
    assert told.subject.startswith("Your registration is confirmed")
    assert told.extra_headers["Content-Language"] == "en"


def test_the_event_page_reads_its_registrations_and_places_left(
    registration_form, event
):
    registration_form.save_revision().publish()
    send(registration_form)

    assert listing.registrations_for(event) == [(registration_form, 1)]


def test_a_cancelled_event_takes_no_registration(registration_form, event):
    event.status = "cancelled"
    event.save()

    assert [e.code for e in send(registration_form).errors] == ["FORM_CLOSED"]


def test_the_privacy_notice_states_the_forms_retention_period(
    network, registration_form
):
    definition = definition_of(registration_form)

    assert definition.privacy_notice.startswith("Vos données servent")
    assert "90 jours" in definition.privacy_notice
    assert retention.periods_of(network["site"]) == [("Inscription au séminaire", 90)]
