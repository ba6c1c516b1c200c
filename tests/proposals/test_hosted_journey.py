"""The applicant's secret link: back where they were, a recap before sending, a confirmed withdrawal."""

import re

from django.urls import reverse

from forms_workflows.proposals.models import ProjectProposal
from tests.fixtures.proposals import new_proposal

CODES = re.compile(r'data-code="([A-Z_]+)"')


def link(proposal):
    return reverse("proposals:follow_up", args=[proposal.status_token])


def current_step(html):
    return re.search(r'aria-current="step">([^<]+)<', html).group(1)


def test_the_secret_link_returns_to_the_first_step_still_missing(
    client, campaign, region
):
    # commitments 1-2 (dimension 1) answered, 3-4 (dimension 2) not
    answers = {n: {"answer": f"Réponse {n}", "self_assessment": 2} for n in (1, 2)}
    proposal = new_proposal(answers=answers)

    html = client.get(link(proposal)).content.decode()

    assert current_step(html) == "Dimension 2"


def test_a_complete_draft_opens_on_the_recap_before_sending(client, campaign, region):
    proposal = new_proposal()

    html = client.get(link(proposal)).content.decode()

    assert 'id="recap"' in html
    assert 'name="action" value="submit"' in html
    recap = html.split('id="recap"', 1)[1]
    for typed in ("Les Rives", "Montpellier", "Occitanie", "340", "Réponse 4"):
        assert typed in recap
    assert "charte.pdf" in recap


def test_withdrawing_needs_the_box_ticked(client, campaign, region):
    proposal = new_proposal(submit=True)

    refused = client.post(link(proposal), {"action": "withdraw"})
    proposal.refresh_from_db()
    assert "WITHDRAWAL_NOT_CONFIRMED" in CODES.findall(refused.content.decode())
    assert proposal.status == "submitted"

    client.post(link(proposal), {"action": "withdraw", "confirm_withdraw": "1"})
    assert ProjectProposal.objects.get(pk=proposal.pk).status == "withdrawn"
