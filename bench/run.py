"""`make bench`: seed N = 10, 100, 1,000 items, serve with gunicorn, drive with wrk.

For every N and scenario it measures our GraphQL API (POST, and GET repeated
as a cache would see it), its peers, Wagtail's REST API v2 and v3 and the
code of a git ref (the baseline, "before"), and a plain Django view answering
the same bytes (the floor), in alternated rounds; SQL queries per request are
counted in-process with the test client. Then the read model's rebuild time.
Writes bench/results.json, prints a Markdown table, and profiles the slowest
read scenario with pyinstrument.

BENCH_QUICK=1: queries counted at N = 10 and 1,000, load measured at 1,000
only, short measures, no GET variant (about 7 minutes on a quiet machine once
the migrated database template exists in bench/results/).

This module runs the steps in order; each lives in its own module: the
options (`options.py`), the SQL count (`sql_queries.py`), the load under wrk
(`load.py`) in rounds (`rounds.py`), the baseline (`baseline.py`), the
rebuild (`rebuild.py`), the in-process CPU, attribution and storm (`cpu.py`,
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

from bench import (
    attribution,
    baseline,
    cpu,
    rebuild,
    report,
    rounds,
    scenarios,
    seed,
    storm,
)
from bench.load import write_inputs
from bench.options import (
    CONNECTIONS,
    DURATION,
    QUICK,
    READS,
    RESULTS,
    ROUNDS,
    SIZES,
    STORM_ROUNDS,
    STORM_SECONDS,
    WORKERS,
    env,
)
from bench.server import ROOT, Gunicorn, machine
from bench.sql_queries import count_queries
from bench.targets import targets, verdict


def prepare_database():
    """A migrated, empty database; the migrated template is kept between runs."""
    database, template = RESULTS / "bench.sqlite3", RESULTS / "template.sqlite3"
    shutil.rmtree(RESULTS / "media", ignore_errors=True)
    shutil.rmtree(RESULTS / "floor", ignore_errors=True)
    shutil.rmtree(RESULTS / "before", ignore_errors=True)
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


def run_worker():
    """Run the task worker until the seed's tasks are done, as in production.

    A publish leaves its work to the worker: the search indexes (ours, and
    Wagtail's that the REST APIs search), the reference index and the pages'
    prepared answers with every rendition the API offers. Without it, every
    peer would read pages in a state production leaves within seconds of a
    publish (REST finding 10 of the 1,000 events, our reads preparing the
    blocks' renditions on every request).
    """
    with open(RESULTS / "worker.log", "ab") as log:
        subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
            cwd=ROOT,
            env=env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
        )


def run_size(n, before, load=True):
    from django.db import connections
    from django.test import Client

    pages = seed.grow(n)
    run_worker()
    client = Client()
    left_out = scenarios.resolve_cursor(
        lambda query, variables: client.post(
            "/graphql/",
            scenarios.graphql_body(query, variables),
            content_type="application/json",
        ).json()
    )
    if left_out:
        print(f"  filtered list left out: {left_out}", flush=True)
    queries = count_queries(pages)
    connections.close_all()
    size = {
        "n": n,
        "scenarios": {},
        "sql_queries": queries,
        "worker_peak_rss_mb": 0,
        "rounds_load_average": {},
        "notes": {"filtered": {"graphql": left_out}} if left_out else {},
    }
    if not load:
        size["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        return size, pages
    server = Gunicorn(WORKERS, env(), RESULTS / "gunicorn.log")
    servers = {"ours": server}
    try:
        if before is not None and before.problem is None:
            started = before.start(WORKERS, RESULTS / "baseline-gunicorn.log")
            if started is not None:
                servers["before"] = started
            else:
                print(f"  baseline: {before.problem}", flush=True)
        server.wait_ready()
        plan, notes = write_inputs(servers, pages, n)
        for scenario, note in notes.items():
            size["notes"].setdefault(scenario, {}).update(note)
            print(f"  N={n:<5} {scenario:<12} before: {note['before']}", flush=True)
        for scenario, variants in plan.items():
            rows, loads = rounds.run_scenario(n, scenario, variants)
            for variant, row in rows.items():
                row["sql_queries"] = (
                    None
                    if variant in ("floor", "v3", "before")
                    else queries[scenario].get(
                        "rest" if variant == "rest" else "graphql"
                    )
                )
            size["scenarios"][scenario] = rows
            size["rounds_load_average"][scenario] = loads
        size["worker_peak_rss_mb"] = round(server.peak_rss_mb(), 1)
    finally:
        server.stop()
        if before is not None:
            before.stop()
    size["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return size, pages


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


def start_baseline(results):
    """The baseline's checkout, or None (turned off, or its ref unknown: said)."""
    try:
        found = baseline.resolve()
    except subprocess.CalledProcessError as error:
        results["baseline"] = {"problem": f"unknown ref: {error.stderr.strip()}"}
        print(f"baseline: {results['baseline']['problem']}", flush=True)
        return None
    if found is None:
        results["baseline"] = {"problem": "turned off (BENCH_BASELINE=none)"}
        return None
    before = baseline.Baseline(*found)
    results["baseline"] = before.describe()
    try:
        before.checkout()
    except subprocess.CalledProcessError as error:
        results["baseline"]["problem"] = f"no checkout: {error.stderr.strip()}"
        print(f"baseline: {results['baseline']['problem']}", flush=True)
        return None
    print(f"baseline: {results['baseline']['subject']} ({before.ref})", flush=True)
    return before


def storm_before(before):
    """The same storm on the baseline's code and database copy, or why not."""
    print("Publish storm, baseline", flush=True)
    try:
        return storm.run(
            before.env(),
            WORKERS,
            STORM_SECONDS,
            RESULTS,
            root=before.root,
            name="storm-before",
        )
    except (OSError, RuntimeError, ValueError, subprocess.SubprocessError) as error:
        return {"problem": repr(error)[:300]}


def storms(before):
    """The publish storm on ours and on the baseline, alternated (A B, B A, A B…).

    A storm's p99 moves by a quarter from one minute to the next on a shared
    machine, whatever the code: each side keeps its run of median p99, and
    every run's p99 is reported beside it.
    """
    baseline = before is not None and before.problem is None
    runs = {"ours": [], "before": []}
    for index in range(STORM_ROUNDS):
        for side in ("ours", "before") if index % 2 == 0 else ("before", "ours"):
            if side == "ours":
                runs["ours"].append(storm.run(env(), WORKERS, STORM_SECONDS, RESULTS))
            elif baseline:
                runs["before"].append(storm_before(before))
    found = {"storm": median_run(runs["ours"])}
    failed = [run for run in runs["before"] if "problem" in run]
    if failed:
        found["storm_before"] = failed[0]
    elif runs["before"]:
        found["storm_before"] = median_run(runs["before"])
    found["storm_rounds"] = {
        side: [run.get("p99_ms") for run in side_runs]
        for side, side_runs in runs.items()
        if side_runs
    }
    return found


def median_run(runs):
    return sorted(runs, key=lambda run: run["p99_ms"])[len(runs) // 2]


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
            "rounds": ROUNDS,
        },
        "sizes": [],
    }
    before = start_baseline(results)
    try:
        for n in SIZES:
            print(f"N = {n}", flush=True)
            # The quick run counts queries at every size but loads the largest only.
            size, _pages = run_size(n, before, load=not QUICK or n == SIZES[-1])
            results["sizes"].append(size)
        print("Read model rebuild", flush=True)
        results["rebuild"] = rebuild.measure(SIZES[-1])
        print(f"  {rebuild.line(results['rebuild'])}", flush=True)
        print("CPU per request, in-process", flush=True)
        results["cpu_per_request"] = cpu.measure(seconds=1 if QUICK else 3)
        print("Attribution, in-process", flush=True)
        results["attribution"] = attribution.measure(
            seconds=2 if QUICK else 5, cpu_ms=results["cpu_per_request"]
        )
        print("Publish storm", flush=True)
        results.update(storms(before))
    finally:
        if before is not None:
            before.remove()
            if before.problem:
                results["baseline"]["problem"] = before.problem
    largest = results["sizes"][-1]["scenarios"]
    worst = min(READS, key=lambda s: rounds.median(largest[s]["graphql"], "floor") or 0)
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
            f"  [{verdict(item['met']).strip('*')}] {item['target']}: {item['detail']}"
        )
    print(f"\nwrk's largest CPU share: {results['wrk_cpu_share_max']:.0%}")
    print(f"done in {results['elapsed_s']} s; bench/results.json written")


if __name__ == "__main__":
    main()
