"""Filters and orderings of the programme's lists: events, trainings, news.

The inputs are strawberry-django's, on the page models; the pages themselves
keep their `Page` interface types. Only indexed columns are offered: the
programme's dates and topic (pages/migrations/0010), the page's title and last
publication (indexes that migration adds to Wagtail's page table), the region.
"""

import strawberry_django
from strawberry import UNSET, auto

from graphql_api.content.charter_filters import RegionFilter, RegionOrder
from graphql_api.content.filtering import (
    DateLookup,
    DateTimeLookup,
    IdLookup,
    TextLookup,
)
from pages.models import EventPage, NewsPage, TrainingPage


@strawberry_django.filter_type(EventPage, name="EventFilter")
class EventFilter:
    id: IdLookup | None = UNSET
    title: TextLookup | None = UNSET
    start: DateTimeLookup | None = UNSET
    end: DateTimeLookup | None = UNSET
    region: RegionFilter | None = UNSET


@strawberry_django.order_type(EventPage, name="EventOrder")
class EventOrder:
    start: auto
    end: auto
    title: auto
    region: RegionOrder | None = UNSET


@strawberry_django.filter_type(TrainingPage, name="TrainingFilter")
class TrainingFilter:
    id: IdLookup | None = UNSET
    title: TextLookup | None = UNSET
    topic: TextLookup | None = UNSET
    region: RegionFilter | None = UNSET


@strawberry_django.order_type(TrainingPage, name="TrainingOrder")
class TrainingOrder:
    title: auto
    topic: auto
    region: RegionOrder | None = UNSET


@strawberry_django.filter_type(NewsPage, name="NewsFilter")
class NewsFilter:
    id: IdLookup | None = UNSET
    title: TextLookup | None = UNSET
    date: DateLookup | None = UNSET


@strawberry_django.order_type(NewsPage, name="NewsOrder")
class NewsOrder:
    date: auto
    title: auto


__all__ = [
    "EventFilter",
    "EventOrder",
    "NewsFilter",
    "NewsOrder",
    "TrainingFilter",
    "TrainingOrder",
]
