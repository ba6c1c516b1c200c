"""Published pages served from their read model, not rebuilt as Wagtail pages.

Building a page's specific Wagtail model costs a second query and a model with
its StreamFields on every request, and resolving what its body refers to
(images and renditions, documents, linked pages, rich text links) cost as much
again. Both are prepared once per live revision into `PageReadModel` and read
in the same query as the page's row:

- the page's tree and visibility fields (path, URL path, title, live, expiry)
  are always read from the page row, so a move, an unpublication or a view
  restriction is seen at once;
- what the body refers to is prepared with it by the API's content room
  (`resolves_references`, graphql_api.content.prepared_bodies), and a change
  to any of it empties the row (`read_model_freshness`);
- a row is used only while the page's live revision is the one it was prepared
  from, in the current shape (`SHAPE`), and saving, publishing, unpublishing
  or deleting the page empties it;
- an emptied row renews its `generation`: a preparation writes only if the
  generation it started from is still the row's, so one that read the old
  content before a change committed never lands after it;
- a missing or stale row is prepared on the read that finds it (and by the
  worker after a publish, with every rendition the API offers), so a read
  never fails or serves an old value.

Previews and drafts never come here: they build their page from a revision.
"""

import json
import logging

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models import F, prefetch_related_objects
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from graphql_api.models import PageReadModel
from pages.public_changes import DRAFT_FIELDS

logger = logging.getLogger(__name__)

# Read from the page row on every request (never from the read model).
ROW_FIELDS = (
    "id",
    "title",
    "slug",
    "seo_title",
    "search_description",
    "first_published_at",
    "last_published_at",
    "path",
    "depth",
    "url_path",
    "locale_id",
    "translation_key",
    "content_type_id",
    "live",
    "live_revision_id",
    "expire_at",
    "show_in_menus",
)
PAGE_FIELD_NAMES = {field.name for field in Page._meta.concrete_fields}
TAGS = "_tag_names"
RESOLVED = "_resolved"
# The form of `data`; a row of another form is prepared again on its next read
# (and `manage.py rebuild_read_model` prepares them all after a deploy).
SHAPE_KEY = "_shape"
SHAPE = 2
DATETIME_FIELDS = ("first_published_at", "last_published_at", "expire_at")

# Functions(pages, complete) -> {page id: what its body refers to, resolved},
# registered by the API's content room, which knows how the API shows them.
_reference_resolvers: list = []


def resolves_references(function):
    """Register a function preparing what a list of specific pages refers to."""
    _reference_resolvers.append(function)
    return function


def own_fields(model) -> list:
    """The concrete fields a page model adds to Wagtail's Page."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in PAGE_FIELD_NAMES and not field.primary_key
    ]


def raw_stream(stream) -> list[dict]:
    """Return a StreamValue's stored data without converting (and querying) it."""
    if stream is None:
        return []
    raw = getattr(stream, "raw_data", stream)
    return [dict(item) for item in raw]


def prepared_data(page) -> dict:
    """What the read model keeps of a specific page: its own fields, stored form."""
    data = {}
    for field in own_fields(type(page)):
        value = field.value_from_object(page)
        if isinstance(field, StreamField):
            value = raw_stream(value)
        elif hasattr(value, "source"):  # a RichText value
            value = value.source
        data[field.attname] = value
    if hasattr(page, "tags") and hasattr(page.tags, "all"):
        data[TAGS] = sorted(tag.name for tag in page.tags.all())
    return data


class PreparedPage:
    """A published page as the API serves it: plain attributes, no Wagtail model.

    It answers `_meta` like its model, so the page types recognise it, and
    computes the model's properties (an event's current status) on each read.
    `resolved` holds what its body refers to, prepared with it.
    """

    def __init__(self, model, row: dict, data: dict):
        self._meta = model._meta
        self.model = model
        self.__dict__.update(row)
        self.pk = row["id"]
        for field in own_fields(model):
            value = data.get(field.attname)
            if not isinstance(field, StreamField) and value is not None:
                value = field.to_python(value)
            setattr(self, field.attname, value)
        self.tag_names = data.get(TAGS, [])
        self.resolved = data.get(RESOLVED)

    def __getattr__(self, name):
        attribute = getattr(self.__dict__.get("model"), name, None)
        if isinstance(attribute, property):
            return attribute.fget(self)
        raise AttributeError(name)

    @property
    def specific(self):
        return self

    def __repr__(self):
        return f"<PreparedPage {self._meta.label} {self.pk}>"


