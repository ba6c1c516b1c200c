"""What a partner needs to build a whole site: every public page, and the redirects.

`sitemap` answers in a fixed number of SQL queries whatever the page size:
the count, the page of entries, and their translations in one more.
"""

import datetime
from typing import Annotated

import strawberry
from django.conf import settings
from django.db.models import Q
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from graphql_api.content import cursors
from graphql_api.content.cursors import AFTER, FIRST, ConnectionType, order_keys
from graphql_api.content.loaders import is_public, public_filter
from graphql_api.content.page_interface import site_scope
from graphql_api.content.page_urls import page_location, public_url, relative_url_path
from graphql_api.content.pagination import DEFAULT_LIMIT, paginate
from graphql_api.content.sites import locale_code, resolve_locale, resolve_site


@strawberry.type(name="SitemapTranslation")
class SitemapTranslation:
    locale: str
    url_path: str
    url: str | None


@strawberry.type(name="SitemapEntry", description="A public page of a network.")
class SitemapEntry:
    id: strawberry.ID
    locale: str
    url_path: str = strawberry.field(description="Below the home page of its language.")
    url: str | None = strawberry.field(description="On the partner front end.")
    page_type: str = strawberry.field(description="Its GraphQL type, e.g. EventPage.")
    last_published_at: datetime.datetime | None
    translations: list[SitemapTranslation] = strawberry.field(
        description="Its published versions in the site's other languages."
    )


@strawberry.type(name="Sitemap")
class SitemapList:
    items: list[SitemapEntry]
    total_count: int


@strawberry.type(name="Redirect", description="An old path that leads elsewhere.")
class RedirectType:
    old_path: str = strawberry.field(description="As a visitor typed it, e.g. /old/.")
    new_path: str | None = strawberry.field(
        description="The target page's path on the site (with its language "
        "prefix), if the redirect leads to a page."
    )
    new_url: str | None = strawberry.field(
        description="The target's address: the page on the partner front end, "
        "or the external link."
    )
    page_id: strawberry.ID | None
    is_permanent: bool


@strawberry.type(name="RedirectList")
class RedirectList:
    items: list[RedirectType]
    total_count: int


def with_language_prefix(code, path):
    # As the hosted site serves it: the default language without a prefix.
    return path if code == settings.LANGUAGE_CODE else f"/{code}{path}"


def entry(info, page, versions):
    own = page_location(info, page)
    translations = [
        SitemapTranslation(
            locale=locale_code(info, version.locale_id),
            url_path=relative_url_path(info, version),
            url=public_url(info, version),
        )
        for version in versions.get(page.translation_key, ())
        if version.pk != page.pk
        and own is not None
        and (location := page_location(info, version)) is not None
        and location[0].id == own[0].id
    ]
    return SitemapEntry(
        id=strawberry.ID(str(page.pk)),
        locale=locale_code(info, page.locale_id),
        url_path=relative_url_path(info, page),
        url=public_url(info, page),
        page_type=page.content_type.model_class().__name__,
        last_published_at=page.last_published_at,
        translations=translations,
    )


FIELDS = (
    "pk",
    "path",
    "depth",
    "url_path",
    "locale_id",
    "translation_key",
    "content_type_id",
    "last_published_at",
)


@strawberry.type
class Query:
    @strawberry.field(
        description="Every public page of a site in one language, in tree order, "
        "with its translations' paths: to build a static site or a sitemap."
    )
    def sitemap(
        self,
        info: strawberry.Info,
        site: str | None = None,
        locale: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> SitemapList:
        network = resolve_site(info, site)
        wanted = resolve_locale(info, network, locale)
        pages = (
            public_filter(info, Page.objects.all())
            .filter(site_scope(network, {wanted.language_code}))
            .select_related("content_type")
            .only(*FIELDS, "content_type__app_label", "content_type__model")
            .order_by("path")
        )
        items, total = paginate(pages, limit, offset)
        versions = {}
        keys = {page.translation_key for page in items}
        if keys:
            for version in (
                public_filter(info, Page.objects.filter(translation_key__in=keys))
                .filter(site_scope(network))
                .only(*FIELDS)
                .order_by("locale_id", "path")
            ):
                versions.setdefault(version.translation_key, []).append(version)
        return SitemapList(
            items=[entry(info, page, versions) for page in items], total_count=total
        )

    @strawberry.field(
        description="The redirects of a site (and those for every site): old "
        "path to new path or address, permanent or not."
    )
    def redirects(
        self,
        info: strawberry.Info,
        site: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> RedirectList:
        network = resolve_site(info, site)
        queryset = redirects_of(network).order_by("old_path", "pk")
        items, total = paginate(queryset, limit, offset)
        return RedirectList(
            items=[redirect_of(info, network, redirect) for redirect in items],
            total_count=total,
        )

    @strawberry.field(
        description="The redirects of a site (and those for every site), a page "
        "at a time by old path: cursors stay valid when redirects are added in "
        "between."
    )
    def redirects_connection(
        self,
        info: strawberry.Info,
        site: str | None = None,
        first: int = FIRST,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> ConnectionType[RedirectType]:
        network = resolve_site(info, site)
        return cursors.Page(
            redirects_of(network),
            order_keys(Redirect, [], OLD_PATH),
            first,
            after,
            wrap=lambda redirect: redirect_of(info, network, redirect),
        )


OLD_PATH = [("old_path", False)]


def redirects_of(network):
    return Redirect.objects.filter(
        Q(site_id=network.id) | Q(site__isnull=True)
    ).select_related("redirect_page")


def redirect_of(info, network, redirect):
    page = redirect.redirect_page
    if page is not None and not is_public(info, page):
        # a draft, expired or restricted target: neither its path nor its id
        page = None
    new_path = new_url = None
    if page is not None:
        location = page_location(info, page)
        if location is not None and location[0].id == network.id:
            code = location[1]
            new_path = with_language_prefix(code, relative_url_path(info, page))
            new_url = public_url(info, page)
    elif redirect.redirect_link:
        new_url = redirect.redirect_link
    return RedirectType(
        old_path=redirect.old_path,
        new_path=new_path,
        new_url=new_url,
        page_id=strawberry.ID(str(page.pk)) if page is not None else None,
        is_permanent=redirect.is_permanent,
    )
