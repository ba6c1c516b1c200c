"""The load test's report: recorded, printed, written into docs/reliability.md."""

import json
import sys
import time

from bench.loadtest.options import QUICK, RESULTS
from bench.pg import server_bin
from bench.server import ROOT


def finish(report, started, name="report.json", section="loadtest"):
    """Record the run, put its figures in the docs (full runs), exit 1 on a failure."""
    report["elapsed_s"] = round(time.monotonic() - started, 1)
    checks = {
        **report["http"]["checks"],
        **report["data"]["checks"],
        **report["mail"]["checks"],
        **report["webhooks"]["checks"],
    }
    report["checks"] = checks
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(json.dumps(report, indent=2, default=str))
    if not QUICK:
        write_docs(report, section)
    print_report(report, name)
    sys.exit(0 if all(checks.values()) else 1)


def write_docs(report, section="loadtest"):
    """Replace the generated part of docs/reliability.md with this run's figures."""
    docs = ROOT / "docs" / "reliability.md"
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    text = docs.read_text() if docs.exists() else f"# Reliability\n\n{start}\n{end}\n"
    m, http, data, mail = (
        report["machine"],
        report["http"],
        report["data"],
        report["mail"],
    )
    lines = [
        start,
        f"Run of {report['date']} ({report['mode']}, {report['duration_s']:.0f} s of "
        f"traffic), `{report['command']}`: {m['nproc']} cores ({m['cpu']}), "
        f"{m['memory_gb']} GB; load average before "
        f"{', '.join(str(x) for x in m['load_average'])}, after "
        f"{', '.join(str(x) for x in report['load_average_after'])}. "
        f"{report['topology']}",
        "",
        "Timeline (seconds after the traffic started): "
        + ", ".join(f"{name} {t}" for t, name in report["timeline"])
        + ".",
        "",
        "| check | result |",
        "|---|---|",
        *(
            f"| {name.replace('_', ' ')} | {'pass' if ok else '**FAIL**'} |"
            for name, ok in report["checks"].items()
        ),
        "",
        "| period | requests | HTTP statuses | error codes in bodies | p50 ms | p99 ms |",
        "|---|---:|---|---|---:|---:|",
        *(
            f"| {label.replace('_', ' ')} | {part['requests']} | "
            f"{', '.join(f'{k}: {v}' for k, v in part['by_status'].items())} | "
            f"{', '.join(f'{k}: {v}' for k, v in part['error_codes'].items()) or '–'} | "
            f"{part['p50_ms']} | {part['p99_ms']} |"
            for label, part in (
                ("outside the outage", http["outside_outage"]),
                ("during the outage", http["during_outage"]),
            )
        ),
        "",
        f"Submissions: {data['keys_sent']} idempotency keys sent, "
        f"{data['keys_accepted']} accepted, {data['rows_stored']} rows stored, "
        f"{data['repeated_keys']} keys repeated on purpose, "
        f"{data['stored_but_never_acknowledged']} stored but never acknowledged, "
        f"{data['keys_never_accepted_by_end']} never accepted by the end. "
        f"E-mails: before the retry command {mail['notifications_before_retry']}, "
        f"after it and the worker {mail['notifications_after_retry_and_worker']}, "
        f"after the next hourly pass {mail['notifications_after']}; "
        f"{mail['details']['recorded_unsent_but_delivered']} recorded unsent "
        f"though delivered, {mail['details']['duplicate_messages']} duplicate "
        "messages; "
        f"{mail['sent_after_more_than_one_attempt']} needed more than one attempt; "
        f"{mail['messages_in_outbox']} messages reached the outbox. "
        f"Webhooks: {report['webhooks']['publishes_acknowledged']} publishes "
        f"acknowledged, {report['webhooks']['publishes_rolled_back']} rolled back; "
        f"{report['webhooks']['requests_received']} requests received for "
        f"{report['webhooks']['distinct_webhook_ids']} distinct webhook ids.",
        end,
    ]
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + "\n".join(lines) + rest.split(end, 1)[1]
    else:
        text += "\n" + "\n".join(lines) + "\n"
    docs.write_text(text)


def server_version():
    return server_bin().split("/")[-2]


def print_report(report, filename="report.json"):
    http = report["http"]
    print()
    print(f"Timeline (s): {report['timeline']}")
    for label in ("outside_outage", "during_outage"):
        part = http[label]
        print(
            f"{label:>15}: {part['requests']} requests, statuses {part['by_status']}, "
            f"codes {part['error_codes']}, p50 {part['p50_ms']} ms, p99 {part['p99_ms']} ms"
        )
    data, mail = report["data"], report["mail"]
    print(
        f"submissions: {data['keys_sent']} keys sent, {data['keys_accepted']} accepted, "
        f"{data['rows_stored']} rows stored, {data['repeated_keys']} repeated, "
        f"{data['stored_but_never_acknowledged']} stored but never acknowledged"
    )
    print(
        f"e-mails: before retry {mail['notifications_before_retry']}, after retry and "
        f"worker {mail['notifications_after_retry_and_worker']}, after the next hourly "
        f"pass {mail['notifications_after']}, {mail['messages_in_outbox']} in the outbox"
    )
    print(report["topology"])
    print()
    for name, passed in report["checks"].items():
        print(f"  [{'PASS' if passed else 'FAIL'}] {name}")
    hooks = report["webhooks"]
    print(
        f"webhooks: {hooks['publishes_acknowledged']} publishes acknowledged, "
        f"{hooks['publishes_rolled_back']} rolled back, {hooks['publishes_failed']} "
        f"failed; {hooks['requests_received']} requests received, "
        f"{hooks['distinct_webhook_ids']} distinct ids, "
        f"{hooks['deliveries_stored']} deliveries stored"
    )
    details = {
        **http["details"],
        **data["details"],
        **mail["details"],
        **hooks["details"],
    }
    print(f"details: {json.dumps(details, default=str)}")
    print(f"done in {report['elapsed_s']} s; bench/results/loadtest/{filename}")
