"""The per-request context: the request, its id, and the caches resolvers share."""

import uuid
from dataclasses import dataclass, field
from typing import Any

from strawberry.django.context import StrawberryDjangoContext


@dataclass
class ApiContext(StrawberryDjangoContext):
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    # Objects loaded once per request (sites, locales, images by id, ...).
    cache: dict[str, Any] = field(default_factory=dict)
    # Set by a resolver that served private content (a preview): never cache.
    private: bool = False
    # Set by caching.answers.RecordOperationType: only query answers are kept.
    operation_type: Any = None
    # Generation tokens the answer was computed under (caching.answers): the
    # installation's and one per network it read.
    depends_on: dict[str, str] = field(default_factory=dict)


def request_cache(info) -> dict[str, Any]:
    """Return the request's shared cache, or a throwaway one outside HTTP."""
    context = info.context
    cache = getattr(context, "cache", None)
    if cache is None:
        # schema.execute_sync without a context (management commands, shell)
        cache = {}
        try:
            context.cache = cache
        except AttributeError:
            pass
    return cache


def cached(info, key, load):
    """Return `load()` once per request under `key`."""
    cache = request_cache(info)
    if key not in cache:
        cache[key] = load()
    return cache[key]
