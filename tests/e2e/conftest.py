"""Browser end-to-end tests: Playwright driving Debian's Chromium against a live server.

Playwright's own browser download cannot work on these machines, so the tests use
the system Chromium (`apt-get install chromium chromium-driver`). Without it they
are skipped with a message on a developer's machine, and fail in CI.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.helpers import AXE, SCREENSHOTS

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
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


@pytest.fixture(autouse=True)
def no_minimum_form_age(settings):
    """A browser fills a form faster than a person: the guard's timing is tested
    on its own (tests/forms_workflows/test_guards.py), not waited for here."""
    settings.FORMS_WORKFLOWS_FORM_MIN_SECONDS = 0


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
def english_page(chromium_browser, request):
    """A fresh browser tab whose browser asks for English; screenshot at the end."""
    context = chromium_browser.new_context(
        locale="en-GB", viewport={"width": 1280, "height": 900}
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
def english_shot(english_page, request):
    """Save a named screenshot of the English tab's current page."""

    def take(name):
        SCREENSHOTS.mkdir(exist_ok=True)
        english_page.screenshot(
            path=str(SCREENSHOTS / f"{request.node.name}-{name}.png"), full_page=True
        )

    return take


@pytest.fixture(scope="session")
def axe_source():
    """axe-core's script (npm); missing, it fails the run in CI, skips elsewhere."""
    if not AXE.exists():
        message = f"{AXE} is missing: run `npm install` (make test does it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text()
