"""Score the demo networks' key pages with Lighthouse; fail below the minimum.

`make lighthouse` runs this: a fresh demo (its own SQLite file and media folder)
is served by `runserver` on LIGHTHOUSE_PORT, and npm's `lighthouse` drives
Debian's Chromium (CHROME_PATH) against the home, charter, adhesion form and
labelled-projects pages of each network. Reports go to .lighthouse/.
LIGHTHOUSE_SERVED=1 scores a demo already served on LIGHTHOUSE_PORT instead
(its database given by DATABASE_URL and DJANGO_SETTINGS_MODULE).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATEGORIES = ["accessibility", "seo", "best-practices"]
MINIMUM = int(os.environ.get("LIGHTHOUSE_MINIMUM", "95"))
PORT = int(os.environ.get("LIGHTHOUSE_PORT", "8790"))
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"
REPORTS = ROOT / ".lighthouse"


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def targets(env):
    """Return `(network, page name, path)` for the pages to score, from the demo."""
    os.environ.update(env)
    import django

    django.setup()
    from django.urls import reverse
    from wagtail.models import Site

    from forms_workflows.models import AdhesionFormPage
    from pages.models import CharterPage, NetworkSettings

    found = []
    for site in Site.objects.order_by("hostname"):
        key = NetworkSettings.for_site(site).key
        base = f"http://{site.hostname}:{PORT}"
        home = site.root_page
        found.append((key, "home", base + home.get_url_parts()[2]))
        charter = CharterPage.objects.descendant_of(home).live().first()
        if charter is not None:
            found.append((key, "charter", base + charter.get_url_parts()[2]))
            form = AdhesionFormPage.objects.child_of(charter).live().first()
            if form is not None:
                found.append((key, "adhesion form", base + form.get_url_parts()[2]))
        found.append(
            (key, "labelled projects", base + reverse("proposals:labelled_projects"))
        )
    return found


def wait_until_up(url, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except OSError:
            time.sleep(1)
    raise SystemExit(f"the demo server did not answer at {url}")


def score(url, report):
    """Run Lighthouse on `url`; return its category scores out of 100."""
    subprocess.run(
        [
            str(ROOT / "node_modules" / ".bin" / "lighthouse"),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        cwd=ROOT,
        check=True,
        env={
            **os.environ,
            "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
        },
    )
    result = json.loads(report.read_text())
    failing = [
        audit_id
        for audit_id, audit in result["audits"].items()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") == "binary"
    ]
    scores = {
        name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES
    }
    return scores, failing


def main():
    REPORTS.mkdir(exist_ok=True)
    # In memory where the system offers it: the demo's thousands of commits
    # then wait for no disk (a throwaway database).
    shm = Path("/dev/shm")
    workdir = Path(
        tempfile.mkdtemp(prefix="lighthouse-", dir=shm if shm.is_dir() else None)
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "DEMO_SITE_PORT": str(PORT),
    }
    served = os.environ.get("LIGHTHOUSE_SERVED") == "1"
    if served:
        env = {**os.environ}
        env.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    else:
        manage("migrate", "--noinput", "-v", "0", env=env)
        manage("compile_catalogues", env=env)
        manage("load_demo", "-v", "0", env=env)
    pages = targets(env)
    server = None
    if not served:
        server = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                f"127.0.0.1:{PORT}",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    below = []
    try:
        wait_until_up(f"http://127.0.0.1:{PORT}/healthz/")
        print("| network | page | " + " | ".join(CATEGORIES) + " |")
        print("|---|---|" + "---|" * len(CATEGORIES))
        # Two pages at a time, one per core: the categories scored here do not
        # depend on speed (performance is not among them).
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = pool.map(
                lambda page: score(
                    page[2], REPORTS / f"{page[0]}-{page[1].replace(' ', '-')}.json"
                ),
                pages,
            )
            scored = list(zip(pages, results, strict=True))
        for (key, name, _url), (scores, failing) in scored:
            row = " | ".join(str(scores[category]) for category in CATEGORIES)
            print(f"| {key} | {name} | {row} |", flush=True)
            if min(scores.values()) < MINIMUM:
                below.append((key, name, scores, failing))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
    for key, name, scores, failing in below:
        print(f"below {MINIMUM}: {key} {name} {scores}; failed audits: {failing}")
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
