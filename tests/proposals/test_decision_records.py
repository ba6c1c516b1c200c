"""A decision's record stays as decided: frozen scores, awards changed by no form."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from forms_workflows.proposals import scoring
from forms_workflows.proposals.models import (
    ExpertAssignment,
    ExpertScore,
    LabelAward,
)
from forms_workflows.workflow import transition
from tests.fixtures.proposals import new_proposal

pytestmark = pytest.mark.django_db


def review_data(score):
    data = {"recommendation": "award", "site_visit_on": "2026-06-01", "summary": ""}
    for number in range(1, 5):
        data[f"score_{number}"] = str(score)
        data[f"comment_{number}"] = "Bien"
    return data


@pytest.fixture
def decided(campaign, region, staff, expert, commission, client):
    """A proposal the expert scored 2 everywhere, then awarded by the commission."""
    proposal = new_proposal(submit=True)
    transition(proposal, "check_eligibility", user=staff)
    transition(proposal, "start_expert_review", user=staff)
    ExpertAssignment.objects.create(proposal=proposal, expert=expert)
    client.force_login(expert)
    url = reverse("proposals_projectproposal:score", args=[proposal.pk])
    assert client.post(url, review_data(2)).status_code == 302
    transition(proposal, "send_to_commission", user=staff)
    transition(proposal, "award", user=commission)
    return proposal


def test_an_expert_cannot_change_scores_after_the_decision(decided, client, expert):
    # when the expert sends other scores after the award
    url = reverse("proposals_projectproposal:score", args=[decided.pk])
    response = client.post(url, review_data(0))

    # then the form says why, and the scores the commission read stay
    assert response.status_code == 200
    codes = [e.code for e in response.context["form"].non_field_errors().as_data()]
    assert codes == [scoring.SCORES_LOCKED]
    scores = ExpertScore.objects.filter(review__assignment__proposal=decided)
    assert {s.score for s in scores} == {2}


def test_the_scoring_service_refuses_a_decided_proposal(decided, expert):
    assignment = decided.assignments.get(expert=expert)
    data = {k: v for k, v in review_data(1).items() if not k.startswith("score")}
    data.update({f"score_{n}": 1 for n in range(1, 5)})
    with pytest.raises(ValidationError) as refused:
        scoring.save_expert_review(assignment, data, [])
    assert refused.value.code == scoring.SCORES_LOCKED


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "x")


def test_an_award_given_by_the_commission_keeps_its_decision_in_the_admin(
    decided, client, admin_user, past_campaign
):
    award = LabelAward.objects.get(proposal=decided)
    client.force_login(admin_user)

    # when someone edits its stage and campaign, then tries to delete it
    client.post(
        reverse("proposals_labelaward:edit", args=[award.pk]),
        {
            "project": award.project_id,
            "stage": 3,
            "campaign": past_campaign.pk,
            "awarded_on": "2020-01-01",
        },
    )
    client.post(reverse("proposals_labelaward:delete", args=[award.pk]))

    # then the decision stands
    award.refresh_from_db()
    assert (award.stage, award.campaign_id) == (1, decided.campaign_id)
    assert LabelAward.objects.filter(pk=award.pk).exists()


def test_an_award_entered_by_hand_stays_editable(
    campaign, past_campaign, region, client, admin_user
):
    proposal = new_proposal()
    award = LabelAward.objects.create(
        project=proposal.project, stage=1, campaign=past_campaign
    )
    client.force_login(admin_user)

    client.post(
        reverse("proposals_labelaward:edit", args=[award.pk]),
        {
            "project": award.project_id,
            "stage": 2,
            "campaign": past_campaign.pk,
            "awarded_on": "2020-01-01",
        },
    )

    award.refresh_from_db()
    assert award.stage == 2
    # and the edit is in the award's history
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    assert ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(LabelAward),
        object_id=str(award.pk),
        action="wagtail.edit",
        user=admin_user,
    ).exists()
