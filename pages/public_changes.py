"""What is a public change, and for which networks: decided here, once.

Only what reaches the public is a change: a page published, unpublished,
moved or deleted, a live page or a public snippet, image or document changed,
a view restriction added or removed, a row of a model another app registered
as public (`register`, from its `AppConfig.ready()`). A draft saved, a
revision, a workflow step, a lock, an application and its status changes are
none. A change is scoped to the network (Wagtail site) whose tree or rows it
touches (`networks`); a change no network owns concerns every network.

Each decision is sent as `pages.signals.public_content_changed` with `sites`
(the networks whose public answers changed: ids, None for all, an empty set
for none) and, when partners are told of it, `event` and `instance` (and
`hidden` for a page that left the public's sight, `previous_url_path` for a
moved one, `removed` (a `RemovalReason`) for a row that left the public view,
`removed_from` when it left one network for another, `returned` for a page
made public again without being published). The answer cache
(graphql_api.caching), the HTTP purge that follows it (cms.http_cache), the
webhooks (partners.events) and the record of removals (pages.removals) listen
there and decide nothing themselves. Apps send on the same channel a change that no
model signal shows (an `update()`, a signatory published).

"Public" is `pages.visibility`: a page hidden by a view restriction (on it or
an ancestor) is no event for partners; one that becomes hidden is a
`page.unpublished` naming only what the public may see, one that becomes
visible again a `page.published`.
"""

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.images.models import AbstractRendition
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from pages import networks, public_rows, visibility
from pages.models import PublicRemoval, RemovalReason
from pages.signals import public_content_changed

PAGE_PUBLISHED = "page.published"
PAGE_UNPUBLISHED = "page.unpublished"
PAGE_DELETED = "page.deleted"
PAGE_MOVED = "page.moved"

# Rows of these apps feed public answers, besides pages (decided below).
CONTENT_APPS = {"pages", "wagtailimages", "wagtaildocs"}
# Wagtail's own tables that shape public answers: the networks, their languages,
# who may see a page, where media live. Revisions, workflow and task states,
# log entries, locks and comments are not among them.
CONTENT_MODELS = {
    "wagtailcore.Site",
    "wagtailcore.Locale",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Collection",
    "wagtailcore.CollectionViewRestriction",
}
# What saving a draft, submitting it to moderation or locking a page writes on
# the page row: none of it is served.
DRAFT_FIELDS = {
    "latest_revision",
    "latest_revision_created_at",
    "has_unpublished_changes",
    "draft_title",
    "wagtail_admin_comments",
    "locked",
    "locked_at",
    "locked_by",
}
# Other apps' public models (label -> when a row is public, None: always).
_registered: dict = {}

NO_NETWORK: set[int] = set()  # a change partners hear of that changes no answer


def register(*models, when=None):
    """Count the saves and deletions of `models` as public changes.

    `when(instance)`, if given, tells whether a row is public (an applicant's
    project is private until a stage of the label is awarded to it).
    """
    for model in models:
        _registered[model._meta.label] = when


def changes_public_answers(sender, instance, update_fields=None, **kwargs) -> bool:
    if kwargs.get("raw"):
        return False
    if issubclass(sender, Page):
        if not instance.live:
            # a draft created, saved or deleted; an unpublication has its signal
            return False
        if kwargs.get("signal") is post_delete:
            return True
        return not (update_fields and set(update_fields) <= DRAFT_FIELDS)
    # A rendition is made while an answer is computed, for that answer: it
    # changes no answer already given.
    if issubclass(sender, AbstractRendition):
        return False
    if sender is PublicRemoval:
        return False  # the record of what left: it changes no answer
    label = sender._meta.label
    if label in _registered:
        when = _registered[label]
        return when is None or (instance.pk is not None and when(instance))
    return sender._meta.app_label in CONTENT_APPS or label in CONTENT_MODELS


def announce(sender, sites, **details):
    public_content_changed.send(sender=sender, sites=sites, **details)


def announce_subtree(page, shown: bool, paths=None):
    """Tell partners of the pages under `page` (itself included) whose
    visibility flipped; their answers were already announced as changed.

    `paths` are the restrictions that hide pages whatever happened; the pages
    they hide were private before and stay so.
    """
    subtree = Page.objects.descendant_of(page, inclusive=True).select_related("locale")
    for each in visibility.public(subtree, paths).order_by("path"):
        announce(
            Page,
            NO_NETWORK,
            event=PAGE_PUBLISHED if shown else PAGE_UNPUBLISHED,
            instance=each,
            hidden=not shown,
            removed=None if shown else RemovalReason.RESTRICTED,
            returned=shown,
        )


def on_page_published(sender, instance, **kwargs):
    public = visibility.is_public(instance)
    announce(
        sender,
        networks.sites_of_page(instance),
        event=PAGE_PUBLISHED if public else None,
        instance=instance,
    )


def on_page_unpublished(sender, instance, **kwargs):
    # An expired page is no longer live for partners, but nothing told them:
    # its unpublication does. A restricted one they never saw.
    hidden = visibility.is_restricted(instance)
    expired = instance.expired or visibility.is_expired(instance)
    reason = RemovalReason.EXPIRED if expired else RemovalReason.UNPUBLISHED
    announce(
        sender,
        networks.sites_of_page(instance),
        event=None if hidden else PAGE_UNPUBLISHED,
        instance=instance,
        removed=None if hidden else reason,
    )


