"""Each target of issue 7, met or not, from a run's figures.

Constant SQL across sizes and limits, throughput against the REST API v2 and
against the floor (uncached, and repeated by GET), the workers' memory, and the
publish storm's hit rate and tail.
"""

from bench.options import READS


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
