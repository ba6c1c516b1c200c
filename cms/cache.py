"""The shared cache (Redis) when scaled out, and what happens while it is away.

The site must keep answering when Redis stops: everything kept in the cache is
an optimisation, except the counters of the submission guards. So, while Redis
is unreachable, reads are misses and writes are dropped (answers are computed,
not cached), while counting and claiming (`add`, `incr`, `decr`) raise
`CacheUnavailable`: the guards turn it into a "try again in a moment" refusal
rather than an unlimited window or a token spent twice.

After a failure the cache is not tried again for `RETRY_AFTER` seconds, so a
Redis that hangs costs one time-out per process, not one per call.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError)
RETRY_AFTER = 2.0


class CacheUnavailable(ConnectionError):
    """The shared cache cannot be reached: a count or a claim cannot be trusted.

    A built-in `ConnectionError`, so the apps that count (the guards) catch it
    without importing the project's settings package.
    """


class FailSafeRedisCache(RedisCache):
    """Django's Redis cache that degrades to "no cache" instead of failing requests."""

    _down_until = 0.0

    def _attempt(self, method, default, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return default
        try:
            return getattr(super(), method)(*args, **kwargs)
        except UNREACHABLE as error:
            # Per process: every app server and worker finds out for itself.
            FailSafeRedisCache._down_until = time.monotonic() + RETRY_AFTER
            logger.warning(
                "cache unreachable, serving uncached (%s)", type(error).__name__
            )
            return default

    def get(self, key, default=None, version=None):
        return self._attempt("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._attempt("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._attempt("has_key", False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("set_many", list(data), data, timeout, version)

    def get_or_set(self, key, default, timeout=DEFAULT_TIMEOUT, version=None):
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            try:
                self.add(key, value, timeout, version)
            except CacheUnavailable:
                return value
            return self.get(key, value, version=version)
        return value

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._attempt("delete_many", None, keys, version)

    def clear(self):
        return self._attempt("clear", False)

    def _count(self, method, *args):
        if time.monotonic() < self._down_until:
            raise CacheUnavailable
        try:
            return getattr(super(), method)(*args)
        except UNREACHABLE as error:
            FailSafeRedisCache._down_until = time.monotonic() + RETRY_AFTER
            raise CacheUnavailable from error

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._count("add", key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._count("incr", key, delta, version)
