"""Drafts keep incomplete answers; `submit` lists every missing item with its code."""

import datetime

from django.utils import timezone

from forms_workflows.models import StatusChange
from forms_workflows.proposals import services
from forms_workflows.proposals.models import LabelAward, ProjectProposal
from tests.fixtures.proposals import complete_data, new_proposal, pdf


def codes(outcome):
    return {(error.field, error.code) for error in outcome.errors}


def test_a_draft_keeps_incomplete_answers(campaign, region):
    # given a draft with one answer of four and no files
    data = {
        "project_name": "Les Rives",
        "stage": "1",
        "answers": {1: {"answer": "Une concertation large", "self_assessment": ""}},
    }

    # when it is saved
    outcome = services.save_draft(data, check_guards=False)

    # then it is kept as a draft, with its answer, and nothing is logged yet
    assert outcome.errors == []
    proposal = outcome.proposal
    assert proposal.status == "draft"
    assert proposal.reference == f"PRJ-{campaign.year}-0001"
    answer = proposal.answers.get()
    assert (answer.commitment.number, answer.answer) == (1, "Une concertation large")
    assert answer.self_assessment is None


def test_submit_lists_every_missing_item_with_its_code(campaign, region):
    # given a draft with one answer and no files, contact or consent
    outcome = services.save_draft(
        {
            "project_name": "Les Rives",
            "stage": "1",
            "answers": {1: {"answer": "Oui", "self_assessment": 1}},
        },
        check_guards=False,
    )
    proposal = outcome.proposal

    # when the applicant sends it
    result = services.submit(proposal)

    # then every missing item comes back, each with its field and code
    assert codes(result) == {
        ("commune", "REQUIRED"),
        ("region", "REQUIRED"),
        ("context", "REQUIRED"),
        ("leadingBody", "REQUIRED"),
        ("leadingBodyKind", "REQUIRED"),
        ("presentationNote", "REQUIRED"),
        ("contactName", "REQUIRED"),
        ("contactEmail", "REQUIRED"),
        ("consent", "REQUIRED"),
        *{(f"answers.{n}.answer", "REQUIRED") for n in (2, 3, 4)},
        *{(f"answers.{n}.selfAssessment", "REQUIRED") for n in (2, 3, 4)},
        ("plan", "REQUIRED"),
        ("charter", "REQUIRED"),
    }
    proposal.refresh_from_db()
    assert proposal.status == "draft"
    assert not StatusChange.objects.exists()


def test_a_complete_draft_is_sent_and_logged(campaign, region):
    # given a complete draft
    proposal = new_proposal()

    # when it is sent
    result = services.submit(proposal)

    # then it is submitted, with one log entry
    assert result.errors == []
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert proposal.submitted_at is not None
    assert proposal.status_changes.get().action == "submit"


def test_the_applicant_continues_a_draft_through_its_secret_token(campaign, region):
    # given a draft saved without its presentation note
    first = services.save_draft(
        complete_data(presentation_note=""), {"plan": [pdf()]}, check_guards=False
    ).proposal

    # when the applicant comes back with the token and adds the note and charter
    again = services.save_draft(
        complete_data(presentation_note="Une note."),
        {"charter": [pdf("charte.pdf")]},
        token=first.status_token,
        submit=True,
    )

    # then the same proposal is sent, with both files
    assert again.errors == []
    assert again.proposal.pk == first.pk
    assert again.proposal.status == "submitted"
    assert ProjectProposal.objects.count() == 1
    assert sorted(a.kind for a in again.proposal.attachments.all()) == [
        "charter",
        "plan",
    ]


def test_a_presentation_note_over_the_limit_is_refused(campaign, region, settings):
    settings.PROPOSALS_PRESENTATION_NOTE_MAX_LENGTH = 100

    outcome = services.save_draft(
        complete_data(presentation_note="x" * 101), check_guards=False
    )

    assert ("presentationNote", "MAX_LENGTH") in codes(outcome)
    assert not ProjectProposal.objects.exists()


def test_a_self_assessment_outside_0_to_3_is_refused(campaign, region):
    outcome = services.save_draft(
        complete_data(answers={1: {"answer": "a", "self_assessment": 4}}),
        check_guards=False,
    )

    assert codes(outcome) == {("answers.1.selfAssessment", "INVALID_CHOICE")}


def test_outside_the_campaign_dates_nothing_is_taken(campaign, region):
    # given the campaign closed yesterday
    campaign.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    campaign.save()

    # when a draft is started
    outcome = services.save_draft(complete_data(), check_guards=False)

    # then it is refused as CAMPAIGN_CLOSED
    assert codes(outcome) == {(None, "CAMPAIGN_CLOSED")}
    assert not ProjectProposal.objects.exists()


def test_a_draft_cannot_be_sent_once_the_campaign_closed(campaign, region):
    # given a complete draft, and the campaign closes
    proposal = new_proposal()
    campaign.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    campaign.save()

    # when it is sent
    result = services.submit(proposal)

    # then CAMPAIGN_CLOSED, still a draft
    assert codes(result) == {(None, "CAMPAIGN_CLOSED")}
    proposal.refresh_from_db()
    assert proposal.status == "draft"


def test_a_campaign_not_yet_open_refuses_proposals(campaign, region):
    campaign.opens_on = timezone.localdate() + datetime.timedelta(days=1)
    campaign.save()

    outcome = services.save_draft(complete_data(), check_guards=False)

    assert codes(outcome) == {(None, "CAMPAIGN_CLOSED")}


def test_a_new_project_cannot_apply_for_stage_2(campaign, region):
    # given a new project applying directly for stage 2
    proposal = new_proposal(stage=2)

    # when it is sent
    result = services.submit(proposal)

    # then STAGE_ORDER
    assert codes(result) == {("stage", "STAGE_ORDER")}


def test_a_project_holding_stage_1_may_apply_for_stage_2(
    campaign, past_campaign, region
):
    # given a project awarded stage 1 in last year's campaign
    earlier = new_proposal(stage=1)
    earlier.campaign = past_campaign
    earlier.save()
    LabelAward.objects.create(
        project=earlier.project, stage=1, campaign=past_campaign, proposal=earlier
    )

    # when it applies for stage 2 (no charter needed) and then for stage 3
    stage2 = services.save_draft(
        complete_data(stage="2"),
        {"plan": [pdf()]},
        previous_token=earlier.status_token,
        check_guards=False,
        submit=True,
    )

    # then stage 2 is sent for the same project
    assert stage2.errors == []
    assert stage2.proposal.project_id == earlier.project_id
    assert stage2.proposal.status == "submitted"


def test_stage_3_needs_stage_2_not_only_stage_1(campaign, past_campaign, region):
    earlier = new_proposal(stage=1)
    earlier.campaign = past_campaign
    earlier.save()
    LabelAward.objects.create(project=earlier.project, stage=1, campaign=past_campaign)

    outcome = services.save_draft(
        complete_data(stage="3"),
        {"plan": [pdf()]},
        previous_token=earlier.status_token,
        check_guards=False,
        submit=True,
    )

    assert codes(outcome) == {("stage", "STAGE_ORDER")}


def test_stage_1_needs_the_signed_charter(campaign, region):
    outcome = services.save_draft(
        complete_data(stage="1"), {"plan": [pdf()]}, check_guards=False, submit=True
    )

    assert codes(outcome) == {("charter", "REQUIRED")}
    assert not ProjectProposal.objects.exists()
