"""Signatories of a network's charter (with their plans) and its organisations."""

import datetime
from typing import Annotated

import strawberry
import strawberry_django
from django.db.models import Q
from django.utils.translation import gettext as _

from graphql_api.caching.read_model import raw_stream
from graphql_api.content.blocks import list_items
from graphql_api.content.charter_filters import (
    DEFAULT_ORDER,
    FILTERS,
    ORDERING,
    OrganisationFilter,
    OrganisationOrder,
    SignatoryFilter,
    SignatoryOrder,
)
from graphql_api.content.charter_rows import Rows
from graphql_api.content.choices import (
    OrganisationKindEnum,
    deprecated_for,
    superseded,
    value_of,
)
from graphql_api.content.cursors import (
    AFTER,
    FIRST,
    ConnectionType,
    Page,
    order_keys,
    ordered,
)
from graphql_api.content.filtering import UPDATED_SINCE, filtered
from graphql_api.content.images import ImageType, image_or_none, logos
from graphql_api.content.pagination import DEFAULT_LIMIT, paginate
from graphql_api.content.referentiel import RegionType
from graphql_api.content.search_terms import substring
from graphql_api.content.sites import (
    default_locale,
    locale_code,
    resolve_locale,
    resolve_site,
    translated,
)
from graphql_api.core.errors import ApiError, ErrorCode
from pages.models import Organisation, OrganisationKind, Signatory
from pages.search.query import search as public_search


@strawberry.type(name="PlanCategory", description="A category of a collaboration plan.")
class PlanCategory:
    title: str
    actions: list[str]


def plan_categories(stream) -> list[PlanCategory]:
    categories = []
    for item in raw_stream(stream):
        value = item.get("value") or {}
        categories.append(
            PlanCategory(
                title=value.get("title") or "",
                actions=[str(a) for a in list_items(value.get("actions"))],
            )
        )
    return categories


@strawberry.type
class WithLogoAndRegion:
    # Plain fields read the model's attributes: a resolver per field costs more
    # than the read itself, a hundred times per list.
    id: strawberry.ID
    region: RegionType | None

    @strawberry.field
    def locale(self, info: strawberry.Info) -> str:
        return locale_code(info, self.locale_id)

    @strawberry.field
    def logo(self, info: strawberry.Info) -> ImageType | None:
        return image_or_none(logos(info).get(self.logo_id))


@strawberry_django.type(
    Organisation, name="Organisation", description="A partner or member of a network."
)
class OrganisationType(WithLogoAndRegion):
    name: str
    kind: str = strawberry.field(deprecation_reason=deprecated_for("organisationType"))
    url: str

    @strawberry.field
    def organisation_type(self) -> OrganisationKindEnum:
        return OrganisationKindEnum(self.kind)


@strawberry_django.type(
    Signatory, name="Signatory", description="An organisation that signed the charter."
)
class SignatoryType(WithLogoAndRegion):
    name: str
    kind: str = strawberry.field(deprecation_reason=deprecated_for("organisationType"))
    website: str
    signed_on: datetime.date | None

    @strawberry.field
    def organisation_type(self) -> OrganisationKindEnum:
        return OrganisationKindEnum(self.kind)

    @strawberry.field
    def collaboration_plan(self) -> list[PlanCategory]:
        return plan_categories(self.collaboration_plan)


@strawberry.type
class SignatoryList:
    items: list[SignatoryType]
    total_count: int


@strawberry.type
class OrganisationList:
    items: list[OrganisationType]
    total_count: int


def check_kind(kind: str | None) -> None:
    if kind is not None and kind not in OrganisationKind.values:
        raise ApiError(
            _("Unknown kind “%(kind)s”; expected one of: %(known)s.")
            % {"kind": kind, "known": ", ".join(OrganisationKind.values)},
            ErrorCode.INVALID_ARGUMENT,
            argument="kind",
        )


def site_entries(
    info, model, site, locale, fallback, kind, region, search, filters, updated_since
):
    network = resolve_site(info, site)
    wanted = resolve_locale(info, network, locale)
    check_kind(kind)
    queryset = model.objects.filter(site_id=network.id)
    queryset = translated(queryset, wanted, default_locale(info, network), fallback)
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    if region is not None:
        queryset = queryset.filter(region__code__iexact=region)
    if search and (text := substring(search)):
        # The public search's matching (stems, accents, typos), and a part of a
        # name as before ("Lyo" still finds "Ville de Lyon").
        found = public_search(queryset, text, wanted.language_code).ids
        queryset = queryset.filter(Q(pk__in=found) | Q(name__icontains=text))
    queryset = filtered(queryset, filters, info, updated_since)
    if model is Signatory:
        queryset = queryset.filter(is_active=True)
    # Read as rows (`charter_rows.Rows`): the columns, region and logo they
    # select are joined there; updated_at only filters and orders.
    return queryset


def prime_logos(info, rows: Rows) -> None:
    loader = logos(info)
    for pk, image in rows.logos.items():
        loader.prime(pk, image)


