"""The Page interface, `page` and `pages`: only live, public pages of one site."""

from typing import Annotated

import strawberry
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from graphql_api.caching.read_model import (
    READ_FIELDS,
    decoded,
    pages_from_rows,
    prepared_pages,
)
from graphql_api.content.cursors import AFTER, FIRST, ConnectionType
from graphql_api.content.filtering import filtered
from graphql_api.content.loaders import public_filter, restricted_paths
from graphql_api.content.page_filters import (
    PageFilters,
    PageOrder,
    UpdatedSince,
    page_connection,
)
from graphql_api.content.page_interface import (
    PageInterface,
    PageList,
    page_list,
    parse_id,
    prepare,
    site_scope,
)
from graphql_api.content.page_types import model_for_type_name
from graphql_api.content.pagination import DEFAULT_LIMIT
from graphql_api.content.preview import preview_page
from graphql_api.content.search_index import compiled_reader
from graphql_api.content.search_terms import full_text_query
from graphql_api.content.sites import (
    default_locale,
    resolve_locale,
    resolve_site,
)
from graphql_api.core import statements
from graphql_api.core.context import request_cache
from graphql_api.core.errors import ApiError, ErrorCode
from graphql_api.core.limits import check_pagination
from pages import visibility
from pages.search.query import read_postings
from pages.search.query import search as public_search


def in_locale_with_fallback(info, queryset, network, wanted, fallback, now=None):
    """Pages of the wanted language, plus default-language ones not translated.

    `now` is the time the translations' publication is judged at (the
    request's by default).
    """
    default = default_locale(info, network)
    own = queryset.filter(site_scope(network, {wanted.language_code}))
    if wanted.pk == default.pk or not fallback:
        return own
    translated_keys = public_filter(
        info, Page.objects.filter(locale=wanted), now
    ).filter(site_scope(network, {wanted.language_code}))
    return queryset.filter(
        site_scope(network, {wanted.language_code})
        | (
            site_scope(network, {default.language_code})
            & ~Q(translation_key__in=translated_keys.values("translation_key"))
        )
    )


def serve_in_locale(info, network, page, wanted, fallback):
    """Return `page` in the wanted language, or in its own when allowed."""
    if page.locale_id == wanted.pk:
        return page
    translations = prepared_pages(
        public_filter(info, Page.objects.filter(translation_key=page.translation_key))
        .filter(locale=wanted)
        .filter(site_scope(network))
        .order_by("pk")[:1]
    )
    if translations:
        return translations[0]
    if fallback and page.locale_id == default_locale(info, network).pk:
        return page
    return None


def public_pages(info, network, shape, narrow, **values) -> list:
    """The network's public pages `narrow(base, **values)` finds, prepared.

    The same read on every request (a page by its path or id): its SQL is
    compiled once per process for the network's home pages, the restricted
    paths and `shape` (core.statements), then run with `values` and the time.
    """
    paths = tuple(restricted_paths(info))
    homes = tuple(sorted((code, home.path) for code, home in network.homes.items()))

    def query(now, **lookups):
        base = visibility.public(Page.objects.filter(site_scope(network)), paths, now)
        return narrow(base, **lookups).values(*READ_FIELDS)

    rows = statements.rows(
        Page,
        (shape, homes, paths),
        query,
        decoders={"api_read_model__data": decoded},
        now=timezone.now(),
        **values,
    )
    return pages_from_rows(rows)


def find_page(info, network, wanted, fallback, id, url_path):
    if id is not None:
        found = public_pages(
            info, network, "id", lambda base, pk: base.filter(pk=pk), pk=parse_id(id)
        )
        if not found:
            return None
        return serve_in_locale(info, network, found[0], wanted, fallback)
    path = "/" + "/".join(part for part in url_path.split("/") if part)
    for code in dict.fromkeys([wanted.language_code, network.default_locale]):
        home = network.homes.get(code)
        if home is None:
            continue

        def by_path(base, url_path, home=home):
            return base.filter(url_path=url_path, path__startswith=home.path).order_by(
                "pk"
            )[:1]

        found = public_pages(
            info,
            network,
            ("url_path", home.path),
            by_path,
            url_path=home.url_path.rstrip("/") + path.rstrip("/") + "/",
        )
        if found:
            return serve_in_locale(info, network, found[0], wanted, fallback)
    return None


def page_model(type_name: str):
    model = model_for_type_name(type_name)
    if model is None:
        raise ApiError(
            _("Unknown page type “%(type)s”.") % {"type": type_name},
            ErrorCode.UNKNOWN_PAGE_TYPE,
        )
    return model


def under(info, network, page_id, children_only) -> Q:
    """Pages below the page `page_id` or below any of its translations."""
    anchor = Page.objects.filter(pk=parse_id(page_id)).first()
    query = Q(pk__in=[])
    if anchor is None:
        return query
    versions = public_filter(
        info, Page.objects.filter(translation_key=anchor.translation_key)
    ).filter(site_scope(network))
    for version in versions.only("path", "depth"):
        if children_only:
            query |= Q(path__startswith=version.path, depth=version.depth + 1)
        else:
            query |= Q(path__startswith=version.path, depth__gt=version.depth)
    return query


