"""What browsers and shared caches may keep of an answer: Cache-Control, ETag, tags."""

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from graphql_api.caching import answers


def public_cache_control() -> str:
    # Shared caches are purged on every public change (cms.http_cache), so they
    # may keep an answer longer than a browser, which nobody can purge.
    return (
        f"public, max-age={settings.GRAPHQL_CACHE_MAX_AGE}, "
        f"s-maxage={settings.HTTP_CACHE_SHARED_MAX_AGE}"
    )


def mark_public(response, depends_on=None):
    """Let browsers and shared caches keep this answer; tag it for purging.

    Tagged with each network it read (`site-<id>`), or `graphql-any` when it
    named none, so that a change purges only what it concerns.
    """
    response["Cache-Control"] = public_cache_control()
    sites = answers.sites_of(depends_on or {})
    tags = [f"site-{site_id}" for site_id in sites] or ["graphql-any"]
    response["Surrogate-Key"] = " ".join(["cms", "graphql", *tags])


def mark_cacheable(request, response, depends_on=None):
    """Public for anonymous callers; a key's answer is for its holder's cache only.

    A shared cache keys by URL, not by the Authorization header: it must not
    give a keyed answer to a caller without that key.
    """
    if getattr(request, "api_access", None) is None:
        mark_public(response, depends_on)
    else:
        response["Cache-Control"] = f"private, max-age={settings.GRAPHQL_CACHE_MAX_AGE}"


def set_caching(request, response, context, cacheable):
    if (
        request.method == "GET"
        and answers.audience(request) is not None
        and cacheable
        and not context.private
        and response.status_code == 200
    ):
        digest = hashlib.sha256(response.content).hexdigest()[:32]
        response["ETag"] = f'"{digest}"'
        mark_cacheable(request, response)
    else:
        response["Cache-Control"] = "no-store"


def not_modified(request, response):
    etag = response.get("ETag")
    if not etag:
        return False
    given = request.headers.get("If-None-Match", "")
    tags = {tag.strip().removeprefix("W/") for tag in given.split(",")}
    return etag in tags or "*" in tags


def conditional(request, response):
    """Answer 304 when the client already holds this exact answer."""
    if response.status_code != 200 or not not_modified(request, response):
        return response
    unchanged = HttpResponse(status=304)
    for header in ("ETag", "Cache-Control", "Vary"):
        unchanged[header] = response[header]
    return unchanged


def cached_answer(request, content, content_type, etag, depends_on):
    """Answer with a stored answer, headers as when it was computed."""
    response = HttpResponse(content, status=200, content_type=content_type)
    response["ETag"] = etag
    mark_cacheable(request, response, depends_on)
    patch_vary_headers(response, ["Accept"])
    return conditional(request, response)
