"""Which changes are webhook events: Wagtail's page signals and our one channel.

Only what reaches the public is an event: a publish, an unpublish, the
deletion or move of a live page, a signatory published or withdrawn, a project
awarded. A draft saved sends nothing (no signal here fires for it). Payloads
carry public fields only: type, id, locale, path, title.
"""

from django.db.models.signals import post_delete, pre_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from pages.signals import public_content_changed
from partners import webhooks
from partners.models import WebhookEvent
from partners.sites import site_and_path


def page_data(page, url_path=None):
    site, path = site_and_path(page, url_path)
    return site, {
        "type": "page",
        "id": page.pk,
        "locale": page.locale.language_code,
        "urlPath": path,
        "title": page.title,
    }


def page_event(event, page, **extra):
    site, data = page_data(page)
    if site is not None:
        webhooks.record(event, site, f"page:{page.pk}", {**data, **extra})


def on_page_published(sender, instance, **kwargs):
    page_event(WebhookEvent.PAGE_PUBLISHED, instance)


def on_page_unpublished(sender, instance, **kwargs):
    page_event(WebhookEvent.PAGE_UNPUBLISHED, instance)


def note_live_before_delete(sender, instance, **kwargs):
    # Wagtail's own pre_delete receiver unpublishes the page; this one is
    # connected first (partners is listed before wagtail), so it still sees it live.
    instance.was_live_before_delete = instance.live


def on_page_deleted(sender, instance, **kwargs):
    # Sent once per page (sender=Page: the base row of every specific page);
    # a page nobody could see is no public change.
    was_live = getattr(instance, "was_live_before_delete", instance.live)
    if (was_live or instance.last_published_at) and instance.depth > 2:
        page_event(WebhookEvent.PAGE_DELETED, instance)


def on_page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    if instance.live and url_path_before != url_path_after:
        site, before = site_and_path(instance, url_path_before)
        page_event(WebhookEvent.PAGE_MOVED, instance, previousUrlPath=before)


def on_public_change(sender, event=None, instance=None, site=None, **kwargs):
    """Our channel: `public_content_changed.send(sender, event=, instance=, site=)`.

    Senders without `event` (a bulk update that only empties caches) are no
    webhook event.
    """
    if not event or instance is None or site is None:
        return
    locale = getattr(instance, "locale", None)
    data = {
        "type": event.split(".")[0],
        "id": instance.pk,
        "locale": locale.language_code if locale is not None else None,
        "title": str(getattr(instance, "name", "") or getattr(instance, "title", "")),
    }
    webhooks.record(event, site, f"{data['type']}:{instance.pk}", data)


def connect():
    page_published.connect(on_page_published, dispatch_uid="partners.published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="partners.unpublished")
    pre_delete.connect(
        note_live_before_delete, sender=Page, dispatch_uid="partners.deleting"
    )
    post_delete.connect(on_page_deleted, sender=Page, dispatch_uid="partners.deleted")
    post_page_move.connect(on_page_moved, dispatch_uid="partners.moved")
    public_content_changed.connect(on_public_change, dispatch_uid="partners.public")
