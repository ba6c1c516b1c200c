"""The admin's screens on the demo, timed in Chromium: `python -m bench.admin`.

The demo is served as `make demo` serves it (the development settings,
`runserver`, a SQLite file, the real password hasher) from a database of its
own under `bench/results/admin/`, loaded once by `load_demo` and kept for the
next run (`--fresh` loads it again). Chromium, driven by Playwright as the
browser tests drive it, signs in as the demo's `admin` in English and opens
each screen `--loads` times; each load's server time is Chromium's
`responseStart - requestStart` of the screen's document (the Navigation Timing
API; for the login's POST, the same two marks of the POST in Playwright's
request timing, which reads them from Chromium). The first load of each
screen is the first after the server started: it is part of the median.

Then, in this process, each screen is asked again through Django's test
client on the same database, and its SQL queries counted (a warm request).
`--profile NAME` writes a cProfile of that screen's request to
`bench/results/admin/NAME.prof`.

Timing is never a test: nothing in `make test` reads these figures.
"""

import argparse
import cProfile
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.server import free_port, machine

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "results" / "admin"
DATABASE = WORK / "demo.sqlite3"
USERNAME = "admin"


def environment(port):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{DATABASE}",
        "MEDIA_ROOT": str(WORK / "media"),
        "RESTRICTED_MEDIA_ROOT": str(WORK / "restricted-media"),
        "PRIVATE_MEDIA_ROOT": str(WORK / "private-media"),
        "DEMO_SITE_PORT": str(port),
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env, fresh):
    WORK.mkdir(parents=True, exist_ok=True)
    manage(env, "compile_catalogues")
    if DATABASE.exists() and not fresh:
        return
    DATABASE.unlink(missing_ok=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo", "-v", "0")


def screens():
    """Name and admin path of each screen measured (the database read here)."""
    from wagtail.models import Locale, Site

    from pages.models import HomePage

    site = Site.objects.get(is_default_site=True)
    french_home = HomePage.objects.get(pk=site.root_page_id)
    english_home = french_home.get_translation(Locale.objects.get(language_code="en"))
    snippets = [
        "organisation",
        "signatory",
        "region",
        "referentiel",
        "dimension",
        "commitment",
    ]
    return [
        ("dashboard", "/admin/"),
        ("page explorer", f"/admin/pages/{french_home.pk}/"),
        ("page edit form", f"/admin/pages/{french_home.pk}/edit/"),
        ("translation editor", f"/admin/pages/{english_home.pk}/edit/"),
        ("images", "/admin/images/"),
        ("documents", "/admin/documents/"),
        ("charter adhesions", "/admin/charter-adhesions/"),
        ("project proposals", "/admin/project-proposals/"),
        ("snippets", "/admin/snippets/"),
        *[(f"snippets: {name}", f"/admin/snippets/pages/{name}/") for name in snippets],
    ]


def serve(env, port):
    log = open(WORK / "server.log", "ab")  # noqa: SIM115 - closed by stop()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"runserver exited, see {WORK / 'server.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=5):
                return process, log
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("runserver did not answer /healthz/ in time")


def document_ms(tab):
    """The server's time for the current document, by Chromium's Navigation Timing."""
    return tab.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n.responseStart - n.requestStart; }"
    )


def browse(base_url, paths, loads):
    """Each screen's server times, in ms, over `loads` sign-ins."""
    from playwright.sync_api import sync_playwright

    from cms.management.commands.load_demo import DEMO_PASSWORD
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

    times = {"login (GET)": [], "login (POST)": []} | {name: [] for name, _ in paths}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        for _ in range(loads):
            context = browser.new_context(
                locale="en-GB", viewport={"width": 1280, "height": 900}
            )
            tab = context.new_page()
            tab.set_default_timeout(60_000)
            tab.goto(f"{base_url}/admin/login/")
            times["login (GET)"].append(document_ms(tab))
            tab.fill("#id_username", USERNAME)
            tab.fill("#id_password", DEMO_PASSWORD)
            with tab.expect_request(
                lambda request: (
                    request.method == "POST" and request.url.endswith("/admin/login/")
                )
            ) as posted:
                tab.click("button[type=submit]")
            tab.wait_for_url(f"{base_url}/admin/")
            timing = posted.value.timing
            times["login (POST)"].append(
                timing["responseStart"] - timing["requestStart"]
            )
            for name, path in paths:
                response = tab.goto(base_url + path)
                if response.status != 200:
                    raise RuntimeError(f"{path} answered {response.status}")
                times[name].append(document_ms(tab))
            context.close()
        browser.close()
    return times


def query_counts(paths, profile=None):
    """SQL queries of each screen's second request, through the test client."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_LANGUAGE="en-GB,en")
    client.force_login(get_user_model().objects.get(username=USERNAME))
    counts = {}
    for name, path in paths:
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            if name == profile:
                profiler = cProfile.Profile()
                profiler.runcall(client.get, path)
                profiler.dump_stats(WORK / f"{name.replace(' ', '-')}.prof")
            else:
                client.get(path)
        counts[name] = len(queries)
    return counts


def table(times, counts):
    lines = [
        "| screen | median ms | min ms | max ms | first load ms | SQL queries |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, values in times.items():
        lines.append(
            f"| {name} | {statistics.median(values):.0f} | {min(values):.0f} "
            f"| {max(values):.0f} | {values[0]:.0f} | {counts.get(name, '–')} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=7)
    parser.add_argument("--fresh", action="store_true", help="load the demo again")
    parser.add_argument("--profile", help="cProfile this screen's request")
    args = parser.parse_args()

    port = free_port()
    env = environment(port)
    prepare(env, args.fresh)
    os.environ.update(env)
    # Playwright's sync API runs an event loop in this thread (tests/e2e/conftest.py).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    import django

    django.setup()
    paths = screens()
    load_before = os.getloadavg()
    server, log = serve(env, port)
    try:
        times = browse(f"http://127.0.0.1:{port}", paths, args.loads)
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()
    counts = query_counts(paths, args.profile)
    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": machine() | {"load_average_before": load_before},
        "loads": args.loads,
        "times_ms": times,
        "sql_queries": counts,
    }
    (WORK / "results.json").write_text(json.dumps(result, indent=2))
    print(
        f"{result['when']}, {args.loads} loads, load average before "
        f"{', '.join(f'{x:.2f}' for x in load_before)}, after "
        f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(table(times, counts))


if __name__ == "__main__":
    main()
