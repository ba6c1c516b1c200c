"""Labelled projects: the public record of ÉcoQuartier label awards.

Public fields only (`forms_workflows.proposals.public`): a project appears once
a stage of the label is awarded to it, never while it is an application.
"""

import datetime
from typing import Annotated

import strawberry
import strawberry_django
from django.db.models import Q
from strawberry import UNSET
from strawberry_django.ordering import Ordering

from forms_workflows.proposals import public
from forms_workflows.proposals.models import LabelAward
from graphql_api.content import cursors
from graphql_api.content.charter_filters import RegionFilter, RegionOrder
from graphql_api.content.cursors import AFTER, FIRST, ConnectionType, order_keys
from graphql_api.content.filtering import (
    UPDATED_SINCE,
    DateLookup,
    IntLookup,
    TextLookup,
    filtered,
)
from graphql_api.content.pagination import DEFAULT_LIMIT, paginate
from graphql_api.content.sites import resolve_locale, resolve_site


@strawberry.type(
    name="LabelledProject",
    description="A project holding a stage of the label: public fields only.",
)
class LabelledProjectType:
    id: strawberry.ID = strawberry.field(
        description="The id of the label award this item is (one stage awarded "
        "to a project), not the project's; `deletions` names it when it leaves."
    )
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


# The fields are named as the flat `LabelledProject` names them; their Python
# names are the ORM paths strawberry-django filters and sorts by.
@strawberry_django.filter_type(LabelAward, name="LabelledProjectFilter")
class LabelledProjectFilter:
    project__name: TextLookup | None = strawberry_django.filter_field(name="name")
    project__region: RegionFilter | None = strawberry_django.filter_field(name="region")
    stage: IntLookup | None = UNSET
    campaign__year: IntLookup | None = strawberry_django.filter_field(name="year")
    awarded_on: DateLookup | None = UNSET


@strawberry_django.order_type(LabelAward, name="LabelledProjectOrder")
class LabelledProjectOrder:
    project__name: Ordering | None = strawberry.field(name="name", default=UNSET)
    project__region: RegionOrder | None = strawberry.field(name="region", default=UNSET)
    stage: Ordering | None = UNSET
    campaign__year: Ordering | None = strawberry.field(name="year", default=UNSET)
    awarded_on: Ordering | None = UNSET


Filters = Annotated[
    LabelledProjectFilter | None,
    strawberry.argument(
        description="Field lookups, with AND, OR and NOT. Replaces `stage`, "
        "`region` and `year`."
    ),
]
OrderingArgument = Annotated[
    list[LabelledProjectOrder] | None,
    strawberry.argument(description="Sort keys; the id always breaks ties."),
]
UpdatedSince = Annotated[
    datetime.datetime | None, strawberry.argument(description=UPDATED_SINCE)
]
NEWEST_CAMPAIGN = [("campaign__year", True), ("project__name", False)]


def superseded_argument(kind, replacement):
    return Annotated[
        kind | None,
        strawberry.argument(
            deprecation_reason=f"Use `{replacement}`; kept for version 2's partners."
        ),
    ]


def awards(info, network, stage, region, year, filters, updated_since):
    queryset = filtered(public.awards(stage, region, year, network.site), filters, info)
    if updated_since is not None:
        # An award's public fields are its own and its project's.
        queryset = queryset.filter(
            Q(updated_at__gte=updated_since) | Q(project__updated_at__gte=updated_since)
        )
    return queryset.defer("updated_at", "project__updated_at")


def entries(awards_page, language_code):
    names = public.region_names(awards_page, language_code)
    return [
        LabelledProjectType(
            id=strawberry.ID(str(award.pk)),
            **public.public_entry(award, names, language_code),
        )
        for award in awards_page
    ]


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
        stage: superseded_argument(int, "filters.stage") = None,
        region: superseded_argument(str, "filters.region.code") = None,
        year: superseded_argument(int, "filters.year") = None,
        site: str | None = None,
        locale: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        filters: Filters = None,
        ordering: OrderingArgument = None,
        updated_since: UpdatedSince = None,
    ) -> LabelledProjectList:
        network = resolve_site(info, site)
        wanted = resolve_locale(info, network, locale)
        queryset = awards(info, network, stage, region, year, filters, updated_since)
        if ordering:
            keys = order_keys(LabelAward, ordering, [])
            queryset = cursors.ordered(queryset, keys)
        page, total = paginate(queryset, limit, offset)
        return LabelledProjectList(
            items=entries(page, wanted.language_code), total_count=total
        )

    @strawberry.field(
        description="Projects holding a stage of the label, a page at a time "
        "(newest campaign first by default); public fields only."
    )
    def projects_connection(
        self,
        info: strawberry.Info,
        site: str | None = None,
        locale: str | None = None,
        filters: Filters = None,
        ordering: OrderingArgument = None,
        updated_since: UpdatedSince = None,
        first: int = FIRST,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> ConnectionType[LabelledProjectType]:
        network = resolve_site(info, site)
        wanted = resolve_locale(info, network, locale)
        queryset = awards(info, network, None, None, None, filters, updated_since)
        keys = order_keys(LabelAward, ordering, NEWEST_CAMPAIGN)
        nodes = {}

        def prepare(rows):
            nodes.update(zip(rows, entries(rows, wanted.language_code), strict=True))

        return cursors.Page(queryset, keys, first, after, prepare, nodes.__getitem__)
