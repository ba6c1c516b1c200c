"""What `make bench` measures and for how long, from its BENCH_* variables.

Also the environment of every process the bench starts (gunicorn, the storm's
editor and worker, `manage.py`): the bench settings and the bench database.
"""

import os

from bench.server import ROOT

RESULTS = ROOT / "bench" / "results"
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
SIZES = [10, 1000] if QUICK else [10, 100, 1000]
DURATION = float(os.environ.get("BENCH_DURATION", 3 if QUICK else 10))
WARMUP = 0 if QUICK else 2
STORM_SECONDS = float(os.environ.get("BENCH_STORM_SECONDS", 20 if QUICK else 60))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 4))
WORKERS = int(os.environ.get("BENCH_WORKERS", os.cpu_count() or 2))
READS = ["home", "events", "signatories", "page30", "search"]
# The quick run leaves out the repeated GET (what a response cache would serve).
VARIANTS = (
    ["graphql", "rest", "floor"]
    if QUICK
    else ["graphql", "graphql_get", "rest", "floor"]
)


def env():
    values = dict(os.environ)
    values.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(ROOT),
        BENCH_SQLITE=str(RESULTS / "bench.sqlite3"),
    )
    return values
