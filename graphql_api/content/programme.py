"""Events, trainings and news of a network, and its documents."""

import datetime
from typing import Annotated

import strawberry
from django.utils import timezone
from django.utils.translation import gettext as _

from graphql_api.content import cursors
from graphql_api.content.choices import (
    EventStatusEnum,
    deprecated_for,
    superseded,
    value_of,
)
from graphql_api.content.cursors import (
    AFTER,
    FIRST,
    ConnectionType,
    order_keys,
    ordered,
)
from graphql_api.content.filtering import UPDATED_SINCE, filtered
from graphql_api.content.loaders import public_filter
from graphql_api.content.page_interface import page_list, prepare
from graphql_api.content.page_types import EventPageType, NewsPageType, TrainingPageType
from graphql_api.content.pages import in_locale_with_fallback
from graphql_api.content.pagination import DEFAULT_LIMIT
from graphql_api.content.programme_filters import (
    EventFilter,
    EventOrder,
    NewsFilter,
    NewsOrder,
    TrainingFilter,
    TrainingOrder,
)
from graphql_api.content.sites import resolve_locale, resolve_site
from graphql_api.core.context import request_cache
from graphql_api.core.errors import ApiError, ErrorCode
from pages.models import EventPage, EventStatus, NewsPage, TrainingPage


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


UpdatedSince = Annotated[
    datetime.datetime | None, strawberry.argument(description=UPDATED_SINCE)
]
After = Annotated[str | None, strawberry.argument(description=AFTER)]


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


EventRegion = Annotated[
    str | None,
    strawberry.argument(deprecation_reason=superseded("filters.region.code")),
]
Filters = "Field lookups, combined with AND, OR and NOT; only indexed fields."
Ordering_ = "Sort keys, in order; the id always breaks ties."


def narrowed(info, queryset, filters, ordering, updated_since, model, default):
    """A page list narrowed by `filters` and `updatedSince`, in the asked order."""
    queryset = filtered(queryset, filters, info, updated_since, "last_published_at")
    if not ordering:
        return queryset.order_by(*default)
    return ordered(queryset, order_keys(model, ordering, []))


def page_connection(info, queryset, model, ordering, default, first, after):
    keys = order_keys(model, ordering, default)
    return cursors.Page(
        queryset, keys, first, after, lambda items: prepare(info, items)
    )


