"""A shared HTTP cache in front (Varnish, a CDN): what it may keep, and purging it.

Public answers (anonymous GraphQL GETs, hosted pages served to visitors without
a session) say how long a shared cache may keep them (`s-maxage`) and carry
`Surrogate-Key` tags: `cms`, the network (`site-<site id>`) and, for a page,
`page-<id>`. When public content changes, the same decision that empties the
API's response cache purges the HTTP caches listed in `HTTP_CACHE_PURGE_URLS`
by tag (a `PURGE` request with an `xkey-purge` header, as Varnish's xkey module
expects, and the `X-Purge-Secret` the cache checks), once the change is committed, so the next reader gets it at once.
"""

import logging
import urllib.request

from django.conf import settings
from wagtail import hooks
from wagtail.models import Site

from pages import visibility

logger = logging.getLogger(__name__)

EVERYTHING = "cms"
PURGE_SECRET_HEADER = "X-Purge-Secret"


def shared_max_age():
    return getattr(settings, "HTTP_CACHE_SHARED_MAX_AGE", 300)


def kept_for() -> int:
    """How long a shared cache may keep a page: no later than the next expiry.

    A page lists others (menus, index pages): when any live page's expiry date
    comes, what was kept may name it.
    """
    until_expiry = visibility.seconds_until_next_expiry()
    if until_expiry is None:
        return shared_max_age()
    return max(0, min(shared_max_age(), int(until_expiry)))


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    # The site the request was routed to, already found (and kept) by Wagtail.
    site = Site.find_for_request(request)
    request.cache_tags = [EVERYTHING, f"site-{site.pk}", f"page-{page.pk}"]


class SharedCacheMiddleware:
    """Let a shared cache keep a public page a visitor without a session gets."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        tags = getattr(request, "cache_tags", None)
        if (
            tags
            and request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.has_header("Cache-Control")
            and not response.cookies
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not getattr(request, "is_preview", False)
        ):
            response["Cache-Control"] = f"public, max-age=0, s-maxage={kept_for()}"
            response["Surrogate-Key"] = " ".join(tags)
        return response


def purge(keys=(EVERYTHING,)):
    """Ask every configured HTTP cache to drop what carries one of `keys`."""
    for url in getattr(settings, "HTTP_CACHE_PURGE_URLS", []):
        headers = {"xkey-purge": " ".join(keys)}
        # Without it the cache refuses the PURGE (403): anyone could empty it.
        if secret := getattr(settings, "HTTP_CACHE_PURGE_SECRET", ""):
            headers[PURGE_SECRET_HEADER] = secret
        request = urllib.request.Request(url, method="PURGE", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=2):
                pass
        except OSError as error:
            # The cache keeps the old answer until s-maxage: say so, loudly.
            logger.error("HTTP cache purge failed at %s (%s)", url, error)


def purge_on_change(sites=None, **_kwargs):
    """Purge what the change concerns: its networks' answers and pages, or all.

    API answers that named no network carry `graphql-any` and go with any change.
    """
    if sites is None:
        purge()
    else:
        purge([f"site-{site_id}" for site_id in sites] + ["graphql-any"])
