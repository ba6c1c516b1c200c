"""A server-side cache of anonymous GET query answers, emptied per network.

Partners ask the same queries again and again; between two publications the
answer is the same bytes. Entries are keyed by everything that shapes the answer
(host, language, query, variables, operation, media type). Each entry also
records the generation tokens it was computed under: one per network (site) it
read, and one for the whole installation. A change to public content gives its
network a new token (`empty(sites=...)`), which makes that network's answers
unreachable and leaves the others' in place; a change no network owns (a
region, the référentiel, a site's settings) gives the installation a new token.
An answer that named no network depends on every change. With the default
per-process cache each worker has its own tokens, so a change reaches the other
workers within the timeout; with a shared cache (REDIS_URL) it reaches them at
once. Which changes are public, and whose, is decided in `public_changes`.
"""

import hashlib
import logging
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal
from django.utils import translation
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from graphql_api.models import MissedEmptying

logger = logging.getLogger(__name__)

# A new token: every answer is unreachable.
EVERYTHING_KEY = "graphql-response:generation"
# A new token on every emptying: answers that named no network depend on it.
ANY_CHANGE_KEY = "graphql-response:generation:any"
# A new token on every emptying: the per-process memos below.
MEMO_KEY = "graphql-response:generation:memo"
ENTRY_PREFIX = "graphql-response:answer:"

# Sent whenever stored answers are emptied, with `sites`: the ids of the networks
# whose answers were emptied, or None for all. HTTP caches in front follow it.
answers_emptied = Signal()
# Sent by a committed change just before the new generation of `sites` becomes
# current, within `ahead_of_switch`: what a receiver answers now is kept under
# the new generation (the warming answers the most asked queries here).
answers_switching = Signal()
# Sent once a committed change's new generation is current, with `sites`.
answers_switched = Signal()


# The tokens a change is about to start, while its most asked answers are
# computed under them ahead of the switch (`ahead_of_switch`); this thread only.
_ahead = threading.local()


def site_key(site_id) -> str:
    return f"graphql-response:generation:site:{site_id}"


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


def request_shape(request) -> tuple[str, str, str, str, str, str]:
    """What shapes an anonymous GET answer: host, language, Accept, path, query
    and scheme (answers carry absolute addresses of images and documents)."""
    return (
        request.get_host(),
        translation.get_language() or "",
        request.headers.get("Accept", ""),
        request.path,
        request.META.get("QUERY_STRING", ""),
        request.scheme,
    )


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
    host, language, accept, _path, _query, scheme = shape = request_shape(request)
    # Warming replays anonymous requests only: a key's secret is never kept.
    request.response_cache_shape = shape if who == "anonymous" else None
    digest = hashlib.sha256(
        "\n".join((who, scheme, host, language, accept, query_string)).encode()
    ).hexdigest()
    return ENTRY_PREFIX + digest


def tokens(keys) -> dict[str, str]:
    """Return the current token of each generation key, starting a missing one.

    A token rather than a counter, so that a cleared cache (a restart of the
    cache server, `cache.clear()` in tests) also starts a new generation.
    """
    ahead = getattr(_ahead, "tokens", None) or {}
    found = cache.get_many([key for key in keys if key not in ahead])
    found.update({key: ahead[key] for key in keys if key in ahead})
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        try:
            for key, value in missing.items():
                # add(): two processes starting the same generation agree on one token
                if not cache.add(key, value, timeout=None):
                    missing[key] = cache.get(key) or value
        except ConnectionError:
            # The shared cache is away (cms.cache): tokens of this request only,
            # so nothing is kept or reused until it is back; answers go uncached.
            pass
        found.update(missing)
    return found


def generation() -> str:
    """The token the per-process memos are kept under: new on every emptying."""
    return tokens([MEMO_KEY])[MEMO_KEY]


def begin(context) -> None:
    """Note the installation's token before the answer reads anything."""
    context.depends_on.update(tokens([EVERYTHING_KEY]))


def depend_on_site(context, site_id) -> None:
    """Note that the answer reads network `site_id`, before it reads its content."""
    # empty unless `begin` was called: the answer is not one to keep
    depends_on = getattr(context, "depends_on", None)
    key = site_key(site_id)
    if depends_on and key not in depends_on:
        depends_on.update(tokens([key]))


def depend_on_every_site(context) -> None:
    """Note that the answer reads every network (the list of networks)."""
    depends_on = getattr(context, "depends_on", None)
    if depends_on and ANY_CHANGE_KEY not in depends_on:
        depends_on.update(tokens([ANY_CHANGE_KEY]))


def sites_of(depends_on) -> list[int]:
    prefix = site_key("")
    return [int(key[len(prefix) :]) for key in depends_on if key.startswith(prefix)]


_remembered: dict[str, tuple[str, float, object]] = {}


