"""The hosted sites' own pages that are not pages of the tree: search and site map."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from pages import visibility
from pages.search.query import search as public_search

RESULTS_PER_PAGE = 10
QUERY_MAX_LENGTH = 200


def site_pages(request):
    """Return the public pages of the request's network in the current language."""
    site = Site.find_for_request(request)
    if site is None:
        return Page.objects.none(), None
    home = site.root_page.localized
    locale = Locale.objects.filter(language_code=get_language()).first()
    pages = Page.objects.live().descendant_of(home, inclusive=True)
    if locale is not None:
        pages = pages.filter(locale=locale)
    return visibility.public(pages), home


def search(request):
    """Show the pages of this network that match the visitor's words."""
    query = request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
    # The same bound on words as the API's: each word is a term of the query.
    query = " ".join(query.split()[: settings.GRAPHQL_SEARCH_MAX_WORDS])
    pages, _home = site_pages(request)
    results = corrected_query = None
    if query:
        outcome = public_search(pages, query, get_language())
        corrected_query = outcome.corrected_query
        results = Paginator(outcome.ids, RESULTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        found = Page.objects.filter(pk__in=results.object_list).specific().in_bulk()
        results.object_list = [found[pk] for pk in results.object_list if pk in found]
    return render(
        request,
        "pages/search_results.html",
        {
            "search_query": query,
            "corrected_query": corrected_query,
            "results": results,
        },
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
