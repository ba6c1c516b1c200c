"""The bench's verdicts: a ratio is the median of alternated rounds, and a target
the run could not measure is never reported as met (bench/targets.py).

No timing here: the figures are made up, the decisions on them are the bench's.
"""

from bench.report import rounds_section, table
from bench.rounds import ratio
from bench.targets import targets, verdict


def row(rps, **ratios):
    """A measured variant as bench/rounds.py summarises it."""
    return {
        "requests_per_s": rps,
        "p50_ms": 10.0,
        "p99_ms": 20.0,
        "sql_queries": 3,
        "rounds_requests_per_s": [rps] * 3,
        **{f"ratio_to_{peer}": ratio(values) for peer, values in ratios.items()},
    }


def results(before):
    """A run at N = 10 and 1,000 whose reads beat every peer but `before`."""
    reads = ["home", "events", "signatories", "page30", "search"]
    counted = {s: {"graphql": 3, "graphql_limit_20": 3} for s in [*reads, "filtered"]}
    scenarios = {
        s: {"graphql": row(100, rest=[3.1, 2.0, 3.4], floor=[0.06] * 3, v3=[2.5] * 3)}
        for s in reads
    }
    for s in reads:
        if before is not None:
            scenarios[s]["graphql"]["ratio_to_before"] = ratio(before)
    scenarios["filtered"] = {"graphql": row(100, rest=[2.2, 1.9, 2.4])}
    last = {
        "n": 1000,
        "scenarios": scenarios,
        "sql_queries": counted,
        "worker_peak_rss_mb": 150,
        "rounds_load_average": {s: [[1.0, 1.0, 1.0]] * 3 for s in scenarios},
    }
    first = {"n": 10, "scenarios": {}, "sql_queries": counted}
    return {"sizes": [first, last]}


def verdicts(run):
    return {name.split(" at ")[0]: (met, detail) for name, met, detail in targets(run)}


def test_a_ratio_is_the_median_of_its_rounds_with_their_spread():
    assert ratio([3.1, 2.0, 3.4]) == {
        "median": 3.1,
        "low": 2.0,
        "high": 3.4,
        "rounds": [3.1, 2.0, 3.4],
    }
    assert ratio([None, None]) is None


def test_targets_are_judged_on_the_median_round_at_the_largest_size():
    found = verdicts(results(before=[0.95, 0.85, 0.97]))
    rest = found["every read, uncached, ≥ 3 × REST API v2"]
    assert rest[0] is True
    assert "home 3.10 (2.00–3.40)" in rest[1]
    assert found["single pages ≥ 2 × REST API v3"][0] is True
    assert found["filtered list ≥ 2 × REST API v2's closest equivalent"][0] is True
    assert found["every read within 10 % of the baseline (≥ 0.9 × before)"][0] is True
    assert found["SQL queries per page read ≤ 3"][0] is True


def test_a_read_slower_than_the_baseline_misses_and_no_baseline_is_not_measured():
    slower = verdicts(results(before=[0.80, 0.85, 0.95]))
    assert slower["every read within 10 % of the baseline (≥ 0.9 × before)"][0] is False
    absent = verdicts(results(before=None))
    met, detail = absent["every read within 10 % of the baseline (≥ 0.9 × before)"]
    assert met is None
    assert verdict(met) == "not measured"
    assert detail == "not measured in this run"


def test_the_report_shows_each_round_and_the_ratios_spread():
    run = results(before=[0.95, 0.85, 0.97])
    text = table(run)
    assert "| 1000 | home | graphql | 100 |" in text
    assert "3.10 (2.00–3.40)" in text
    assert "| 1000 | home | 3 | 1.0, 1.0, 1.0 | 100 |" in rounds_section(run)


def test_the_storm_is_judged_against_the_baselines_storm_of_the_same_run():
    ours = {"hit_rate": 0.995, "p99_ms": 30.0, "cached_p99_ms": 12.0}
    run = {**results(before=[1.0] * 3), "storm": ours}
    run["storm_before"] = {"hit_rate": 0.998, "p99_ms": 28.0, "cached_p99_ms": 11.0}
    found = {name: met for name, met, _detail in targets(run)}
    assert found["publish storm: hit rate no worse than before (≥ before's less 0.5%)"]
    assert found["publish storm: partner p99 no worse than before (within 10 %)"]
    run["storm_before"]["p99_ms"] = 20.0
    found = {name: met for name, met, _detail in targets(run)}
    assert not found["publish storm: partner p99 no worse than before (within 10 %)"]
