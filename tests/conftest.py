import os

import pytest
from hypothesis import settings as hypothesis_settings

# Fixtures shared across test folders (tests/fixtures/), as Saleor does.
pytest_plugins = [
    "tests.scheduling",
    "tests.fixtures.cache",
    "tests.fixtures.demo",
    "tests.fixtures.adhesions",
    "tests.fixtures.proposals",
    "tests.fixtures.editor_forms",
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


def pytest_collection_modifyitems(items):
    """Skip, with the reason, what needs PostgreSQL.

    Tests marked `postgres` run races on two real connections: SQLite has no
    row locks, so there they are reported as skipped, never silently passed.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        reason = (
            "needs PostgreSQL (row locks, two real connections): "
            "run with DATABASE_URL=postgres://..."
        )
        for item in items:
            if item.get_closest_marker("postgres"):
                item.add_marker(pytest.mark.skip(reason=reason))
