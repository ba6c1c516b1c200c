"""The shared cache against a real Redis server, up and then gone."""

import shutil
import time

import pytest

from cms.cache import CacheUnavailable, FailSafeRedisCache
from tests.fixtures.cache import free_port, start_redis

pytestmark = pytest.mark.skipif(
    not shutil.which("redis-server"), reason="needs Debian's redis-server"
)


@pytest.fixture
def redis_server(tmp_path):
    port = free_port()
    process = start_redis(port, tmp_path)
    FailSafeRedisCache._down_until = 0.0
    yield process, port
    process.kill()
    process.wait()
    FailSafeRedisCache._down_until = 0.0


def cache_on(port):
    """A cache as each app server builds it from the same settings."""
    return FailSafeRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}},
    )


def test_what_one_server_stores_another_reads(redis_server):
    _process, port = redis_server
    server_a, server_b = cache_on(port), cache_on(port)

    server_a.set("answer", {"data": 1}, 60)
    server_a.add("count", 0, 60)
    server_b.incr("count")

    assert server_b.get("answer") == {"data": 1}
    assert server_a.get("count") == 1


def test_without_redis_reads_miss_and_counting_is_refused(redis_server):
    process, port = redis_server
    cache = cache_on(port)
    cache.set("answer", "kept", 60)

    # when Redis stops
    process.kill()
    process.wait()

    # then reading is a miss, storing is dropped, a generation is still given
    assert cache.get("answer") is None
    assert cache.get("answer", "default") == "default"
    cache.set("answer", "new", 60)
    assert cache.get_or_set("generation", lambda: "fresh") == "fresh"
    # and nothing can be counted or claimed: the guards refuse rather than guess
    with pytest.raises(CacheUnavailable):
        cache.incr("count")
    with pytest.raises(CacheUnavailable):
        cache.add("nonce", 1, 60)


def test_the_cache_is_used_again_once_redis_returns(redis_server, tmp_path):
    process, port = redis_server
    cache = cache_on(port)
    process.kill()
    process.wait()
    assert cache.get("answer") is None

    again = start_redis(port, tmp_path)
    try:
        for _ in range(100):
            FailSafeRedisCache._down_until = 0.0  # as after the two-second pause
            cache.set("answer", "back", 60)
            if cache.get("answer") == "back":
                break
            time.sleep(0.05)
        assert cache.get("answer") == "back"
    finally:
        again.kill()
        again.wait()
