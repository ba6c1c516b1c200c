"""Browser end-to-end tests: Playwright driving Debian's Chromium against a live server.

Playwright's own browser download cannot work on these machines, so the tests use
the system Chromium (`apt-get install chromium chromium-driver`). Without it they
are skipped with a message on a developer's machine, and fail in CI.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses
# to run beside one unless told that this thread is synchronous on purpose.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def chromium_browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium chromium-driver"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright gives each launch a fresh, empty profile of its own.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium_browser, request):
    """A fresh browser tab; a screenshot of its last state is saved after each test."""
    context = chromium_browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    yield tab
    SCREENSHOTS.mkdir(exist_ok=True)
    tab.screenshot(
        path=str(SCREENSHOTS / f"{request.node.name}-last.png"), full_page=True
    )
    context.close()


@pytest.fixture
def shot(page, request):
    """Save a named screenshot of the current page."""

    def take(name):
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(
            path=str(SCREENSHOTS / f"{request.node.name}-{name}.png"), full_page=True
        )

    return take


@pytest.fixture
def live_demo(live_server, transactional_db):
    """The demo content loaded into the live server's database."""
    from django.core.management import call_command

    from tests import demo_snapshot

    if demo_snapshot.has_snapshot():
        demo_snapshot.restore_snapshot()
    else:
        call_command("load_demo", verbosity=0)
        demo_snapshot.take_snapshot()
    return live_server
