"""When a listed row other than a page leaves a network's public view.

Partners list signatories, organisations, regions and documents by id (and
other apps' rows, registered from their `ready()` with `listed`). A save that
hides such a row (a signatory made inactive, a document moved into a
restricted collection, a row moved to another network) or the deletion of a
public one is a removal the decider (`public_changes`) announces with
`removed=`, so the record of removals (`pages.removals`) hears of it in the
same transaction. The state before a save is read from the database in
`pre_save`: the instance in hand already holds the new values.
"""

from wagtail.documents import get_document_model
from wagtail.models import Collection, TranslatableMixin

from pages import networks, public_files
from pages.models import Organisation, Region, RemovalReason, Signatory

# label -> (when(row) it is public, or None: always; the reason it left;
# the webhook event partners get when a row leaves, or None; network(row))
_listed: dict = {}


def own_site(row):
    return getattr(row, "site_id", None)


def listed(
    model, when=None, reason=RemovalReason.WITHDRAWN, event=None, network=own_site
):
    """Count `model`'s rows among those partners hold by id.

    `when(row)` tells whether a row is public; a row that stops being so
    leaves the public view for `reason`, and partners' webhooks hear `event`.
    `network(row)` is the id of the network whose lists show it (None: every
    network), for a row that names its network other than by a `site`.
    """
    _listed[model._meta.label] = (when, reason, event, network)


def leaving_event(sender):
    """The webhook event of a row of `sender` leaving the public view."""
    rule = listed_rule(sender)
    return rule[2] if rule else None


def listed_rule(sender):
    return _listed.get(sender._meta.label)


def public_site(row, rule):
    """(network id or None for every network, whether `row` is public)."""
    when, network = rule[0], rule[3]
    return network(row), when is None or bool(when(row))


def sites_of_row(row):
    """The networks whose lists showed `row`: {id}, or None for every one."""
    rule = listed_rule(type(row))
    site_id = rule[3](row) if rule else None
    return {site_id} if site_id is not None else networks.sites_of(row)


def note_before_save(sender, instance, raw=False, **kwargs):
    rule = listed_rule(sender)
    if raw or rule is None or instance.pk is None:
        return
    before = sender._base_manager.filter(pk=instance.pk).first()
    if before is not None:
        instance._public_before = public_site(before, rule)


def removal_on_save(sender, instance):
    """(reason, network it left) if this save took `instance` out of sight."""
    rule = listed_rule(sender)
    before = getattr(instance, "_public_before", None)
    if rule is None or before is None:
        return None
    instance._public_before = None  # one save, one decision
    site_before, was_public = before
    site_after, is_public = public_site(instance, rule)
    if not was_public:
        return None
    if not is_public:
        return rule[1], site_before
    if site_before is not None and site_before != site_after:
        return RemovalReason.MOVED_AWAY, site_before
    return None


def removal_on_delete(sender, instance):
    """The reason to record for a deleted row, None if nobody could see it."""
    rule = listed_rule(sender)
    if rule is None or not public_site(instance, rule)[1]:
        return None
    return RemovalReason.DELETED


def translations_hidden(instance, rule):
    """The rows of `instance`'s translations that are not public now."""
    if not isinstance(instance, TranslatableMixin):
        return [instance]
    rows = type(instance)._base_manager.filter(translation_key=instance.translation_key)
    return [row for row in rows if not public_site(row, rule)[1]]


def documents_hidden_by(restriction):
    """The documents a new collection restriction takes out of sight."""
    # read again: a sibling added since (collections are kept in name order)
    # may have shifted the path of the instance in hand
    collection = Collection.objects.get(pk=restriction.collection_id)
    others = [
        path for path in public_files.restricted_paths() if path != collection.path
    ]
    if not public_files.collection_is_public(collection, others):
        return []  # already hidden by a restriction above it
    below = Collection.objects.filter(path__startswith=collection.path)
    return [
        document
        for document in get_document_model()
        .objects.filter(collection__in=below)
        .select_related("collection")
        if public_files.collection_is_public(document.collection, others)
    ]


def register_own():
    """The lists of `pages` rows partners read by id."""
    # an editor's deactivation or deletion is a withdrawal, as a revocation is
    listed(Signatory, when=lambda row: row.is_active, event="signatory.withdrawn")
    listed(Organisation)
    listed(Region)
    listed(
        get_document_model(),
        when=public_files.document_is_public,
        reason=RemovalReason.RESTRICTED,
    )
