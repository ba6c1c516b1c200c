"""Each target of issues 31, 28 and 7, met or not, from a run's figures.

A throughput target is judged on the median of the within-round ratios
(`bench/rounds.py`) at the largest N, the size the issues name; the detail
gives every scenario's median with its lowest and highest round. `met` is
None when the run could not measure it (no baseline, no storm): the report
says "not measured", never "met".
"""

import statistics

from bench.options import LISTS, READS
from bench.rounds import median

# Issue 31: every read against REST API v2 and the floor, target then goal.
REST_TARGET, REST_GOAL = 3, 5
FLOOR_TARGET, FLOOR_GOAL = 0.05, 0.1
V3_TARGET = 2
SINGLE_PAGES = ["home", "page30"]
PAGE_READ_SQL = 3
# Issue 28: within 10 % of the baseline; the filtered list against REST v2.
BEFORE_TARGET = 0.90
FILTERED_TARGET = 2
# The publish storm is run on the baseline's code too, alternated with ours
# (each side's run of median p99): its hit rate may be at most half a point lower, its p99 within the 10 % of issue 28.
# Without a baseline, "today" is the run of 2026-12-06 22:06 UTC (quick, 20 s),
# before issues 28 and 31.
STORM_HIT_SLACK = 0.005
STORM_TODAY = {"hit_rate": 0.997, "p99_ms": 13.57, "run": "2026-12-06 22:06 UTC"}


def spread(row, peer):
    found = row.get(f"ratio_to_{peer}") if row else None
    if not found:
        return "–"
    digits = 3 if peer == "floor" else 2
    return (
        f"{found['median']:.{digits}f} "
        f"({found['low']:.{digits}f}–{found['high']:.{digits}f})"
    )


def ratio_target(last, names, peer, threshold, goal=None):
    """(met, detail) of `names`' median ratio to `peer` against `threshold`."""
    rows = {s: last["scenarios"].get(s, {}).get("graphql") for s in names}
    measured = {s: median(r, peer) for s, r in rows.items() if r}
    measured = {s: v for s, v in measured.items() if v is not None}
    if not measured:
        return None, "not measured in this run"
    missing = [s for s in names if s not in measured]
    met = all(v >= threshold for v in measured.values()) and not missing
    detail = "; ".join(f"{s} {spread(rows[s], peer)}" for s in measured)
    reached = [s for s, v in measured.items() if v >= threshold]
    detail += f"; reached by {len(reached)} of {len(names)}"
    if goal is not None:
        at_goal = [s for s, v in measured.items() if v >= goal]
        detail += f", goal {goal} × by {len(at_goal)}"
    if missing:
        detail += f"; not measured: {', '.join(missing)}"
    return met, detail


def sql_targets(sizes):
    first, last = sizes[0], sizes[-1]
    counted = [
        s for s in last["sql_queries"] if s in first["sql_queries"] and s != "adhesion"
    ]
    listed = [
        s
        for s in counted
        if any(k.startswith("graphql_") for k in last["sql_queries"][s])
    ]
    flat = all(
        first["sql_queries"][s]["graphql"] == last["sql_queries"][s]["graphql"]
        for s in counted
    ) and all(
        len({v for k, v in last["sql_queries"][s].items() if k.startswith("graphql_")})
        == 1
        for s in listed
    )
    pages = {s: last["sql_queries"][s]["graphql"] for s in SINGLE_PAGES}
    return [
        (
            "SQL queries per request identical at N = "
            f"{first['n']} and {last['n']}, and at limit 20 and 100",
            flat,
            "; ".join(
                f"{s}: {first['sql_queries'][s]['graphql']} → "
                f"{last['sql_queries'][s]['graphql']}"
                for s in counted
            ),
        ),
        (
            f"SQL queries per page read ≤ {PAGE_READ_SQL}",
            all(v <= PAGE_READ_SQL for v in pages.values()),
            "; ".join(f"{s}: {v}" for s, v in pages.items()),
        ),
    ]


