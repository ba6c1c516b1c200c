"""A partner's copy of the labelled projects stays in step.

Each item of `projects` is one stage of the label awarded to a project, held
by the award's id; `updatedSince` brings the new and changed ones and
`deletions` names those that left (an award withdrawn, a project deleted).
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from forms_workflows.proposals.models import LabelAward, Project, ProjectProposal
from forms_workflows.workflow import transition
from pages.models import PublicRemoval, Region
from tests.fixtures.proposals import new_proposal

PROJECTS = """
query Projects($after: String, $updatedSince: DateTime) {
  projectsConnection(site: "club", first: 2, after: $after,
                     updatedSince: $updatedSince) {
    pageInfo { hasNextPage endCursor }
    edges { node { __typename id name stage } }
  }
}
"""
DELETIONS = """
query Deletions($since: DateTime!, $after: String) {
  deletions(site: "club", since: $since, first: 100, after: $after) {
    items { id typename reason }
    pageInfo { hasNextPage endCursor }
  }
}
"""


class ProjectCopy:
    """A partner's importer of `projects`: a full read, then changes and deletions."""

    def __init__(self, gql):
        self.gql = gql
        self.items = {}
        self.reasons = []
        self.synced_at = None

    def answers(self, query, field, variables):
        after = None
        while True:
            body = self.gql.query(query, {**variables, "after": after})
            assert "errors" not in body, body
            answer = body["data"][field]
            yield answer
            if not answer["pageInfo"]["hasNextPage"]:
                return
            after = answer["pageInfo"]["endCursor"]

    def read(self, updated_since=None):
        found = {}
        variables = {"updatedSince": updated_since}
        for answer in self.answers(PROJECTS, "projectsConnection", variables):
            for edge in answer["edges"]:
                node = edge["node"]
                found[(node["__typename"], node["id"])] = (node["name"], node["stage"])
        return found

    def full_read(self):
        self.synced_at = timezone.now()
        self.items = self.read()

    def sync(self):
        since, self.synced_at = self.synced_at.isoformat(), timezone.now()
        for answer in self.answers(DELETIONS, "deletions", {"since": since}):
            for item in answer["items"]:
                self.reasons.append(item["reason"])
                self.items.pop((item["typename"], item["id"]), None)
        self.items.update(self.read(updated_since=since))


def entered_by_hand(name, region, campaign, *stages):
    """A project labelled before this system: awards with no proposal."""
    project = Project.objects.create(name=name, commune="Lyon", region=region)
    return project, [
        LabelAward.objects.create(
            project=project,
            stage=stage,
            campaign=campaign,
            awarded_on=datetime.date(2019, 6, 1),
        )
        for stage in stages
    ]


@pytest.fixture
def region(network):
    return Region.objects.get(code="OCC")


@pytest.fixture
def in_step(gql):
    partner = ProjectCopy(gql)
    partner.full_read()

    def check():
        partner.sync()
        fresh = ProjectCopy(gql)
        fresh.full_read()
        assert partner.items == fresh.items
        return partner

    check.partner = partner
    return check


def test_a_partners_copy_of_projects_follows_an_award_a_withdrawal_and_a_deletion(
    gql, network, campaign, region, commission, in_step
):
    # given two projects labelled by hand, read in full
    confluence, (stage_1, stage_2) = entered_by_hand(
        "La Confluence", region, campaign, 1, 2
    )
    entered_by_hand("La Duchère", region, campaign, 1, 2)
    partner = in_step()
    assert sorted(partner.items.values()) == [
        ("La Confluence", 1),
        ("La Confluence", 2),
        ("La Duchère", 1),
        ("La Duchère", 2),
    ]
    # when the commission awards a proposal its stage
    proposal = new_proposal()
    ProjectProposal.objects.filter(pk=proposal.pk).update(status="commission")
    transition(proposal, "award", user=commission)
    award = LabelAward.objects.get(proposal=proposal)
    # then the copy holds it, by the award's id
    assert partner.items == in_step().items
    assert partner.items[("LabelledProject", str(award.pk))] == ("Les Rives", 1)
    # when a stage entered by mistake is withdrawn
    stage_2.delete()
    # then the copy lets it go and keeps the project's other stage
    assert ("LabelledProject", str(stage_2.pk)) not in in_step().items
    assert ("LabelledProject", str(stage_1.pk)) in partner.items
    # when a project is deleted with its awards
    with transaction.atomic():
        confluence.awards.all().delete()
        confluence.delete()
    # then none of its stages is left in the copy
    assert sorted(in_step().items.values()) == [
        ("La Duchère", 1),
        ("La Duchère", 2),
        ("Les Rives", 1),
    ]
    assert partner.reasons == ["DELETED", "DELETED"]


def test_a_projects_removal_names_its_own_network_and_holds_no_name(
    network, campaign, region
):
    _project, (award,) = entered_by_hand("La Confluence", region, campaign, 3)
    award_id = award.pk
    award.delete()
    (row,) = PublicRemoval.objects.values()
    assert row["site_id"] == network["site"].pk  # the default network lists it
    assert (row["model"], row["object_id"]) == ("proposals.LabelAward", award_id)
    assert "Confluence" not in repr(row)


def test_a_change_rolled_back_names_no_project(gql, network, campaign, region):
    _project, (award,) = entered_by_hand("La Confluence", region, campaign, 3)
    with pytest.raises(RuntimeError), transaction.atomic():
        award.delete()
        raise RuntimeError("the request failed after the deletion")
    assert not PublicRemoval.objects.exists()


def test_an_award_of_another_networks_proposal_leaves_that_network_only(
    gql, network_keys, campaign, locales, commission, private_media
):
    # given a proposal the second network took, awarded by the commission
    Region.objects.create(name="Occitanie", code="OCC", locale=locales["fr"])
    req = network_keys["req"][0]
    proposal = new_proposal()
    ProjectProposal.objects.filter(pk=proposal.pk).update(status="commission", site=req)
    proposal.refresh_from_db()
    transition(proposal, "award", user=commission)
    award = LabelAward.objects.get(proposal=proposal)
    # when the award is deleted
    LabelAward.objects.filter(pk=award.pk).delete()
    # then that network's partners delete it, and the club's hear nothing
    assert PublicRemoval.objects.get().site_id == req.pk
    since = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    for site, expected in (("req", [str(award.pk)]), ("club", [])):
        body = gql.query(
            DELETIONS.replace('site: "club"', f'site: "{site}"'), {"since": since}
        )
        assert [item["id"] for item in body["data"]["deletions"]["items"]] == expected
