"""`make demo` shows the whole label process to staff, experts and the commission."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from forms_workflows.proposals.models import Campaign, LabelAward, ProjectProposal


def test_the_demo_has_a_campaign_projects_at_several_stages_and_proposals(
    demo_content,
):
    campaign = Campaign.objects.get(year=2026)
    assert campaign.is_open(campaign.opens_on)
    states = set(ProjectProposal.objects.values_list("status", flat=True))
    assert {
        "draft",
        "submitted",
        "changes_requested",
        "expert_review",
        "commission",
        "awarded",
        "withdrawn",
    } <= states
    assert set(LabelAward.objects.values_list("stage", flat=True)) >= {1, 2}


def test_demo_experts_see_only_their_proposals_and_the_commission_all(
    client, demo_content
):
    User = get_user_model()
    expert = User.objects.get(username="expert-1")
    assert expert.check_password("demo-password")
    assigned = ProjectProposal.objects.filter(assignments__expert=expert)
    assert assigned.exists()

    client.force_login(expert)
    listing = client.get(reverse("proposals_projectproposal:index")).content.decode()
    for proposal in ProjectProposal.objects.all():
        assert (proposal.reference in listing) == (proposal in assigned)

    client.force_login(User.objects.get(username="commission"))
    waiting = ProjectProposal.objects.get(status="commission")
    page = client.get(reverse("proposals_projectproposal:inspect", args=[waiting.pk]))
    assert 'value="award"' in page.content.decode()
    assert "<svg" in page.content.decode()
