import os
import shutil
import socket
import types

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests import demo_snapshot

# The stack tests start the whole scaled-out topology: `make stack-test` runs them.
collect_ignore = [] if os.environ.get("STACK_TESTS") else ["stack"]


def pytest_collection_modifyitems(items):
    """Run the browser tests last; skip, with the reason, what needs PostgreSQL.

    Browser tests use a live server, so their database is emptied when each
    ends, down to the rows Wagtail's migrations create (the root page, the
    default locale); any transactional test after them would start from nothing.
    Tests marked `postgres` run races on two real connections: SQLite has no
    row locks, so there they are reported as skipped, never silently passed.
    """
    items.sort(key=lambda item: "tests/e2e/" in str(item.fspath))
    from django.db import connection

    if connection.vendor != "postgresql":
        reason = (
            "needs PostgreSQL (row locks, two real connections): "
            "run with DATABASE_URL=postgres://..."
        )
        for item in items:
            if item.get_closest_marker("postgres"):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def empty_cache():
    """Start every test with an empty cache: site root paths, rate-limit counters."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def load_demo(db, django_capture_on_commit_callbacks):
    """Return a function that runs `load_demo` as `make demo` does, commit hooks included.

    Wagtail Localize publishes translations on commit; test transactions never
    commit, so the hooks are run here.
    """

    def load():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo", verbosity=0)

    return load


@pytest.fixture
def demo_content(load_demo):
    """The demo sites and pages, as `make demo` loads them (a copy after the first)."""
    if demo_snapshot.has_snapshot():
        demo_snapshot.restore_snapshot()
    else:
        load_demo()
        demo_snapshot.take_snapshot()


def closed_port():
    """A loopback port nothing listens on: a server that is away."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_away(settings):
    """The production cache (fail-safe Redis) pointed at a Redis that is down."""
    from cms.cache import FailSafeRedisCache

    FailSafeRedisCache._down_until = 0.0
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.cache.FailSafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield
    FailSafeRedisCache._down_until = 0.0


@pytest.fixture
def shared_redis(settings, tmp_path):
    """A real Redis as the cache of this process and of those it starts.

    Yields its `url` (give it to another process as REDIS_URL: the test
    settings then use it, as every app server of a deployment shares one
    Redis) and its `process` (to stop or pause it).
    """
    if not shutil.which("redis-server"):
        pytest.skip("needs Debian's redis-server")
    from cms.cache import FailSafeRedisCache
    from tests.cms.test_cache import free_port, start_redis

    port = free_port()
    process = start_redis(port, tmp_path)
    url = f"redis://127.0.0.1:{port}/0"
    FailSafeRedisCache._down_until = 0.0
    settings.CACHES = {
        "default": {
            "BACKEND": "cms.cache.FailSafeRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    yield types.SimpleNamespace(url=url, process=process)
    process.kill()
    process.wait()
    FailSafeRedisCache._down_until = 0.0
