"""What `make loadtest` runs and for how long, from its LOADTEST_* variables.

Also the environment of every process it starts: the bench settings on the
run's PostgreSQL, the flaky mail backend, the results folder.
"""

import os
import subprocess
import sys

from bench.server import ROOT

QUICK = os.environ.get("LOADTEST_QUICK", "") not in ("", "0")
DURATION = float(os.environ.get("LOADTEST_DURATION", 40 if QUICK else 120))
CLIENTS = int(os.environ.get("LOADTEST_CLIENTS", 4))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", 4))
ITEMS = 50
RESULTS = ROOT / "bench" / "results" / "loadtest"
# How long PostgreSQL stays down, in the local run and through the stack.
DB_OUTAGE_SECONDS = 4 if QUICK else 8


def env(pg_url):
    values = dict(os.environ)
    values.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(ROOT),
        DATABASE_URL=pg_url,
        BENCH_RESULTS_DIR=str(RESULTS),
        BENCH_EMAIL_BACKEND="bench.mail.FlakyEmailBackend",
        DB_CONN_MAX_AGE="60",
    )
    return values


def manage(values, *args, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=values,
        check=check,
        capture_output=True,
        text=True,
    )
