"""The one rule for "public": what a visitor, a partner or a crawler may see.

A page is public when it is live, not expired and neither it nor an ancestor
has a view restriction. An `expire_at` in the past counts as expired at once:
Wagtail's `publish_scheduled` only unpublishes it at its next run, and nothing
may show the page in between. The API, the webhooks, the redirects, the
sitemaps, the hosted listings and search, and the warming all ask this rule.
"""

from collections.abc import Iterable

from django.db.models import Min, Q
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction


def restricted_paths(exclude_pk=None) -> list[str]:
    """Paths of view-restricted pages: they and their descendants are private."""
    restrictions = PageViewRestriction.objects.all()
    if exclude_pk is not None:
        restrictions = restrictions.exclude(pk=exclude_pk)
    return list(restrictions.values_list("page__path", flat=True))


def not_expired_q(now=None) -> Q:
    return Q(expire_at__isnull=True) | Q(expire_at__gt=now or timezone.now())


def unrestricted(queryset, paths: Iterable[str] | None = None):
    """Narrow a page queryset to pages no view restriction hides."""
    if paths is None:
        paths = restricted_paths()
    for path in paths:
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def public(queryset=None, paths: Iterable[str] | None = None, now=None):
    """Narrow a page queryset (all pages by default) to the public ones.

    `paths` are the restricted paths when the caller already knows them (the
    API keeps them per request); otherwise they are read.
    """
    if queryset is None:
        queryset = Page.objects.all()
    queryset = queryset.filter(live=True).filter(not_expired_q(now))
    return unrestricted(queryset, paths)


def is_expired(page, now=None) -> bool:
    expire_at = getattr(page, "expire_at", None)
    return expire_at is not None and expire_at <= (now or timezone.now())


def is_restricted(page, paths: Iterable[str] | None = None) -> bool:
    """Whether a view restriction on `page` or an ancestor hides it."""
    if paths is None:
        return PageViewRestriction.objects.filter(
            page__path__in=ancestor_paths(page.path)
        ).exists()
    return any(page.path.startswith(path) for path in paths)


def ancestor_paths(path: str) -> list[str]:
    """The paths of the page at `path` and of each of its ancestors."""
    step = Page.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def is_public(page, paths: Iterable[str] | None = None, now=None) -> bool:
    """The single-page form of `public()`."""
    return (
        page is not None
        and page.live
        and not is_expired(page, now)
        and not is_restricted(page, paths)
    )


def seconds_until_next_expiry(now=None) -> float | None:
    """Seconds before the next live page expires, None if none is due.

    A shared cache must not keep a page (or a listing naming it) past that
    moment, or it would show an expired page until its entry ages out.
    """
    now = now or timezone.now()
    soonest = Page.objects.filter(live=True, expire_at__gt=now).aggregate(
        soonest=Min("expire_at")
    )["soonest"]
    return None if soonest is None else (soonest - now).total_seconds()
