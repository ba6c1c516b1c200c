"""The parts every hosted page shares: header, menu, breadcrumbs, languages, footer."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page, Site

from pages import visibility
from pages.models import NetworkSettings

register = template.Library()


def localized_live(page):
    """Return `page` in the current language if public there, else the public original."""
    if page is None:
        return None
    localized = page.localized
    if visibility.is_public(localized):
        return localized
    return page if visibility.is_public(page) else None


def menu_entries(home):
    """Return the home's children shown in menus, each with its own (two levels)."""
    if home is None:
        return []
    entries = []
    paths = visibility.restricted_paths()
    for child in visibility.public(home.get_children().in_menu(), paths).specific():
        grandchildren = visibility.public(child.get_children().in_menu(), paths)
        entries.append({"page": child, "children": list(grandchildren)})
    return entries


def other_home_url(request, site, code):
    """The address of `site`'s home in language `code`, on this host."""
    if site is None:
        return None
    home = visibility.public(site.root_page.get_translations(inclusive=True)).filter(
        locale__language_code=code
    )
    home = home.first()
    return home.get_url(request=request) if home is not None else None


def same_site_url(request, site, code):
    """This address in language `code`, or that language's home.

    The path is the visitor's: one such as `//evil.example/../x` would make a
    link to another host, so only a path on this host is kept.
    """
    url = translate_url(request.path, code)
    if url != request.path and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=False
    ):
        query = request.META.get("QUERY_STRING", "")
        return f"{url}?{query}" if query else url
    return other_home_url(request, site, code)


def language_links(request, page, site=None, error_page=False):
    """Return, for each other language, a link naming it in itself.

    An error page has no translation: its switch leads to the other language's
    home of the same site.
    """
    current = get_language()
    links = []
    translations = {}
    if isinstance(page, Page):
        translations = {
            translation.locale.language_code: translation
            for translation in visibility.public(page.get_translations())
        }
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        if isinstance(page, Page) and not error_page:
            translation = translations.get(code)
            if translation is None:
                continue
            url = translation.get_url(request=request)
        elif error_page:
            url = other_home_url(request, site, code)
        else:
            url = same_site_url(request, site, code)
        if url is None:
            continue
        name = get_language_info(code)["name_local"]
        links.append({"code": code, "name": name[:1].upper() + name[1:], "url": url})
    return links


def breadcrumbs(page, home):
    """Return the pages from the home down to `page`'s parent."""
    if not isinstance(page, Page) or home is None or page.pk == home.pk:
        return []
    ancestors = page.get_ancestors().filter(depth__gte=home.depth)
    return list(visibility.public(ancestors).specific())


@register.simple_tag(takes_context=True)
def network_site(context):
    """Return what the layout needs to know about the request's network."""
    request = context.get("request")
    page = context.get("page")
    site = Site.find_for_request(request) if request is not None else None
    # for_site() would create a settings row (and its unique key) for a bare site.
    network = NetworkSettings.objects.filter(site=site).first() if site else None
    home = localized_live(site.root_page) if site is not None else None
    if home is not None:
        home = home.specific
    footer_pages = {}
    if network is not None:
        for name in ("legal_notice_page", "privacy_page", "accessibility_page"):
            footer_pages[name] = localized_live(getattr(network, name))
    return {
        "site": site,
        "settings": network,
        "home": home,
        "is_home": isinstance(page, Page) and home is not None and page.pk == home.pk,
        "name": home.title if home is not None else getattr(site, "site_name", ""),
        "menu": menu_entries(home),
        "current_path": request.path if request is not None else "",
        "languages": (
            language_links(request, page, site, context.get("error_page", False))
            if request is not None
            else []
        ),
        "breadcrumbs": breadcrumbs(page, home),
        "footer_pages": footer_pages,
    }
