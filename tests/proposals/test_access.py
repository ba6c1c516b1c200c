"""An expert reads only the proposals assigned to them: admin, files, API."""

import pytest
from django.urls import reverse

from forms_workflows.proposals.models import ExpertAssignment
from tests.fixtures.proposals import new_proposal


@pytest.fixture
def two_proposals(campaign, region):
    mine = new_proposal()
    other = new_proposal(project_name="Le Plateau")
    return mine, other


@pytest.fixture
def assigned(two_proposals, expert):
    mine, _other = two_proposals
    ExpertAssignment.objects.create(proposal=mine, expert=expert)
    return two_proposals


def test_the_admin_listing_shows_an_expert_only_their_proposals(
    client, assigned, expert
):
    mine, other = assigned
    client.force_login(expert)

    response = client.get(reverse("proposals_projectproposal:index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert mine.reference in html
    assert other.reference not in html


def test_an_expert_cannot_open_a_proposal_not_assigned(client, assigned, expert):
    mine, other = assigned
    client.force_login(expert)

    assert (
        client.get(
            reverse("proposals_projectproposal:inspect", args=[mine.pk])
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("proposals_projectproposal:inspect", args=[other.pk])
        ).status_code
        == 404
    )


def test_an_expert_cannot_download_a_file_not_assigned(client, assigned, expert):
    mine, other = assigned
    client.force_login(expert)

    own = client.get(
        reverse("proposals:attachment", args=[mine.attachments.first().pk])
    )
    foreign = client.get(
        reverse("proposals:attachment", args=[other.attachments.first().pk])
    )

    assert own.status_code == 200
    assert b"".join(own.streaming_content).startswith(b"%PDF")
    assert own["Content-Disposition"].startswith("attachment")
    assert foreign.status_code == 404


def test_staff_read_every_file_and_anonymous_visitors_none(client, assigned, staff):
    _mine, other = assigned
    url = reverse("proposals:attachment", args=[other.attachments.first().pk])

    anonymous = client.get(url)
    client.force_login(staff)
    reviewer = client.get(url)

    assert anonymous.status_code == 302  # to the admin's login
    assert reviewer.status_code == 200


def test_an_expert_scores_an_assigned_proposal_and_the_chart_shows_it(
    client, assigned, expert
):
    mine, _other = assigned
    client.force_login(expert)
    data = {"recommendation": "award", "site_visit_on": "2026-06-01"}
    for number in range(1, 5):
        data[f"score_{number}"] = "3"
        data[f"comment_{number}"] = "Bien"

    response = client.post(
        reverse("proposals_projectproposal:score", args=[mine.pk]), data
    )

    assert response.status_code == 302
    page = client.get(reverse("proposals_projectproposal:inspect", args=[mine.pk]))
    html = page.content.decode()
    assert "<svg" in html
    assert "3.0" in html  # the experts' mean, written out


def test_an_expert_cannot_score_a_proposal_not_assigned(client, assigned, expert):
    _mine, other = assigned
    client.force_login(expert)

    response = client.get(reverse("proposals_projectproposal:score", args=[other.pk]))

    assert response.status_code == 404


def test_staff_assign_an_expert(client, two_proposals, staff, expert):
    mine, _other = two_proposals
    client.force_login(staff)

    client.post(
        reverse("proposals_projectproposal:assign", args=[mine.pk]),
        {"expert": expert.pk},
    )

    assert list(mine.experts.all()) == [expert]


def test_an_expert_cannot_assign(client, assigned, expert, other_expert):
    mine, _other = assigned
    client.force_login(expert)

    response = client.post(
        reverse("proposals_projectproposal:assign", args=[mine.pk]),
        {"expert": other_expert.pk},
    )

    # the admin turns the refusal into a redirect with a message
    assert response.status_code in (302, 403)
    assert list(mine.experts.all()) == [expert]


def test_the_commission_manages_campaigns_and_experts_do_not(
    client, campaign, commission, expert
):
    url = reverse("proposals_campaign:edit", args=[campaign.pk])

    client.force_login(commission)
    allowed = client.get(url)
    client.force_login(expert)
    refused = client.get(url)

    assert allowed.status_code == 200
    assert refused.status_code in (302, 403)


def test_staff_move_a_proposal_from_the_review_screen_and_the_commission_awards(
    client, campaign, region, staff, commission
):
    from forms_workflows.proposals import services

    proposal = new_proposal()
    services.submit(proposal)
    url = reverse("proposals_projectproposal:transition", args=[proposal.pk])

    client.force_login(staff)
    screen = client.get(
        reverse("proposals_projectproposal:inspect", args=[proposal.pk])
    )
    client.post(url, {"action": "check_eligibility"})
    client.post(url, {"action": "send_to_commission"})
    client.post(url, {"action": "award"})  # not staff's to decide
    proposal.refresh_from_db()
    assert 'value="check_eligibility"' in screen.content.decode()
    assert proposal.status == "commission"

    client.force_login(commission)
    client.post(url, {"action": "award"})
    proposal.refresh_from_db()
    assert proposal.status == "awarded"
    assert proposal.award.stage == 1
