"""Labelled projects: filters, ordering and cursors over the public record."""

import datetime

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.models import Region

PROJECTS = """
query Projects($filters: LabelledProjectFilter, $ordering: [LabelledProjectOrder!],
               $first: Int, $after: String) {
  projectsConnection(filters: $filters, ordering: $ordering, first: $first,
                     after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { name region regionCode stage year } }
  }
}
"""


def awarded(campaign, region, *names, stage=3, on=datetime.date(2021, 6, 1)):
    from forms_workflows.proposals.models import LabelAward, Project

    for name in names:
        project = Project.objects.create(name=name, commune="X", region=region)
        LabelAward.objects.create(
            project=project, stage=stage, campaign=campaign, awarded_on=on
        )


def test_projects_awarded_stage_3_since_2020_by_region_then_name(gql, campaign, region):
    brittany = Region.objects.create(name="Bretagne", code="BRE", locale=region.locale)
    awarded(campaign, region, "Les Rives", "Cambacérès")
    awarded(campaign, brittany, "La Courrouze")
    awarded(campaign, brittany, "Ancien", on=datetime.date(2018, 5, 1))
    awarded(campaign, region, "Étape deux", stage=2)
    body = gql.query(
        PROJECTS,
        {
            "filters": {"stage": {"exact": 3}, "awardedOn": {"gte": "2020-01-01"}},
            "ordering": [{"region": {"name": "ASC"}}, {"name": "ASC"}],
        },
    )
    edges = body["data"]["projectsConnection"]["edges"]
    assert [(e["node"]["regionCode"], e["node"]["name"]) for e in edges] == [
        ("BRE", "La Courrouze"),
        ("OCC", "Cambacérès"),
        ("OCC", "Les Rives"),
    ]


def sql_of(gql, variables):
    cache.clear()  # the answer cache would answer without SQL
    with CaptureQueriesContext(connection) as captured:
        body = gql.query(PROJECTS, variables)
    assert "errors" not in body, body
    return len(captured), body


def test_projects_cost_the_same_sql_at_10_and_1000(gql, campaign, region):
    from forms_workflows.proposals.models import LabelAward, Project

    regions = [region, Region.objects.create(name="B", code="B", locale=region.locale)]

    def grow(start, count):
        projects = Project.objects.bulk_create(
            Project(name=f"Projet {i:04}", commune="X", region=regions[i % 2])
            for i in range(start, start + count)
        )
        LabelAward.objects.bulk_create(
            LabelAward(project=p, stage=3, campaign=campaign) for p in projects
        )

    variables = {
        "filters": {"stage": {"inList": [2, 3]}, "region": {"code": {"exact": "OCC"}}},
        "ordering": [{"region": {"name": "ASC"}}, {"name": "ASC"}],
    }
    grow(0, 10)
    first = gql.query(PROJECTS, {**variables, "first": 1})
    after = first["data"]["projectsConnection"]["pageInfo"]["endCursor"]
    small, body = sql_of(gql, {**variables, "first": 3, "after": after})
    assert len(body["data"]["projectsConnection"]["edges"]) == 3
    grow(10, 990)
    large, body = sql_of(gql, {**variables, "first": 100, "after": after})
    assert len(body["data"]["projectsConnection"]["edges"]) == 100
    assert large == small
