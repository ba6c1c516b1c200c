"""Filter inputs of the lists, in strawberry-graphql-django's vocabulary.

The lookups are ours, not the library's `StrFilterLookup`: that one offers
regular expressions and suffix matches, which no index serves and which a
partner could make slow on purpose. Each lookup keeps the library's names
(`exact`, `iContains`, `inList`, `gte`, `lte`, `isNull`), so its
`strawberry_django.filters.apply` turns them into Django lookups.
"""

import datetime

import strawberry
from strawberry import UNSET
from strawberry_django.filters import apply

from graphql_api.content.choices import OrganisationKindEnum


@strawberry.input(description="Lookups on a text field (an indexed one).")
class TextLookup:
    exact: str | None = UNSET
    i_exact: str | None = strawberry.field(
        default=UNSET, description="Equal, ignoring case."
    )
    i_contains: str | None = strawberry.field(
        default=UNSET, description="Contains, ignoring case."
    )
    i_starts_with: str | None = strawberry.field(
        default=UNSET, description="Starts with, ignoring case."
    )
    in_list: list[str] | None = strawberry.field(
        default=UNSET, description="One of these values."
    )
    is_null: bool | None = UNSET


@strawberry.input(description="Lookups on an identifier.")
class IdLookup:
    exact: strawberry.ID | None = UNSET
    in_list: list[strawberry.ID] | None = UNSET


@strawberry.input(description="Lookups on a whole number.")
class IntLookup:
    exact: int | None = UNSET
    in_list: list[int] | None = UNSET
    gte: int | None = UNSET
    lte: int | None = UNSET
    is_null: bool | None = UNSET


@strawberry.input(description="Lookups on a date.")
class DateLookup:
    exact: datetime.date | None = UNSET
    in_list: list[datetime.date] | None = UNSET
    gte: datetime.date | None = strawberry.field(
        default=UNSET, description="On or after."
    )
    lte: datetime.date | None = strawberry.field(
        default=UNSET, description="On or before."
    )
    is_null: bool | None = UNSET


@strawberry.input(description="Lookups on a date and time.")
class DateTimeLookup:
    gte: datetime.datetime | None = strawberry.field(
        default=UNSET, description="At or after."
    )
    lte: datetime.datetime | None = strawberry.field(
        default=UNSET, description="At or before."
    )


@strawberry.input(description="Lookups on the kind of an organisation.")
class OrganisationKindLookup:
    exact: OrganisationKindEnum | None = UNSET
    in_list: list[OrganisationKindEnum] | None = UNSET


def filtered(queryset, filters, info, updated_since=None, updated_field="updated_at"):
    """`queryset` narrowed by a partner's filter input and `updatedSince`."""
    if filters is not None and filters is not UNSET:
        queryset = apply(filters, queryset, info)
    if updated_since is not None:
        queryset = queryset.filter(**{f"{updated_field}__gte": updated_since})
    return queryset


UPDATED_SINCE = (
    "Only items changed at or after this time (a page: its last publication), "
    "to keep a copy in step."
)

__all__ = [
    "UPDATED_SINCE",
    "DateLookup",
    "DateTimeLookup",
    "IdLookup",
    "IntLookup",
    "OrganisationKindLookup",
    "TextLookup",
    "filtered",
]
