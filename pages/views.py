"""The hosted sites' own pages that are not pages of the tree: search and site map."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from pages import visibility

RESULTS_PER_PAGE = 10
QUERY_MAX_LENGTH = 200
# Matches ranked before the public ones are kept: ten pages of results.
SEARCH_CANDIDATES = 100


def site_pages(request, public=True):
    """Return the public pages of the request's network in the current language.

    `public=False` leaves out the expiry and restriction rules, which a search
    backend cannot filter on: narrow its results with `visibility.public`.
    """
    site = Site.find_for_request(request)
    if site is None:
        return Page.objects.none(), None
    home = site.root_page.localized
    locale = Locale.objects.filter(language_code=get_language()).first()
    pages = Page.objects.live().descendant_of(home, inclusive=True)
    if locale is not None:
        pages = pages.filter(locale=locale)
    return (visibility.public(pages) if public else pages), home


def search(request):
    """Show the pages of this network that match the visitor's words."""
    query = request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
    pages, _home = site_pages(request, public=False)
    results = None
    if query:
        ranked = list(pages.search(query)[:SEARCH_CANDIDATES])
        public = set(
            visibility.public(
                Page.objects.filter(pk__in=[page.pk for page in ranked])
            ).values_list("pk", flat=True)
        )
        found = [page for page in ranked if page.pk in public]
        paginator = Paginator(found, RESULTS_PER_PAGE)
        results = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "pages/search_results.html",
        {"search_query": query, "results": results},
    )


def sitemap(request):
    """List every page of this network, indented by depth, for human visitors."""
    pages, home = site_pages(request)
    entries = [
        {"page": page, "level": page.depth - home.depth}
        for page in pages.specific().order_by("path")
    ]
    return render(request, "pages/sitemap.html", {"entries": entries})


def api_docs(request):
    """Show the partner API's guide (docs/api.md), as written, to partners' developers."""
    path = settings.BASE_DIR / "docs" / "api.md"
    if not path.exists():
        raise Http404
    return render(
        request, "pages/api_docs.html", {"guide": path.read_text(encoding="utf-8")}
    )
