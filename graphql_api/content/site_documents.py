"""The documents a network offers: those its public pages link to."""

import datetime
from typing import Annotated

import strawberry
import strawberry_django
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import get_language
from strawberry import UNSET, auto
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex

from graphql_api.content import cursors
from graphql_api.content.cursors import AFTER, FIRST, ConnectionType, order_keys
from graphql_api.content.filtering import DateTimeLookup, IdLookup, filtered
from graphql_api.content.images import DocumentType
from graphql_api.content.loaders import public_filter
from graphql_api.content.page_interface import site_scope
from graphql_api.content.pagination import DEFAULT_LIMIT, paginate
from graphql_api.content.search_terms import substring
from graphql_api.content.sites import resolve_site
from pages.public_files import public_documents
from pages.search.query import search as public_search

Document = get_document_model()


@strawberry.type
class DocumentList:
    items: list[DocumentType]
    total_count: int


@strawberry_django.filter_type(Document, name="DocumentFilter")
class DocumentFilter:
    id: IdLookup | None = UNSET
    created_at: DateTimeLookup | None = UNSET


@strawberry_django.order_type(Document, name="DocumentOrder")
class DocumentOrder:
    created_at: auto


UPDATED_SINCE = (
    "Only documents uploaded at or after this time (a document's file is not "
    "replaced in place: a new version is a new document)."
)
UpdatedSince = Annotated[
    datetime.datetime | None, strawberry.argument(description=UPDATED_SINCE)
]
Filters = Annotated[
    DocumentFilter | None,
    strawberry.argument(description="Field lookups, with AND, OR and NOT."),
]
Ordering = Annotated[
    list[DocumentOrder] | None,
    strawberry.argument(description="Sort keys; the id always breaks ties."),
]


def offered(info, site, search, file_type, filters, updated_since):
    network = resolve_site(info, site)
    queryset = site_documents(info, network)
    if search and (text := substring(search)):
        found = public_search(queryset, text, get_language()).ids
        queryset = queryset.filter(Q(pk__in=found) | Q(title__icontains=text))
    if file_type:
        queryset = queryset.filter(file__iendswith="." + file_type.lower())
    return filtered(queryset, filters, info, updated_since, "created_at")


@strawberry.type
class Query:
    @strawberry.field(
        description="Downloadable documents of a site, newest first: those its "
        "public pages link to."
    )
    def documents(
        self,
        info: strawberry.Info,
        search: str | None = None,
        file_type: str | None = None,
        site: str | None = None,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        filters: Filters = None,
        ordering: Ordering = None,
        updated_since: UpdatedSince = None,
    ) -> DocumentList:
        queryset = offered(info, site, search, file_type, filters, updated_since)
        if ordering:
            queryset = cursors.ordered(queryset, order_keys(Document, ordering, []))
        else:
            queryset = queryset.order_by("-created_at", "-pk")
        items, total = paginate(queryset, limit, offset)
        return DocumentList(
            items=[DocumentType.of(d) for d in items], total_count=total
        )

    @strawberry.field(
        description="Downloadable documents of a site, a page at a time (newest "
        "first by default)."
    )
    def documents_connection(
        self,
        info: strawberry.Info,
        search: str | None = None,
        file_type: str | None = None,
        site: str | None = None,
        filters: Filters = None,
        ordering: Ordering = None,
        updated_since: UpdatedSince = None,
        first: int = FIRST,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> ConnectionType[DocumentType]:
        queryset = offered(info, site, search, file_type, filters, updated_since)
        keys = order_keys(Document, ordering, [("created_at", True)])
        return cursors.Page(
            queryset, keys, first, after, wrap=lambda d: DocumentType.of(d)
        )


def site_documents(info, network):
    """The documents a site offers: those linked from its live, public pages.

    Documents carry no site; the pages that link them do (Wagtail's reference
    index records every link, in rich text, StreamField and foreign keys). A
    file uploaded for another network, for a draft or for a private page, or
    kept in a restricted collection, is not offered.
    """
    pages = (
        public_filter(info, Page.objects.all())
        .filter(site_scope(network))
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )
    linked = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=pages,
        to_content_type=ContentType.objects.get_for_model(Document),
    ).values("to_object_id")
    return public_documents(
        Document.objects.annotate(key=Cast("pk", CharField())).filter(key__in=linked)
    )
