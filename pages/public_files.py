"""Whether a document is public, and where its file is kept accordingly.

A document is public unless its collection, or one of the collection's
ancestors, has a view restriction (Wagtail's `CollectionViewRestriction`:
logged-in users, some groups or a password). The file of a document that is
not public lives in the restricted store (`restricted_media` in STORAGES: a
directory outside MEDIA_ROOT, or the private bucket), under a key with a random
part; only Wagtail's document view, after its permission check, hands it out.

Images are always public: Wagtail applies a collection's privacy to documents
only, and serves images and their renditions from the public store.
"""

import logging
import posixpath
import secrets

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

logger = logging.getLogger(__name__)

# Names under this prefix are kept in the restricted store (see
# pages.file_storage.MediaStorage); every other name in the public one.
RESTRICTED_PREFIX = "restricted/"
PUBLIC_DIRECTORY = "documents"


def restricted_paths() -> list[str]:
    """The tree paths of the collections that carry a view restriction."""
    return list(
        CollectionViewRestriction.objects.values_list("collection__path", flat=True)
    )


def collection_is_public(collection, restricted: list[str] | None = None) -> bool:
    """Tell whether the media of `collection` may be seen by anyone.

    `restricted` (from `restricted_paths()`) spares a query per collection when
    many are asked about at once.
    """
    if collection is None:
        return True
    if restricted is None:
        restricted = restricted_paths()
    return not any(collection.path.startswith(path) for path in restricted)


def document_is_public(document) -> bool:
    """Tell whether anyone, without logging in, may see and download `document`."""
    return collection_is_public(document.collection)


def public_documents(queryset):
    """Keep the documents of `queryset` that anyone may see (one query, no loop)."""
    hidden = Q()
    for path in restricted_paths():
        hidden |= Q(collection__path__startswith=path)
    return queryset.exclude(hidden) if hidden else queryset


def is_restricted_name(name: str | None) -> bool:
    return bool(name) and name.startswith(RESTRICTED_PREFIX)


def restricted_name(name: str) -> str:
    """A key nobody can guess: the file's name below a random directory.

    96 random bits; kept short because the whole name must fit Wagtail's
    100-character file column, and the file's own name is in the download link.
    """
    token = secrets.token_urlsafe(12)
    return f"{RESTRICTED_PREFIX}{token}/{posixpath.basename(name)}"


def public_name(name: str) -> str:
    return f"{PUBLIC_DIRECTORY}/{posixpath.basename(name)}"


def store_new_upload(document) -> None:
    """Write a new upload of a restricted collection straight to the restricted store.

    Called before the document row is saved: the file must never be written,
    even for a moment, where the public can read it.
    """
    file = document.file
    if not file or file._committed or document_is_public(document):
        return
    file.name = file.storage.save(
        restricted_name(file.name), file.file, max_length=file.field.max_length
    )
    file._committed = True


def place_document_file(document, restricted: list[str] | None = None) -> bool:
    """Move the file of `document` to the store its collection calls for.

    Return whether it moved. Idempotent: a file already in the right store
    stays. The old copy is deleted once the transaction commits, so a rollback
    leaves the row pointing at a file that still exists.
    """
    file = document.file
    if not file or not file._committed:
        return False
    private = not collection_is_public(document.collection, restricted)
    if is_restricted_name(file.name) == private:
        return False
    storage = file.storage
    old = file.name
    if not storage.exists(old):
        # nothing to move (a file lost before): the row is left as it is, and
        # a missing file must not stop a collection's privacy from changing
        logger.warning("document %s: file %s is missing, not moved", document.pk, old)
        return False
    target = restricted_name(old) if private else public_name(old)
    with storage.open(old, "rb") as source:
        new = storage.save(target, source, max_length=file.field.max_length)
    type(document)._base_manager.filter(pk=document.pk).update(file=new)
    file.name = new
    transaction.on_commit(lambda: storage.delete(old))
    logger.info(
        "document %s moved to the %s store",
        document.pk,
        "restricted" if private else "public",
    )
    return True


def documents_under(collection):
    """The documents of `collection` and of the collections below it."""
    Document = get_document_model()
    return Document.objects.filter(
        collection__in=Collection.objects.filter(path__startswith=collection.path)
    ).select_related("collection")


def place_collection_files(collection) -> int:
    """Move the files of a collection's documents after its privacy changed."""
    restricted = restricted_paths()
    return sum(
        place_document_file(doc, restricted) for doc in documents_under(collection)
    )


def place_all_files() -> int:
    """Move every document's file to the store its collection calls for."""
    Document = get_document_model()
    documents = Document.objects.select_related("collection").order_by("pk")
    restricted = restricted_paths()
    moved = 0
    for document in documents.iterator():
        # one document at a time: an interruption keeps what was done, and each
        # old copy is deleted as soon as its row points at the new one
        with transaction.atomic():
            moved += place_document_file(document, restricted)
    return moved


def keep_upload_private(sender, instance, raw=False, **kwargs):
    """pre_save of a document: a new file of a restricted collection goes private."""
    if not raw:
        store_new_upload(instance)


def place_saved_document(sender, instance, raw=False, **kwargs):
    """post_save of a document: a document moved to another collection follows it."""
    if not raw:
        place_document_file(instance)


def place_after_restriction_change(sender, instance, raw=False, **kwargs):
    """A collection restricted, lifted or moved: its documents' files follow."""
    if raw:
        return
    collection_id = getattr(instance, "collection_id", instance.pk)
    # gone with the collection it restricted: its documents went with it
    collection = Collection.objects.filter(pk=collection_id).first()
    if collection is not None:
        place_collection_files(collection)


def connect():
    Document = get_document_model()
    pre_save.connect(
        keep_upload_private, sender=Document, dispatch_uid="pages.keep_upload_private"
    )
    post_save.connect(
        place_saved_document,
        sender=Document,
        dispatch_uid="pages.place_saved_document",
    )
    for signal in (post_save, post_delete):
        signal.connect(
            place_after_restriction_change,
            sender=CollectionViewRestriction,
            dispatch_uid=f"pages.place_after_restriction_{signal is post_save}",
        )
    post_save.connect(
        place_after_restriction_change,
        sender=Collection,
        dispatch_uid="pages.place_after_collection_change",
    )
