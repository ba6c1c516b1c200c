"""The parts every hosted page shares: header, menu, breadcrumbs, languages, footer."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Page, Site

from pages.models import NetworkSettings

register = template.Library()


def localized_live(page):
    """Return `page` in the current language if live there, else the live original."""
    if page is None:
        return None
    localized = page.localized
    if localized.live:
        return localized
    return page if page.live else None


def menu_entries(home):
    """Return the home's children shown in menus, each with its own (two levels)."""
    if home is None:
        return []
    entries = []
    for child in home.get_children().live().public().in_menu().specific():
        grandchildren = child.get_children().live().public().in_menu()
        entries.append({"page": child, "children": list(grandchildren)})
    return entries


def language_links(request, page):
    """Return, for each other language, a link naming it in itself."""
    current = get_language()
    links = []
    translations = {}
    if isinstance(page, Page):
        translations = {
            translation.locale.language_code: translation
            for translation in page.get_translations().live()
        }
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        if isinstance(page, Page):
            translation = translations.get(code)
            if translation is None:
                continue
            url = translation.get_url(request=request)
        else:
            url = translate_url(request.get_full_path(), code)
        name = get_language_info(code)["name_local"]
        links.append({"code": code, "name": name[:1].upper() + name[1:], "url": url})
    return links


def breadcrumbs(page, home):
    """Return the pages from the home down to `page`'s parent."""
    if not isinstance(page, Page) or home is None or page.pk == home.pk:
        return []
    return list(page.get_ancestors().filter(depth__gte=home.depth).live().specific())


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
        "languages": language_links(request, page) if request is not None else [],
        "breadcrumbs": breadcrumbs(page, home),
        "footer_pages": footer_pages,
    }
