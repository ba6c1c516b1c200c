"""Filters and orderings of the charter's lists: signatories, organisations, regions.

Only indexed columns are offered (pages/migrations/0009), so a filter or an
ordering a partner combines stays an index lookup, not a scan of the table.
"""

import strawberry_django
from strawberry import UNSET, auto

from graphql_api.content.filtering import (
    DateLookup,
    DateTimeLookup,
    IdLookup,
    OrganisationKindLookup,
    TextLookup,
)
from pages.models import Organisation, Region, Signatory


@strawberry_django.filter_type(Region, name="RegionFilter")
class RegionFilter:
    id: IdLookup | None = UNSET
    code: TextLookup | None = UNSET
    name: TextLookup | None = UNSET
    updated_at: DateTimeLookup | None = UNSET


@strawberry_django.order_type(Region, name="RegionOrder")
class RegionOrder:
    name: auto
    code: auto


@strawberry_django.filter_type(Signatory, name="SignatoryFilter")
class SignatoryFilter:
    id: IdLookup | None = UNSET
    name: TextLookup | None = UNSET
    kind: OrganisationKindLookup | None = strawberry_django.filter_field(
        name="organisationType"
    )
    signed_on: DateLookup | None = UNSET
    updated_at: DateTimeLookup | None = UNSET
    region: RegionFilter | None = UNSET


@strawberry_django.order_type(Signatory, name="SignatoryOrder")
class SignatoryOrder:
    name: auto
    signed_on: auto
    updated_at: auto
    region: RegionOrder | None = UNSET


@strawberry_django.filter_type(Organisation, name="OrganisationFilter")
class OrganisationFilter:
    id: IdLookup | None = UNSET
    name: TextLookup | None = UNSET
    kind: OrganisationKindLookup | None = strawberry_django.filter_field(
        name="organisationType"
    )
    updated_at: DateTimeLookup | None = UNSET
    region: RegionFilter | None = UNSET


@strawberry_django.order_type(Organisation, name="OrganisationOrder")
class OrganisationOrder:
    name: auto
    updated_at: auto
    region: RegionOrder | None = UNSET


DEFAULT_ORDER = [("name", False)]
ORDERING = "Sort keys, in order; the id always breaks ties. By name by default."
FILTERS = (
    "Field lookups, combined with AND, OR and NOT; only indexed fields. "
    "Replaces `organisationType` and `region`."
)

__all__ = [
    "DEFAULT_ORDER",
    "FILTERS",
    "ORDERING",
    "OrganisationFilter",
    "OrganisationOrder",
    "RegionFilter",
    "RegionOrder",
    "SignatoryFilter",
    "SignatoryOrder",
]
