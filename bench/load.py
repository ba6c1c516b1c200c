"""The load measures: each scenario's inputs and floor bytes, then wrk against gunicorn.

wrk runs `bench/wrk.lua`, which posts the scenario's body and gives every
adhesion a fresh idempotency key; its own CPU is measured beside the server's.
Every peer is asked each scenario once first: one that cannot answer it is
left out of that scenario (the baseline) or stops the run (ours, v2, v3).
"""

import json
import os
import subprocess
import time
import urllib.parse
import urllib.request

from bench import scenarios
from bench.options import (
    CONNECTIONS,
    DURATION,
    RESULTS,
    VARIANTS,
    WARMUP,
)
from bench.server import ROOT


def fetch(url, body=None):
    request = urllib.request.Request(url, data=body)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read()


def probe(url, body):
    """A peer's answer to one request: (bytes, None), or (None, why it cannot serve it)."""
    try:
        answer = fetch(url, body)
    except OSError as error:
        return None, f"{url.split('/', 3)[-1][:60]}: {error}"
    if body is not None and b'"errors"' in answer[:2000]:
        return None, answer[:300].decode(errors="replace")
    return answer, None


def write_inputs(servers, pages, n):
    """Each scenario's variants (server, path, body file, key prefix) and the floor's bytes.

    `servers` has `ours` and, when the baseline serves, `before`. A peer that
    cannot answer a scenario is left out, the reason in `notes[scenario][peer]`.
    """
    inputs = RESULTS / "inputs"
    floor = RESULTS / "floor"
    inputs.mkdir(parents=True, exist_ok=True)
    floor.mkdir(parents=True, exist_ok=True)
    ours, before = servers["ours"], servers.get("before")
    plan, notes = {}, {}
    rest, v3 = scenarios.rest_paths(pages), scenarios.v3_paths(pages)
    for name, (query, variables) in scenarios.reads().items():
        body = scenarios.graphql_body(query, variables)
        (inputs / f"{name}.json").write_bytes(body)
        answer = fetch(ours.url + "/graphql/", body)
        assert b'"errors"' not in answer, answer[:300]
        (floor / f"{name}.json").write_bytes(answer)
        get_url = "/graphql/?" + urllib.parse.urlencode(
            {"query": query, "variables": json.dumps(variables)}
        )
        every = {
            "graphql": (ours, "/graphql/", inputs / f"{name}.json", None),
            "graphql_get": (ours, get_url, None, None),
            "rest": (ours, rest[name], None, None),
            "floor": (ours, f"/bench/floor/{name}/", None, None),
        }
        if name in v3:
            every["v3"] = (ours, v3[name], None, None)
        if before is not None:
            theirs, why = probe(before.url + "/graphql/", body)
            if why is None:
                # Absolute URLs name the server's port: the baseline's is another.
                theirs = theirs.replace(before.url.encode(), ours.url.encode())
                (RESULTS / "before").mkdir(exist_ok=True)
                (RESULTS / "before" / f"{name}.json").write_bytes(theirs)
                every["before"] = (before, "/graphql/", inputs / f"{name}.json", None)
                # The same answer means the same work: say when it is not.
                if theirs != answer:
                    notes.setdefault(name, {})["before"] = (
                        "its answer differs from ours (bench/results/before/)"
                    )
            else:
                notes.setdefault(name, {})["before"] = f"not served: {why}"
        for variant, (server, path, _body, _prefix) in every.items():
            if variant in ("graphql", "before") or variant not in VARIANTS:
                continue
            _answer, why = probe(server.url + path, None)
            if why is not None:
                raise RuntimeError(f"{name} {variant}: {why}")
        plan[name] = {v: every[v] for v in VARIANTS if v in every}
    token_body = scenarios.graphql_body(scenarios.FORM_TOKEN, {})
    token = json.loads(fetch(ours.url + "/graphql/", token_body))["data"][
        "adhesionFormToken"
    ]
    template = scenarios.graphql_body(
        scenarios.SUBMIT, {"input": scenarios.adhesion_input(token, "__KEY__")}
    )
    (inputs / "adhesion.json").write_bytes(template)
    sample = fetch(ours.url + "/graphql/", template.replace(b"__KEY__", b"sample"))
    assert b'"errors":[]' in sample, sample[:300]
    (floor / "adhesion.json").write_bytes(sample)
    prefix = f"bench-{n}-{time.time_ns()}"
    plan["adhesion"] = {
        "graphql": (ours, "/graphql/", inputs / "adhesion.json", prefix),
        "floor": (ours, "/bench/floor/adhesion/", None, None),
    }
    return plan, notes


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


def warm(server, path, body, key_prefix):
    if WARMUP:
        wrk(server.url + path, body, key_prefix and key_prefix + "-w", WARMUP)


def measure(server, path, body, key_prefix):
    url = server.url + path
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
