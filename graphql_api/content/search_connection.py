"""`searchConnection`: the public search's ranked pages, a page at a time.

The ranking is the public search's (`pages.search.query.search`, called
through its function only): it gives the matching ids best first, not their
scores. A cursor therefore holds the last item read (its id, and its place in
the ranking as a fallback), signed, and bound to the search it came from; the
next page starts right after that item in the ranking as it is now, so a
page published in between that ranks above it shifts nothing. When that item
no longer matches (unpublished, edited), the next page starts at its former
place, where what followed it moved up. A publication can also change the
scores of other pages (a word becomes rarer or commoner): relevance has no
position that survives every change, only the last item read.
"""

import hashlib
from typing import Annotated

import strawberry
from django.utils.translation import gettext as _
from strawberry.relay import PageInfo
from wagtail.models import Page

from graphql_api.caching.read_model import prepared_pages
from graphql_api.content import cursors
from graphql_api.content.cursors import AFTER, FIRST, EdgeType
from graphql_api.content.page_interface import PageInterface, prepare
from graphql_api.content.pages import searched_pages
from graphql_api.content.search_terms import full_text_query
from graphql_api.content.sites import resolve_locale, resolve_site
from graphql_api.core.context import request_cache
from graphql_api.core.errors import ApiError, ErrorCode
from pages.search.query import search as public_search


@strawberry.type(
    name="SearchConnection",
    description="A page of the search's results, best first, with cursors.",
)
class SearchConnectionType:
    edges: list[EdgeType[PageInterface]]
    page_info: PageInfo
    total_count: int = strawberry.field(
        description="How many pages match, across every page of results."
    )
    corrected_query: str | None = strawberry.field(
        description="The search as corrected when a word of it is not in any "
        "page (a typo), the results being the corrected search's; null when "
        "the search was used as typed."
    )


def rank_key(network, locale, fallback, words) -> list[cursors.Key]:
    """The cursor's key: a position in this search's ranking and no other."""
    asked = f"{network.id}|{locale.language_code}|{fallback}|{words}"
    digest = hashlib.sha256(asked.encode()).hexdigest()[:16]
    return [cursors.Key(f"rank:{digest}")]


def start_after(ids: list[int], after, keys) -> int:
    """Where the next page starts in `ids`: after the cursor's item."""
    if after is None:
        return 0
    (place,), pk = cursors.decode(after, keys)
    if pk in ids:
        return ids.index(pk) + 1
    # The item left the results: what followed it moved up to its place.
    return min(int(place), len(ids))


def search_page(info, network, wanted, fallback, words, first, after):
    cursors.check_first(first)
    queryset, read = searched_pages(info, network, wanted, fallback)
    keys = rank_key(network, wanted, fallback, words)
    outcome = public_search(queryset, words, wanted.language_code, read)
    ids = outcome.ids
    start = start_after(ids, after, keys)
    chosen = ids[start : start + first]
    found = {
        page.pk: page for page in prepared_pages(Page.objects.filter(pk__in=chosen))
    }
    placed = [(start + i, found[pk]) for i, pk in enumerate(chosen) if pk in found]
    prepare(info, [page for _place, page in placed])
    edges = [
        EdgeType(node=page, cursor=cursors.encode(keys, [place], page.pk))
        for place, page in placed
    ]
    return SearchConnectionType(
        edges=edges,
        page_info=PageInfo(
            has_next_page=start + first < len(ids),
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=len(ids),
        corrected_query=outcome.corrected_query,
    )


@strawberry.type
class Query:
    @strawberry.field(
        description="Full-text search in the public pages of a site, a page at a "
        "time, best first: a cursor continues after the last page read."
    )
    def search_connection(
        self,
        info: strawberry.Info,
        query: str,
        locale: str | None = None,
        fallback: bool = True,
        site: str | None = None,
        first: int = FIRST,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> SearchConnectionType:
        network = resolve_site(info, site)
        request_cache(info)["current_site"] = network
        wanted = resolve_locale(info, network, locale)
        words = full_text_query(query)
        if not words:
            raise ApiError(_("The search query is empty."), ErrorCode.INVALID_ARGUMENT)
        return search_page(info, network, wanted, fallback, words, first, after)
