"""Two reviewers approving at once: one approval, one clear refusal."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from forms_workflows.models import StatusChange
from forms_workflows.workflow import transition
from pages.models import Signatory

from .conftest import make_adhesion


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_approving_at_once_make_one_approval(
    network, reviewer, second_reviewer
):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
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