def remembered(name, load):
    """Return `load()`, kept by this process until content changes.

    For the small tables every request reads (sites, locales, view
    restrictions): they change rarely, and reading them costs more than most
    answers. An entry is dropped on any emptying, of any network, and, as
    answers are, after GRAPHQL_RESPONSE_CACHE_TIMEOUT seconds, which bounds how
    long a worker that did not see the change (per-process cache, no REDIS_URL)
    keeps it.
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
    """Return the stored answer under `key` if no network it read changed since."""
    if not key:
        return None
    entry = cache.get(key)
    if entry is None:
        return None
    content, content_type, etag, depends_on = entry
    if tokens_now(depends_on) != depends_on:
        return None
    return content, content_type, etag, depends_on


def tokens_now(depends_on) -> dict[str, str]:
    """The current tokens of these generation keys (those about to start, ahead)."""
    current = cache.get_many(list(depends_on))
    ahead = getattr(_ahead, "tokens", None)
    if ahead:
        current.update({key: ahead[key] for key in depends_on if key in ahead})
    return current


def store(key, context, response):
    """Keep a query's answer with the headers a hit answers with, and its tokens."""
    if key and context.operation_type == OperationType.QUERY and not context.private:
        if not sites_of(context.depends_on):
            # it named no network: any change may concern it
            depend_on_every_site(context)
        entry = (
            response.content,
            response["Content-Type"],
            response["ETag"],
            dict(context.depends_on),
        )
        cache.set(key, entry, settings.GRAPHQL_RESPONSE_CACHE_TIMEOUT)
        return entry
    return None


def new_tokens(sites=None) -> dict[str, str]:
    """New tokens for the generations a change of `sites` (ids, None: all) renews."""
    keys = [ANY_CHANGE_KEY, MEMO_KEY]
    keys += [EVERYTHING_KEY] if sites is None else [site_key(s) for s in sites]
    return {key: uuid.uuid4().hex for key in keys}


def ahead_of_switch(new, compute):
    """Run `compute()` as if the tokens `new` were already current (this thread only).

    What it stores is kept under the new generation: a hit from the moment
    `empty(sites, new)` makes them current, not a miss until someone asks.
    """
    _ahead.tokens = new
    _remembered.clear()  # memos read under the old generation
    try:
        return compute()
    finally:
        _ahead.tokens = None
        _remembered.clear()


def empty(sites=None, new=None):
    """Make stored answers unreachable: those that read `sites` (ids), or all.

    They expire on their own. `new` gives the new tokens (`new_tokens(sites)`)
    when answers were already computed under them.
    """
    sites = None if sites is None else sorted(sites)
    if cache.set_many(new or new_tokens(sites), timeout=None):
        # The shared cache did not take it (cms.cache drops writes while Redis
        # is away): the old answers would be served until they expire.
        remember_missed(sites)
    _remembered.clear()
    answers_emptied.send(sender=None, sites=sites)


# Whether this process left an emptying to retry: its next API request retries.
_missed_here = False


def remember_missed(sites):
    global _missed_here
    logger.warning("answer cache emptying not taken, kept to retry (sites %s)", sites)
    MissedEmptying.objects.create(sites=sites)
    _missed_here = True


def retry_missed() -> int:
    """Empty again what the shared cache did not take; return how many now took.

    Run by the cron (`manage.py retry_cache_emptying`) and by this process's
    next API request after a miss. Each success purges the HTTP caches again.
    """
    global _missed_here
    _missed_here = False
    done = 0
    for missed in MissedEmptying.objects.all():
        if cache.set_many(new_tokens(missed.sites), timeout=None):
            _missed_here = True
            break  # still away: the next request or the cron tries again
        MissedEmptying.objects.filter(pk=missed.pk).delete()
        _remembered.clear()
        answers_emptied.send(sender=None, sites=missed.sites)
        done += 1
    return done


def retry_missed_here():
    """Retry at once if this process missed an emptying (cheap otherwise)."""
    if _missed_here:
        retry_missed()


class PendingEmptying:
    """What one transaction changed, emptied (and warmed) once it is committed."""

    def __init__(self):
        self.sites: set[int] | None = set()

    def add(self, sites):
        if sites is None or self.sites is None:
            self.sites = None
        else:
            self.sites |= set(sites)

    def __call__(self):
        # The most asked answers first, under the tokens about to start, then
        # the switch: the first partner read after it is a hit, not a miss
        # waiting for the worker. The rest is left to the worker.
        new = new_tokens(self.sites)
        ahead_of_switch(
            new, lambda: answers_switching.send(sender=None, sites=self.sites)
        )
        empty(self.sites, new)
        answers_switched.send(sender=None, sites=self.sites)


def empty_now_and_on_commit(sites=None):
    """Empty at once, and again (then warm) once the change is committed.

    A request reading between the two would otherwise keep the rows as they
    were before the commit under the new generation. `sites` is the ids of the
    networks the change concerns, None for all.
    """
    empty(sites)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        answers_switched.send(sender=None, sites=None if sites is None else set(sites))
        return
    # One callback per atomic block, however many rows it writes; not merged
    # into another block's, which a rollback to its savepoint would drop.
    savepoints = set(connection.savepoint_ids)
    for entry in connection.run_on_commit:
        if isinstance(entry[1], PendingEmptying) and entry[0] == savepoints:
            entry[1].add(sites)
            return
    pending = PendingEmptying()
    pending.add(sites)
    transaction.on_commit(pending)
