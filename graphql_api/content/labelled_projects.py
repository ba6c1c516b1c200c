"""Labelled projects: the public record of ÉcoQuartier label awards.

Public fields only (`forms_workflows.proposals.public`): a project appears once
a stage of the label is awarded to it, never while it is an application.
"""

import strawberry

from forms_workflows.proposals import public
from graphql_api.content.pagination import DEFAULT_LIMIT, paginate
from graphql_api.content.sites import resolve_locale, resolve_site


@strawberry.type(
    name="LabelledProject",
    description="A project holding a stage of the label: public fields only.",
)
class LabelledProjectType:
    name: str
    commune: str
    region: str | None = strawberry.field(description="The region's name.")
    region_code: str | None
    stage: int
    year: int
    public_summary: str


@strawberry.type(name="LabelledProjectList")
class LabelledProjectList:
    items: list[LabelledProjectType]
    total_count: int


@strawberry.type
class Query:
    @strawberry.field(
        description="Projects holding a stage of the ÉcoQuartier label on a "
        "site's network: one item per stage awarded, newest campaign first; "
        "public fields only."
    )
    def projects(
        self,
        info: strawberry.Info,
        stage: int | None = None,
        region: str | None = None,
        year: int | None = None,
        site: str | None = None,
        locale: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> LabelledProjectList:
        network = resolve_site(info, site)
        wanted = resolve_locale(info, network, locale)
        page, total = paginate(
            public.awards(stage, region, year, network.site), limit, offset
        )
        names = public.region_names(page, wanted.language_code)
        items = [
            LabelledProjectType(
                **public.public_entry(award, names, wanted.language_code)
            )
            for award in page
        ]
        return LabelledProjectList(items=items, total_count=total)