class LinkedPage:
    """A page another page links to, as prepared with that page: its row only.

    A link shows its page's title and URL, read from here; any other field a
    query asks of it (its body, its translations) is read from the page itself,
    loaded once.
    """

    def __init__(self, model, row: dict):
        self._meta = model._meta
        self.model = model
        self.__dict__.update(row)
        self.pk = row["id"]
        for name in DATETIME_FIELDS:
            value = row.get(name)
            if isinstance(value, str):
                setattr(self, name, Page._meta.get_field(name).to_python(value))

    def __getattr__(self, name):
        # graphql-core and strawberry probe objects for private names
        # (`_LinkedPage__typename`): never a reason to load the page
        if name.startswith("_") or "model" not in self.__dict__:
            raise AttributeError(name)
        attribute = getattr(self.__dict__["model"], name, None)
        if isinstance(attribute, property):
            return attribute.fget(self)
        full = self.__dict__.get("_full")
        if full is None:
            found = prepared_pages(Page.objects.filter(pk=self.__dict__["pk"]))
            if not found:
                raise AttributeError(name)
            full = self.__dict__["_full"] = found[0]
        return getattr(full, name)

    @property
    def specific(self):
        return self

    def __repr__(self):
        return f"<LinkedPage {self._meta.label} {self.pk}>"


def is_current(data, revision_id, live_revision_id) -> bool:
    return (
        data is not None
        and revision_id == live_revision_id
        and data.get(SHAPE_KEY) == SHAPE
    )


READ_FIELDS = (
    *ROW_FIELDS,
    "api_read_model__revision_id",
    "api_read_model__data",
    "api_read_model__generation",
)


# Decoded read models by their stored text (`decoded`), the oldest out first.
_decoded: dict = {}
DECODED_KEPT = 512


def decoded(text):
    """A read model's data from its stored JSON text, decoded once per process.

    The same text is decoded once and the same dict served to every read of
    it: nothing changes a read model's data once read (PreparedPage and the
    prepared body only read it). A change to the page gives another text, so
    another entry; the text itself is the key, so nothing can be stale.
    """
    if not isinstance(text, str):
        return text  # None, or decoded by the database's driver
    data = _decoded.get(text)
    if data is None:
        data = json.loads(text)
        if len(_decoded) >= DECODED_KEPT:
            _decoded.pop(next(iter(_decoded)), None)
        _decoded[text] = data
    return data


def prepared_pages(queryset) -> list:
    """The pages of `queryset` (kept in its order), from their read model."""
    return pages_from_rows(list(queryset.values(*READ_FIELDS)))


def pages_from_rows(rows: list[dict]) -> list:
    """The pages of rows of `READ_FIELDS` (kept in their order)."""
    models = {}
    stale: dict = {}
    generations: dict = {}
    for row in rows:
        revision_id = row.pop("api_read_model__revision_id")
        generation = row.pop("api_read_model__generation")
        if not is_current(
            row["api_read_model__data"], revision_id, row["live_revision_id"]
        ):
            row["api_read_model__data"] = None
        model = models[row["id"]] = model_of(row["content_type_id"])
        if row["api_read_model__data"] is None:
            stale.setdefault(model, []).append(row["id"])
            generations[row["id"]] = generation
    fresh = prepare(stale, generations) if stale else {}
    pages = []
    for row in rows:
        data = row.pop("api_read_model__data")
        if data is None:
            data = fresh.get(row["id"])
            if data is None:  # gone since the first query
                continue
        pages.append(PreparedPage(models[row["id"]], row, data))
    return pages


def model_of(content_type_id):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model if model is not None else Page


