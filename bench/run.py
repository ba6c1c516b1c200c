"""`make bench`: seed N = 10, 100, 1,000 items, serve with gunicorn, drive with wrk.

For every N and scenario it measures our GraphQL API (POST, and GET repeated
as a cache would see it), Wagtail's REST API v2 (the peer) and a plain Django
view answering the same bytes (the floor); SQL queries per request are
counted in-process with the test client. Writes bench/results.json, prints a
Markdown table, and profiles the slowest read scenario with pyinstrument.

BENCH_QUICK=1: queries counted at N = 10 and 1,000, load measured at 1,000
only, short runs, no GET variant (under 3 minutes on a quiet machine once
the migrated database template exists in bench/results/).
"""

import json
import os
import resource
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request

from bench import attribution, cpu, storm
from bench.server import ROOT, Gunicorn, machine

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


def count_queries(pages):
    """SQL queries per request, in-process, on a warm second request."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import scenarios

    client = Client()

    def graphql(query, variables):
        body = scenarios.graphql_body(query, variables)
        return client.post("/graphql/", body, content_type="application/json")

    def measured(call):
        call()
        with CaptureQueriesContext(connection) as context:
            response = call()
        assert response.status_code == 200, response.content[:500]
        if response.get("Content-Type", "").startswith("application/json"):
            assert "errors" not in response.json(), response.content[:500]
        return len(context.captured_queries)

    counts = {}
    rest = scenarios.rest_paths(pages)
    for name in READS:
        query, variables = scenarios.READS[name]
        counts[name] = {
            "graphql": measured(lambda q=query, v=variables: graphql(q, v)),
            "rest": measured(lambda p=rest[name]: client.get(p)),
        }
    for name, (query, variables) in scenarios.LIMIT_VARIANTS.items():
        counts[name][f"graphql_limit_{variables['limit']}"] = measured(
            lambda q=query, v=variables: graphql(q, v)
        )
    for name in ("events", "signatories"):
        counts[name][f"graphql_limit_{scenarios.READS[name][1]['limit']}"] = counts[
            name
        ]["graphql"]
    for name, (query, variables) in scenarios.COUNTED.items():
        counts[name] = {"graphql": measured(lambda q=query, v=variables: graphql(q, v))}
        counts[name][f"graphql_limit_{variables['limit']}"] = counts[name]["graphql"]
    for name, (query, variables) in scenarios.COUNTED_LIMIT_VARIANTS.items():
        counts[name][f"graphql_limit_{variables['limit']}"] = measured(
            lambda q=query, v=variables: graphql(q, v)
        )
    # A form token is spent by its first application: one per submission,
    # fetched before the count.
    tokens = iter(
        [
            graphql(scenarios.FORM_TOKEN, {}).json()["data"]["adhesionFormToken"]
            for _ in range(2)
        ]
    )
    serial = iter(range(10**6))

    def submit():
        key = f"count-{time.time_ns()}-{next(serial)}"
        variables = {"input": scenarios.adhesion_input(next(tokens), key)}
        response = graphql(scenarios.SUBMIT, variables)
        payload = response.json()["data"]["submitCharterAdhesion"]
        assert payload["errors"] == [], payload
        return response

    counts["adhesion"] = {"graphql": measured(submit)}
    return counts


def fetch(url, body=None):
    request = urllib.request.Request(url, data=body)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def write_inputs(server, pages, n):
    """The request bodies and URLs per scenario, and the floor's bytes."""
    from bench import scenarios

    inputs = RESULTS / "inputs"
    floor = RESULTS / "floor"
    inputs.mkdir(parents=True, exist_ok=True)
    floor.mkdir(parents=True, exist_ok=True)
    plan = {}
    rest = scenarios.rest_paths(pages)
    for name in READS:
        query, variables = scenarios.READS[name]
        body = scenarios.graphql_body(query, variables)
        (inputs / f"{name}.json").write_bytes(body)
        answer = fetch(server.url + "/graphql/", body)
        assert b'"errors"' not in answer, answer[:300]
        (floor / f"{name}.json").write_bytes(answer)
        get_url = "/graphql/?" + urllib.parse.urlencode(
            {"query": query, "variables": json.dumps(variables)}
        )
        every = {
            "graphql": ("/graphql/", inputs / f"{name}.json", None),
            "graphql_get": (get_url, None, None),
            "rest": (rest[name], None, None),
            "floor": (f"/bench/floor/{name}/", None, None),
        }
        plan[name] = {variant: every[variant] for variant in VARIANTS}
    token_body = scenarios.graphql_body(scenarios.FORM_TOKEN, {})
    token = json.loads(fetch(server.url + "/graphql/", token_body))["data"][
        "adhesionFormToken"
    ]
    template = scenarios.graphql_body(
        scenarios.SUBMIT, {"input": scenarios.adhesion_input(token, "__KEY__")}
    )
    (inputs / "adhesion.json").write_bytes(template)
    sample = fetch(server.url + "/graphql/", template.replace(b"__KEY__", b"sample"))
    assert b'"errors":[]' in sample, sample[:300]
    (floor / "adhesion.json").write_bytes(sample)
    prefix = f"bench-{n}-{time.time_ns()}"
    plan["adhesion"] = {
        "graphql": ("/graphql/", inputs / "adhesion.json", prefix),
        "floor": ("/bench/floor/adhesion/", None, None),
    }
    return plan


