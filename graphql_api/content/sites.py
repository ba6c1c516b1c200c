"""Networks (Wagtail sites) and locales: listing them and resolving the arguments."""

from dataclasses import dataclass, field

import strawberry
from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.http.request import split_domain_port
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from graphql_api.caching import answers
from graphql_api.core.context import cached
from graphql_api.core.errors import ApiError, ErrorCode


@dataclass
class NetworkSite:
    """A Wagtail site as the API sees it, loaded once per request."""

    site: Site
    key: str
    front_end_url: str
    default_locale: str
    # language code -> the live home page of the site in that language
    homes: dict[str, Page] = field(default_factory=dict)

    @property
    def id(self):
        return self.site.pk

    @property
    def locales(self) -> list[str]:
        ordered = [self.default_locale]
        ordered += sorted(code for code in self.homes if code != self.default_locale)
        return [code for code in ordered if code in self.homes]


def network_settings_by_site() -> dict:
    try:
        model = apps.get_model("pages", "NetworkSettings")
    except LookupError:
        return {}
    return {item.site_id: item for item in model.objects.all()}


def load_network_sites() -> list[NetworkSite]:
    sites = list(Site.objects.select_related("root_page__locale").order_by("pk"))
    by_site = network_settings_by_site()
    roots = {site.root_page.translation_key: site for site in sites}
    homes = (
        Page.objects.live()
        .filter(translation_key__in=roots)
        .select_related("locale")
        .order_by("pk")
    )
    result = {}
    for site in sites:
        network = by_site.get(site.pk)
        result[site.pk] = NetworkSite(
            site=site,
            key=(getattr(network, "key", "") or site.hostname),
            front_end_url=(
                getattr(network, "front_end_url", "")
                or getattr(network, "frontend_url", "")
                or ""
            ),
            default_locale=site.root_page.locale.language_code,
        )
    for home in homes:
        site = roots[home.translation_key]
        # same tree only: a translation lives beside the source home page
        if home.depth == site.root_page.depth:
            result[site.pk].homes[home.locale.language_code] = home
    return list(result.values())


def network_sites(info) -> list[NetworkSite]:
    return cached(
        info,
        "network_sites",
        lambda: answers.remembered("network_sites", load_network_sites),
    )


def load_locales() -> dict[str, Locale]:
    return {locale.language_code: locale for locale in Locale.objects.all()}


def locales_by_code(info) -> dict[str, Locale]:
    return cached(info, "locales", lambda: answers.remembered("locales", load_locales))


def check_key_scope(info, network: NetworkSite) -> NetworkSite:
    """Refuse a network the request's API key does not cover (SITE_NOT_ALLOWED)."""
    access = getattr(getattr(info.context, "request", None), "api_access", None)
    if access is not None and not access.may_read(network.site.pk):
        raise ApiError(
            _("This API key does not give access to the network “%(site)s”.")
            % {"site": network.key},
            ErrorCode.SITE_NOT_ALLOWED,
        )
    return network


def resolve_site(info, site: str | None) -> NetworkSite:
    """Return the site named by `site` (key or hostname), else the request's host's,
    else the default site; refuse one the request's API key does not cover."""
    network = check_key_scope(info, find_site(info, site))
    # before any of the network's content is read
    answers.depend_on_site(info.context, network.id)
    return network


def find_site(info, site: str | None) -> NetworkSite:
    sites = network_sites(info)
    if site is not None:
        wanted = site.strip().lower()
        for candidate in sites:
            if wanted in (candidate.key.lower(), candidate.site.hostname.lower()):
                return candidate
        raise ApiError(
            _("No site has the key or hostname “%(site)s”.") % {"site": site},
            ErrorCode.UNKNOWN_SITE,
        )
    request = getattr(info.context, "request", None)
    if request is not None:
        hostname = split_domain_port(request._get_raw_host())[0].lower()
        for candidate in sites:
            if candidate.site.hostname.lower() == hostname:
                return candidate
    for candidate in sites:
        if candidate.site.is_default_site:
            return candidate
    if sites:
        return sites[0]
    raise ApiError(_("No site is configured."), ErrorCode.UNKNOWN_SITE)


def resolve_locale(info, network: NetworkSite, locale: str | None) -> Locale:
    """Return the asked locale, or the site's default one; refuse an unknown code."""
    known = locales_by_code(info)
    code = network.default_locale if locale is None else locale.strip().lower()
    configured = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
    if code not in known or code not in configured:
        raise ApiError(
            _("Unknown locale “%(locale)s”; expected one of: %(known)s.")
            % {"locale": locale, "known": ", ".join(sorted(configured))},
            ErrorCode.UNKNOWN_LOCALE,
        )
    return known[code]


def default_locale(info, network: NetworkSite) -> Locale:
    return locales_by_code(info)[network.default_locale]


@strawberry.type(name="Site", description="A network: one Wagtail site.")
class SiteType:
    key: str = strawberry.field(
        description="Stable identifier, for the `site` argument."
    )
    hostname: str
    name: str
    default_locale: str = strawberry.field(
        description="The source language of the site's content."
    )
    locales: list[str] = strawberry.field(
        description="Languages in which the site has a published home page."
    )
    front_end_url: str = strawberry.field(
        description="The partner front end that serves this site, if any."
    )

    @classmethod
    def from_network(cls, network: NetworkSite) -> "SiteType":
        return cls(
            key=network.key,
            hostname=network.site.hostname,
            name=network.site.site_name or network.site.hostname,
            default_locale=network.default_locale,
            locales=network.locales,
            front_end_url=network.front_end_url,
        )


@strawberry.type
class Query:
    @strawberry.field(description="The networks served by this installation.")
    def sites(self, info: strawberry.Info) -> list[SiteType]:
        answers.depend_on_every_site(info.context)
        request = getattr(info.context, "request", None)
        access = getattr(request, "api_access", None)
        return [
            SiteType.from_network(network)
            for network in network_sites(info)
            if access is None or access.may_read(network.site.pk)
        ]

    @strawberry.field(
        description="One network: by key or hostname, else the request's host, "
        "else the default site."
    )
    def site(self, info: strawberry.Info, site: str | None = None) -> SiteType:
        return SiteType.from_network(resolve_site(info, site))


def locale_code(info, locale_id) -> str:
    """Return the language code of a locale id, from the request's locales."""
    by_id = cached(
        info,
        "locale_codes",
        lambda: {loc.pk: code for code, loc in locales_by_code(info).items()},
    )
    return by_id.get(locale_id, "")


def translated(queryset, locale: Locale, default: Locale, fallback: bool = True):
    """Narrow `queryset` to `locale`, completed per item by the default locale.

    An item with no version in `locale` is served in the default locale, unless
    `fallback` is false.
    """
    if locale.pk == default.pk or not fallback:
        return queryset.filter(locale=locale)
    translated_keys = queryset.filter(locale=locale).values("translation_key")
    return queryset.filter(
        Q(locale=locale) | (Q(locale=default) & ~Q(translation_key__in=translated_keys))
    )
