"""The hosted sites' own pages that are not pages of the tree: search and site map."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, Site

from pages import visibility
from pages.guide_markup import render_guide
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


def hosted_guide_links():
    """The partner guides' files the site serves, by the names the guides link to."""
    return {
        "api.md": reverse("pages:api_docs"),
        "api-changelog.md": reverse("pages:api_changelog"),
        "schema.graphql": reverse("pages:api_schema"),
    }


def guide_page(request, name, title):
    path = settings.BASE_DIR / "docs" / name
    if not path.exists():
        raise Http404
    guide = render_guide(path.read_text(encoding="utf-8"), hosted_guide_links())
    return render(request, "pages/api_docs.html", {"guide": guide, "title": title})


def api_docs(request):
    """Show the partner API's guide (docs/api.md) to partners' developers, as HTML."""
    return guide_page(request, "api.md", _("API for partners"))


def api_changelog(request):
    """Show what each version of the partner API changed (docs/api-changelog.md)."""
    return guide_page(request, "api-changelog.md", _("API changelog"))


def api_schema(request):
    """Serve the API's contract, schema.graphql, as the guide links to it."""
    path = settings.BASE_DIR / "schema.graphql"
    return HttpResponse(
        path.read_text(encoding="utf-8"), content_type="text/plain; charset=utf-8"
    )