def note_live_before_delete(sender, instance, **kwargs):
    # Wagtail's own pre_delete receiver unpublishes the page; this one is
    # connected first (pages is listed before wagtail), so it still sees it live.
    instance.was_live_before_delete = instance.live
    # The deletion takes the page's own restriction with it: ask now.
    instance.was_restricted_before_delete = visibility.is_restricted(instance)


def deleted_page_event(instance):
    # Sent once per page (sender=Page: the base row of every specific page);
    # a page nobody could see is no public change.
    was_live = getattr(instance, "was_live_before_delete", instance.live)
    if getattr(instance, "was_restricted_before_delete", False):
        return None
    if (was_live or instance.last_published_at) and instance.depth > 2:
        return PAGE_DELETED
    return None


def on_page_moved(
    sender,
    instance,
    url_path_before,
    url_path_after,
    parent_page_before=None,
    parent_page_after=None,
    **kwargs,
):
    sites = NO_NETWORK
    if instance.live:
        before = networks.sites_of_page(parent_page_before)
        after = networks.sites_of_page(parent_page_after)
        sites = None if before is None or after is None else before | after
    hidden_before = parent_page_before is not None and visibility.is_restricted(
        parent_page_before
    )
    hidden_after = parent_page_after is not None and visibility.is_restricted(
        parent_page_after
    )
    moved = (
        hidden_before == hidden_after
        and not hidden_after
        and visibility.is_public(instance)
        and url_path_before != url_path_after
    )
    previous = networks.site_and_path(instance, url_path_before)[1] if moved else None
    announce(
        sender,
        sites,
        event=PAGE_MOVED if moved else None,
        instance=instance,
        previous_url_path=previous,
    )
    # The subtree's own restrictions moved with it: they still hide.
    inside = [
        path for path in visibility.restricted_paths() if path.startswith(instance.path)
    ]
    if hidden_before != hidden_after:
        announce_subtree(instance, shown=hidden_before, paths=inside)
    if not hidden_before:
        announce_moved_away(instance, parent_page_before, parent_page_after, inside)


def announce_moved_away(page, parent_before, parent_after, inside):
    """The public pages of a subtree moved to another network left the old one."""
    before = networks.sites_of_page(parent_before) or set()
    after = networks.sites_of_page(parent_after) or set()
    if not before - after:
        return
    subtree = Page.objects.descendant_of(page, inclusive=True)
    for each in visibility.public(subtree, inside).order_by("path"):
        for site_id in sorted(before - after):
            announce(
                Page,
                NO_NETWORK,
                instance=each,
                removed=RemovalReason.MOVED_AWAY,
                removed_from=site_id,
            )


def on_saved(sender, instance, **kwargs):
    if changes_public_answers(sender, instance, **kwargs):
        removal = public_rows.removal_on_save(sender, instance)
        reason, left = removal or (None, None)
        sites = networks.sites_of(instance)
        if left is not None and sites is not None:
            sites = sites | {left}
        announce(
            sender,
            sites,
            instance=instance,
            removed=reason,
            removed_from=left,
            # partners' webhooks, for the network it left
            event=public_rows.leaving_event(sender) if reason else None,
            site=Site.objects.filter(pk=left).first() if left else None,
        )


def on_deleted(sender, instance, **kwargs):
    public = changes_public_answers(sender, instance, **kwargs)
    event = deleted_page_event(instance) if sender is Page else None
    if public or event:
        removed = RemovalReason.DELETED if event else None
        if public and sender is not Page and not kwargs.get("raw"):
            removed = public_rows.removal_on_delete(sender, instance)
            event = public_rows.leaving_event(sender) if removed else None
        announce(
            sender,
            networks.sites_of(instance) if public else NO_NETWORK,
            event=event,
            instance=instance,
            removed=removed,
            site=getattr(instance, "site", None)
            if event and sender is not Page
            else None,
        )


def on_restriction_added(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return  # a changed password or group: private before and after
    others = visibility.restricted_paths(exclude_pk=instance.pk)
    page = instance.page
    if not visibility.is_restricted(page, others):
        announce_subtree(page, shown=False, paths=others)


def on_collection_restricted(sender, instance, created, raw=False, **kwargs):
    # The restriction's save already emptied every network's answers.
    if raw or not created:
        return
    for document in public_rows.documents_hidden_by(instance):
        announce(
            type(document),
            NO_NETWORK,
            instance=document,
            removed=RemovalReason.RESTRICTED,
        )


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
        announce_subtree(page, shown=True, paths=others)


def connect():
    page_published.connect(on_page_published, dispatch_uid="pages.public.published")
    page_unpublished.connect(
        on_page_unpublished, dispatch_uid="pages.public.unpublished"
    )
    post_page_move.connect(on_page_moved, dispatch_uid="pages.public.moved")
    pre_delete.connect(
        note_live_before_delete, sender=Page, dispatch_uid="pages.public.deleting"
    )
    public_rows.register_own()
    pre_save.connect(public_rows.note_before_save, dispatch_uid="pages.public.before")
    # Sender-less: any app's public rows, by the rules above and `register`.
    post_save.connect(on_saved, dispatch_uid="pages.public.saved")
    post_delete.connect(on_deleted, dispatch_uid="pages.public.deleted")
    post_save.connect(
        on_restriction_added,
        sender=PageViewRestriction,
        dispatch_uid="pages.public.restricted",
    )
    post_save.connect(
        on_collection_restricted,
        sender=CollectionViewRestriction,
        dispatch_uid="pages.public.collection_restricted",
    )
    post_delete.connect(
        on_restriction_removed,
        sender=PageViewRestriction,
        dispatch_uid="pages.public.unrestricted",
    )