def wrk(url, body, key_prefix, duration):
    """Run wrk; return its summary and the CPU seconds it used."""
    values = dict(os.environ)
    values["BENCH_BODY"] = str(body) if body else ""
    values["BENCH_KEY_PREFIX"] = key_prefix or ""
    command = [
        "wrk",
        "-t1",
        f"-c{CONNECTIONS}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / "wrk.lua"),
        url,
    ]
    process = subprocess.Popen(
        command, env=values, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output = process.stdout.read().decode()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    for line in output.splitlines():
        if line.startswith("BENCH_JSON "):
            summary = json.loads(line.removeprefix("BENCH_JSON "))
            return summary, usage.ru_utime + usage.ru_stime
    raise RuntimeError(f"wrk gave no summary: {output[-500:]}")


def measure(server, path, body, key_prefix):
    url = server.url + path
    if WARMUP:
        wrk(url, body, key_prefix and key_prefix + "-w", WARMUP)
    cpu_before = server.cpu_seconds()
    started = time.monotonic()
    summary, wrk_cpu = wrk(url, body, key_prefix, DURATION)
    wall = time.monotonic() - started
    server_cpu = server.cpu_seconds() - cpu_before
    seconds = summary["duration_us"] / 1e6
    failures = summary["non_2xx"] + summary["timeouts"] + summary["connect_errors"]
    return {
        "requests_per_s": round(summary["requests"] / seconds, 2),
        "p50_ms": round(summary["p50_us"] / 1000, 2),
        "p99_ms": round(summary["p99_us"] / 1000, 2),
        "requests": summary["requests"],
        "failures": failures,
        "wrk_cpu_share": round(wrk_cpu / (wrk_cpu + server_cpu or 1), 3),
        "server_cores_busy": round(server_cpu / wall, 2),
    }


def run_size(n, pages, load=True):
    from django.core.management import call_command
    from django.db import connections

    from bench import seed

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

    from bench import scenarios

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


def table(results):
    lines = [
        "| N | scenario | variant | req/s | p50 ms | p99 ms | SQL/req "
        "| × floor | × REST |",
        "|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for size in results["sizes"]:
        for scenario, variants in size["scenarios"].items():
            for variant, r in variants.items():
                ratio_floor = (
                    f"{r['ratio_to_floor']:.3f}" if r["ratio_to_floor"] else "–"
                )
                ratio_rest = (
                    f"{r['ratio_to_rest']:.2f}"
                    if r["ratio_to_rest"] and variant != "rest"
                    else "–"
                )
                lines.append(
                    f"| {size['n']} | {scenario} | {variant} | {r['requests_per_s']} "
                    f"| {r['p50_ms']} | {r['p99_ms']} | {r['sql_queries']} "
                    f"| {ratio_floor} | {ratio_rest} |"
                )
    lines.append("")
    lines.append(
        "Worker peak RSS (MB): "
        + ", ".join(
            f"N={s['n']}: {s['worker_peak_rss_mb']}"
            for s in results["sizes"]
            if s["scenarios"]
        )
    )
    return "\n".join(lines)


def cpu_section(results):
    n = results["sizes"][-1]["n"]
    return (
        f"CPU per request at N = {n}, in-process (`bench/cpu.py`): ours, "
        "graphql-core alone walking the same query over the finished answer, "
        "and the floor view.\n\n" + cpu.table(results["cpu_per_request"])
    )


def attribution_section(results):
    return (
        "Where the CPU of an uncached read goes, ms per request (share), "
        "in-process (`bench/attribution.py`):\n\n"
        + attribution.table(results["attribution"])
    )


def storm_section(results):
    s = results["storm"]
    return (
        f"Publish storm (`bench/storm.py`): {s['clients']} partners reading by GET "
        f"for {s['seconds']:.0f} s while an editor saves a draft every 2 s and "
        "publishes every 10 s; Redis cache, task worker running.\n\n" + storm.table(s)
    )


def targets(results):
    """Each target of issue 7, met or not, from this run's figures."""
    sizes = results["sizes"]
    first, last = sizes[0], sizes[-1]

    def graphql(size, scenario, variant="graphql"):
        return size["scenarios"][scenario].get(variant, {})

    counted = [
        s for s in last["sql_queries"] if s in first["sql_queries"] and s != "adhesion"
    ]
    listed = [
        s
        for s in counted
        if any(k.startswith("graphql_") for k in last["sql_queries"][s])
    ]
    queries_flat = all(
        first["sql_queries"][s]["graphql"] == last["sql_queries"][s]["graphql"]
        for s in counted
    ) and all(
        len({v for k, v in last["sql_queries"][s].items() if k.startswith("graphql_")})
        == 1
        for s in listed
    )
    sizes = [size for size in sizes if size["scenarios"]]

    def met_by(variant, key, threshold):
        """Which scenario and size reach the threshold, e.g. `home (10, 100)`."""
        reached = {}
        for size in sizes:
            for s in READS:
                ratio = graphql(size, s, variant).get(key)
                if ratio is not None and ratio >= threshold:
                    reached.setdefault(s, []).append(str(size["n"]))
        count = sum(len(ns) for ns in reached.values())
        total = sum(1 for size in sizes for s in READS if graphql(size, s, variant))
        names = ", ".join(f"{s} (N = {', '.join(ns)})" for s, ns in reached.items())
        return f"; reached by {count} of {total}" + (f": {names}" if names else "")

    rest_ratios = [
        graphql(size, s).get("ratio_to_rest") or 0 for size in sizes for s in READS
    ]
    floor_ratios = [
        graphql(size, s).get("ratio_to_floor") or 0 for size in sizes for s in READS
    ]
    cached = [
        graphql(size, s, "graphql_get").get("ratio_to_floor")
        for size in sizes
        for s in READS
        if "graphql_get" in size["scenarios"][s]
    ]
    peak = max(size["worker_peak_rss_mb"] for size in sizes)
    return [
        (
            "SQL queries per request identical at N = "
            f"{first['n']} and {last['n']}, and at limit 20 and 100",
            queries_flat,
            "; ".join(
                f"{s}: {first['sql_queries'][s]['graphql']} → "
                f"{last['sql_queries'][s]['graphql']}"
                for s in counted
            ),
        ),
        (
            "every read ≥ 3 × REST API v2 throughput",
            min(rest_ratios) >= 3,
            f"ratios {min(rest_ratios):.2f} to {max(rest_ratios):.2f}"
            + met_by("graphql", "ratio_to_rest", 3),
        ),
        (
            "uncached reads ≥ 1/20 of the floor",
            min(floor_ratios) >= 0.05,
            f"ratios {min(floor_ratios):.3f} to {max(floor_ratios):.3f}"
            + met_by("graphql", "ratio_to_floor", 0.05),
        ),
        (
            "repeated anonymous reads (GET) ≥ 0.8 of the floor",
            bool(cached) and min(cached) >= 0.8,
            f"ratios {min(cached):.3f} to {max(cached):.3f}"
            + met_by("graphql_get", "ratio_to_floor", 0.8)
            if cached
            else "not measured in the quick run",
        ),
        ("worker peak RSS < 250 MB", peak < 250, f"{peak} MB"),
        *storm_targets(results.get("storm")),
    ]


def storm_targets(storm_result):
    if not storm_result:
        return []
    p99, cached = storm_result["p99_ms"], storm_result["cached_p99_ms"]
    return [
        (
            "publish storm: cache hit rate ≥ 90 %",
            storm_result["hit_rate"] >= 0.9,
            f"{storm_result['hit_rate']:.1%}",
        ),
        (
            "publish storm: partner p99 ≤ 3 × cached p99",
            bool(cached) and p99 <= 3 * cached,
            f"{p99} ms against {cached} ms cached"
            + (f" ({p99 / cached:.1f} ×)" if cached else ""),
        ),
    ]


def write_docs(results, markdown):
    """Replace the generated part of docs/benchmarks.md with this run's figures."""
    docs = ROOT / "docs" / "benchmarks.md"
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    text = docs.read_text() if docs.exists() else f"# Benchmarks\n\n{start}\n{end}\n"
    m = results["machine"]
    lines = [
        start,
        f"Run of {results['date']} ({results['mode']}), `make bench`: "
        f"{m['nproc']} cores ({m['cpu']}), {m['memory_gb']} GB of memory, "
        f"Python {m['python']}; load average before the run "
        f"{', '.join(str(x) for x in m['load_average'])}, after each size "
        + "; ".join(
            f"N={s['n']}: {', '.join(str(x) for x in s['load_average_after'])}"
            for s in results["sizes"]
        )
        + f". {results['settings']['database']}, "
        f"{results['settings']['gunicorn_workers']} gunicorn sync workers, wrk with "
        f"{results['settings']['wrk_connections']} connections for "
        f"{results['settings']['seconds_per_measure']:.0f} s per measure; "
        f"wrk used at most {results['wrk_cpu_share_max']:.0%} of the CPU spent.",
        "",
        "| target | met? | this run |",
        "|---|---|---|",
        *(
            f"| {name} | {'met' if met else '**not met**'} | {detail} |"
            for name, met, detail in targets(results)
        ),
        "",
        markdown,
        end,
    ]
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        text = before + "\n".join(lines) + after
    else:
        text += "\n" + "\n".join(lines) + "\n"
    docs.write_text(text)


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
    report = profile(worst, 5 if QUICK else 20)
    results["profile"] = {"scenario": worst, "requests": report["requests"]}
    results["wrk_cpu_share_max"] = max(
        r["wrk_cpu_share"]
        for s in results["sizes"]
        for v in s["scenarios"].values()
        for r in v.values()
    )
    own = resource.getrusage(resource.RUSAGE_SELF)
    results["elapsed_s"] = round(time.monotonic() - started, 1)
    results["orchestrator_cpu_s"] = round(own.ru_utime + own.ru_stime, 1)
    markdown = (
        table(results)
        + "\n\n"
        + cpu_section(results)
        + "\n\n"
        + attribution_section(results)
        + "\n\n"
        + storm_section(results)
    )
    (RESULTS / "table.md").write_text(markdown + "\n")
    results["targets"] = [
        {"target": name, "met": met, "detail": detail}
        for name, met, detail in targets(results)
    ]
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    if not QUICK:
        write_docs(results, markdown)
    print()
    print(markdown)
    print()
    print(f"Profile of {worst} (bench/results/profile-{worst}.txt):")
    print("\n".join(report["report"].splitlines()[:60]))
    for item in results["targets"]:
        print(
            f"  [{'met' if item['met'] else 'NOT MET'}] {item['target']}: {item['detail']}"
        )
    print(f"\nwrk's largest CPU share: {results['wrk_cpu_share_max']:.0%}")
    print(f"done in {results['elapsed_s']} s; bench/results.json written")


if __name__ == "__main__":
    main()
