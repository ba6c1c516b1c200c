"""Every (state, action, role) of the charter adhesion's state machine."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from forms_workflows.adhesion_workflow import AdhesionStatus as S
from forms_workflows.models import CharterAdhesion, StatusChange
from forms_workflows.workflow import SYSTEM, transition

from .conftest import make_adhesion

OPEN = [S.AWAITING_EMAIL_CONFIRMATION, S.SUBMITTED, S.UNDER_REVIEW, S.CHANGES_REQUESTED]

# The specification, written out by hand: (state, action) -> (role, new state).
ALLOWED = {
    (S.AWAITING_EMAIL_CONFIRMATION, "confirm_email"): ("applicant", S.SUBMITTED),
    (S.SUBMITTED, "start_review"): ("reviewer", S.UNDER_REVIEW),
    (S.UNDER_REVIEW, "request_changes"): ("reviewer", S.CHANGES_REQUESTED),
    (S.CHANGES_REQUESTED, "resubmit"): ("applicant", S.UNDER_REVIEW),
    (S.UNDER_REVIEW, "approve"): ("reviewer", S.APPROVED),
    (S.SUBMITTED, "reject"): ("reviewer", S.REJECTED),
    (S.UNDER_REVIEW, "reject"): ("reviewer", S.REJECTED),
    (S.CHANGES_REQUESTED, "reject"): ("reviewer", S.REJECTED),
    (S.APPROVED, "revoke"): ("reviewer", S.REVOKED),
    **{(state, "withdraw"): ("applicant", S.WITHDRAWN) for state in OPEN},
    **{
        (state, "anonymise"): ("system", S.ANONYMISED)
        for state in (
            S.AWAITING_EMAIL_CONFIRMATION,
            S.REJECTED,
            S.WITHDRAWN,
            S.REVOKED,
        )
    },
    **{
        (state, "add_note"): ("reviewer", state)
        for state in S.values
        if state != S.ANONYMISED
    },
}
ACTIONS = sorted({action for _state, action in ALLOWED} | {"publish", ""})
ROLES = ["applicant", "reviewer", "system", "none"]


@pytest.fixture
def actors(reviewer, editor):
    return {"applicant": None, "reviewer": reviewer, "system": SYSTEM, "none": editor}


def log_count(adhesion):
    return StatusChange.objects.filter(object_id=adhesion.pk).count()


@pytest.mark.parametrize(
    ("state", "action"), list(itertools.product(S.values, ACTIONS))
)
def test_each_state_action_and_role_gives_the_specified_outcome(
    network, actors, state, action
):
    for role in ROLES:
        # given an adhesion in `state`
        adhesion = make_adhesion(network, status=state)
        logged = log_count(adhesion)
        allowed_role, new_state = ALLOWED.get((state, action), (None, None))
        # when `role` asks for `action`
        try:
            change = transition(
                adhesion, action, user=actors[role], comment="Merci", note="Vu"
            )
        except ValidationError as error:
            refused = error.code
        else:
            refused = None
        # then only the specified role moves it, with exactly one log entry
        adhesion.refresh_from_db()
        if allowed_role is None:
            expected = "INVALID_TRANSITION"
        elif role != allowed_role:
            expected = "PERMISSION_DENIED"
        else:
            expected = None
        assert refused == expected, (state, action, role)
        if expected is None:
            assert adhesion.status == new_state
            assert log_count(adhesion) == logged + 1
            assert (change.from_status, change.to_status) == (state, new_state)
        else:
            assert adhesion.status == state
            assert log_count(adhesion) == logged


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (S.UNDER_REVIEW, "request_changes"),
        (S.UNDER_REVIEW, "reject"),
        (S.APPROVED, "revoke"),
    ],
)
def test_a_decision_that_the_applicant_must_understand_needs_a_comment(
    network, reviewer, state, action
):
    # given an adhesion a reviewer may act on
    adhesion = make_adhesion(network, status=state)
    # when the reviewer acts without a comment
    with pytest.raises(ValidationError) as refusal:
        transition(adhesion, action, user=reviewer, comment="  ")
    # then nothing changes
    assert refusal.value.code == "COMMENT_REQUIRED"
    assert CharterAdhesion.objects.get(pk=adhesion.pk).status == state


def test_the_first_submission_is_logged_once(network):
    adhesion = make_adhesion(network)
    (change,) = StatusChange.objects.filter(object_id=adhesion.pk)
    assert (change.from_status, change.to_status, change.action) == (
        "",
        S.AWAITING_EMAIL_CONFIRMATION,
        "submit",
    )