def prepare(ids_by_model: dict, generations=None, complete=False) -> dict:
    """Prepare the read model of these live pages; return their data by page id.

    `generations` are the rows' generations when the preparation started (None:
    no row), read now when not given. The rows are written once the current
    transaction commits (at once outside one), and only where the generation is
    still the same: a row is never prepared from data that may still be rolled
    back, nor from data a change has replaced since. `complete` makes every
    rendition the API offers (the worker); a read only uses the existing ones
    and leaves the rest to the worker.
    """
    ids = [pk for pks in ids_by_model.values() for pk in pks]
    if generations is None:
        generations = dict.fromkeys(ids)
        generations.update(
            PageReadModel.objects.filter(page_id__in=ids).values_list(
                "page_id", "generation"
            )
        )
    rows = []
    incomplete = []
    for model, pks in ids_by_model.items():
        pages = list(model.objects.filter(pk__in=pks, live=True))
        if hasattr(model, "tags"):
            prefetch_related_objects(pages, "tags")
        resolved = {}
        for resolve in _reference_resolvers:
            resolved.update(resolve(pages, complete))
        for page in pages:
            data = prepared_data(page)
            data[SHAPE_KEY] = SHAPE
            data[RESOLVED] = resolved.get(page.pk)
            if data[RESOLVED] is not None and not data[RESOLVED].get("complete"):
                incomplete.append(page.pk)
            rows.append(
                PageReadModel(
                    page_id=page.pk,
                    revision_id=page.live_revision_id,
                    data=data,
                    generation=generations.get(page.pk) or 0,
                )
            )
    if rows:
        started = {row.page_id: generations.get(row.page_id) for row in rows}
        transaction.on_commit(lambda: write(rows, started))
    if incomplete:
        transaction.on_commit(lambda: prepare_published_pages.enqueue(incomplete))
    return {row.page_id: row.data for row in rows}


def write(rows, started) -> int:
    """Write the prepared rows whose generation did not change; return how many."""
    written = 0
    try:
        new = [row for row in rows if started[row.page_id] is None]
        if new:
            # a row another preparation wrote meanwhile is as fresh: it stays
            written += len(
                PageReadModel.objects.bulk_create(new, ignore_conflicts=True)
            )
        for row in rows:
            if started[row.page_id] is not None:
                written += PageReadModel.objects.filter(
                    page_id=row.page_id, generation=started[row.page_id]
                ).update(
                    revision_id=row.revision_id,
                    data=row.data,
                    prepared_at=timezone.now(),
                )
    except DatabaseError:
        # The page was deleted meanwhile, or the database is read-only: the
        # answer was served from what was prepared all the same.
        logger.warning("page read model not written", exc_info=True)
    return written


def forget(page_ids=None) -> None:
    """Empty the read model of these pages (of every page when None).

    The rows stay, emptied under a new generation, so that a preparation of
    the old content still under way is not written (`write`). A page never
    prepared has no row to hold that generation: its first preparation, if it
    runs while what it refers to changes, may keep the old value until the
    page's next change (a window of one request, once per page).
    """
    rows = PageReadModel.objects.all()
    if page_ids is not None:
        page_ids = set(page_ids)
        if not page_ids:
            return
        rows = rows.filter(page_id__in=page_ids)
    rows.update(data=None, generation=F("generation") + 1)


@task()
def prepare_published_pages(page_ids):
    """Prepare the read model of pages just published, so the next read finds it."""
    ids_by_model: dict = {}
    for page in Page.objects.filter(pk__in=page_ids, live=True).only("content_type"):
        ids_by_model.setdefault(model_of(page.content_type_id), []).append(page.pk)
    return len(prepare(ids_by_model, complete=True))


@receiver(post_save)
@receiver(post_delete)
def forget_saved_page(sender, instance, **kwargs):
    """A page saved in any way (a publish, a direct save) is prepared again."""
    if kwargs.get("raw") or not isinstance(instance, Page) or instance.pk is None:
        return
    if kwargs.get("signal") is post_save:
        update_fields = kwargs.get("update_fields")
        if not instance.live or (update_fields and set(update_fields) <= DRAFT_FIELDS):
            return  # a draft: the live revision's row still holds
    forget([instance.pk])


@receiver(page_unpublished)
def forget_unpublished_page(sender, instance, **kwargs):
    forget([instance.pk])


@receiver(page_published)
def prepare_after_publication(sender, instance, **kwargs):
    page_id = instance.pk
    transaction.on_commit(lambda: prepare_published_pages.enqueue([page_id]))
