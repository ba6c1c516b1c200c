"""`make bench`: seed N = 10, 100, 1,000 items, serve with gunicorn, drive with wrk.

For every N and scenario it measures our GraphQL API (POST, and GET repeated
as a cache would see it), Wagtail's REST API v2 (the peer) and a plain Django
view answering the same bytes (the floor); SQL queries per request are
counted in-process with the test client. Writes bench/results.json, prints a
Markdown table, and profiles the slowest read scenario with pyinstrument.

BENCH_QUICK=1: queries counted at N = 10 and 1,000, load measured at 1,000
only, short runs, no GET variant (under 3 minutes on a quiet machine once
the migrated database template exists in bench/results/).

This module runs the steps in order; each lives in its own module: the
options (`options.py`), the SQL count (`sql_queries.py`), the load under wrk
(`load.py`), the in-process CPU, attribution and storm (`cpu.py`,
`attribution.py`, `storm.py`), the targets (`targets.py`) and the Markdown
(`report.py`). Django is imported inside the functions: `main()` sets the
environment up before `django.setup()`.
"""

import json
import os
import resource
import shutil
import subprocess
import sys
import time

from bench import attribution, cpu, report, scenarios, seed, storm
from bench.load import measure, write_inputs
from bench.options import (
    CONNECTIONS,
    DURATION,
    QUICK,
    READS,
    RESULTS,
    SIZES,
    STORM_SECONDS,
    WORKERS,
    env,
)
from bench.server import ROOT, Gunicorn, machine
from bench.sql_queries import count_queries
from bench.targets import targets


def prepare_database():
    """A migrated, empty database; the migrated template is kept between runs."""
    database, template = RESULTS / "bench.sqlite3", RESULTS / "template.sqlite3"
    shutil.rmtree(RESULTS / "media", ignore_errors=True)
    shutil.rmtree(RESULTS / "floor", ignore_errors=True)
    for path in RESULTS.glob("bench.sqlite3*"):
        path.unlink()
    if template.exists():
        shutil.copy(template, database)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env(),
        check=True,
    )
    shutil.copy(database, template)


def run_size(n, pages, load=True):
    from django.core.management import call_command
    from django.db import connections

    pages = seed.grow(n)
    # The seed's index updates wait in the task queue that no worker runs here.
    call_command("update_index", backend_name="public", stdout=open(os.devnull, "w"))
    queries = count_queries(pages)
    connections.close_all()
    if not load:
        return {
            "n": n,
            "scenarios": {},
            "sql_queries": queries,
            "worker_peak_rss_mb": 0,
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        }, pages
    server = Gunicorn(WORKERS, env(), RESULTS / "gunicorn.log")
    rows = {}
    try:
        server.wait_ready()
        plan = write_inputs(server, pages, n)
        for scenario, variants in plan.items():
            rows[scenario] = {}
            for variant, (path, body, prefix) in variants.items():
                result = measure(server, path, body, prefix)
                result["sql_queries"] = (
                    0
                    if variant == "floor"
                    else queries[scenario].get(
                        "rest" if variant == "rest" else "graphql"
                    )
                )
                rows[scenario][variant] = result
                print(
                    f"  N={n:<5} {scenario:<12} {variant:<12} "
                    f"{result['requests_per_s']:>8} req/s  p50 {result['p50_ms']} ms"
                    f"  p99 {result['p99_ms']} ms  failures {result['failures']}",
                    flush=True,
                )
        peak = server.peak_rss_mb()
    finally:
        server.stop()
    for variants in rows.values():
        floor = variants.get("floor", {}).get("requests_per_s")
        rest = variants.get("rest", {}).get("requests_per_s")
        for result in variants.values():
            rps = result["requests_per_s"]
            result["ratio_to_floor"] = round(rps / floor, 4) if floor else None
            result["ratio_to_rest"] = round(rps / rest, 2) if rest else None
    return {
        "n": n,
        "scenarios": rows,
        "sql_queries": queries,
        "worker_peak_rss_mb": round(peak, 1),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }, pages


