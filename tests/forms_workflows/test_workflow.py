"""Every (state, action, role) of the charter adhesion's state machine."""

import itertools

import pytest
from django.core.exceptions import ValidationError

from forms_workflows.adhesions.states import AdhesionStatus as S
from forms_workflows.machine import SYSTEM
from forms_workflows.models import CharterAdhesion, StatusChange
from forms_workflows.workflow import transition
from tests.fixtures.adhesions import make_adhesion

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


WORKFLOW = CharterAdhesion.workflow


def log_count(adhesion):
    return StatusChange.objects.filter(object_id=adhesion.pk).count()


def expected_outcome(state, action, role):
    """(refusal code, new state) that the specification gives."""
    allowed_role, new_state = ALLOWED.get((state, action), (None, None))
    if allowed_role is None:
        return "INVALID_TRANSITION", state
    if role != allowed_role:
        return "PERMISSION_DENIED", state
    return None, new_state


# The table is data: every (state, action, role) is checked in memory, without a
# database; the tests below it check, on real rows, what the database adds.
@pytest.mark.parametrize(
    ("state", "action", "role"), list(itertools.product(S.values, ACTIONS, ROLES))
)
def test_each_state_action_and_role_gives_the_specified_outcome(state, action, role):
    expected_code, expected_state = expected_outcome(state, action, role)
    try:
        spec = WORKFLOW.check(state, action, role)
    except ValidationError as error:
        assert error.code == expected_code, (state, action, role)
    else:
        assert expected_code is None, (state, action, role)
        assert (spec.target or state) == expected_state


@pytest.fixture
def actors(reviewer, editor):
    return {"applicant": None, "reviewer": reviewer, "system": SYSTEM, "none": editor}


def test_each_actor_has_the_role_the_table_names(network, actors):
    adhesion = make_adhesion(network)
    for role, user in actors.items():
        assert WORKFLOW.role_on(adhesion, user) == role


@pytest.mark.parametrize(("state", "action"), sorted(ALLOWED))
def test_an_allowed_arrow_moves_the_row_and_logs_it_once(
    network, actors, state, action
):
    # given an adhesion in `state`
    adhesion = make_adhesion(network, status=state)
    logged = log_count(adhesion)
    role, new_state = ALLOWED[(state, action)]
    # when the specified role asks for `action`
    change = transition(adhesion, action, user=actors[role], comment="Merci", note="Vu")
    # then the row moves, with exactly one log entry
    adhesion.refresh_from_db()
    assert adhesion.status == new_state
    assert log_count(adhesion) == logged + 1
    assert (change.from_status, change.to_status) == (state, new_state)


@pytest.mark.parametrize(
    ("state", "action", "role"),
    [
        (S.SUBMITTED, "approve", "reviewer"),  # not from this state
        (S.UNDER_REVIEW, "approve", "none"),  # not for this user
        (S.UNDER_REVIEW, "approve", "applicant"),
        (S.ANONYMISED, "add_note", "reviewer"),
    ],
)
def test_a_refused_transition_leaves_the_row_and_the_log_as_they_were(
    network, actors, state, action, role
):
    adhesion = make_adhesion(network, status=state)
    logged = log_count(adhesion)
    with pytest.raises(ValidationError) as refusal:
        transition(adhesion, action, user=actors[role], comment="Merci", note="Vu")
    assert refusal.value.code == expected_outcome(state, action, role)[0]
    adhesion.refresh_from_db()
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
