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
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from django.utils import translation
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType
from wagtail.images.models import AbstractRendition
from wagtail.signals import page_published, page_unpublished

from pages.signals import public_content_changed

GENERATION_KEY = "graphql-response:generation"
# Sent whenever stored answers are emptied: HTTP caches in front follow it.
answers_emptied = Signal()
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


def is_anonymous(request) -> bool:
    if "Authorization" in request.headers:
        return False
    # Without a session cookie nobody is signed in: skip loading the user.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not getattr(getattr(request, "user", None), "is_authenticated", False)


def audience(request) -> str | None:
    """Who may share a stored answer with this request; None: nobody.

    Anonymous callers share one set of entries; a request with a valid API key
    shares those of its key's scope (`partners.keys.Access.cache_scope`), never
    the anonymous ones nor another scope's. A signed-in session shares nothing.
    """
    access = getattr(request, "api_access", None)
    if access is not None:
        return access.cache_scope
    return "anonymous" if is_anonymous(request) else None


def key_for(request):
    """Return the cache key of an anonymous GET request, or None if it must not be cached.

    The key is made from the raw query string, before any parsing, so that a hit
    costs no more than a hash: two spellings of the same query are two entries.
    """
    # GET is the cacheable method (POST answers say no-store): a partner that
    # wants cached answers asks by GET, as for the HTTP caches in front of us.
    who = audience(request)
    if request.method != "GET" or not enabled() or who is None:
        return None
    query_string = request.META.get("QUERY_STRING", "")
    if "previewToken" in query_string:
        return None
    shape = "\n".join(
        (
            who,
            request.get_host(),
            translation.get_language(),
            request.headers.get("Accept", ""),
            query_string,
        )
    )
    digest = hashlib.sha256(shape.encode()).hexdigest()
    return f"graphql-response:{generation()}:{digest}"


def generation() -> str:
    """The current content generation: a new token each time public content changes.

    A token rather than a counter, so that a cleared cache (a restart of the
    cache server, `cache.clear()` in tests) also starts a new generation.
    """
    return cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, timeout=None)


_remembered: dict[str, tuple[str, float, object]] = {}


def remembered(name, load):
    """Return `load()`, kept by this process until content changes.

    For the small tables every request reads (sites, locales, view
    restrictions): they change rarely, and reading them costs more than most
    answers. An entry is dropped when the generation changes and, as answers are,
    after GRAPHQL_RESPONSE_CACHE_TIMEOUT seconds, which bounds how long a worker
    that did not see the change (per-process cache, no REDIS_URL) keeps it.
    """
    current = generation()
    entry = _remembered.get(name)
    if entry and entry[0] == current and entry[1] > time.monotonic():
        return entry[2]
    value = load()
    timeout = max(settings.GRAPHQL_RESPONSE_CACHE_TIMEOUT, 0)
    _remembered[name] = (current, time.monotonic() + timeout, value)
    return value


def get(key):
    return cache.get(key) if key else None


def store(key, context, response):
    """Keep a query's answer with the headers a hit answers with."""
    if key and context.operation_type == OperationType.QUERY and not context.private:
        entry = (response.content, response["Content-Type"], response["ETag"])
        cache.set(key, entry, settings.GRAPHQL_RESPONSE_CACHE_TIMEOUT)


def empty(**_kwargs):
    """Make every stored answer unreachable (they expire on their own)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    _remembered.clear()
    answers_emptied.send(sender=None)


def empty_now_and_on_commit():
    """Empty at once, and again once the change is committed.

    A request reading between the two would otherwise keep the rows as they
    were before the commit under the new generation.
    """
    empty()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    # one callback per transaction, however many rows it writes
    if not any(entry[1] is empty for entry in connection.run_on_commit):
        transaction.on_commit(empty)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(public_content_changed)
def empty_on_publication(**kwargs):
    empty_now_and_on_commit()


@receiver(post_save)
@receiver(post_delete)
def empty_on_content_change(sender, **kwargs):
    # A rendition is made while an answer is computed, for that answer: it
    # changes no answer already given.
    if issubclass(sender, AbstractRendition):
        return
    if sender._meta.app_label in CONTENT_APPS or sender._meta.label in CONTENT_MODELS:
        empty_now_and_on_commit()
