"""The load measures: each scenario's inputs and floor bytes, then wrk against gunicorn.

wrk runs `bench/wrk.lua`, which posts the scenario's body and gives every
adhesion a fresh idempotency key; its own CPU is measured beside the server's.
"""

import json
import os
import subprocess
import time
import urllib.parse
import urllib.request

from bench import scenarios
from bench.options import CONNECTIONS, DURATION, READS, RESULTS, VARIANTS, WARMUP
from bench.server import ROOT


def fetch(url, body=None):
    request = urllib.request.Request(url, data=body)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def write_inputs(server, pages, n):
    """The request bodies and URLs per scenario, and the floor's bytes."""
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
