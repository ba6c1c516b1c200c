"""Every (state, action, role) combination, through the one transition service."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from forms_workflows.machine import SYSTEM
from forms_workflows.models import StatusChange
from forms_workflows.proposals.models import LabelAward, ProjectProposal
from forms_workflows.proposals.workflow import (
    PROPOSAL_WORKFLOW,
    ProposalRole,
    ProposalStatus,
)
from forms_workflows.workflow import transition
from tests.fixtures.proposals import new_proposal, user_in

# (action, states it starts from, roles allowed, target)
EXPECTED = {
    "submit": ({"draft"}, {"applicant"}, "submitted"),
    "check_eligibility": (
        {"submitted"},
        {"reviewer", "commission"},
        "eligibility_check",
    ),
    "start_expert_review": (
        {"eligibility_check"},
        {"reviewer", "commission"},
        "expert_review",
    ),
    "send_to_commission": (
        {"eligibility_check", "expert_review"},
        {"reviewer", "commission"},
        "commission",
    ),
    "request_changes": (
        {"eligibility_check", "expert_review"},
        {"reviewer", "commission"},
        "changes_requested",
    ),
    "resubmit": ({"changes_requested"}, {"applicant"}, "submitted"),
    "declare_ineligible": (
        {"eligibility_check"},
        {"reviewer", "commission"},
        "rejected",
    ),
    "award": ({"commission"}, {"commission"}, "awarded"),
    "defer": ({"commission"}, {"commission"}, "deferred"),
    "reject": ({"commission"}, {"commission"}, "rejected"),
    "withdraw": (
        {
            "draft",
            "submitted",
            "eligibility_check",
            "expert_review",
            "commission",
            "changes_requested",
        },
        {"applicant"},
        "withdrawn",
    ),
    "anonymise": (
        {"draft", "rejected", "deferred", "withdrawn"},
        {"system"},
        "anonymised",
    ),
    "add_note": (
        set(ProposalStatus.values) - {"anonymised"},
        {"reviewer", "commission"},
        None,
    ),
}


class Rollback(Exception):
    pass


def test_the_table_names_every_action_of_the_workflow():
    assert set(EXPECTED) == set(PROPOSAL_WORKFLOW.action_names)


@pytest.fixture
def actors(db):
    return {
        ProposalRole.APPLICANT: None,
        ProposalRole.STAFF: user_in("Reviewers", "staff"),
        ProposalRole.EXPERT: user_in("Experts", "expert"),
        ProposalRole.COMMISSION: user_in("Label commission", "commission"),
        ProposalRole.SYSTEM: SYSTEM,
        ProposalRole.NONE: get_user_model().objects.create_user(
            "nobody", password="x", is_staff=True
        ),
    }


@pytest.mark.parametrize("state", ProposalStatus.values)
def test_every_action_and_role_from_each_state(state, actors, campaign, region):
    proposal = new_proposal()
    for action, (sources, roles, target) in EXPECTED.items():
        for role, user in actors.items():
            with pytest.raises(Rollback), transaction.atomic():
                # given a proposal in `state`
                ProjectProposal.objects.filter(pk=proposal.pk).update(status=state)
                obj = ProjectProposal.objects.get(pk=proposal.pk)
                case = (state, action, role)
                # when `role` tries `action`
                try:
                    transition(obj, action, user=user, comment="c", note="n")
                except ValidationError as error:
                    # then a refusal has the right code and changes nothing
                    expected = (
                        "INVALID_TRANSITION"
                        if state not in sources
                        else "PERMISSION_DENIED"
                    )
                    assert state not in sources or role not in roles, case
                    assert error.code == expected, case
                    assert obj.status == state, case
                    assert not StatusChange.objects.exists(), case
                else:
                    # or an allowed move gives the new state and one log entry
                    assert state in sources and role in roles, case
                    obj.refresh_from_db()
                    assert obj.status == (target or state), case
                    change = StatusChange.objects.get()
                    assert (change.from_status, change.to_status, change.action) == (
                        state,
                        target or state,
                        action,
                    ), case
                    assert change.actor_role == role, case
                    if action == "award":
                        assert LabelAward.objects.filter(proposal=obj).count() == 1
                raise Rollback
