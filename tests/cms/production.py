"""Read settings as cms.settings.production computes them, in a separate process."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_HOST = "cms.example.org"


def production_settings(names):
    """{name: value} of the named settings (None when unset) under production."""
    environment = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="a-long-production-secret-for-this-test-only-0123456789",
        ALLOWED_HOSTS=PRODUCTION_HOST,
        # read, never connected to: only the settings are computed
        DATABASE_URL="postgres://cms:cms@127.0.0.1:5432/cms",
    )
    # The settings module alone, as Django reads it at start: loading the apps
    # (django.setup) changes no setting and costs several seconds.
    script = (
        "import importlib, json; "
        "settings = importlib.import_module('cms.settings.production'); "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
