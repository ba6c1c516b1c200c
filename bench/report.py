"""The run in Markdown: every measure, the in-process sections, the docs' figures."""

from bench import attribution, cpu, rebuild, storm
from bench.server import ROOT
from bench.targets import spread, targets, verdict

COLUMNS = ["floor", "rest", "v3", "before"]
HEADS = {
    "floor": "× floor",
    "rest": "× REST v2",
    "v3": "× REST v3",
    "before": "× before",
}


def table(results):
    """Every measure: medians over the rounds, ratios as median (lowest–highest)."""
    lines = [
        "| N | scenario | variant | req/s | p50 ms | p99 ms | SQL/req | "
        + " | ".join(HEADS[c] for c in COLUMNS)
        + " |",
        "|---:|---|---|---:|---:|---:|---:|" + "---:|" * len(COLUMNS),
    ]
    for size in results["sizes"]:
        for scenario, variants in size["scenarios"].items():
            for variant, r in variants.items():
                sql = "–" if r["sql_queries"] is None else r["sql_queries"]
                lines.append(
                    f"| {size['n']} | {scenario} | {variant} | {r['requests_per_s']} "
                    f"| {r['p50_ms']} | {r['p99_ms']} | {sql} | "
                    + " | ".join(spread(r, c) for c in COLUMNS)
                    + " |"
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


def rounds_section(results):
    """Each round's throughput, with the load average when it began."""
    lines = [
        "Each round, requests per second, and the load average (1, 5, 15 min) "
        "when it began (`bench/rounds.py`):",
        "",
        "| N | scenario | round | load average | "
        + " | ".join(["graphql", "graphql_get", "rest", "v3", "before", "floor"])
        + " |",
        "|---:|---|---:|---|" + "---:|" * 6,
    ]
    for size in results["sizes"]:
        for scenario, variants in size["scenarios"].items():
            loads = size["rounds_load_average"][scenario]
            for index, load in enumerate(loads):
                cells = [
                    str(variants[v]["rounds_requests_per_s"][index])
                    if v in variants
                    else "–"
                    for v in ["graphql", "graphql_get", "rest", "v3", "before", "floor"]
                ]
                lines.append(
                    f"| {size['n']} | {scenario} | {index + 1} | "
                    f"{', '.join(str(x) for x in load)} | " + " | ".join(cells) + " |"
                )
    notes = [
        f"N = {size['n']}, {scenario}, "
        + ("ours" if variant == "graphql" else variant)
        + f": {text}"
        for size in results["sizes"]
        for scenario, note in size.get("notes", {}).items()
        for variant, text in note.items()
    ]
    if notes:
        lines += ["", "Left out or different: " + "; ".join(notes) + "."]
    return "\n".join(lines)


def baseline_line(results):
    b = results.get("baseline") or {}
    if "commit" not in b:
        return f"Baseline (before): none, {b.get('problem', 'not asked')}."
    line = (
        f"Baseline (before): `{b['ref']}`, {b['subject']} (`bench/baseline.py`), "
        "served beside ours on a copy of the same database."
    )
    if b.get("problem"):
        line += f" Problem: {b['problem']}."
    return line


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
    s, before = results["storm"], results.get("storm_before")
    text = (
        f"Publish storm (`bench/storm.py`): {s['clients']} partners reading by GET "
        f"for {s['seconds']:.0f} s while an editor saves a draft every 2 s and "
        "publishes every 10 s; Redis cache, task worker running; the same "
        "storm on the baseline's code and database copy.\n\n"
        + storm.table(s, "ours" if before else "this run")
    )
    if before and "problem" not in before:
        text += "\n" + storm.table(before, "before").splitlines()[-1]
    elif before:
        text += f"\n\nNo storm on the baseline: {before['problem']}."
    rounds = results.get("storm_rounds")
    if rounds:
        text += (
            "\n\nStorms alternated (ours and the baseline's, A B, B A…); each "
            "side's run of median p99 is shown. Every run's p99, ms: "
            + "; ".join(
                f"{side} {', '.join(str(p99) for p99 in values)}"
                for side, values in rounds.items()
            )
            + "."
        )
    return text


def markdown(results):
    """Every section of the run's report, as printed and written to table.md."""
    return (
        baseline_line(results)
        + "\n\n"
        + table(results)
        + "\n\n"
        + rounds_section(results)
        + "\n\n"
        + rebuild.line(results.get("rebuild"))
        + "\n\n"
        + cpu_section(results)
        + "\n\n"
        + attribution_section(results)
        + "\n\n"
        + storm_section(results)
    )


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
        f"{results['settings']['seconds_per_measure']:.0f} s per measure, "
        f"{results['settings']['rounds']} alternated rounds; "
        f"wrk used at most {results['wrk_cpu_share_max']:.0%} of the CPU spent.",
        "",
        "| target | met? | this run |",
        "|---|---|---|",
        *(
            f"| {name} | {verdict(met)} | {detail} |"
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
