"""Registration: places, the waiting list, cancellations, the e-mails with the event."""

import pytest
from django.core import mail

from forms_workflows.editor_forms import services
from forms_workflows.editor_forms.places import places_left
from forms_workflows.editor_forms.services.reading import definition_of
from tests.fixtures.editor_forms import answers, send


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
