"""Which changes are webhook events: Wagtail's page signals and our one channel.

Only what reaches the public is an event: a publish, an unpublish, the
deletion or move of a live page, a signatory published or withdrawn, a project
awarded. A draft saved sends nothing (no signal here fires for it). Payloads
carry public fields only: type, id, locale, path, title.

"Public" is `pages.visibility`: a page hidden by a view restriction (on it or
an ancestor) is no event at all. A page that becomes hidden (a restriction
added, or a move under a restricted page) is a `page.unpublished` carrying
only its id and locale; one that becomes visible again a `page.published`.
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from pages import visibility
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


def page_hidden(page):
    """Tell partners `page` is gone, naming nothing the public cannot see now."""
    site, _path = site_and_path(page)
    if site is not None:
        webhooks.record(
            WebhookEvent.PAGE_UNPUBLISHED,
            site,
            f"page:{page.pk}",
            {
                "type": "page",
                "id": page.pk,
                "locale": page.locale.language_code,
                "urlPath": None,
                "title": None,
            },
        )


def subtree_shown_or_hidden(page, shown: bool, paths=None):
    """Announce the pages under `page` (itself included) whose visibility flipped.

    `paths` are the restrictions that hide pages whatever happened; the pages
    they hide were private before and stay so.
    """
    subtree = Page.objects.descendant_of(page, inclusive=True).select_related("locale")
    for each in visibility.public(subtree, paths).order_by("path"):
        if shown:
            page_event(WebhookEvent.PAGE_PUBLISHED, each)
        else:
            page_hidden(each)


def on_page_published(sender, instance, **kwargs):
    if visibility.is_public(instance):
        page_event(WebhookEvent.PAGE_PUBLISHED, instance)


def on_page_unpublished(sender, instance, **kwargs):
    # An expired page is no longer live for partners, but nothing told them:
    # its unpublication does. A restricted one they never saw.
    if not visibility.is_restricted(instance):
        page_event(WebhookEvent.PAGE_UNPUBLISHED, instance)


def note_live_before_delete(sender, instance, **kwargs):
    # Wagtail's own pre_delete receiver unpublishes the page; this one is
    # connected first (partners is listed before wagtail), so it still sees it live.
    instance.was_live_before_delete = instance.live
    # The deletion takes the page's own restriction with it: ask now.
    instance.was_restricted_before_delete = visibility.is_restricted(instance)


def on_page_deleted(sender, instance, **kwargs):
    # Sent once per page (sender=Page: the base row of every specific page);
    # a page nobody could see is no public change.
    was_live = getattr(instance, "was_live_before_delete", instance.live)
    if getattr(instance, "was_restricted_before_delete", False):
        return
    if (was_live or instance.last_published_at) and instance.depth > 2:
        page_event(WebhookEvent.PAGE_DELETED, instance)


def on_page_moved(
    sender,
    instance,
    url_path_before,
    url_path_after,
    parent_page_before=None,
    parent_page_after=None,
    **kwargs,
):
    hidden_before = parent_page_before is not None and visibility.is_restricted(
        parent_page_before
    )
    hidden_after = parent_page_after is not None and visibility.is_restricted(
        parent_page_after
    )
    if hidden_before != hidden_after:
        # The subtree's own restrictions moved with it: they still hide.
        inside = [
            path
            for path in visibility.restricted_paths()
            if path.startswith(instance.path)
        ]
        subtree_shown_or_hidden(instance, shown=hidden_before, paths=inside)
        return
    if (
        not hidden_after
        and visibility.is_public(instance)
        and url_path_before != url_path_after
    ):
        site, before = site_and_path(instance, url_path_before)
        page_event(WebhookEvent.PAGE_MOVED, instance, previousUrlPath=before)


def on_restriction_added(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return  # a changed password or group: private before and after
    others = visibility.restricted_paths(exclude_pk=instance.pk)
    page = instance.page
    if not visibility.is_restricted(page, others):
        subtree_shown_or_hidden(page, shown=False, paths=others)


def on_restriction_removed(sender, instance, origin=None, **kwargs):
    # A restriction deleted because its page is deleted is no publication.
    origin_model = origin.model if isinstance(origin, QuerySet) else type(origin)
    if origin is not None and not issubclass(origin_model, PageViewRestriction):
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    others = visibility.restricted_paths()
    if not visibility.is_restricted(page, others):
        subtree_shown_or_hidden(page, shown=True, paths=others)


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
    post_save.connect(
        on_restriction_added,
        sender=PageViewRestriction,
        dispatch_uid="partners.restricted",
    )
    post_delete.connect(
        on_restriction_removed,
        sender=PageViewRestriction,
        dispatch_uid="partners.unrestricted",
    )
    public_content_changed.connect(on_public_change, dispatch_uid="partners.public")
