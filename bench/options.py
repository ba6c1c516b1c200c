"""What `make bench` measures and for how long, from its BENCH_* variables.

Also the environment of every process the bench starts (gunicorn, the storm's
editor and worker, `manage.py`): the bench settings and the bench database.

- BENCH_QUICK=1: a short run (see `bench/run.py`);
- BENCH_ROUNDS: alternated rounds per scenario (at least 3, the default);
- BENCH_DURATION: seconds of each measure within a round;
- BENCH_STORM_ROUNDS: publish storms on each side, alternated (default 5);
- BENCH_SIZES: the sizes N, e.g. `1000` (default 10, 100, 1000; quick 10, 1000);
- BENCH_BASELINE: the git ref served as the "before" peer (`bench/baseline.py`;
  default the merge base with main), `none` for no baseline.
"""

import os

from bench.server import ROOT

RESULTS = ROOT / "bench" / "results"
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
SIZES = [
    int(n)
    for n in os.environ.get("BENCH_SIZES", "10,1000" if QUICK else "10,100,1000")
    .replace(" ", "")
    .split(",")
]
ROUNDS = max(3, int(os.environ.get("BENCH_ROUNDS", 3)))
DURATION = float(os.environ.get("BENCH_DURATION", 2 if QUICK else 5))
WARMUP = 0 if QUICK else 2
STORM_SECONDS = float(os.environ.get("BENCH_STORM_SECONDS", 20 if QUICK else 60))
# Storms on ours and on the baseline, alternated: each side's median p99 is kept.
STORM_ROUNDS = max(1, int(os.environ.get("BENCH_STORM_ROUNDS", 5)))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", 4))
WORKERS = int(os.environ.get("BENCH_WORKERS", os.cpu_count() or 2))
BASELINE = os.environ.get("BENCH_BASELINE", "").strip()
# Issue 31's read scenarios; the filtered list (issue 28) has its own target.
READS = ["home", "events", "signatories", "page30", "search"]
LISTS = ["filtered"]
# The quick run leaves out the repeated GET (what a response cache would serve).
# `rest` is REST API v2, `v3` its successor, `before` the baseline's code.
VARIANTS = (
    ["graphql", "rest", "v3", "before", "floor"]
    if QUICK
    else ["graphql", "graphql_get", "rest", "v3", "before", "floor"]
)
PEERS = ["rest", "v3", "before", "floor"]


def env():
    values = dict(os.environ)
    values.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(ROOT),
        BENCH_SQLITE=str(RESULTS / "bench.sqlite3"),
        BENCH_RESULTS_DIR=str(RESULTS),
    )
    return values
