"""Retention: an anonymised proposal keeps nothing that could name a person."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from forms_workflows.machine import SYSTEM
from forms_workflows.proposals import services
from forms_workflows.proposals.models import (
    ExpertAssignment,
    ExpertReview,
    ExpertScore,
    LabelAward,
    ProjectProposal,
    ProposalAttachment,
)
from forms_workflows.retention import anonymise_due
from forms_workflows.workflow import transition
from pages.models import Commitment
from tests.fixtures.proposals import (
    complete_data,
    files_on_disk,
    new_proposal,
    pdf,
    png,
)

pytestmark = pytest.mark.django_db


def age(proposal, days):
    ProjectProposal.objects.filter(pk=proposal.pk).update(
        status_changed_at=timezone.now() - timedelta(days=days)
    )


def proposal_with_everything(staff, expert):
    """A rejected proposal with files, answers, an expert's text and a history."""
    outcome = services.save_draft(
        complete_data(presentation_note="Claire Martin, 12 rue des Lilas."),
        {
            "plan": [pdf()],
            "charter": [pdf("charte-signee.pdf")],
            "illustration": [png()],
        },
        check_guards=False,
    )
    assert not outcome.errors, outcome.errors
    proposal = outcome.proposal
    transition(proposal, "submit")
    transition(proposal, "check_eligibility", user=staff)
    transition(
        proposal, "request_changes", user=staff, comment="Madame Martin, add a plan."
    )
    transition(proposal, "resubmit", comment="Here it is, Claire (06 12 34 56 78).")
    transition(proposal, "check_eligibility", user=staff)
    transition(proposal, "start_expert_review", user=staff)
    assignment = ExpertAssignment.objects.create(proposal=proposal, expert=expert)
    review = ExpertReview.objects.create(
        assignment=assignment, summary="Met Claire Martin on site."
    )
    ExpertScore.objects.create(
        review=review,
        commitment=Commitment.objects.first(),
        score=2,
        comment="Mme Martin explained the plan.",
    )
    transition(proposal, "send_to_commission", user=staff, note="Claire is a friend")
    return proposal


def test_anonymising_a_proposal_erases_its_files_answers_and_history_text(
    campaign, region, staff, expert, commission, django_capture_on_commit_callbacks
):
    # given a rejected proposal holding files, answers and comments
    proposal = proposal_with_everything(staff, expert)
    transition(proposal, "reject", user=commission, comment="Sorry, Claire.")
    assert len(files_on_disk()) == 3
    age(proposal, 400)

    # when the retention command runs (and its transaction commits)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("anonymise_applications", stdout=open("/dev/null", "w"))

    # then nothing that could name a person is left
    proposal.refresh_from_db()
    assert proposal.status == "anonymised"
    assert files_on_disk() == []
    assert not ProposalAttachment.objects.filter(proposal=proposal).exists()
    assert proposal.presentation_note == ""
    assert {a.answer for a in proposal.answers.all()} == {""}
    assert {a.self_assessment for a in proposal.answers.all()} == {2}
    history = proposal.status_changes.all()
    assert history.filter(action="resubmit").exists()
    assert {(c.comment, c.note) for c in history} == {("", "")}
    review = ExpertReview.objects.get(assignment__proposal=proposal)
    assert review.summary == ""
    assert [(s.score, s.comment) for s in review.scores.all()] == [(2, "")]
    # an unlabelled project keeps no free text either
    proposal.project.refresh_from_db()
    assert proposal.project.leading_body == ""


def test_a_labelled_projects_public_record_outlives_its_anonymised_proposal(
    campaign, past_campaign, region
):
    # given a project labelled in an earlier campaign, applying for the next stage
    proposal = new_proposal(stage=2)
    award = LabelAward.objects.create(
        project=proposal.project, stage=1, campaign=past_campaign
    )
    transition(proposal, "withdraw")

    # when the withdrawn proposal is anonymised
    transition(proposal, "anonymise", user=SYSTEM)

    # then the labelled project's public fields stay
    project = award.project
    project.refresh_from_db()
    assert (project.name, project.leading_body) == ("Les Rives", "Ville de Montpellier")
    assert LabelAward.objects.filter(pk=award.pk).exists()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.contact_name) == ("anonymised", "")


@pytest.mark.parametrize("state, days", [("draft", 366), ("deferred", 731)])
def test_drafts_and_deferred_proposals_are_erased_by_default(
    campaign, region, staff, expert, commission, state, days
):
    # given the default settings and a proposal left in that state for long
    if state == "draft":
        proposal = new_proposal()
    else:
        proposal = proposal_with_everything(staff, expert)
        transition(proposal, "defer", user=commission, comment="Next year.")
    recent = new_proposal(project_name="Le Plateau")
    age(proposal, days)

    # when the retention runs
    done = anonymise_due()

    # then the old one is anonymised, the recent draft kept
    assert [p.pk for p in done] == [proposal.pk]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.contact_email) == ("anonymised", "")
    recent.refresh_from_db()
    assert recent.status == "draft"
