"""`make stack-drill`: the failover drill, run as an operator runs it, against the stack."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def server_errors():
    """The app servers' tracebacks, so a lost request says why (the logs go with the stack)."""
    found = []
    for log in sorted(
        Path(os.environ.get("STACK_DIR", ROOT / ".stack")).glob("app*.log")
    ):
        lines = log.read_text(errors="replace").splitlines()
        for number, line in enumerate(lines):
            if "Traceback" in line or "Internal Server Error" in line:
                found.append(f"{log.name}: " + "\n".join(lines[number : number + 30]))
    return "\n\n".join(found[:3]) or "no traceback in the app servers' logs"


def test_the_failover_drill_loses_nothing_and_brings_every_process_back(
    stack, fresh_limits, tmp_path
):
    if "app1" not in stack.running:
        pytest.skip("the stack was started outside the tests (STACK_REUSE)")
    report_file = tmp_path / "drill.json"
    # when the drill kills app server 1 and worker 1, stops Redis then PostgreSQL
    # for 10 s each, under a steady stream of reads, applications and publishes
    drill = subprocess.run(
        [sys.executable, "-m", "deploy.drill", "--json", str(report_file)],
        cwd=ROOT,
        env={**os.environ, **stack.env},
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(drill.stdout)
    report = json.loads(report_file.read_text())
    phases = report["phases"]

    # then it printed each phase's outcomes, with requests in each
    assert list(phases) == [
        "steady",
        "app1 killed (SIGKILL)",
        "worker1 killed (SIGKILL)",
        "redis stopped 10 s",
        "postgres stopped 10 s",
        "after",
    ]
    assert all(phase["requests"] > 0 for phase in phases.values()), phases
    assert "app1 killed (SIGKILL)" in drill.stdout
    # and outside PostgreSQL's outage, every request was answered but those in
    # flight on the killed server; during it, only 503 came back
    assert report["lost"] == [], server_errors()
    assert set(phases["postgres stopped 10 s"]["outcomes"]) <= {"200", "302", "503"}
    # and each application was stored once and got one e-mail; each publish's
    # webhook reached the partner once
    assert report["applications"] >= 3
    assert report["applications_accepted"] == report["applications"]
    assert report["emails"] == {"1": report["applications"]}
    assert report["publishes"] >= 3
    assert report["webhooks_received"] == report["webhook_deliveries"]
    assert report["webhook_deliveries"] >= report["publishes"]
    # and the supervisor brought back every process the drill killed
    assert report["processes"]["app1"]["restarts"] >= 1
    assert report["processes"]["worker1"]["restarts"] >= 1
    assert {p["state"] for p in report["processes"].values()} == {"running"}
    assert report["checks"] == dict.fromkeys(report["checks"], True)
    assert drill.returncode == 0, drill.stdout + drill.stderr
