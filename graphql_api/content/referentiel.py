"""Regions and the référentiel (dimensions and commitments), shared by all sites."""

import datetime
from typing import Annotated

import strawberry
import strawberry_django
from django.db.models import Prefetch

from graphql_api.content.blocks import RichText, rich_text
from graphql_api.content.charter_filters import RegionFilter, RegionOrder
from graphql_api.content.cursors import (
    AFTER,
    FIRST,
    ConnectionType,
    Page,
    order_keys,
    ordered,
)
from graphql_api.content.filtering import UPDATED_SINCE, filtered
from graphql_api.content.sites import (
    default_locale,
    locale_code,
    resolve_locale,
    resolve_site,
    translated,
)
from pages.models import Commitment, Dimension, Referentiel, Region


@strawberry_django.type(
    Region, name="Region", description="A region and its regional office."
)
class RegionType:
    name: str
    code: str
    contact_name: str
    contact_email: str
    contact_url: str

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.pk))

    @strawberry.field(description="The language this item was served in.")
    def locale(self, info: strawberry.Info) -> str:
        return locale_code(info, self.locale_id)


@strawberry.type(name="Commitment")
class CommitmentType:
    number: int
    title: str

    @strawberry.field
    def description(self, info: strawberry.Info) -> RichText:
        return rich_text(info, self.description)


@strawberry.type(name="Dimension")
class DimensionType:
    number: int
    title: str

    @strawberry.field
    def description(self, info: strawberry.Info) -> RichText:
        return rich_text(info, self.description)

    @strawberry.field
    def commitments(self) -> list[CommitmentType]:
        return list(self.commitments.all())


@strawberry.type(name="Referentiel", description="One version of the référentiel.")
class ReferentielType:
    version: str
    title: str
    is_current: bool

    @strawberry.field
    def description(self, info: strawberry.Info) -> RichText:
        return rich_text(info, self.description)

    @strawberry.field
    def locale(self, info: strawberry.Info) -> str:
        return locale_code(info, self.locale_id)

    @strawberry.field
    def dimensions(self) -> list[DimensionType]:
        return list(self.dimensions.all())


def region_model():
    return Region


BY_NAME = [("name", False)]
Filters = Annotated[
    RegionFilter | None,
    strawberry.argument(description="Field lookups, with AND, OR and NOT."),
]
Ordering = Annotated[
    list[RegionOrder] | None,
    strawberry.argument(description="Sort keys; the id always breaks ties."),
]
UpdatedSince = Annotated[
    datetime.datetime | None, strawberry.argument(description=UPDATED_SINCE)
]


def regions(info, site, locale, fallback, filters, updated_since):
    network = resolve_site(info, site)
    wanted = resolve_locale(info, network, locale)
    queryset = translated(
        region_model().objects.all(), wanted, default_locale(info, network), fallback
    )
    return filtered(queryset, filters, info, updated_since).defer("updated_at")


@strawberry.type
class Query:
    @strawberry.field(description="Every region, by name.")
    def regions(
        self,
        info: strawberry.Info,
        site: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        filters: Filters = None,
        ordering: Ordering = None,
        updated_since: UpdatedSince = None,
    ) -> list[RegionType]:
        queryset = regions(info, site, locale, fallback, filters, updated_since)
        return list(ordered(queryset, order_keys(Region, ordering, BY_NAME)))

    @strawberry.field(description="The regions, a page at a time, by name.")
    def regions_connection(
        self,
        info: strawberry.Info,
        site: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        filters: Filters = None,
        ordering: Ordering = None,
        updated_since: UpdatedSince = None,
        first: int = FIRST,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> ConnectionType[RegionType]:
        queryset = regions(info, site, locale, fallback, filters, updated_since)
        return Page(queryset, order_keys(Region, ordering, BY_NAME), first, after)

    @strawberry.field(
        description="A version of the référentiel (the current one by default), "
        "with its dimensions and their commitments."
    )
    def referentiel(
        self,
        info: strawberry.Info,
        version: str | None = None,
        site: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
    ) -> ReferentielType | None:
        network = resolve_site(info, site)
        wanted = resolve_locale(info, network, locale)
        queryset = translated(
            Referentiel.objects.all(), wanted, default_locale(info, network), fallback
        )
        queryset = (
            queryset.filter(version=version)
            if version is not None
            else queryset.filter(is_current=True)
        )
        queryset = queryset.prefetch_related(
            Prefetch(
                "dimensions",
                queryset=Dimension.objects.order_by("number").prefetch_related(
                    Prefetch(
                        "commitments", queryset=Commitment.objects.order_by("number")
                    )
                ),
            )
        )
        # the asked locale first, the default one as fallback
        candidates = sorted(queryset, key=lambda r: r.locale_id != wanted.pk)
        return candidates[0] if candidates else None
