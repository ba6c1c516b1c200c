"""The publish storm: partners read while editors save drafts and publish.

Four partner clients (threads) ask a mix of the read scenarios by GET, as a
partner wanting cached answers does, for `seconds`; meanwhile an editor (a
separate process, through the ORM as the admin does) saves a draft of an event
every 2 s and publishes one every 10 s, and the task worker runs what the
publishes queue. The app servers, the editor and the worker share a Redis
cache, as in the scaled-out topology: with the per-process default cache no
publish would reach the servers' caches at all.

Reported: partner p50 and p99 latency, the p99 of cached answers alone, and
the cache hit rate. An answer is a hit when it made no SQL query (the bench-only
`X-Bench-SQL` header, `bench/sql_count.py`).
"""

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

from bench import options, scenarios
from bench.server import PYTHON, ROOT, Gunicorn, free_port

CLIENTS = 4
DRAFT_EVERY = 2.0
PUBLISH_EVERY = 10.0


DROP_BACKLOG = (
    "import django; django.setup(); "
    "from django_tasks_db.models import DBTaskResult; "
    "print(DBTaskResult.objects.filter(status='READY').delete())"
)


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)


def read_urls(base):
    urls = []
    for name, (query, variables) in scenarios.READS.items():
        params = {"query": query, "variables": json.dumps(variables)}
        urls.append((name, f"{base}/graphql/?{urllib.parse.urlencode(params)}"))
    return urls


def client(urls, offset, deadline, samples):
    index = offset
    while time.monotonic() < deadline:
        name, url = urls[index % len(urls)]
        index += 1
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            sql = int(response.headers.get("X-Bench-SQL", "-1"))
        samples.append((name, (time.perf_counter() - started) * 1000, sql == 0))


def editor(seconds):
    """Save a draft every 2 s and publish every 10 s, for `seconds` (a process)."""
    import django

    django.setup()
    from django.db import OperationalError

    from pages.models import EventPage

    events = list(EventPage.objects.live().order_by("pk")[:20])
    drafts = publishes = failed = 0
    every = int(PUBLISH_EVERY / DRAFT_EVERY)
    print("ready", flush=True)  # the partners start now, not before Django is up
    started = time.monotonic()
    tick = 0
    while time.monotonic() - started < seconds:
        try:
            page = EventPage.objects.get(pk=events[tick % len(events)].pk)
            page.title = f"{page.title.split(' · ')[0]} · {tick}"
            revision = page.save_revision()
            if tick % every == every - 1:
                revision.publish()
                publishes += 1
            else:
                drafts += 1
        except OperationalError:  # SQLite busy beyond its time-out: counted
            failed += 1
        tick += 1
        time.sleep(max(0.0, started + tick * DRAFT_EVERY - time.monotonic()))
    print(json.dumps({"drafts": drafts, "publishes": publishes, "failed": failed}))


def run(env, workers, seconds, log_dir, root=ROOT, name="storm"):
    """Run the storm against a fresh set of servers; return its figures.

    `root` is the code the servers, the worker and the editor run: this
    checkout, or the baseline's (`bench/baseline.py`), with its `env`.
    """
    redis_port = free_port()
    redis = subprocess.Popen(
        [
            shutil.which("redis-server"),
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    env = {
        **env,
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "BENCH_COUNT_SQL": "1",
    }
    log = open(log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed below
    # The load scenarios leave thousands of e-mail and index tasks queued; the
    # storm measures reads, and that backlog would keep the worker from warming.
    subprocess.run(
        [PYTHON, "-c", DROP_BACKLOG], cwd=root, env=env, stdout=log, stderr=log
    )
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Gunicorn(workers, env, log_dir / f"{name}-gunicorn.log", root=root)
    try:
        server.wait_ready()
        urls = read_urls(server.url)
        for _name, url in urls:  # each query asked once: partners' usual queries
            urllib.request.urlopen(url, timeout=60).read()
        samples = []
        edit = subprocess.Popen(
            [PYTHON, "-m", "bench.storm", "editor", str(seconds)],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            stderr=log,
        )
        edit.stdout.readline()  # "ready"
        deadline = time.monotonic() + seconds
        threads = [
            threading.Thread(target=client, args=(urls, i, deadline, samples))
            for i in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        edits = json.loads(
            edit.communicate(timeout=seconds + 120)[0].decode().strip() or "{}"
        )
    finally:
        server.stop()
        for process in (worker, redis):
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:  # a task still running: no matter
                process.kill()
                process.wait(10)
        log.close()
    latencies = [ms for _n, ms, _hit in samples]
    hits = [ms for _n, ms, hit in samples if hit]
    return {
        "seconds": seconds,
        "clients": CLIENTS,
        "requests": len(samples),
        "hit_rate": round(len(hits) / (len(samples) or 1), 3),
        "p50_ms": percentile(latencies, 0.50),
        "p99_ms": percentile(latencies, 0.99),
        "cached_p99_ms": percentile(hits, 0.99),
        **edits,
    }


def table(result, label="this run"):
    ratio = (
        round(result["p99_ms"] / result["cached_p99_ms"], 1)
        if result.get("cached_p99_ms")
        else "–"
    )
    return (
        "| code | requests | hit rate | p50 ms | p99 ms | cached p99 ms "
        "| p99 / cached p99 | drafts | publishes | failed edits |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        f"| {label} | {result['requests']} | {result['hit_rate']:.1%} "
        f"| {result['p50_ms']} | {result['p99_ms']} | {result['cached_p99_ms']} "
        f"| {ratio} | {result.get('drafts')} | {result.get('publishes')} "
        f"| {result.get('failed')} |"
    )


def main():
    """`python -m bench.storm [seconds]` against the last bench database."""
    if len(sys.argv) > 1 and sys.argv[1] == "editor":
        editor(float(sys.argv[2]))
        return
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 30.0
    os.environ.update(options.env())
    result = run(options.env(), options.WORKERS, seconds, options.RESULTS)
    print(json.dumps(result, indent=2))
    print(table(result))


if __name__ == "__main__":
    main()
