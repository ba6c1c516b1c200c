"""A partner's copy stays in step through `updatedSince` and `deletions`.

The copy is what a partner's importer keeps: every event, signatory and
organisation of the club, by (type, id). After each editorial change it asks
each list for what changed since its last sync and `deletions` for what
went, applies both, and must hold exactly what a fresh full read gives.
"""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from pages.models import ContentPage, EventPage, Organisation, Signatory
from tests.fixtures.graphql import add_page

API_MD = Path(__file__).resolve().parents[2] / "docs" / "api.md"
MARK = "<!-- runs in tests/graphql_api/test_partner_copy.py"
EXAMPLE = re.compile(r"```graphql\n(.*?)```\n\n```json\n(.*?)```", re.S)
LISTS = {
    "eventsConnection": "id title",
    "signatoriesConnection": "id name",
    "organisationsConnection": "id name",
}
LIST = """
query List($after: String, $updatedSince: DateTime) {
  %(list)s(site: "club", locale: "fr", first: 100, after: $after,
      updatedSince: $updatedSince) {
    pageInfo { hasNextPage endCursor }
    edges { node { __typename %(fields)s } }
  }
}
"""
DELETIONS = """
query Deletions($since: DateTime!, $after: String) {
  deletions(site: "club", since: $since, first: 100, after: $after) {
    items { id typename }
    pageInfo { hasNextPage endCursor }
  }
}
"""


class PartnerCopy:
    """A partner's importer: a full read once, then changes and deletions."""

    def __init__(self, gql):
        self.gql = gql
        self.items = {}
        self.synced_at = None

    def pages_of(self, query, field, variables):
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
        for name, fields in LISTS.items():
            query = LIST % {"list": name, "fields": fields}
            variables = {"updatedSince": updated_since}
            for answer in self.pages_of(query, name, variables):
                for edge in answer["edges"]:
                    node = edge["node"]
                    found[(node["__typename"], node["id"])] = node
        return found

    def full_read(self):
        self.synced_at = timezone.now()
        self.items = self.read()

    def sync(self):
        since, self.synced_at = self.synced_at.isoformat(), timezone.now()
        for answer in self.pages_of(DELETIONS, "deletions", {"since": since}):
            for item in answer["items"]:
                self.items.pop((item["typename"], item["id"]), None)
        # after the deletions: a row back since is in the changes and stays
        self.items.update(self.read(updated_since=since))


@pytest.fixture
def club(network_keys):
    return network_keys["club"][1]


def an_event(parent, title):
    start = timezone.now() + datetime.timedelta(days=30)
    return add_page(
        parent, EventPage, title, start=start, end=start + datetime.timedelta(hours=2)
    )


def test_a_partners_copy_follows_publishes_unpublishes_restrictions_and_deletions(
    gql, club, network_keys
):
    site = network_keys["club"][0]
    section = add_page(club, ContentPage, "Agenda")
    walk = an_event(section, "Balade urbaine")
    fair = an_event(club, "Forum des quartiers")
    lyon = Signatory.objects.create(
        site=site, name="Ville de Lyon", kind="local_authority"
    )
    cerema = Organisation.objects.create(site=site, name="Cerema", kind="state_service")
    partner = PartnerCopy(gql)
    partner.full_read()
    assert len(partner.items) == 4

    def in_step():
        partner.sync()
        fresh = PartnerCopy(gql)
        fresh.full_read()
        assert partner.items == fresh.items
        return set(
            title
            for node in fresh.items.values()
            for title in [node.get("title") or node.get("name")]
        )

    # a new event and a new signatory
    an_event(club, "Atelier mobilité")
    grenoble = Signatory.objects.create(
        site=site, name="Grenoble", kind="local_authority"
    )
    assert {"Atelier mobilité", "Grenoble"} <= in_step()
    # an event renamed and published again; an organisation renamed
    walk.title = "Balade urbaine du printemps"
    walk.save_revision().publish()
    cerema.name = "Cerema Méditerranée"
    cerema.save()
    assert {"Balade urbaine du printemps", "Cerema Méditerranée"} <= in_step()
    # an event unpublished, a signatory withdrawn by an editor
    fair.unpublish()
    lyon.is_active = False
    lyon.save()
    assert not {"Forum des quartiers", "Ville de Lyon"} & in_step()
    # the section holding an event becomes private, then public again
    restriction = PageViewRestriction.objects.create(
        page=section, restriction_type="login"
    )
    assert "Balade urbaine du printemps" not in in_step()
    restriction.delete()
    assert "Balade urbaine du printemps" in in_step()
    # the unpublished event comes back; a signatory is reinstated
    fair.save_revision().publish()
    lyon.is_active = True
    lyon.save()
    assert {"Forum des quartiers", "Ville de Lyon"} <= in_step()
    # an event, a signatory and an organisation deleted
    walk.delete()
    grenoble.delete()
    cerema.delete()
    assert (
        not {"Balade urbaine du printemps", "Grenoble", "Cerema Méditerranée"}
        & in_step()
    )


def docs_example():
    """The query and variables of "Keeping a copy in step" in docs/api.md."""
    text = API_MD.read_text(encoding="utf-8")
    start = text.index(MARK)
    block = EXAMPLE.search(text, start)
    return block.group(1), json.loads(block.group(2))


def test_the_docs_example_gives_the_removals_and_the_changes_since_a_time(
    gql, network_keys
):
    site = network_keys["club"][0]
    since = timezone.now().isoformat()
    gone = an_event(network_keys["club"][1], "Balade urbaine")
    gone.unpublish()
    lyon = Signatory.objects.create(
        site=site, name="Ville de Lyon", kind="local_authority"
    )
    query, variables = docs_example()
    body = gql.query(query, {**variables, "since": since})
    assert "errors" not in body, body
    deletions = body["data"]["deletions"]
    assert [(d["typename"], d["id"], d["reason"]) for d in deletions["items"]] == [
        ("EventPage", str(gone.pk), "UNPUBLISHED")
    ]
    assert deletions["pageInfo"]["hasNextPage"] is False
    signatories = body["data"]["signatories"]["items"]
    assert [(s["id"], s["name"]) for s in signatories] == [(str(lyon.pk), lyon.name)]
