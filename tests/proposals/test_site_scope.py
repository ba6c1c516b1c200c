"""The labelled projects of one network: `projects(site:)` and the hosted page."""

import json

import pytest
from wagtail.models import Site

from forms_workflows.proposals.models import LabelAward, ProjectProposal
from forms_workflows.workflow import transition
from tests.fixtures.proposals import new_proposal

PROJECTS = """
query P($site: String) { projects(site: $site) { totalCount items { name } } }
"""


def names(client, site=None):
    response = client.post(
        "/graphql/",
        json.dumps({"query": PROJECTS, "variables": {"site": site}}),
        content_type="application/json",
    )
    return sorted(item["name"] for item in response.json()["data"]["projects"]["items"])


def awarded(name, site, commission):
    proposal = new_proposal(project_name=name)
    ProjectProposal.objects.filter(pk=proposal.pk).update(
        status="commission", site=site
    )
    transition(proposal, "award", user=commission)
    return proposal


@pytest.fixture
def other_network(db):
    default = Site.objects.get(is_default_site=True)
    return Site.objects.create(
        hostname="req.localhost", port=80, root_page=default.root_page
    )


def test_projects_lists_the_awards_of_the_asked_network_only(
    client, campaign, past_campaign, region, commission, other_network
):
    # given an award on each network, and one older than the system (no proposal)
    default = Site.objects.get(is_default_site=True)
    awarded("Les Rives", default, commission)
    awarded("Quartier du REQ", other_network, commission)
    earlier = new_proposal(project_name="Le Plateau")
    LabelAward.objects.create(project=earlier.project, stage=1, campaign=past_campaign)

    # then each network lists its own; the default one also the older labels
    assert names(client, "req.localhost") == ["Quartier du REQ"]
    assert names(client, default.hostname) == ["Le Plateau", "Les Rives"]
    assert names(client) == ["Le Plateau", "Les Rives"]


def test_the_hosted_page_lists_its_own_networks_projects(
    client, campaign, region, commission, other_network
):
    awarded("Les Rives", Site.objects.get(is_default_site=True), commission)
    awarded("Quartier du REQ", other_network, commission)

    page = client.get("/labelled-projects/", HTTP_HOST="req.localhost")

    html = page.content.decode()
    assert "Quartier du REQ" in html
    assert "Les Rives" not in html
