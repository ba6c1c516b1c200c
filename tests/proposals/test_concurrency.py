"""A draft save racing a withdrawal or an anonymisation never revives the draft.

Two real connections on PostgreSQL: the test holds the row lock of a
withdrawal (or an anonymisation) while the applicant's save, in a thread with
its own connection, reaches the same row; then the first commits.
"""

import pytest
from django.db import transaction

from forms_workflows.machine import SYSTEM
from forms_workflows.proposals import services
from forms_workflows.proposals.models import ProjectProposal
from forms_workflows.workflow import transition
from tests.fixtures.proposals import complete_data, new_proposal
from tests.races import in_thread, wait_for_a_blocked_connection

# Serialized rollback: the rows migrations create (groups, root page) come back.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def save_racing(proposal, move, **move_kwargs):
    """Save the draft from another connection while `move` holds the row's lock."""
    token = proposal.status_token
    outcomes = []
    with transaction.atomic():
        transition(proposal, move, **move_kwargs)
        thread = in_thread(
            lambda: services.save_draft(
                complete_data(project_name="Renommé", contact_name="Claire Martin"),
                token=token,
                check_guards=False,
            ),
            outcomes,
        )
        wait_for_a_blocked_connection()
    thread.join()
    (outcome,) = outcomes
    assert not isinstance(outcome, Exception), outcome
    return outcome


def test_a_save_racing_a_withdrawal_does_not_revive_the_draft(campaign, region):
    # given a draft the applicant is saving while withdrawing it in another tab
    proposal = new_proposal()
    # when both reach the row together
    outcome = save_racing(proposal, "withdraw")
    # then the withdrawal stands and the save is refused
    assert [(e.field, e.code) for e in outcome.errors] == [("token", "NOT_EDITABLE")]
    stored = ProjectProposal.objects.get(pk=proposal.pk)
    assert stored.status == "withdrawn"
    assert stored.project_name == "Les Rives"


def test_a_save_racing_the_anonymisation_never_writes_the_contact_back(
    campaign, region
):
    # given a stale draft the retention command anonymises
    proposal = new_proposal()
    # when the applicant's save reaches the row during the anonymisation
    outcome = save_racing(proposal, "anonymise", user=SYSTEM)
    # then the erased data stay erased
    assert outcome.errors
    stored = ProjectProposal.objects.get(pk=proposal.pk)
    assert stored.status == "anonymised"
    assert stored.contact_name == stored.contact_email == ""