@strawberry.type
class Query:
    @strawberry.field(
        description="One page, by id or by its path below the home page ('/' is "
        "the home page), in `locale` (falling back to the default language)."
    )
    def page(
        self,
        info: strawberry.Info,
        id: strawberry.ID | None = None,
        url_path: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        preview_token: str | None = None,
        site: str | None = None,
    ) -> PageInterface | None:
        network = resolve_site(info, site)
        request_cache(info)["current_site"] = network
        wanted = resolve_locale(info, network, locale)
        if preview_token is not None:
            page = preview_page(info, network, preview_token, id, url_path)
            return prepare(info, [page])[0]
        if id is None and url_path is None:
            raise ApiError(
                _("Give the page's id or its urlPath."), ErrorCode.INVALID_ARGUMENT
            )
        page = find_page(info, network, wanted, fallback, id, url_path)
        return prepare(info, [page])[0] if page is not None else None

    @strawberry.field(description="Public pages of a site, filtered and paginated.")
    def pages(
        self,
        info: strawberry.Info,
        type: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        child_of: strawberry.ID | None = None,
        descendant_of: strawberry.ID | None = None,
        search: str | None = None,
        order: PageOrder = PageOrder.TREE,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        site: str | None = None,
        filters: PageFilters = None,
        updated_since: UpdatedSince = None,
    ) -> PageList:
        network = resolve_site(info, site)
        request_cache(info)["current_site"] = network
        wanted = resolve_locale(info, network, locale)
        queryset = site_page_query(
            info,
            network,
            wanted,
            type,
            fallback,
            child_of,
            descendant_of,
            filters,
            updated_since,
        ).order_by(order.value, "path")
        if search:
            words = full_text_query(search, "search")
            if not words:  # only punctuation: nothing can match
                return page_list(info, queryset.none(), limit, offset)
            return search_pages(info, queryset, words, wanted, limit, offset)
        return page_list(info, queryset, limit, offset)

    @strawberry.field(
        description="Public pages of a site, a page at a time (in the tree's "
        "order by default): cursors stay valid when pages are published in between."
    )
    def pages_connection(
        self,
        info: strawberry.Info,
        type: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        child_of: strawberry.ID | None = None,
        descendant_of: strawberry.ID | None = None,
        order: PageOrder = PageOrder.TREE,
        site: str | None = None,
        filters: PageFilters = None,
        updated_since: UpdatedSince = None,
        first: int = FIRST,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> ConnectionType[PageInterface]:
        network = resolve_site(info, site)
        request_cache(info)["current_site"] = network
        wanted = resolve_locale(info, network, locale)
        queryset = site_page_query(
            info,
            network,
            wanted,
            type,
            fallback,
            child_of,
            descendant_of,
            filters,
            updated_since,
        )
        return page_connection(
            queryset, order, first, after, lambda pages: prepare(info, pages)
        )

    @strawberry.field(description="Full-text search in the public pages of a site.")
    def search(
        self,
        info: strawberry.Info,
        query: str,
        locale: str | None = None,
        fallback: bool = True,
        site: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> PageList:
        network = resolve_site(info, site)
        request_cache(info)["current_site"] = network
        wanted = resolve_locale(info, network, locale)
        queryset, read = searched_pages(info, network, wanted, fallback)
        words = full_text_query(query)
        if not words:
            raise ApiError(_("The search query is empty."), ErrorCode.INVALID_ARGUMENT)
        return search_pages(info, queryset, words, wanted, limit, offset, read)


def searched_pages(info, network, wanted, fallback):
    """The pages a search of a network and language may find, and the reader of
    their index rows, its SQL compiled once per process and shape
    (`search_index`)."""
    paths = tuple(restricted_paths(info))
    homes = tuple(sorted((code, home.path) for code, home in network.homes.items()))
    default = default_locale(info, network)

    def visible(now):
        return in_locale_with_fallback(
            info,
            visibility.public(Page.objects.all(), paths, now),
            network,
            wanted,
            fallback,
            now,
        )

    read = compiled_reader((homes, paths, wanted.pk, default.pk, fallback), visible)
    return visible(timezone.now()), read


def site_page_query(
    info,
    network,
    wanted,
    type,
    fallback,
    child_of,
    descendant_of,
    filters,
    updated_since,
):
    model = page_model(type) if type is not None else Page
    queryset = public_filter(info, model.objects.all())
    queryset = in_locale_with_fallback(info, queryset, network, wanted, fallback)
    if child_of is not None:
        queryset = queryset.filter(under(info, network, child_of, True))
    if descendant_of is not None:
        queryset = queryset.filter(under(info, network, descendant_of, False))
    return filtered(queryset, filters, info, updated_since, "last_published_at")


def search_pages(
    info, queryset, query, locale, limit, offset, read=read_postings
) -> PageList:
    """The public search (pages.search) over the pages the queryset lets through.

    The same search as the hosted sites': each page in its language's
    analysis, typos corrected, pages in the asked locale above fallbacks.
    """
    check_pagination(limit, offset)
    outcome = public_search(queryset, query, locale.language_code, read)
    chosen = outcome.ids[offset : offset + limit]
    specific = {page.pk: page for page in pages_by_id(chosen)}
    items = [specific[pk] for pk in chosen if pk in specific]
    return PageList(
        items=prepare(info, items),
        total_count=len(outcome.ids),
        corrected_query=outcome.corrected_query,
    )


def pages_by_id(ids: list[int]) -> list:
    """The pages of these ids, prepared, in no particular order; the SQL of as
    many ids is compiled once per process (core.statements), as a search's
    results are `limit` pages but on the last."""
    if not ids:
        return []
    values = {f"id{number}": pk for number, pk in enumerate(ids)}

    def query(**pks):
        return Page.objects.filter(pk__in=list(pks.values())).values(*READ_FIELDS)

    rows = statements.rows(
        Page,
        ("by id", len(ids)),
        query,
        decoders={"api_read_model__data": decoded},
        **values,
    )
    return pages_from_rows(rows)
