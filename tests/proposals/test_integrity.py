"""A proposal keeps its integrity against other callers, replays, stale pages and floods."""

import json
import time

from django.core.files.uploadedfile import SimpleUploadedFile

from forms_workflows import guards
from forms_workflows.proposals import services
from forms_workflows.proposals.models import LabelAward, Project, ProjectProposal
from forms_workflows.workflow import transition
from tests.fixtures.proposals import (
    PDF_BYTES,
    PNG_BYTES,
    complete_data,
    files_on_disk,
    new_proposal,
)

from .test_api import PROJECTS, SAVE, api_input, post


def codes(outcome):
    return {(error.field, error.code) for error in outcome.errors}


def fresh_token():
    return guards.issue_form_token(time.time() - 60)


def save_from(client, ip, **fields):
    response = client.post(
        "/graphql/",
        json.dumps({"query": SAVE, "variables": {"input": api_input(**fields)}}),
        content_type="application/json",
        REMOTE_ADDR=ip,
    )
    return response.json()["data"]["saveProjectProposalDraft"]


def test_another_caller_reusing_a_key_never_gets_the_first_callers_token(
    client, campaign, region
):
    # given applicant A's draft saved with the key "4242"
    mine = save_from(
        client, "198.51.100.1", idempotencyKey="4242", formToken=fresh_token()
    )
    # when B, from another address, sends a draft with the same key
    theirs = save_from(
        client,
        "198.51.100.2",
        idempotencyKey="4242",
        projectName="Le Clos",
        contactEmail="b@example.org",
        formToken=fresh_token(),
    )
    # then B gets a draft of its own, never A's secret token
    assert mine["errors"] == theirs["errors"] == []
    assert theirs["proposal"]["token"] != mine["proposal"]["token"]
    assert ProjectProposal.objects.count() == 2


def test_a_retry_returns_the_draft_and_another_body_is_refused(
    client, campaign, region
):
    # given a draft saved with a key
    first = save_from(
        client, "198.51.100.1", idempotencyKey="k", formToken=fresh_token()
    )
    # when the same caller retries it, then reuses the key for another project
    retry = save_from(
        client, "198.51.100.1", idempotencyKey="k", formToken=fresh_token()
    )
    other = save_from(
        client,
        "198.51.100.1",
        idempotencyKey="k",
        projectName="Autre projet",
        formToken=fresh_token(),
    )
    # then the retry gets its own draft back and the other body is refused
    assert retry["proposal"]["token"] == first["proposal"]["token"]
    assert other["proposal"] is None
    assert [e["code"] for e in other["errors"]] == ["IDEMPOTENCY_KEY_REUSED"]
    assert ProjectProposal.objects.count() == 1


def test_a_form_token_starts_one_draft_only(campaign, region):
    token = fresh_token()
    first = services.save_draft(complete_data(form_token=token))
    second = services.save_draft(
        complete_data(project_name="Le Clos", form_token=token)
    )
    assert first.errors == []
    assert codes(second) == {(None, "FORM_TOKEN_USED")}
    assert ProjectProposal.objects.count() == 1


def labelled_project(past_campaign, commission):
    """A project awarded stage 1 last year, through its proposal."""
    earlier = new_proposal(stage=1)
    ProjectProposal.objects.filter(pk=earlier.pk).update(
        campaign=past_campaign, status="commission"
    )
    earlier.refresh_from_db()
    transition(earlier, "award", user=commission)
    assert LabelAward.objects.filter(proposal=earlier).exists()
    return earlier


def test_a_next_stage_draft_does_not_rename_the_labelled_project(
    client, campaign, past_campaign, region, commission
):
    # given a labelled project, listed under its name
    earlier = labelled_project(past_campaign, commission)
    # when someone holding the old proposal's link starts a stage 2 draft
    # that renames the project
    draft = services.save_draft(
        complete_data(stage="2", project_name="Nom de brouillon"),
        {"plan": [SimpleUploadedFile("plan.pdf", PDF_BYTES)]},
        previous_token=earlier.status_token,
        check_guards=False,
    )
    # then the public record still shows the awarded name
    assert draft.errors == []
    names = post(client, PROJECTS, {})["data"]["projects"]["items"]
    assert [item["name"] for item in names] == ["Les Rives"]
    assert Project.objects.get().name == "Les Rives"
    # and the draft keeps its own description of the project
    assert services.stored_data(draft.proposal)["project_name"] == "Nom de brouillon"

    # when stage 2 is awarded
    proposal = draft.proposal
    ProjectProposal.objects.filter(pk=proposal.pk).update(status="commission")
    transition(proposal, "award", user=commission)
    # then the public record takes the awarded proposal's description
    names = post(client, PROJECTS, {})["data"]["projects"]["items"]
    assert {item["name"] for item in names} == {"Nom de brouillon"}


def test_a_finished_proposals_link_edits_nothing(
    campaign, past_campaign, region, commission
):
    earlier = labelled_project(past_campaign, commission)
    outcome = services.save_draft(
        complete_data(project_name="Renommé"),
        token=earlier.status_token,
        check_guards=False,
    )
    assert codes(outcome) == {("token", "NOT_EDITABLE")}
    assert Project.objects.get().name == "Les Rives"


def png(name):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def test_a_save_that_would_exceed_the_total_size_is_refused_and_writes_nothing(
    settings, campaign, region
):
    # given a draft holding its plan and charter, near the total limit
    proposal = new_proposal()
    settings.PROPOSALS_MAX_TOTAL_SIZE = 2 * len(PDF_BYTES) + len(PNG_BYTES) // 2
    before = files_on_disk()
    # when a later save adds an illustration
    outcome = services.save_draft(
        complete_data(),
        {"illustration": [png("vue.png")]},
        token=proposal.status_token,
        check_guards=False,
    )
    # then it is refused at once, and no file or row is added
    assert codes(outcome) == {("attachments", "FILE_TOO_LARGE")}
    assert proposal.attachments.count() == 2
    assert files_on_disk() == before


def test_new_illustrations_replace_the_earlier_ones_and_their_files(
    campaign, region, django_capture_on_commit_callbacks
):
    # given a draft with two illustrations
    proposal = new_proposal(files=False)
    services.save_draft(
        complete_data(),
        {"illustration": [png("a.png"), png("b.png")]},
        token=proposal.status_token,
        check_guards=False,
    )
    # when the applicant sends one illustration again
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.save_draft(
            complete_data(),
            {"illustration": [png("c.png")]},
            token=proposal.status_token,
            check_guards=False,
        )
    # then the draft holds that one, and the replaced files are gone
    assert outcome.errors == []
    assert [a.original_name for a in proposal.attachments.all()] == ["c.png"]
    assert len(files_on_disk()) == 1


def test_saves_with_a_token_are_rate_limited(settings, campaign, region):
    # given a quota of two saves per address
    settings.PROPOSALS_SAVE_RATE_LIMIT = 2
    proposal = new_proposal()
    # when one address saves the draft three times
    outcomes = [
        services.save_draft(
            complete_data(), token=proposal.status_token, ip="198.51.100.1"
        )
        for _n in range(3)
    ]
    # then the third save is refused
    assert [codes(o) for o in outcomes] == [set(), set(), {(None, "RATE_LIMITED")}]
