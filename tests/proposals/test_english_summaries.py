"""English readers get the labelled projects' English summaries, which editors write."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from forms_workflows.proposals.models import Project

PROJECTS = """
query Projects($locale: String) {
  projects(locale: $locale, limit: 100) { items { name publicSummary } }
}
"""


def summaries(client, locale):
    response = client.post(
        "/graphql/",
        json.dumps({"query": PROJECTS, "variables": {"locale": locale}}),
        content_type="application/json",
    )
    items = response.json()["data"]["projects"]["items"]
    return {item["name"]: item["publicSummary"] for item in items}


@pytest.mark.django_db
def test_every_labelled_summary_of_the_demo_reads_in_english(client, demo_content):
    french, english = summaries(client, "fr"), summaries(client, "en")

    summarised = {name for name, summary in french.items() if summary}
    assert summarised
    for name in summarised:
        assert english[name] and english[name] != french[name], name
    hosted = client.get("/en/labelled-projects/").content.decode()
    for name in summarised:
        assert english[name] in hosted


@pytest.mark.django_db
def test_an_editor_writes_the_english_summary_in_the_admin(client, demo_content):
    client.force_login(get_user_model().objects.get(username="admin"))
    project = Project.objects.exclude(public_summary="").first()

    form = client.get(
        reverse("proposals_project:edit", args=[project.pk])
    ).content.decode()

    assert 'name="public_summary_en"' in form
