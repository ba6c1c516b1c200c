"""A label award is the `project.awarded` event of the proposal's network."""

import json

import pytest
from django.db import transaction
from wagtail.models import Locale, Page, Site

from forms_workflows.proposals.models import ProjectProposal
from forms_workflows.workflow import transition
from pages.models import HomePage, NetworkSettings
from partners import webhooks
from partners.models import WebhookEndpoint
from tests.fixtures.proposals import new_proposal


@pytest.fixture
def network(db):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    Site.objects.all().delete()
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Accueil", slug="accueil-club", locale=french)
    )
    site = Site.objects.create(
        hostname="club.localhost", port=80, root_page=home, is_default_site=True
    )
    NetworkSettings.objects.create(site=site, key="club")
    return {"site": site}


def test_an_award_sends_project_awarded_with_public_fields_only(
    network, receiver, campaign, region, commission, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpoint.objects.create(
        site=network["site"],
        url=receiver.url,
        events=["project.awarded"],
        owner_email="tech@partner.example",
        secret=webhooks.new_secret(),
    )
    proposal = new_proposal()
    ProjectProposal.objects.filter(pk=proposal.pk).update(
        status="commission", site=network["site"]
    )
    proposal.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            transition(proposal, "award", user=commission)

    (request,) = receiver.requests
    body = json.loads(request["body"])
    assert body["event"] == "project.awarded"
    assert body["site"] == "club"
    assert body["data"]["type"] == "project"
    assert body["data"]["id"] == proposal.project_id
    assert body["data"]["title"] == proposal.project.name
    assert proposal.contact_email not in request["body"].decode()
    assert endpoint.deliveries.get().status == "delivered"
