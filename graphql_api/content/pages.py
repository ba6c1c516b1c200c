"""The Page interface, `page` and `pages`: only live, public pages of one site."""

import datetime
from enum import Enum

import strawberry
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page

from graphql_api.caching.read_model import prepared_pages
from graphql_api.content.loaders import loader, public_filter
from graphql_api.content.page_urls import page_location, public_url, relative_url_path
from graphql_api.content.pagination import DEFAULT_LIMIT, paginate
from graphql_api.content.search_terms import full_text_query
from graphql_api.content.sites import (
    NetworkSite,
    default_locale,
    locale_code,
    resolve_locale,
    resolve_site,
)
from graphql_api.core.context import request_cache
from graphql_api.core.errors import ApiError, ErrorCode
from pages.search.query import search as public_search


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
        queryset = public_filter(
            info, Page.objects.filter(path__startswith=self.path, depth=self.depth + 1)
        ).order_by("path")
        return page_list(info, queryset, limit, offset)


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


def ancestor_paths(info, page) -> list[str]:
    """Tree paths from the page's home page down to its parent."""
    location = page_location(info, page)
    if location is None:
        return []
    home = location[2]
    return [
        page.path[: Page.steplen * depth] for depth in range(home.depth, page.depth)
    ]


def prepare(info, pages) -> list:
    """Hand what a list of pages refers to over to the loaders, in one go."""
    from graphql_api.content.page_types import prepare_content

    loader(info, "translations").want(page.translation_key for page in pages)
    for page in pages:
        loader(info, "page").prime(page.pk, page)
        loader(info, "page_by_path").want(ancestor_paths(info, page))
    prepare_content(info, pages)
    return pages


def page_list(info, queryset, limit, offset) -> PageList:
    items, total = paginate(queryset, limit, offset)
    # A list of one page type (events, news...) already holds the specific
    # pages; only a list of any type needs them loaded by their own models.
    if items and queryset.model is Page:
        by_pk = {
            page.pk: page
            for page in prepared_pages(
                Page.objects.filter(pk__in=[p.pk for p in items])
            )
        }
        items = [by_pk[p.pk] for p in items if p.pk in by_pk]
    return PageList(items=prepare(info, items), total_count=total)


def linked_page(info, page_id):
    """Return a linked page if it is public and on the request's site, else None."""
    page = loader(info, "page").get(page_id)
    if page is None:
        return None
    location = page_location(info, page)
    network = request_cache(info).get("current_site")
    if location is None or (network is not None and location[0].id != network.id):
        return None
    return page


@strawberry.enum(name="PageOrder")
class PageOrder(Enum):
    TREE = "path"
    TITLE = "title"
    TITLE_DESC = "-title"
    FIRST_PUBLISHED_AT = "first_published_at"
    FIRST_PUBLISHED_AT_DESC = "-first_published_at"
    LAST_PUBLISHED_AT = "last_published_at"
    LAST_PUBLISHED_AT_DESC = "-last_published_at"


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


def in_locale_with_fallback(info, queryset, network, wanted, fallback):
    """Pages of the wanted language, plus default-language ones not translated."""
    default = default_locale(info, network)
    own = queryset.filter(site_scope(network, {wanted.language_code}))
    if wanted.pk == default.pk or not fallback:
        return own
    translated_keys = public_filter(info, Page.objects.filter(locale=wanted)).filter(
        site_scope(network, {wanted.language_code})
    )
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


def find_page(info, network, wanted, fallback, id, url_path):
    base = public_filter(info, Page.objects.filter(site_scope(network)))
    if id is not None:
        found = prepared_pages(base.filter(pk=parse_id(id)))
        if not found:
            return None
        return serve_in_locale(info, network, found[0], wanted, fallback)
    path = "/" + "/".join(part for part in url_path.split("/") if part)
    for code in dict.fromkeys([wanted.language_code, network.default_locale]):
        home = network.homes.get(code)
        if home is None:
            continue
        full = home.url_path.rstrip("/") + path.rstrip("/") + "/"
        found = prepared_pages(
            base.filter(url_path=full, path__startswith=home.path).order_by("pk")[:1]
        )
        if found:
            return serve_in_locale(info, network, found[0], wanted, fallback)
    return None


def page_model(type_name: str):
    from graphql_api.content.page_types import model_for_type_name

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
            from graphql_api.content.preview import preview_page

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
    ) -> PageList:
        network = resolve_site(info, site)
        request_cache(info)["current_site"] = network
        wanted = resolve_locale(info, network, locale)
        model = page_model(type) if type is not None else Page
        queryset = public_filter(info, model.objects.all())
        queryset = in_locale_with_fallback(info, queryset, network, wanted, fallback)
        if child_of is not None:
            queryset = queryset.filter(under(info, network, child_of, True))
        if descendant_of is not None:
            queryset = queryset.filter(under(info, network, descendant_of, False))
        queryset = queryset.order_by(order.value, "path")
        if search:
            words = full_text_query(search, "search")
            if not words:  # only punctuation: nothing can match
                return page_list(info, queryset.none(), limit, offset)
            return search_pages(info, queryset, words, wanted, limit, offset)
        return page_list(info, queryset, limit, offset)

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
        queryset = public_filter(info, Page.objects.all())
        queryset = in_locale_with_fallback(info, queryset, network, wanted, fallback)
        words = full_text_query(query)
        if not words:
            raise ApiError(_("The search query is empty."), ErrorCode.INVALID_ARGUMENT)
        return search_pages(info, queryset, words, wanted, limit, offset)


def search_pages(info, queryset, query, locale, limit, offset) -> PageList:
    """The public search (pages.search) over the pages the queryset lets through.

    The same search as the hosted sites': each page in its language's
    analysis, typos corrected, pages in the asked locale above fallbacks.
    """
    from graphql_api.core.limits import check_pagination

    check_pagination(limit, offset)
    outcome = public_search(queryset, query, locale.language_code)
    chosen = outcome.ids[offset : offset + limit]
    specific = {
        page.pk: page for page in prepared_pages(Page.objects.filter(pk__in=chosen))
    }
    items = [specific[pk] for pk in chosen if pk in specific]
    return PageList(
        items=prepare(info, items),
        total_count=len(outcome.ids),
        corrected_query=outcome.corrected_query,
    )
