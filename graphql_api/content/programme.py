"""Events, trainings and news of a network, and its documents."""

import datetime
from typing import Annotated

import strawberry
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex

from graphql_api.content.choices import EventStatusEnum, deprecated_for, value_of
from graphql_api.content.images import DocumentType
from graphql_api.content.loaders import public_filter
from graphql_api.content.page_interface import page_list, site_scope
from graphql_api.content.page_types import EventPageType, NewsPageType, TrainingPageType
from graphql_api.content.pages import in_locale_with_fallback
from graphql_api.content.pagination import DEFAULT_LIMIT, paginate
from graphql_api.content.search_terms import substring
from graphql_api.content.sites import resolve_locale, resolve_site
from graphql_api.core.context import request_cache
from graphql_api.core.errors import ApiError, ErrorCode
from pages.models import EventPage, EventStatus, NewsPage, TrainingPage
from pages.public_files import public_documents
from pages.search.query import search as public_search


@strawberry.type
class EventList:
    items: list[EventPageType]
    total_count: int


@strawberry.type
class TrainingList:
    items: list[TrainingPageType]
    total_count: int


@strawberry.type
class NewsList:
    items: list[NewsPageType]
    total_count: int


@strawberry.type
class DocumentList:
    items: list[DocumentType]
    total_count: int


def site_pages(info, model, site, locale, fallback):
    network = resolve_site(info, site)
    request_cache(info)["current_site"] = network
    wanted = resolve_locale(info, network, locale)
    queryset = public_filter(info, model.objects.all())
    return in_locale_with_fallback(info, queryset, network, wanted, fallback)


def by_region(queryset, region):
    return queryset.filter(region__code__iexact=region) if region else queryset


def day_start(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@strawberry.type
class Query:
    @strawberry.field(description="Public events of a site, soonest first.")
    def events(
        self,
        info: strawberry.Info,
        upcoming: bool | None = None,
        region: str | None = None,
        from_: Annotated[datetime.date | None, strawberry.argument(name="from")] = None,
        to: datetime.date | None = None,
        event_status: EventStatusEnum | None = None,
        status: Annotated[
            str | None,
            strawberry.argument(deprecation_reason=deprecated_for("eventStatus")),
        ] = None,
        site: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> EventList:
        queryset = by_region(
            site_pages(info, EventPage, site, locale, fallback), region
        )
        now = timezone.now()
        if upcoming is True:
            queryset = queryset.filter(end__gte=now)
        elif upcoming is False:
            queryset = queryset.filter(end__lt=now)
        if from_ is not None:
            queryset = queryset.filter(end__gte=day_start(from_))
        if to is not None:
            queryset = queryset.filter(start__lt=day_start(to + datetime.timedelta(1)))
        if event_status is not None:
            status = value_of(event_status)
        if status is not None:
            if status not in EventStatus.values:
                raise ApiError(
                    _("Unknown status “%(status)s”; expected one of: %(known)s.")
                    % {"status": status, "known": ", ".join(EventStatus.values)},
                    ErrorCode.INVALID_ARGUMENT,
                    argument="status",
                )
            queryset = EventPage.with_current_status(queryset, status)
        order = ("start", "pk") if upcoming is not False else ("-start", "-pk")
        result = page_list(info, queryset.order_by(*order), limit, offset)
        return EventList(items=result.items, total_count=result.total_count)

    @strawberry.field(description="Public trainings of a site, in the editors' order.")
    def trainings(
        self,
        info: strawberry.Info,
        region: str | None = None,
        topic: str | None = None,
        site: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> TrainingList:
        queryset = by_region(
            site_pages(info, TrainingPage, site, locale, fallback), region
        )
        if topic:
            queryset = queryset.filter(topic__icontains=topic)
        result = page_list(info, queryset.order_by("path"), limit, offset)
        return TrainingList(items=result.items, total_count=result.total_count)

    @strawberry.field(description="Public news articles of a site, newest first.")
    def news(
        self,
        info: strawberry.Info,
        tag: str | None = None,
        site: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
    ) -> NewsList:
        queryset = site_pages(info, NewsPage, site, locale, fallback)
        if tag:
            queryset = queryset.filter(tags__name__iexact=tag).distinct()
        result = page_list(info, queryset.order_by("-date", "-pk"), limit, offset)
        return NewsList(items=result.items, total_count=result.total_count)

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
    ) -> DocumentList:
        network = resolve_site(info, site)
        queryset = site_documents(info, network)
        if search and (text := substring(search)):
            found = public_search(queryset, text, get_language()).ids
            queryset = queryset.filter(Q(pk__in=found) | Q(title__icontains=text))
        if file_type:
            queryset = queryset.filter(file__iendswith="." + file_type.lower())
        items, total = paginate(queryset.order_by("-created_at", "-pk"), limit, offset)
        return DocumentList(
            items=[DocumentType.of(d) for d in items], total_count=total
        )


def site_documents(info, network):
    """The documents a site offers: those linked from its live, public pages.

    Documents carry no site; the pages that link them do (Wagtail's reference
    index records every link, in rich text, StreamField and foreign keys). A
    file uploaded for another network, for a draft or for a private page, or
    kept in a restricted collection, is not offered.
    """
    Document = get_document_model()
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
