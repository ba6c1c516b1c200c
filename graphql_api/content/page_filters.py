"""The filters and orders of lists of pages, and their keyset connections.

Shared by `pagesConnection` (`pages`) and a page's `childrenConnection`
(`page_interface`), which the `Page` interface defines below `pages`.
"""

import datetime
from enum import Enum
from typing import Annotated

import strawberry
import strawberry_django
from strawberry import UNSET
from wagtail.models import Page

from graphql_api.caching.read_model import prepared_pages
from graphql_api.content import cursors
from graphql_api.content.cursors import order_keys
from graphql_api.content.filtering import (
    UPDATED_SINCE,
    DateTimeLookup,
    IdLookup,
    TextLookup,
)


@strawberry.enum(name="PageOrder")
class PageOrder(Enum):
    TREE = "path"
    TITLE = "title"
    TITLE_DESC = "-title"
    FIRST_PUBLISHED_AT = "first_published_at"
    FIRST_PUBLISHED_AT_DESC = "-first_published_at"
    LAST_PUBLISHED_AT = "last_published_at"
    LAST_PUBLISHED_AT_DESC = "-last_published_at"


@strawberry_django.filter_type(Page, name="PageFilter")
class PageFilter:
    id: IdLookup | None = UNSET
    title: TextLookup | None = UNSET
    first_published_at: DateTimeLookup | None = UNSET
    last_published_at: DateTimeLookup | None = UNSET


PageFilters = Annotated[
    PageFilter | None,
    strawberry.argument(description="Field lookups, with AND, OR and NOT."),
]
UpdatedSince = Annotated[
    datetime.datetime | None, strawberry.argument(description=UPDATED_SINCE)
]


def page_keys(order: PageOrder) -> list[cursors.Key]:
    """The keys of an order; the tree's path breaks ties (then the id)."""
    column = order.value.lstrip("-")
    keys = order_keys(Page, [], [(column, order.value.startswith("-"))])
    if column != "path":
        keys += order_keys(Page, [], [("path", False)])
    return keys


def page_connection(queryset, order, first, after, prepare) -> cursors.Page:
    """A page of a list of pages: keyset cursors, each page from its read model.

    `prepare(pages)` hands what the pages refer to over to the loaders.
    """
    specific = {}

    def load(rows):
        # A list of any type loads each page by its own model, as `pages` does.
        if rows and queryset.model is Page:
            found = prepared_pages(Page.objects.filter(pk__in=[p.pk for p in rows]))
            specific.update((page.pk, page) for page in found)
        prepare([specific.get(row.pk, row) for row in rows])

    return cursors.Page(
        queryset,
        page_keys(order),
        first,
        after,
        load,
        lambda row: specific.get(row.pk, row),
    )
