"""Answer again, after a change, what partners of a network ask most.

Each network keeps a small record of its most asked anonymous GET queries, in
the shared cache: the request's shape only (host, language, `Accept`, path,
query string and scheme), never who asked; it is replayed as it was asked. Once a public change of a network is committed,
the publishing process answers its most asked queries under the generation
about to start, for a second at most, before it switches to it; then a task
re-runs them all in the worker, so the next partner read is a hit.

Hits are counted by each process and written to the record every few seconds
(a hit costs no extra cache write); a computed answer is written at once.
Two processes writing at the same moment may lose a few counts: it is a
popularity measure, not an account.
"""

import time
from collections import Counter
from io import BytesIO

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.utils import translation
from django_tasks import task

RECORD_SIZE = 50  # queries remembered per network
RECORD_TIMEOUT = 24 * 3600  # a record nobody asked for a day is forgotten
FLUSH_SECONDS = 5

_pending: Counter = Counter()
_last_flush = 0.0


RECORDED_SITES_KEY = "graphql-response:popular:sites"


def record_key(site_id) -> str:
    return f"graphql-response:popular:{site_id}"


def warmed_queries() -> int:
    """How many of a network's most asked queries are answered again after a change."""
    return settings.GRAPHQL_WARM_QUERIES


def record(shape, sites, at_once=False) -> None:
    """Count one request of `shape` for each network in `sites`."""
    global _last_flush
    if not shape or not sites or warmed_queries() <= 0:
        return
    for site_id in sites:
        _pending[(site_id, shape)] += 1
    now = time.monotonic()
    if at_once or now - _last_flush > FLUSH_SECONDS:
        _last_flush = now
        flush()


def flush() -> None:
    """Add this process's counts to the shared records."""
    by_site: dict[int, Counter] = {}
    while _pending:
        (site_id, shape), count = _pending.popitem()
        by_site.setdefault(site_id, Counter())[shape] += count
    now = time.time()
    for site_id, counts in by_site.items():
        kept = cache.get(record_key(site_id)) or {}
        for shape, count in counts.items():
            previous = kept.get(shape, (0, 0.0))[0]
            kept[shape] = (previous + count, now)
        if len(kept) > RECORD_SIZE:
            ranked = sorted(kept.items(), key=lambda item: item[1], reverse=True)
            kept = dict(ranked[:RECORD_SIZE])
        cache.set(record_key(site_id), kept, RECORD_TIMEOUT)
    if by_site:
        recorded = cache.get(RECORDED_SITES_KEY) or set()
        if not recorded.issuperset(by_site):
            cache.set(RECORDED_SITES_KEY, recorded | set(by_site), RECORD_TIMEOUT)


def most_asked(site_id, limit) -> list[tuple]:
    """Return the shapes of a network's most asked queries, most asked first."""
    kept = cache.get(record_key(site_id)) or {}
    ranked = sorted(kept.items(), key=lambda item: item[1], reverse=True)
    return [shape for shape, _count in ranked[:limit]]


def after_emptying(sites) -> None:
    """Queue the warming of the networks `sites` (ids; None for every network)."""
    from graphql_api.caching import answers

    if not answers.enabled() or warmed_queries() <= 0:
        return
    if sites is None:
        sites = cache.get(RECORDED_SITES_KEY) or set()
    keys = [record_key(site_id) for site_id in sorted(sites)]
    recorded = cache.get_many(keys)
    if recorded:
        warm_answers.enqueue(sorted(int(key.rsplit(":", 1)[1]) for key in recorded))


def warm_ahead(sites) -> int:
    """Answer the most asked queries of `sites` (ids, None: every network) now.

    Run by the publishing process once its change is committed, under the
    tokens about to start (`answers.ahead_of_switch`), until
    GRAPHQL_WARM_AHEAD_SECONDS have passed: the editor's publish waits that
    long at most, and the worker answers the rest.
    """
    from graphql_api.caching import answers

    budget = settings.GRAPHQL_WARM_AHEAD_SECONDS
    if not answers.enabled() or warmed_queries() <= 0 or budget <= 0:
        return 0
    if sites is None:
        sites = cache.get(RECORDED_SITES_KEY) or set()
    deadline = time.monotonic() + budget
    done = set()
    for site_id in sorted(sites):
        for shape in most_asked(site_id, warmed_queries()):
            if time.monotonic() >= deadline:
                return len(done)
            if shape not in done:
                done.add(shape)
                replay(shape)
    return len(done)


def replay(shape):
    """Run the request of `shape` through the API's view, as a partner would."""
    from graphql_api.views import graphql_view

    # Records written before the scheme was kept hold five fields: plain http.
    host, language, accept, path, query_string, *rest = shape
    scheme = rest[0] if rest else "http"
    name, _sep, port = host.partition(":")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": query_string,
        "HTTP_HOST": host,
        "HTTP_ACCEPT": accept,
        "SERVER_NAME": name,
        "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
        "wsgi.input": BytesIO(b""),
        "wsgi.url_scheme": scheme,
        "REMOTE_ADDR": "127.0.0.1",
    }
    # The view picks its language from the request, as for the partner who asked.
    if language:
        environ["HTTP_ACCEPT_LANGUAGE"] = language
    # Behind the TLS terminator the scheme is read from its header, not from WSGI.
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:
        header, secure_value = proxy_header
        environ[header] = secure_value if scheme == "https" else "http"
    request = WSGIRequest(environ)
    # not a partner's request: it must not count for popularity
    request.is_warming = True
    with translation.override(language or None):
        return graphql_view(request)


@task()
def warm_answers(site_ids):
    """Compute again the most asked answers of these networks, so they are hits."""
    done = set()
    for site_id in site_ids:
        for shape in most_asked(site_id, warmed_queries()):
            if shape not in done:
                done.add(shape)
                replay(shape)
    return len(done)
