import json
import os

import pytest
from hypothesis import settings as hypothesis_settings

from tests.durations import FILE as DURATIONS

# Fixtures shared across test folders (tests/fixtures/), as Saleor does.
pytest_plugins = [
    "tests.durations",
    "tests.fixtures.cache",
    "tests.fixtures.demo",
    "tests.fixtures.adhesions",
    "tests.fixtures.proposals",
    "tests.fixtures.graphql",
    "tests.fixtures.receivers",
    "tests.fixtures.partner_site",
]

# Property-based tests: the full count of examples in CI (.ci/run sets
# HYPOTHESIS_PROFILE=ci), fewer on a developer's machine for a quick answer.
hypothesis_settings.register_profile("ci", max_examples=200)
hypothesis_settings.register_profile("dev", max_examples=40)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# The stack tests start the whole scaled-out topology: `make stack-test` runs them.
collect_ignore = [] if os.environ.get("STACK_TESTS") else ["stack"]


def _recorded_durations():
    try:
        return json.loads(DURATIONS.read_text())
    except (OSError, ValueError):
        return {}


def _needs_demo(item):
    return bool({"demo_content", "live_demo", "demo"} & set(item.fixturenames))


def pytest_collection_modifyitems(items):
    """Order the run; skip, with the reason, what needs PostgreSQL.

    One test that loads the demo runs first and the other demo tests late, so
    that under xdist one worker loads the demo while the others run tests that
    need none, and every later worker copies it (tests/demo_snapshot.py).
    Browser tests run last: they use a live server, so their database is
    emptied when each ends, down to the rows Wagtail's migrations create (the
    root page, the default locale); a transactional test after them would
    start from nothing.
    Tests marked `postgres` run races on two real connections: SQLite has no
    row locks, so there they are reported as skipped, never silently passed.
    """
    first = next((item for item in items if "demo_loader" in item.name), None)
    durations = _recorded_durations()

    def order(item):
        browser = "tests/e2e/" in str(item.fspath)
        # Browser tests, last, go longest first (tests/durations.json): the
        # workers then finish together instead of one waiting for a long test.
        return (
            item is not first,
            browser,
            _needs_demo(item),
            -durations.get(item.nodeid, 0) if browser else 0,
        )

    items.sort(key=order)
    from django.db import connection

    if connection.vendor != "postgresql":
        reason = (
            "needs PostgreSQL (row locks, two real connections): "
            "run with DATABASE_URL=postgres://..."
        )
        for item in items:
            if item.get_closest_marker("postgres"):
                item.add_marker(pytest.mark.skip(reason=reason))