@strawberry.type
class Query:
    @strawberry.field(description="Public events of a site, soonest first.")
    def events(
        self,
        info: strawberry.Info,
        upcoming: bool | None = None,
        region: EventRegion = None,
        from_: Annotated[
            datetime.date | None,
            strawberry.argument(
                name="from", deprecation_reason=superseded("filters.end.gte")
            ),
        ] = None,
        to: Annotated[
            datetime.date | None,
            strawberry.argument(deprecation_reason=superseded("filters.start.lte")),
        ] = None,
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
        filters: Annotated[
            EventFilter | None, strawberry.argument(description=Filters)
        ] = None,
        ordering: Annotated[
            list[EventOrder] | None, strawberry.argument(description=Ordering_)
        ] = None,
        updated_since: UpdatedSince = None,
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
        queryset = narrowed(
            info, queryset, filters, ordering, updated_since, EventPage, order
        )
        result = page_list(info, queryset, limit, offset)
        return EventList(items=result.items, total_count=result.total_count)

    @strawberry.field(
        description="Public events of a site, a page at a time (soonest first by "
        "default): cursors stay valid when events are published in between."
    )
    def events_connection(
        self,
        info: strawberry.Info,
        site: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        filters: Annotated[
            EventFilter | None, strawberry.argument(description=Filters)
        ] = None,
        ordering: Annotated[
            list[EventOrder] | None, strawberry.argument(description=Ordering_)
        ] = None,
        updated_since: UpdatedSince = None,
        first: int = FIRST,
        after: After = None,
    ) -> ConnectionType[EventPageType]:
        queryset = filtered(
            site_pages(info, EventPage, site, locale, fallback),
            filters,
            info,
            updated_since,
            "last_published_at",
        )
        return page_connection(
            info, queryset, EventPage, ordering, [("start", False)], first, after
        )

    @strawberry.field(description="Public trainings of a site, in the editors' order.")
    def trainings(
        self,
        info: strawberry.Info,
        region: EventRegion = None,
        topic: Annotated[
            str | None,
            strawberry.argument(
                deprecation_reason=superseded("filters.topic.iContains")
            ),
        ] = None,
        site: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        limit: int = DEFAULT_LIMIT,
        offset: int = 0,
        filters: Annotated[
            TrainingFilter | None, strawberry.argument(description=Filters)
        ] = None,
        ordering: Annotated[
            list[TrainingOrder] | None, strawberry.argument(description=Ordering_)
        ] = None,
        updated_since: UpdatedSince = None,
    ) -> TrainingList:
        queryset = by_region(
            site_pages(info, TrainingPage, site, locale, fallback), region
        )
        if topic:
            queryset = queryset.filter(topic__icontains=topic)
        queryset = narrowed(
            info, queryset, filters, ordering, updated_since, TrainingPage, ["path"]
        )
        result = page_list(info, queryset, limit, offset)
        return TrainingList(items=result.items, total_count=result.total_count)

    @strawberry.field(
        description="Public trainings of a site, a page at a time (in the "
        "editors' order by default)."
    )
    def trainings_connection(
        self,
        info: strawberry.Info,
        site: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        filters: Annotated[
            TrainingFilter | None, strawberry.argument(description=Filters)
        ] = None,
        ordering: Annotated[
            list[TrainingOrder] | None, strawberry.argument(description=Ordering_)
        ] = None,
        updated_since: UpdatedSince = None,
        first: int = FIRST,
        after: After = None,
    ) -> ConnectionType[TrainingPageType]:
        queryset = filtered(
            site_pages(info, TrainingPage, site, locale, fallback),
            filters,
            info,
            updated_since,
            "last_published_at",
        )
        return page_connection(
            info, queryset, TrainingPage, ordering, [("path", False)], first, after
        )

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
        filters: Annotated[
            NewsFilter | None, strawberry.argument(description=Filters)
        ] = None,
        ordering: Annotated[
            list[NewsOrder] | None, strawberry.argument(description=Ordering_)
        ] = None,
        updated_since: UpdatedSince = None,
    ) -> NewsList:
        queryset = site_pages(info, NewsPage, site, locale, fallback)
        if tag:
            queryset = queryset.filter(tags__name__iexact=tag).distinct()
        queryset = narrowed(
            info, queryset, filters, ordering, updated_since, NewsPage, ["-date", "-pk"]
        )
        result = page_list(info, queryset, limit, offset)
        return NewsList(items=result.items, total_count=result.total_count)

    @strawberry.field(
        description="Public news articles of a site, a page at a time (newest "
        "first by default)."
    )
    def news_connection(
        self,
        info: strawberry.Info,
        tag: str | None = None,
        site: str | None = None,
        locale: str | None = None,
        fallback: bool = True,
        filters: Annotated[
            NewsFilter | None, strawberry.argument(description=Filters)
        ] = None,
        ordering: Annotated[
            list[NewsOrder] | None, strawberry.argument(description=Ordering_)
        ] = None,
        updated_since: UpdatedSince = None,
        first: int = FIRST,
        after: After = None,
    ) -> ConnectionType[NewsPageType]:
        queryset = site_pages(info, NewsPage, site, locale, fallback)
        if tag:
            queryset = queryset.filter(tags__name__iexact=tag).distinct()
        queryset = filtered(queryset, filters, info, updated_since, "last_published_at")
        return page_connection(
            info, queryset, NewsPage, ordering, [("date", True)], first, after
        )
