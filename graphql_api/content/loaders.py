"""Per-request batch loading: one query per kind of object, however many items.

List resolvers *want* the ids their items refer to (images, documents, linked
pages, regions); the first resolver that *gets* one loads every wanted id at
once. Resolution is depth-first, so without this each item would query alone.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from graphql_api.caching import answers
from graphql_api.caching.read_model import prepared_pages
from graphql_api.content.page_urls import page_location
from graphql_api.core.context import cached, request_cache
from pages import visibility
from pages.public_files import public_documents


class Loader:
    def __init__(self, fetch: Callable[[set], dict]):
        self.fetch = fetch
        self.loaded: dict[Any, Any] = {}
        self.pending: set = set()

    def want(self, keys: Iterable) -> None:
        self.pending.update(k for k in keys if k is not None and k not in self.loaded)

    def get(self, key):
        if key is None:
            return None
        if key not in self.loaded:
            self.pending.add(key)
            self.flush()
        return self.loaded.get(key)

    def get_many(self, keys: Iterable) -> list:
        keys = list(keys)
        self.want(keys)
        self.flush()
        return [self.loaded[k] for k in keys if self.loaded.get(k) is not None]

    def prime(self, key, value) -> None:
        self.loaded[key] = value
        self.pending.discard(key)

    def flush(self) -> None:
        keys = self.pending - self.loaded.keys()
        self.pending = set()
        if not keys:
            return
        found = self.fetch(keys)
        for key in keys:
            self.loaded[key] = found.get(key)


# visibility ----------------------------------------------------------------


def restricted_paths(info) -> list[str]:
    """Paths of view-restricted pages: they and their descendants are private."""
    return cached(
        info,
        "restricted_paths",
        lambda: answers.remembered("restricted_paths", visibility.restricted_paths),
    )


def public_filter(info, queryset, now=None):
    """Narrow a page queryset to the public pages (`pages.visibility.public`)."""
    return visibility.public(queryset, restricted_paths(info), now)


def is_public(info, page) -> bool:
    return visibility.is_public(page, restricted_paths(info))


# fetchers -------------------------------------------------------------------


def fetch_pages(info):
    def fetch(ids):
        pages = prepared_pages(public_filter(info, Page.objects.filter(pk__in=ids)))
        return {page.pk: page for page in pages}

    return fetch


def fetch_translations(info):
    def fetch(keys):
        versions = {}
        for page in public_filter(info, Page.objects.filter(translation_key__in=keys)):
            versions.setdefault(page.translation_key, []).append(page)
        return versions

    return fetch


def fetch_pages_by_path(info):
    def fetch(paths):
        pages = prepared_pages(public_filter(info, Page.objects.filter(path__in=paths)))
        return {page.path: page for page in pages}

    return fetch


def fetch_images(ids):
    images = get_image_model().objects.filter(pk__in=ids).prefetch_renditions()
    return {image.pk: image for image in images}


def fetch_documents(ids):
    # A document of a restricted collection is like a private page: not found.
    documents = public_documents(get_document_model().objects.filter(pk__in=ids))
    return {doc.pk: doc for doc in documents}


def fetch_model(label):
    def fetch(ids):
        model = apps.get_model(label)
        return {obj.pk: obj for obj in model.objects.filter(pk__in=ids)}

    return fetch


def loader(info, kind: str) -> Loader:
    """Return the request's loader of `kind`: page, image, document or a model label."""
    cache = request_cache(info)
    key = f"loader:{kind}"
    if key not in cache:
        if kind == "page":
            fetch = fetch_pages(info)
        elif kind == "translations":
            fetch = fetch_translations(info)
        elif kind == "page_by_path":
            fetch = fetch_pages_by_path(info)
        elif kind in ("image", "image_file"):
            # image_file: the images themselves, where a prepared one is not enough
            fetch = fetch_images
        elif kind == "document":
            fetch = fetch_documents
        else:
            fetch = fetch_model(kind)
        cache[key] = Loader(fetch)
    return cache[key]


def linked_page(info, page_id):
    """Return a linked page if it is public and on the request's site, else None."""
    page = loader(info, "page").get(page_id)
    if page is None:
        return None
    location = page_location(info, page)
    network = request_cache(info).get("current_site")
    if location is None or (network is not None and location[0].id != network.id):
        return None
    return page
