"""Races on PostgreSQL, each side with its own connection: one winner, clear refusals."""

import threading

import pytest
from django.core.exceptions import ValidationError

from forms_workflows.models import StatusChange
from forms_workflows.workflow import transition
from pages.models import Signatory
from tests.fixtures.adhesions import make_adhesion


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_reviewers_approving_at_once_make_one_approval(
    network, reviewer, second_reviewer
):
    # given an adhesion under review
    adhesion = make_adhesion(network, status="under_review")
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(user):
        from django.db import connections

        try:
            barrier.wait()
            transition(type(adhesion).objects.get(pk=adhesion.pk), "approve", user)
            outcomes.append("approved")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    # when both reviewers press "approve" together
    threads = [
        threading.Thread(target=approve, args=(user,))
        for user in (reviewer, second_reviewer)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then one approval went through and the other was refused with a clear code
    assert sorted(outcomes) == ["INVALID_TRANSITION", "approved"]
    assert StatusChange.objects.filter(action="approve").count() == 1
    assert Signatory.objects.filter(locale__language_code="fr").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_applications_from_one_address_stop_at_the_quota(network, settings):
    from forms_workflows.adhesions.services import submit_adhesion
    from tests.fixtures.adhesions import valid_data

    # given a quota of two applications per address
    settings.FORMS_WORKFLOWS_RATE_LIMIT = 2
    barrier = threading.Barrier(5)
    outcomes = []

    def apply(number):
        from django.db import connections

        try:
            barrier.wait()
            submission = submit_adhesion(
                valid_data(contact_email=f"a{number}@example.org"),
                charter_page=network["charter"],
                ip="198.51.100.1",
            )
            outcomes.append([e.code for e in submission.errors] or "made")
        finally:
            connections.close_all()

    # when five applications from one address arrive at once
    threads = [threading.Thread(target=apply, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then two are made and three refused
    assert outcomes.count("made") == 2
    assert outcomes.count(["RATE_LIMITED"]) == 3
    from forms_workflows.models import CharterAdhesion

    assert CharterAdhesion.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_applications_at_once_each_get_their_own_reference(network):
    from forms_workflows.adhesions.services import submit_adhesion
    from forms_workflows.models import CharterAdhesion
    from tests.fixtures.adhesions import valid_data

    # given twelve applicants from twelve addresses
    barrier = threading.Barrier(12)
    outcomes = []

    def apply(number):
        from django.db import connections

        try:
            barrier.wait()
            submission = submit_adhesion(
                valid_data(organisation_name=f"Commune {number}"),
                charter_page=network["charter"],
                ip=f"198.51.100.{number}",
            )
            outcomes.append([e.code for e in submission.errors] or "made")
        except Exception as error:  # reported to the test, not lost in the thread
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    # when they all send at the same moment
    threads = [threading.Thread(target=apply, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then each has an application with a reference of its own, none skipped
    assert outcomes == ["made"] * 12
    references = sorted(CharterAdhesion.objects.values_list("reference", flat=True))
    assert len(set(references)) == 12
    numbers = [int(reference.rsplit("-", 1)[1]) for reference in references]
    assert numbers == list(range(numbers[0], numbers[0] + 12))
