"""What partners of a network ask most, for the warming to answer again.

Each network keeps a small record of its most asked anonymous GET queries, in
the shared cache: the request's shape only (host, language, `Accept`, path,
query string and scheme), never who asked; `warming` replays it as it was asked.

Hits are counted by each process and written to the record every few seconds
(a hit costs no extra cache write); a computed answer is written at once.
Two processes writing at the same moment may lose a few counts: it is a
popularity measure, not an account.
"""

import time
from collections import Counter

from django.conf import settings
from django.core.cache import cache

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