def offset_list(info, model, ordering, limit, offset, **arguments):
    queryset = site_entries(info, model, **arguments)
    keys = order_keys(model, ordering, DEFAULT_ORDER)
    rows = Rows(model, len(keys))
    items, total = paginate(ordered(queryset, keys), limit, offset, rows.fetch)
    prime_logos(info, rows)
    return items, total


def connection(info, model, ordering, first, after, **arguments) -> Page:
    queryset = site_entries(info, model, kind=None, region=None, **arguments)
    keys = order_keys(model, ordering, DEFAULT_ORDER)
    rows = Rows(model, len(keys))
    page = Page(queryset, keys, first, after, fetch=rows.fetch)
    prime_logos(info, rows)
    return page


def list_signatories(
    info,
    site=None,
    locale=None,
    fallback=True,
    kind=None,
    region=None,
    search=None,
    limit=DEFAULT_LIMIT,
    offset=0,
    filters=None,
    ordering=None,
    updated_since=None,
) -> SignatoryList:
    items, total = offset_list(
        info,
        Signatory,
        ordering,
        limit,
        offset,
        site=site,
        locale=locale,
        fallback=fallback,
        kind=kind,
        region=region,
        search=search,
        filters=filters,
        updated_since=updated_since,
    )
    return SignatoryList(items=items, total_count=total)


OrganisationKindArgument = Annotated[
    OrganisationKindEnum | None,
    strawberry.argument(deprecation_reason=superseded("filters.organisationType")),
]
KindArgument = Annotated[
    str | None,
    strawberry.argument(deprecation_reason=deprecated_for("organisationType")),
]
RegionArgument = Annotated[
    str | None,
    strawberry.argument(deprecation_reason=superseded("filters.region.code")),
]
UpdatedSince = Annotated[
    datetime.datetime | None, strawberry.argument(description=UPDATED_SINCE)
]
After = Annotated[str | None, strawberry.argument(description=AFTER)]


@strawberry.type
class Query:
    @strawberry.field(
        description="The active signatories of a network's charter, by name."
    )
    def signatories(
        self,
        info: strawberry.Info,
        site: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        organisation_type: OrganisationKindArgument = None,
        kind: KindArgument = None,
        region: RegionArgument = None,
        search: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        filters: Annotated[
            SignatoryFilter | None, strawberry.argument(description=FILTERS)
        ] = None,
        ordering: Annotated[
            list[SignatoryOrder] | None, strawberry.argument(description=ORDERING)
        ] = None,
        updated_since: UpdatedSince = None,
    ) -> SignatoryList:
        return list_signatories(
            info,
            site,
            locale,
            fallback,
            value_of(organisation_type) or kind,
            region,
            search,
            limit,
            offset,
            filters,
            ordering,
            updated_since,
        )

    @strawberry.field(
        description="The active signatories of a network's charter, a page at a "
        "time: cursors stay valid when signatories are added in between."
    )
    def signatories_connection(
        self,
        info: strawberry.Info,
        site: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        filters: Annotated[
            SignatoryFilter | None, strawberry.argument(description=FILTERS)
        ] = None,
        ordering: Annotated[
            list[SignatoryOrder] | None, strawberry.argument(description=ORDERING)
        ] = None,
        search: str | None = None,
        updated_since: UpdatedSince = None,
        first: int = FIRST,
        after: After = None,
    ) -> ConnectionType[SignatoryType]:
        return connection(
            info,
            Signatory,
            ordering,
            first,
            after,
            site=site,
            locale=locale,
            fallback=fallback,
            search=search,
            filters=filters,
            updated_since=updated_since,
        )

    @strawberry.field(description="The partners and members of a network, by name.")
    def organisations(
        self,
        info: strawberry.Info,
        site: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        organisation_type: OrganisationKindArgument = None,
        kind: KindArgument = None,
        region: RegionArgument = None,
        search: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        filters: Annotated[
            OrganisationFilter | None, strawberry.argument(description=FILTERS)
        ] = None,
        ordering: Annotated[
            list[OrganisationOrder] | None, strawberry.argument(description=ORDERING)
        ] = None,
        updated_since: UpdatedSince = None,
    ) -> OrganisationList:
        items, total = offset_list(
            info,
            Organisation,
            ordering,
            limit,
            offset,
            site=site,
            locale=locale,
            fallback=fallback,
            kind=value_of(organisation_type) or kind,
            region=region,
            search=search,
            filters=filters,
            updated_since=updated_since,
        )
        return OrganisationList(items=items, total_count=total)

    @strawberry.field(
        description="The partners and members of a network, a page at a time."
    )
    def organisations_connection(
        self,
        info: strawberry.Info,
        site: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        filters: Annotated[
            OrganisationFilter | None, strawberry.argument(description=FILTERS)
        ] = None,
        ordering: Annotated[
            list[OrganisationOrder] | None, strawberry.argument(description=ORDERING)
        ] = None,
        search: str | None = None,
        updated_since: UpdatedSince = None,
        first: int = FIRST,
        after: After = None,
    ) -> ConnectionType[OrganisationType]:
        return connection(
            info,
            Organisation,
            ordering,
            first,
            after,
            site=site,
            locale=locale,
            fallback=fallback,
            search=search,
            filters=filters,
            updated_since=updated_since,
        )
