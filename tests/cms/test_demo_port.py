"""`make demo PORT=...`: links in staff e-mails point at the port the demo runs on."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The settings module alone, as Django reads it at start: no app is loaded, as
# none changes a setting (a second of start-up instead of several).
PRINT_BASE_URL = (
    "import importlib; "
    "print(importlib.import_module('cms.settings.dev').WAGTAILADMIN_BASE_URL)"
)


def base_url_under_dev_settings(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("WAGTAILADMIN_BASE_URL", "DEMO_SITE_PORT")
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="cms.settings.dev")
    result = subprocess.run(
        [sys.executable, "-c", PRINT_BASE_URL],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_admin_base_url_follows_the_demo_port():
    assert base_url_under_dev_settings(DEMO_SITE_PORT="8101") == "http://127.0.0.1:8101"
    assert base_url_under_dev_settings() == "http://127.0.0.1:8000"


def test_make_demo_gives_its_port_to_the_server_it_runs():
    makefile = (ROOT / "Makefile").read_text()
    runserver = [line for line in makefile.splitlines() if "runserver" in line]
    assert runserver and all("DEMO_SITE_PORT=$(PORT)" in line for line in runserver)
