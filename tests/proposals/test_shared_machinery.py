"""Proposals go through the shared guards, notifications and retention."""

import time
from datetime import timedelta

from django.core import mail
from django.utils import timezone

from forms_workflows import guards
from forms_workflows.models import Notification
from forms_workflows.proposals import services
from forms_workflows.proposals.models import ProjectProposal
from forms_workflows.retention import anonymise_due
from forms_workflows.workflow import transition
from tests.fixtures.proposals import complete_data, new_proposal


def fresh_token():
    return guards.issue_form_token(time.time() - 60)


def test_a_retried_request_makes_no_second_proposal(campaign, region):
    first = services.save_draft(
        complete_data(form_token=fresh_token()), idempotency_key="abc"
    )
    again = services.save_draft(
        complete_data(form_token=fresh_token()), idempotency_key="abc"
    )

    assert again.errors == []
    assert again.proposal.pk == first.proposal.pk
    assert ProjectProposal.objects.count() == 1


def test_over_the_rate_limit_new_proposals_are_turned_away(campaign, region, settings):
    settings.FORMS_WORKFLOWS_RATE_LIMIT = 2
    for name in ("A", "B"):
        ok = services.save_draft(
            complete_data(project_name=name, form_token=fresh_token()), ip="10.0.0.1"
        )
        assert ok.errors == []

    third = services.save_draft(
        complete_data(project_name="C", form_token=fresh_token()), ip="10.0.0.1"
    )

    assert [e.code for e in third.errors] == ["RATE_LIMITED"]
    assert ProjectProposal.objects.count() == 2


def test_a_decision_is_mailed_in_the_applicants_language(
    campaign, region, staff, django_capture_on_commit_callbacks
):
    # given an English-speaking applicant's proposal under the eligibility check
    proposal = new_proposal(language="en")
    ProjectProposal.objects.filter(pk=proposal.pk).update(status="eligibility_check")

    # when staff request changes
    with django_capture_on_commit_callbacks(execute=True):
        transition(proposal, "request_changes", user=staff, comment="Add the plan.")

    # then the applicant gets the comment, in English, with the private link
    message = [m for m in mail.outbox if m.to == ["claire@example.org"]][-1]
    assert message.extra_headers["Content-Language"] == "en"
    assert "Add the plan." in message.body
    assert proposal.status_token in message.body
    # (the draft's link e-mail of the setup ran outside the capture: still pending)
    assert not (
        Notification.objects.filter(kind="decision").exclude(status="sent").exists()
    )


def test_retention_anonymises_a_withdrawn_proposal_only(campaign, region, settings):
    settings.FORMS_WORKFLOWS_RETENTION_DAYS = {"withdrawn": 30}
    old = new_proposal()
    transition(old, "withdraw")
    ProjectProposal.objects.filter(pk=old.pk).update(
        status_changed_at=timezone.now() - timedelta(days=31)
    )
    kept = new_proposal(project_name="Le Plateau")

    anonymise_due()

    old.refresh_from_db()
    kept.refresh_from_db()
    assert old.status == "anonymised"
    assert (old.contact_name, old.contact_email) == ("", "")
    assert kept.status == "draft"
    assert kept.contact_email == "claire@example.org"
