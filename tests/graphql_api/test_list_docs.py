"""The three partners' questions of docs/api.md ("Lists") answer in one request each.

The demo holds no signatory of a region nor a stage 3 award, so the examples
run here, as the docs write them, against content that has the answers.
"""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.utils import timezone

from forms_workflows.proposals.models import LabelAward, Project
from tests.fixtures.graphql import add_page, make_region

API_MD = Path(__file__).resolve().parents[2] / "docs" / "api.md"
MARK = "<!-- runs in tests/graphql_api/test_list_docs.py"
BLOCK = re.compile(r"```graphql\n(.*?)```(?:\n\n```json\n(.*?)```)?", re.S)


def examples():
    """{operation name: (document, variables)} of the blocks marked for this test."""
    text = API_MD.read_text(encoding="utf-8")
    found = {}
    for block in BLOCK.finditer(text):
        if not text[: block.start()].rstrip().splitlines()[-1].startswith(MARK):
            continue
        document = block.group(1)
        name = re.search(r"query (\w+)", document).group(1)
        found[name] = (document, json.loads(block.group(2) or "{}"))
    return found


EXAMPLES = examples()


def test_the_lists_section_has_the_three_questions():
    assert set(EXAMPLES) == {
        "HabitatInIleDeFrance",
        "NextEventsInTwoRegions",
        "Stage3Since2020",
    }


@pytest.fixture
def regions(locales):
    return {
        code: make_region(locales, name, code)
        for code, name in [
            ("IDF", "Île-de-France"),
            ("OCC", "Occitanie"),
            ("ARA", "Auvergne-Rhône-Alpes"),
        ]
    }


def test_signatories_of_ile_de_france_named_habitat_newest_first(
    gql, network_keys, locales, regions
):
    from pages.models import Signatory

    for name, code, signed_on in [
        ("Paris Habitat", "IDF", datetime.date(2019, 3, 1)),
        ("Seine-Saint-Denis Habitat", "IDF", datetime.date(2022, 6, 1)),
        ("Habitat et Humanisme", "ARA", datetime.date(2023, 1, 1)),
        ("Ville de Paris", "IDF", datetime.date(2024, 1, 1)),
    ]:
        Signatory.objects.create(
            site=network_keys["club"][0],
            name=name,
            kind="social_landlord",
            region=regions[code],
            signed_on=signed_on,
            locale=locales["fr"],
        )
    document, variables = EXAMPLES["HabitatInIleDeFrance"]
    body = gql.query(document, variables)
    answer = body["data"]["signatoriesConnection"]
    assert [e["node"]["name"] for e in answer["edges"]] == [
        "Seine-Saint-Denis Habitat",
        "Paris Habitat",
    ]
    assert answer["pageInfo"]["hasNextPage"] is False


def test_events_of_the_next_30_days_in_two_regions(gql, network_keys, regions):
    from pages.models import EventIndexPage, EventPage

    index = add_page(network_keys["club"][1], EventIndexPage, "Agenda", publish=False)
    now = timezone.now()
    for title, days, code in [
        ("Visite à Montpellier", 3, "OCC"),
        ("Atelier à Paris", 10, "IDF"),
        ("Séminaire à Lyon", 12, "ARA"),
        ("Rencontre de printemps", 50, "IDF"),
    ]:
        add_page(
            index,
            EventPage,
            title,
            publish=False,
            start=now + datetime.timedelta(days=days),
            end=now + datetime.timedelta(days=days, hours=2),
            region=regions[code],
        )
    document, variables = EXAMPLES["NextEventsInTwoRegions"]
    # the docs' dates are an example: a partner sends today's
    variables = {
        "from": now.isoformat(),
        "to": (now + datetime.timedelta(days=30)).isoformat(),
    }
    body = gql.query(document, variables)
    edges = body["data"]["eventsConnection"]["edges"]
    assert [e["node"]["title"] for e in edges] == [
        "Visite à Montpellier",
        "Atelier à Paris",
    ]


def test_projects_awarded_stage_3_since_2020_by_region_then_name(
    gql, campaign, past_campaign, regions
):
    for name, code, stage, on in [
        ("Les Rives", "OCC", 3, datetime.date(2021, 6, 1)),
        ("Cambacérès", "OCC", 3, datetime.date(2023, 6, 1)),
        ("Clichy-Batignolles", "IDF", 3, datetime.date(2020, 9, 1)),
        ("Confluence", "ARA", 2, datetime.date(2022, 6, 1)),
        ("Ancien", "ARA", 3, datetime.date(2016, 6, 1)),
    ]:
        project = Project.objects.create(name=name, commune="X", region=regions[code])
        LabelAward.objects.create(
            project=project, stage=stage, campaign=campaign, awarded_on=on
        )
    document, variables = EXAMPLES["Stage3Since2020"]
    body = gql.query(document, variables)
    answer = body["data"]["projectsConnection"]
    # regions by name as the database compares them: "Occitanie" before "Île…"
    assert [(e["node"]["regionCode"], e["node"]["name"]) for e in answer["edges"]] == [
        ("OCC", "Cambacérès"),
        ("OCC", "Les Rives"),
        ("IDF", "Clichy-Batignolles"),
    ]
    assert answer["totalCount"] == 3