def targets(results):
    """Each target, (name, met, detail), from this run's figures."""
    loaded = [size for size in results["sizes"] if size["scenarios"]]
    last = loaded[-1]
    n = f"N = {last['n']:,}"
    cached = [
        median(size["scenarios"][s]["graphql_get"], "floor")
        for size in loaded
        for s in READS
        if "graphql_get" in size["scenarios"].get(s, {})
    ]
    peak = max(size["worker_peak_rss_mb"] for size in loaded)
    return [
        *sql_targets(results["sizes"]),
        (
            f"every read, uncached, ≥ {REST_TARGET} × REST API v2 at {n} "
            f"(goal {REST_GOAL} ×)",
            *ratio_target(last, READS, "rest", REST_TARGET, REST_GOAL),
        ),
        (
            f"every read, uncached, ≥ {FLOOR_TARGET} × the floor at {n} "
            f"(goal {FLOOR_GOAL})",
            *ratio_target(last, READS, "floor", FLOOR_TARGET, FLOOR_GOAL),
        ),
        (
            f"single pages ≥ {V3_TARGET} × REST API v3 at {n}",
            *ratio_target(last, SINGLE_PAGES, "v3", V3_TARGET),
        ),
        (
            f"every read within 10 % of the baseline (≥ {BEFORE_TARGET} × before) "
            f"at {n}",
            *ratio_target(last, READS, "before", BEFORE_TARGET),
        ),
        (
            f"filtered list ≥ {FILTERED_TARGET} × REST API v2's closest equivalent "
            f"at {n}",
            *ratio_target(last, LISTS, "rest", FILTERED_TARGET),
        ),
        (
            "repeated anonymous reads (GET) ≥ 0.8 of the floor",
            (min(cached) >= 0.8) if cached else None,
            f"ratios {min(cached):.3f} to {max(cached):.3f}"
            if cached
            else "not measured in the quick run",
        ),
        ("worker peak RSS < 250 MB", peak < 250, f"{peak} MB"),
        *storm_targets(
            results.get("storm"),
            results.get("storm_before"),
            results.get("storm_rounds"),
        ),
    ]


def storm_targets(storm_result, before=None, rounds=None):
    """Hit rate and p99 against the baseline's storm in this run, else STORM_TODAY.

    With storms alternated (`rounds`: each side's p99 by round), the p99 is
    judged as the reads are: the median of the within-round ratios.
    """
    if not storm_result:
        return []
    p99, cached = storm_result["p99_ms"], storm_result["cached_p99_ms"]
    if before and "problem" not in before:
        hit_rate = (
            f"publish storm: hit rate no worse than before (≥ before's less "
            f"{STORM_HIT_SLACK:.1%})",
            storm_result["hit_rate"] >= before["hit_rate"] - STORM_HIT_SLACK,
            f"{storm_result['hit_rate']:.1%} against {before['hit_rate']:.1%}",
        )
        tail = (
            "publish storm: partner p99 no worse than before (within 10 %)",
            p99 <= before["p99_ms"] / BEFORE_TARGET,
            f"{p99} ms against {before['p99_ms']} ms",
        )
        rounds = rounds or {}
        # one storm on each side per round: the lists pair up by round
        paired = list(
            zip(rounds.get("ours", []), rounds.get("before", []), strict=False)
        )
        if len(paired) > 1:
            ratios = sorted(ours / theirs for ours, theirs in paired)
            ratio = statistics.median(ratios)
            tail = (
                "publish storm: partner p99 no worse than before (within 10 %, "
                "median of the alternated storms' ratios)",
                ratio <= 1 / BEFORE_TARGET,
                f"{ratio:.2f} × before's ({ratios[0]:.2f}–{ratios[-1]:.2f}, "
                f"{len(paired)} storms each; median runs {p99} ms against "
                f"{before['p99_ms']} ms)",
            )
    else:
        today = STORM_TODAY
        why = f"; no storm on the baseline: {before['problem']}" if before else ""
        hit_rate = (
            f"publish storm: hit rate no worse than today ({today['hit_rate']:.1%}, "
            f"{today['run']})",
            storm_result["hit_rate"] >= today["hit_rate"],
            f"{storm_result['hit_rate']:.1%}{why}",
        )
        tail = (
            f"publish storm: partner p99 no worse than today ({today['p99_ms']} ms)",
            p99 <= today["p99_ms"],
            f"{p99} ms",
        )
    return [
        hit_rate,
        tail,
        (
            "publish storm: partner p99 ≤ 3 × cached p99",
            bool(cached) and p99 <= 3 * cached,
            f"{p99} ms against {cached} ms cached"
            + (f" ({p99 / cached:.1f} ×)" if cached else ""),
        ),
    ]


def verdict(met):
    return "met" if met else "not measured" if met is None else "**not met**"
