"""Alternated rounds: each scenario's variants measured in turn, ratios within each round.

A round measures our API and each peer of a scenario once, one after the
other (forward in even rounds, backward in odd ones: A B C, C B A, A B C...),
so the machine's drift during the run weighs on both sides of a ratio alike.
Each measure starts once every server is idle (`server.settle`): the
requests of the one before still being served would be counted against it.
A ratio is taken within each round (ours / peer, measured seconds apart);
the reported ratio is the median of those, with their spread (lowest and
highest). The load average (`os.getloadavg`) is recorded beside each round:
a neighbour loading the machine shows there.
"""

import os
import statistics

from bench.load import measure, warm
from bench.options import PEERS, ROUNDS
from bench.server import settle

# Our variants, each compared with every peer measured in the same round.
OURS = ("graphql", "graphql_get")


def ratio(values):
    """{"median", "low", "high", "rounds"} of within-round ratios, or None."""
    values = [round(v, 4) for v in values if v is not None]
    if not values:
        return None
    return {
        "median": round(statistics.median(values), 4),
        "low": min(values),
        "high": max(values),
        "rounds": values,
    }


def summarise(samples):
    """One variant's rounds: medians of its figures, every round's throughput."""
    return {
        "requests_per_s": round(
            statistics.median(s["requests_per_s"] for s in samples), 2
        ),
        "p50_ms": round(statistics.median(s["p50_ms"] for s in samples), 2),
        "p99_ms": round(statistics.median(s["p99_ms"] for s in samples), 2),
        "requests": sum(s["requests"] for s in samples),
        "failures": sum(s["failures"] for s in samples),
        "wrk_cpu_share": max(s["wrk_cpu_share"] for s in samples),
        "server_cores_busy": round(
            statistics.median(s["server_cores_busy"] for s in samples), 2
        ),
        "rounds_requests_per_s": [s["requests_per_s"] for s in samples],
    }


def run_scenario(n, scenario, variants, rounds=ROUNDS):
    """Measure `variants` ({name: (server, path, body, prefix)}) in alternated rounds."""
    names = list(variants)
    servers = {id(variant[0]): variant[0] for variant in variants.values()}.values()
    for name in names:
        warm(*variants[name])
    samples = {name: [] for name in names}
    loads = []
    for index in range(rounds):
        load = [round(x, 2) for x in os.getloadavg()]
        loads.append(load)
        for name in names if index % 2 == 0 else reversed(names):
            settle(servers)
            samples[name].append(measure(*variants[name]))
        print(
            f"  N={n:<5} {scenario:<12} round {index + 1}/{rounds}"
            f"  load {' '.join(str(x) for x in load)}:  "
            + "  ".join(shown(samples, name) for name in names),
            flush=True,
        )
    rows = {name: summarise(samples[name]) for name in names}
    for name, row in rows.items():
        # Ours against every peer; a peer against the floor only.
        against = PEERS if name in OURS else ["floor"] if name != "floor" else []
        for peer in against:
            if peer not in samples:
                continue
            # A measure that completed no request says nothing: its round drops out.
            row[f"ratio_to_{peer}"] = ratio(
                mine["requests_per_s"] / theirs["requests_per_s"]
                if theirs["requests_per_s"] and mine["requests_per_s"]
                else None
                for mine, theirs in zip(samples[name], samples[peer], strict=True)
            )
    return rows, loads


def shown(samples, name):
    """`rest 80.1 (1.75 ×)`: a variant's throughput this round, ours / it beside."""
    rps = samples[name][-1]["requests_per_s"]
    ours = samples.get("graphql", [{}])[-1].get("requests_per_s")
    if name in OURS or not ours or not rps:
        return f"{name} {rps}"
    return f"{name} {rps} ({ours / rps:.2f} ×)"


def median(row, peer):
    """A row's median ratio to `peer`, or None when not measured."""
    found = row.get(f"ratio_to_{peer}")
    return found["median"] if found else None
