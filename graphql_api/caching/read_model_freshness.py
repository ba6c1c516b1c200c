"""Prepared page bodies kept fresh through Wagtail's reference index.

A page's prepared answer holds what its body refers to (read_model,
content.prepared_bodies). When one of those objects changes, every page that
refers to it, as Wagtail's `ReferenceIndex` knows (foreign keys, chooser
blocks, rich text links), or as its prepared answer says (the index lags
behind a page published a moment ago), has its prepared answer emptied in the same
transaction as the change, by the receiver of `public_content_changed` that
runs before the answer cache is emptied: once the change is committed, no
reader finds the old answer, prepared or cached. The worker then prepares the
pages again.

What a change reaches:

- an image, a document, a snippet (a region...): the pages referring to it;
- a page (published, saved live, unpublished, deleted): the page itself and
  the pages referring to it; moved, or its slug changed: the pages referring
  to it or to any page below it, whose URLs changed with it;
- a view restriction added or removed: the pages referring to the restricted
  page or to any page below it (a restriction on an ancestor hides them);
- a collection or its view restriction: the pages referring to its documents
  and those of the collections below it;
- a change without a row (an `update()`): every page.

A translation is a page of its own, indexed with its own references: a
change reaches the French page and its English translation alike when both
refer to the object. A linked page that stops being public is also hidden at
once on every read, before any re-preparation (`prepared_bodies.visible`).
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
)

from graphql_api.caching.read_model import RESOLVED, forget, prepare_published_pages
from graphql_api.models import PageReadModel
from pages.models import Region
from pages.signals import public_content_changed

SUBTREE = "_read_model_subtree"


def as_keys(queryset):
    """The primary keys of `queryset` as the reference index stores them (text)."""
    return queryset.annotate(key=Cast("pk", output_field=CharField())).values("key")


def referring_pages(targets) -> set[int]:
    """The pages whose references reach any of `targets`: (model, keys) pairs."""
    page_type = ContentType.objects.get_for_model(Page)
    condition = Q()
    for model, keys in targets:
        base = ReferenceIndex._get_base_content_type(model)
        condition |= Q(to_content_type=base, to_object_id__in=keys)
    if not condition:
        return set()
    rows = ReferenceIndex.objects.filter(condition, base_content_type=page_type)
    return {int(key) for key in rows.values_list("object_id", flat=True).distinct()}


def prepared_kind(model) -> str | None:
    """Where a prepared answer keeps objects of `model` (content.prepared_bodies)."""
    if issubclass(model, Page):
        return "pages"
    if issubclass(model, get_image_model()):
        return "images"
    if issubclass(model, get_document_model()):
        return "documents"
    if issubclass(model, Region):
        return "regions"
    return None


def preparing_pages(targets) -> set[int]:
    """The pages whose prepared answer holds any of `targets`.

    Wagtail updates its reference index from a task: for a page published a
    moment ago, the worker may not have run it yet, while the page is already
    prepared. Its prepared answer names what it refers to, so it is found here.
    """
    found: set[int] = set()
    for model, keys in targets:
        kind = prepared_kind(model)
        if kind is None:
            continue
        if not isinstance(keys, list):
            keys = [str(key) for key in keys.values_list("key", flat=True)]
        if keys:
            lookup = f"data__{RESOLVED}__{kind}__has_any_keys"
            rows = PageReadModel.objects.filter(**{lookup: keys})
            found.update(rows.values_list("page_id", flat=True))
    return found


def below(page_path: str):
    return as_keys(Page.objects.filter(path__startswith=page_path))


def targets_of(instance, details) -> list:
    """What a change reaches, as (model, keys) pairs for the reference index."""
    if isinstance(instance, Page):
        moved = "previous_url_path" in details or getattr(instance, SUBTREE, False)
        if moved:
            return [(Page, below(instance.path))]
        return [(Page, [str(instance.pk)])]
    if isinstance(instance, PageViewRestriction):
        page = Page.objects.filter(pk=instance.page_id).only("path").first()
        return [(Page, below(page.path))] if page is not None else []
    if isinstance(instance, (Collection, CollectionViewRestriction)):
        collection = Collection.objects.filter(
            pk=getattr(instance, "collection_id", instance.pk)
        ).first()
        if collection is None:
            return []
        Document = get_document_model()
        documents = Document.objects.filter(
            collection__path__startswith=collection.path
        )
        return [(Document, as_keys(documents))]
    if instance.pk is None:
        return []
    return [(type(instance), [str(instance.pk)])]


@receiver(public_content_changed, dispatch_uid="graphql_api.read_model_freshness")
def forget_referring_pages(sender, instance=None, sites=None, **details):
    """Empty the prepared answers a public change reaches, then prepare them again."""
    if "hidden" in details and sites is not None and not sites:
        # a page of a subtree told to partners one by one: the restriction or
        # the move that hid or showed it was announced, and reached them all
        return
    if instance is None:
        forget()
        return
    if instance._meta.apps is not apps:
        return  # a migration's historical model: nothing is prepared yet
    targets = targets_of(instance, details)
    pages = referring_pages(targets) | preparing_pages(targets)
    if isinstance(instance, Page):
        pages.add(instance.pk)  # an update() of its own row, announced
    if not pages:
        return
    forget(pages)
    ids = sorted(pages)
    transaction.on_commit(lambda: prepare_published_pages.enqueue(ids))


@receiver(pre_save, dispatch_uid="graphql_api.read_model_slug")
def note_slug_change(sender, instance, update_fields=None, raw=False, **kwargs):
    """A page's new slug changes the URL of every page below it: note it."""
    if raw or not isinstance(instance, Page) or instance.pk is None:
        return
    if update_fields is not None and "slug" not in update_fields:
        return
    before = Page.objects.filter(pk=instance.pk).values_list("slug", flat=True)
    setattr(instance, SUBTREE, before.first() not in (None, instance.slug))
