"""Published pages served from their read model, not rebuilt as Wagtail pages.

Building a page's specific Wagtail model costs a second query and a model with
its StreamFields on every request (about 3 ms of a 5 ms page fetch, measured
with bench/cpu.py). The fields of a page's own type are prepared once per live
revision into `PageReadModel` and read in the same query as the page's row:

- the page's tree and visibility fields (path, URL path, title, live, expiry)
  are always read from the page row, so a move, an unpublication or a view
  restriction is seen at once;
- what the page links to (images, documents, pages) stays an id in the stored
  blocks and is loaded live by the request's loaders, so a change to a linked
  object can never leave a prepared value behind;
- a row is used only while the page's live revision is the one it was prepared
  from, and saving, publishing, unpublishing or deleting the page deletes it;
- a missing or stale row is prepared on the read that finds it (and by the
  worker after a publish), so a read never fails or serves an old value.

Previews and drafts never come here: they build their page from a revision.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tasks import task
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from graphql_api.models import PageReadModel
from pages.public_changes import DRAFT_FIELDS
from pages.signals import public_content_changed

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


def prepared_pages(queryset) -> list:
    """The pages of `queryset` (kept in its order), from their read model."""
    rows = list(
        queryset.values(
            *ROW_FIELDS, "api_read_model__revision_id", "api_read_model__data"
        )
    )
    models = {}
    stale: dict = {}
    for row in rows:
        if row.pop("api_read_model__revision_id") != row["live_revision_id"]:
            row["api_read_model__data"] = None
        model = models[row["id"]] = model_of(row["content_type_id"])
        if row["api_read_model__data"] is None:
            stale.setdefault(model, []).append(row["id"])
    fresh = prepare(stale) if stale else {}
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


def prepare(ids_by_model: dict) -> dict:
    """Prepare the read model of these live pages; return their data by page id.

    The rows are written once the current transaction commits (at once outside
    one): a row is never prepared from data that may still be rolled back.
    """
    rows = []
    for model, ids in ids_by_model.items():
        pages = model.objects.filter(pk__in=ids, live=True)
        if hasattr(model, "tags"):
            pages = pages.prefetch_related("tags")
        rows += [
            PageReadModel(
                page_id=page.pk,
                revision_id=page.live_revision_id,
                data=prepared_data(page),
            )
            for page in pages
        ]
    if rows:
        transaction.on_commit(lambda: write(rows))
    return {row.page_id: row.data for row in rows}


def write(rows) -> None:
    try:
        PageReadModel.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=["revision_id", "data", "prepared_at"],
        )
    except DatabaseError:
        # The page was deleted meanwhile, or the database is read-only: the
        # answer was served from what was prepared all the same.
        logger.warning("page read model not written", exc_info=True)


def forget(page_ids=None) -> None:
    """Delete the read model of these pages (of every page when None)."""
    rows = PageReadModel.objects.all()
    if page_ids is not None:
        rows = rows.filter(page_id__in=page_ids)
    rows.delete()


@task()
def prepare_published_pages(page_ids):
    """Prepare the read model of pages just published, so the next read finds it."""
    ids_by_model: dict = {}
    for page in Page.objects.filter(pk__in=page_ids, live=True).only("content_type"):
        ids_by_model.setdefault(model_of(page.content_type_id), []).append(page.pk)
    return len(prepare(ids_by_model))


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


@receiver(public_content_changed)
def forget_changed_pages(sender, instance=None, **kwargs):
    """A change without a model signal (an update()): forget what it may touch."""
    if isinstance(instance, Page):
        forget([instance.pk])
    elif instance is None:
        forget()
    # other rows (snippets, images...) are only ids here, loaded live
