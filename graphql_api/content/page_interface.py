"""The Page interface every page type implements, and lists of pages.

`page_types` defines the concrete types on this interface and registers how
they load their content (`prepares_content`); `pages` serves the queries.
"""

import datetime
from typing import Annotated

import strawberry
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page

from graphql_api.caching.read_model import prepared_pages
from graphql_api.content.cursors import AFTER, FIRST, ConnectionType
from graphql_api.content.filtering import filtered
from graphql_api.content.loaders import loader, public_filter
from graphql_api.content.page_filters import (
    PageFilters,
    PageOrder,
    UpdatedSince,
    page_connection,
)
from graphql_api.content.page_urls import page_location, public_url, relative_url_path
from graphql_api.content.pagination import DEFAULT_LIMIT, paginate
from graphql_api.content.sites import NetworkSite, locale_code
from graphql_api.core.errors import ApiError, ErrorCode
from graphql_api.core.limits import check_pagination


@strawberry.type(name="Translation", description="The same page in another language.")
class TranslationType:
    locale: str
    url_path: str
    url: str | None
    id: strawberry.ID


@strawberry.interface(name="Page", description="A published page of a network.")
class PageInterface:
    title: str
    slug: str
    seo_title: str
    search_description: str
    first_published_at: datetime.datetime | None
    last_published_at: datetime.datetime | None

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(str(self.pk))

    @strawberry.field(description="The page's GraphQL type name, e.g. EventPage.")
    def page_type(self) -> str:
        return self._meta.object_name  # the model's name, for a prepared page too

    @strawberry.field(
        description="Path below the home page of its language; / is home."
    )
    def url_path(self, info: strawberry.Info) -> str:
        return relative_url_path(info, self)

    @strawberry.field(description="Address on the partner front end, if configured.")
    def url(self, info: strawberry.Info) -> str | None:
        return public_url(info, self)

    @strawberry.field(description="The language this page was served in.")
    def locale(self, info: strawberry.Info) -> str:
        return locale_code(info, self.locale_id)

    @strawberry.field(description="Published versions of this page in other languages.")
    def translations(self, info: strawberry.Info) -> list[TranslationType]:
        versions = loader(info, "translations").get(self.translation_key) or []
        own = page_location(info, self)
        result = []
        for version in versions:
            location = page_location(info, version)
            if version.pk == self.pk or location is None or own is None:
                continue
            if location[0].id != own[0].id:
                continue  # never across sites
            result.append(
                TranslationType(
                    id=strawberry.ID(str(version.pk)),
                    locale=locale_code(info, version.locale_id),
                    url_path=relative_url_path(info, version),
                    url=public_url(info, version),
                )
            )
        return result

    @strawberry.field(description="Public pages from the home page down to the parent.")
    def ancestors(self, info: strawberry.Info) -> list["PageInterface"]:
        return loader(info, "page_by_path").get_many(ancestor_paths(info, self))

    @strawberry.field(description="Public child pages, in the editors' order.")
    def children(
        self,
        info: strawberry.Info,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> "PageList":
        return page_list(info, children_of(info, self).order_by("path"), limit, offset)

    @strawberry.field(
        description="Public child pages, a page at a time (in the editors' order "
        "by default): cursors stay valid when pages are published in between."
    )
    def children_connection(
        self,
        info: strawberry.Info,
        filters: PageFilters = None,
        order: PageOrder = PageOrder.TREE,
        updated_since: UpdatedSince = None,
        first: int = FIRST,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> "ConnectionType[PageInterface]":
        queryset = filtered(
            children_of(info, self), filters, info, updated_since, "last_published_at"
        )
        return page_connection(
            queryset, order, first, after, lambda pages: prepare(info, pages)
        )


@strawberry.type(name="PageList")
class PageList:
    items: list[PageInterface]
    total_count: int
    corrected_query: str | None = strawberry.field(
        default=None,
        description="The search as corrected when a word of it is not in any "
        "page (a typo), the items being the corrected search's results; null "
        "when the search was used as typed, and outside a search.",
    )


def children_of(info, page):
    """The public pages right below `page`, in its own language's tree."""
    return public_filter(
        info, Page.objects.filter(path__startswith=page.path, depth=page.depth + 1)
    )


def ancestor_paths(info, page) -> list[str]:
    """Tree paths from the page's home page down to its parent."""
    location = page_location(info, page)
    if location is None:
        return []
    home = location[2]
    return [
        page.path[: Page.steplen * depth] for depth in range(home.depth, page.depth)
    ]


# How the page types load what their fields show, for a list of pages of any
# type (`page_types.prepare_content`, registered where the types are defined:
# they build on this interface, which lists pages of every type).
_content_preparers: list = []


def prepares_content(function):
    """Register a function(info, pages) that loads what the page types show."""
    _content_preparers.append(function)
    return function


def prepare(info, pages) -> list:
    """Hand what a list of pages refers to over to the loaders, in one go."""
    loader(info, "translations").want(page.translation_key for page in pages)
    for page in pages:
        loader(info, "page").prime(page.pk, page)
        loader(info, "page_by_path").want(ancestor_paths(info, page))
    for prepare_content in _content_preparers:
        prepare_content(info, pages)
    return pages


def page_list(info, queryset, limit, offset) -> PageList:
    if queryset.model is not Page:
        # A list of one page type (events, news...) reads its rows with their
        # read model, in the same query: no Wagtail page, no StreamField decoded.
        check_pagination(limit, offset)
        total = queryset.count()
        items = prepared_pages(queryset[offset : offset + limit]) if limit else []
        return PageList(items=prepare(info, items), total_count=total)
    items, total = paginate(queryset, limit, offset)
    # A list of any type holds Wagtail's base pages: each is read from its read
    # model, which knows its own type.
    if items:
        by_pk = {
            page.pk: page
            for page in prepared_pages(
                Page.objects.filter(pk__in=[p.pk for p in items])
            )
        }
        items = [by_pk[p.pk] for p in items if p.pk in by_pk]
    return PageList(items=prepare(info, items), total_count=total)


def parse_id(value) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        number = 0
    if not 0 < number < 2**63:
        raise ApiError(
            _("“%(id)s” is not a valid id.") % {"id": value}, ErrorCode.INVALID_ID
        )
    return number


def site_scope(network: NetworkSite, codes=None) -> Q:
    """Pages under the site's home pages (in the given languages)."""
    query = Q(pk__in=[])
    for code, home in network.homes.items():
        if codes is None or code in codes:
            query |= Q(path__startswith=home.path)
    return query
