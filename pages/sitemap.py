"""The hosted site's /sitemap.xml (with hreflang alternates) and /robots.txt.

Only public pages (`pages.visibility`) are listed, in every language of
the request's site; each page names its translations as alternates.
"""

from django.db.models import Q
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from pages import visibility


def site_of(request):
    return (
        Site.find_for_request(request)
        or Site.objects.filter(is_default_site=True).first()
    )


def homes_of(site):
    """The public home page of `site` in each language."""
    root = site.root_page
    return list(
        visibility.public(Page.objects.all())
        .filter(translation_key=root.translation_key, depth=root.depth)
        .select_related("locale")
    )


def public_pages(homes):
    scope = Q(pk__in=[])
    for home in homes:
        scope |= Q(path__startswith=home.path)
    pages = visibility.public(Page.objects.filter(scope)).select_related("locale")
    return pages.order_by("path")


def entries(request, site):
    """[(url, lastmod, [(language, url)])]: the alternates include the page itself."""
    pages = list(public_pages(homes_of(site)))
    urls = {page.pk: page.get_full_url(request) for page in pages}
    by_key = {}
    for page in pages:
        by_key.setdefault(page.translation_key, []).append(page)
    result = []
    for page in pages:
        versions = by_key[page.translation_key]
        alternates = (
            [(v.locale.language_code, urls[v.pk]) for v in versions]
            if len(versions) > 1
            else []
        )
        result.append((urls[page.pk], page.last_published_at, alternates))
    return result


@require_GET
def sitemap_xml(request):
    site = site_of(request)
    body = render_to_string(
        "pages/sitemap.xml", {"entries": entries(request, site) if site else []}
    )
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap_xml"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /graphql/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
