"""The record of removals: what left each network's public view, and when.

A listener of `public_content_changed`, deciding nothing: the decider
(`public_changes`, `public_rows`) names a removal with `removed=` (the reason)
and the row (`instance=`); the record is written at once, in the transaction
of the change, so a rolled-back change leaves none and a committed one is
never missed, whichever process made it. Rows are kept
`PUBLIC_REMOVALS_RETENTION_DAYS` days (`manage.py prune_removals`).
"""

import datetime

from django.conf import settings
from django.utils import timezone
from wagtail.models import Page

from pages import public_rows
from pages.models import PublicRemoval, RemovalReason
from pages.signals import public_content_changed


def label_of(instance) -> str:
    if isinstance(instance, Page):
        # the base row of a deleted page: its type is in its content type
        return instance.specific_class._meta.label
    return instance._meta.label


def record(instance, reason, sites=None):
    """Write that `instance` left the public view of `sites` (None: every one)."""
    now = timezone.now()
    PublicRemoval.objects.bulk_create(
        PublicRemoval(
            site_id=site_id,
            model=label_of(instance),
            object_id=instance.pk,
            reason=reason,
            removed_at=now,
        )
        for site_id in (sorted(sites) if sites else [None])
    )


def rows_removed(instance, reason):
    """The rows a removal takes away: a withdrawn snippet goes in every language."""
    rule = public_rows.listed_rule(type(instance))
    if reason == RemovalReason.WITHDRAWN and rule is not None:
        return public_rows.translations_hidden(instance, rule)
    return [instance]


def mark_returned(page):
    """A page made public again without a publish (its restriction lifted)
    counts as published now: partners' `updatedSince` reads the last
    publication, and must bring back what a removal told them to delete."""
    now = timezone.now()
    Page.objects.filter(pk=page.pk).update(last_published_at=now)
    page.last_published_at = now


def on_public_change(
    sender, removed=None, instance=None, removed_from=None, returned=False, **kw
):
    if returned and isinstance(instance, Page):
        mark_returned(instance)
    if not removed or instance is None or instance.pk is None:
        return
    for row in rows_removed(instance, removed):
        sites = {removed_from} if removed_from else public_rows.sites_of_row(row)
        record(row, removed, sites)


def retention() -> datetime.timedelta:
    return datetime.timedelta(days=settings.PUBLIC_REMOVALS_RETENTION_DAYS)


def kept_since(now=None) -> datetime.datetime:
    """The oldest moment the record still answers for."""
    return (now or timezone.now()) - retention()


def prune(now=None) -> int:
    """Delete the removals older than the retention; return how many."""
    deleted, _by_model = PublicRemoval.objects.filter(
        removed_at__lt=kept_since(now)
    ).delete()
    return deleted


def connect():
    public_content_changed.connect(on_public_change, dispatch_uid="pages.removals")
