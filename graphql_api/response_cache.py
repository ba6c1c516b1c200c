"""A server-side cache of anonymous GET query answers, emptied when content changes.

Partners ask the same queries again and again; between two publications the
answer is the same bytes. Entries are keyed by everything that shapes the answer
(host, language, query, variables, operation, media type) and by a generation
number that any change to public content increments, which empties the cache at
once for every key. With the default per-process cache each worker has its own
generation, so a change reaches the other workers within the timeout; with a
shared cache (REDIS_URL) it reaches them at once.
"""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType
from wagtail.signals import page_published, page_unpublished

GENERATION_KEY = "graphql-response:generation"
# Rows that feed public answers. Applications are private until approved, and an
# approval writes a signatory or a label award, both listed here; a draft saved
# by an applicant empties nothing.
CONTENT_APPS = {"pages", "wagtailcore", "wagtailimages", "wagtaildocs"}
CONTENT_MODELS = {"proposals.Campaign", "proposals.Project", "proposals.LabelAward"}


class RecordOperationType(SchemaExtension):
    """Tell the view whether it ran a query, the only kind of answer it may keep."""

    def on_execute(self):
        context = self.execution_context.context
        if hasattr(context, "operation_type"):
            context.operation_type = self.execution_context.operation_type
        yield


def enabled():
    return settings.GRAPHQL_RESPONSE_CACHE_TIMEOUT > 0


def key_for(request, query, variables, operation_name):
    """Return the cache key of an anonymous request, or None if it must not be cached."""
    anonymous = not (
        getattr(getattr(request, "user", None), "is_authenticated", False)
        or "Authorization" in request.headers
    )
    # GET is the cacheable method (POST answers say no-store): a partner that
    # wants cached answers asks by GET, as for the HTTP caches in front of us.
    if request.method != "GET" or not (enabled() and anonymous):
        return None
    if "previewToken" in (query or ""):
        return None
    generation = cache.get_or_set(GENERATION_KEY, 1, timeout=None)
    shape = json.dumps(
        [
            request.get_host(),
            translation.get_language(),
            query,
            variables,
            operation_name,
            request.headers.get("Accept", ""),
        ],
        sort_keys=True,
        default=str,
    )
    digest = hashlib.sha256(shape.encode()).hexdigest()
    return f"graphql-response:{generation}:{digest}"


def get(key):
    return cache.get(key) if key else None


def store(key, context, content, content_type):
    if key and context.operation_type == OperationType.QUERY and not context.private:
        cache.set(key, (content, content_type), settings.GRAPHQL_RESPONSE_CACHE_TIMEOUT)


def empty(**_kwargs):
    """Make every stored answer unreachable (they expire on their own)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


@receiver(page_published)
@receiver(page_unpublished)
def empty_on_publication(**kwargs):
    empty()


@receiver(post_save)
@receiver(post_delete)
def empty_on_content_change(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS or sender._meta.label in CONTENT_MODELS:
        empty()
