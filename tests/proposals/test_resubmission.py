"""Changes asked for after the closing date can still be sent; new proposals cannot."""

import datetime

from django.utils import timezone

from forms_workflows.proposals import services
from forms_workflows.proposals.validation import missing_items
from forms_workflows.workflow import transition
from tests.fixtures.proposals import complete_data, new_proposal


def close(campaign):
    campaign.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    campaign.save()


def test_changes_requested_after_the_closing_date_can_be_sent(campaign, region, staff):
    # given a proposal sent in time, and changes asked for after the closing date
    proposal = new_proposal(submit=True)
    close(campaign)
    transition(proposal, "check_eligibility", user=staff)
    transition(proposal, "request_changes", user=staff, comment="Add the homes.")
    assert missing_items(proposal) == {}

    # when the applicant edits and sends the changes through their link
    outcome = services.save_draft(
        complete_data(homes="360"),
        token=proposal.status_token,
        submit=True,
        check_guards=False,
    )

    # then they are taken and the proposal is back with the reviewers
    assert outcome.errors == []
    proposal.refresh_from_db()
    assert (proposal.status, proposal.homes) == ("submitted", 360)


def test_a_draft_still_cannot_be_sent_after_the_closing_date(campaign, region):
    proposal = new_proposal()
    close(campaign)

    outcome = services.save_draft(
        complete_data(), token=proposal.status_token, submit=True, check_guards=False
    )

    assert {(e.field, e.code) for e in outcome.errors} == {(None, "CAMPAIGN_CLOSED")}
    proposal.refresh_from_db()
    assert proposal.status == "draft"
