"""Site-relative links to our own routes, followed in the reader's language.

Rich text may link to a route that is not a Wagtail page (the proposal form,
the labelled projects) with a plain site-relative href such as
``/proposals/new/``. A translation made with wagtail-localize keeps the source
page's link targets, so the English home page would send its readers to the
French form. Such a href is resolved in whichever language prefix it carries
and reversed in the reader's language; links to Wagtail pages (which have their
own, translated slugs and go through the page link handler) and links we do not
recognise are left alone.
"""

import re

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.html import escape
from django.utils.translation import get_language, override

SITE_RELATIVE_HREF = re.compile(r'(<a\b[^>]*?\bhref=")(/[^"/][^"]*|/)(")')
WAGTAIL_SERVE = "wagtail_serve"


def route_url(href: str, language: str) -> str:
    """Return `href` for `language` if it is one of our routes, else unchanged."""
    path, mark, rest = (re.split(r"([?#])", href, maxsplit=1) + ["", ""])[:3]
    for code, _name in settings.LANGUAGES:
        with override(code):
            try:
                match = resolve(path)
            except Resolver404:
                continue
        if match.url_name == WAGTAIL_SERVE or not match.url_name:
            continue
        name = (
            f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        )
        with override(language):
            try:
                url = reverse(name, args=match.args, kwargs=match.kwargs)
            except NoReverseMatch:
                return href
        return url + mark + rest
    return href


def localize_route_links(html: str, language: str | None = None) -> str:
    """Rewrite the site-relative links to our routes in `html` for `language`."""
    if not html or 'href="/' not in html:
        return html
    language = language or get_language() or settings.LANGUAGE_CODE

    def swap(m):
        href = m.group(2).replace("&amp;", "&")
        return m.group(1) + escape(route_url(href, language)) + m.group(3)

    return SITE_RELATIVE_HREF.sub(swap, html)