def profile(scenario, seconds):
    """Profile one read scenario in-process; return the text report's top."""
    from django.test import Client
    from pyinstrument import Profiler

    client = Client()
    query, variables = scenarios.READS[scenario]
    body = scenarios.graphql_body(query, variables)
    client.post("/graphql/", body, content_type="application/json")
    profiler = Profiler(interval=0.0005)
    count = 0
    deadline = time.monotonic() + seconds
    profiler.start()
    while time.monotonic() < deadline:
        client.post("/graphql/", body, content_type="application/json")
        count += 1
    profiler.stop()
    text = profiler.output_text(unicode=False, color=False, show_all=False)
    (RESULTS / f"profile-{scenario}.txt").write_text(text)
    (RESULTS / f"profile-{scenario}.html").write_text(profiler.output_html())
    return {"scenario": scenario, "requests": count, "report": text}


def main():
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: run bench/system-packages.sh (make bench does)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    os.environ.update(env())
    started = time.monotonic()
    info = machine()
    print(f"bench: {'quick' if QUICK else 'full'} run, sizes {SIZES}, {info}")
    prepare_database()
    import django

    django.setup()
    results = {
        "mode": "quick" if QUICK else "full",
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": info,
        "settings": {
            "database": "SQLite (embedded default)",
            "gunicorn_workers": WORKERS,
            "wrk_connections": CONNECTIONS,
            "seconds_per_measure": DURATION,
        },
        "sizes": [],
    }
    pages = None
    for n in SIZES:
        print(f"N = {n}", flush=True)
        # The quick run counts queries at every size but loads the largest only.
        size, pages = run_size(n, pages, load=not QUICK or n == SIZES[-1])
        results["sizes"].append(size)
    largest = results["sizes"][-1]["scenarios"]
    worst = min(READS, key=lambda s: largest[s]["graphql"]["ratio_to_floor"] or 0)
    print("CPU per request, in-process", flush=True)
    results["cpu_per_request"] = cpu.measure(seconds=1 if QUICK else 3)
    print("Attribution, in-process", flush=True)
    results["attribution"] = attribution.measure(
        seconds=2 if QUICK else 5, cpu_ms=results["cpu_per_request"]
    )
    print("Publish storm", flush=True)
    results["storm"] = storm.run(env(), WORKERS, STORM_SECONDS, RESULTS)
    profiled = profile(worst, 5 if QUICK else 20)
    results["profile"] = {"scenario": worst, "requests": profiled["requests"]}
    results["wrk_cpu_share_max"] = max(
        r["wrk_cpu_share"]
        for s in results["sizes"]
        for v in s["scenarios"].values()
        for r in v.values()
    )
    own = resource.getrusage(resource.RUSAGE_SELF)
    results["elapsed_s"] = round(time.monotonic() - started, 1)
    results["orchestrator_cpu_s"] = round(own.ru_utime + own.ru_stime, 1)
    markdown = report.markdown(results)
    (RESULTS / "table.md").write_text(markdown + "\n")
    results["targets"] = [
        {"target": name, "met": met, "detail": detail}
        for name, met, detail in targets(results)
    ]
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    if not QUICK:
        report.write_docs(results, markdown)
    print()
    print(markdown)
    print()
    print(f"Profile of {worst} (bench/results/profile-{worst}.txt):")
    print("\n".join(profiled["report"].splitlines()[:60]))
    for item in results["targets"]:
        print(
            f"  [{'met' if item['met'] else 'NOT MET'}] {item['target']}: {item['detail']}"
        )
    print(f"\nwrk's largest CPU share: {results['wrk_cpu_share_max']:.0%}")
    print(f"done in {results['elapsed_s']} s; bench/results.json written")


if __name__ == "__main__":
    main()
