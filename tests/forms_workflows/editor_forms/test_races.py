"""The last place, asked for by several people at once (PostgreSQL, one connection each).

Two locks stand in the way of a double booking: the form's rows
(`places.lock_form`) and, taken in the same transaction before the places
are counted, the reference counter's row (`next_reference`). Either alone
keeps this test green; it fails only when neither serialises the requests.
"""

import threading

import pytest
from django.db import connections

from forms_workflows.editor_forms import services
from forms_workflows.editor_forms.models import EditorFormPage, FormSubmission
from tests.fixtures.editor_forms import add_form, answers, send

PEOPLE = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_registrations_never_confirm_more_than_the_places(
    network, event, settings
):
    settings.FORMS_WORKFLOWS_RATE_LIMIT = 100
    page = add_form(network, event_page=event, places=2)
    send(page, answers(email="first@example.org"))  # one place left
    barrier = threading.Barrier(PEOPLE)
    outcomes = []

    def register(n):
        try:
            barrier.wait()
            form = EditorFormPage.objects.get(pk=page.pk)
            result = send(
                form, answers(email=f"p{n}@example.org"), ip=f"192.0.2.{n + 10}"
            )
            outcomes.append(result.status or [e.code for e in result.errors])
        except Exception as error:  # reported to the test, not lost in the thread
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(map(str, outcomes)) == ["CONFIRMED"] + ["WAITLISTED"] * (PEOPLE - 1)
    assert FormSubmission.objects.filter(status="confirmed").count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_cancellation_and_a_registration_at_once_give_the_place_once(
    network, event, settings
):
    settings.FORMS_WORKFLOWS_RATE_LIMIT = 100
    page = add_form(network, event_page=event, places=1)
    holder = send(page, answers(email="holder@example.org"))
    waiting = send(page, answers(email="waiting@example.org"), ip="192.0.2.2")
    barrier = threading.Barrier(2)
    outcomes = []

    def cancel():
        barrier.wait()
        return services.cancel(holder.status_token).status

    def register():
        barrier.wait()
        return send(
            EditorFormPage.objects.get(pk=page.pk),
            answers(email="newcomer@example.org"),
            ip="192.0.2.3",
        ).status

    threads = [_thread(target, outcomes) for target in (cancel, register)]
    for thread in threads:
        thread.join()

    assert FormSubmission.objects.filter(status="confirmed").count() == 1
    waiting.submission.refresh_from_db()
    assert waiting.submission.status == "confirmed"  # first come, first served
    assert "WAITLISTED" in outcomes


def _thread(target, outcomes):
    def run():
        try:
            outcomes.append(target())
        except Exception as error:  # reported to the test, not lost in the thread
            outcomes.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread
