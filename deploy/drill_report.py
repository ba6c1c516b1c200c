"""What the failover drill (deploy/drill.py) found: per phase, and its checks."""

import time
from collections import Counter
from pathlib import Path

import psycopg


def excused(drill, started, ended, outcome):
    """Whether a failed request is one the drill's faults allow."""
    if any(started <= kill <= ended for kill in drill.kills):
        return True  # in flight on the server that was killed
    # 503 is the contract while PostgreSQL is away, in flight when it went too
    return outcome == 503 and any(
        started <= end and ended >= begin for begin, end in drill.outage
    )


def report(drill, receiver, endpoint):
    """Each phase's outcomes, then the checks, once the traffic has stopped."""
    phases = {}
    for phase in drill.phases:
        mine = [r for r in drill.records if r[0] == phase]
        phases[phase] = {
            "requests": len(mine),
            "outcomes": dict(Counter(str(r[4]) for r in mine).most_common()),
            "max_latency_s": round(max((r[3] - r[2] for r in mine), default=0), 2),
        }
    failed = [r for r in drill.records if r[4] not in (200, 302)]
    lost = [r for r in failed if not excused(drill, r[2], r[3], r[4])]
    in_flight = [r for r in failed if any(r[2] <= k <= r[3] for k in drill.kills)]
    accepted = [(n, e) for n, e, outcome in drill.applications if outcome == "accepted"]
    mails = mail_counts(
        drill, [email for _name, email in accepted], wait=bool(accepted)
    )
    with psycopg.connect(drill.env["DATABASE_URL"]) as db:
        stored = dict(
            db.execute(
                "SELECT organisation_name, count(*) FROM forms_workflows_charteradhesion "
                "WHERE organisation_name = ANY(%s) GROUP BY organisation_name",
                ([name for name, _email in accepted],),
            ).fetchall()
        )
        deliveries = [
            row[0]
            for row in db.execute(
                "SELECT message_id FROM partners_webhookdelivery WHERE endpoint_id = %s",
                (int(endpoint),),
            )
        ]
    webhooks = wait_for_webhooks(drill, receiver, deliveries)
    status = wait_all_running(drill)
    checks = {
        "no request lost beyond those in flight at the kill": not lost,
        "every application answered and stored once": bool(accepted)
        and len(accepted) == len(drill.applications)
        and all(stored.get(name) == 1 for name, _email in accepted),
        "each e-mail sent once": bool(mails) and set(mails.values()) == {1},
        "each webhook sent once": bool(deliveries)
        and len(deliveries) >= drill.publishes
        and webhooks == Counter(dict.fromkeys(deliveries, 1)),
        "every process back": all(s["state"] == "running" for s in status.values())
        and status["app1"]["restarts"] >= 1
        and status["worker1"]["restarts"] >= 1,
    }
    return {
        "phases": phases,
        "lost": [list(r) for r in lost],
        "cut_in_flight": len(in_flight),
        "applications": len(drill.applications),
        "applications_accepted": len(accepted),
        "emails": dict(Counter(mails.values())),
        "publishes": drill.publishes,
        "webhook_deliveries": len(deliveries),
        "webhooks_received": sum(webhooks.values()),
        "processes": status,
        "checks": checks,
    }


def mail_counts(drill, addresses, wait):
    folder = Path(drill.env["EMAIL_FILE_PATH"])

    def counts():
        text = "".join(path.read_text() for path in folder.glob("*.log"))
        return {address: text.count(f"To: {address}") for address in addresses}

    deadline = time.monotonic() + 60
    while wait and 0 in counts().values() and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(2)  # a duplicate would come from the other worker's next poll
    return counts()


def wait_for_webhooks(drill, receiver, deliveries):
    deadline = time.monotonic() + 60
    while set(deliveries) - set(receiver.ids) and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(2)
    return Counter(receiver.ids)


def wait_all_running(drill):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = drill.status()
        if all(state["state"] == "running" for state in status.values()):
            return status
        time.sleep(0.5)
    return drill.status()


def print_report(report):
    print(f"\n{'phase':28} {'requests':>8}  {'max latency':>11}  outcomes")
    for phase, figures in report["phases"].items():
        outcomes = ", ".join(f"{k}: {v}" for k, v in figures["outcomes"].items())
        print(
            f"{phase:28} {figures['requests']:>8}  "
            f"{figures['max_latency_s']:>9.2f} s  {outcomes}"
        )
    print(
        f"\napplications: {report['applications_accepted']} of "
        f"{report['applications']} accepted; e-mails per address: {report['emails']}; "
        f"publishes: {report['publishes']}, webhook deliveries "
        f"{report['webhook_deliveries']}, received {report['webhooks_received']}; "
        f"requests cut in flight at a kill: {report['cut_in_flight']}"
    )
    for phase, kind, _started, _ended, outcome in report["lost"][:10]:
        print(f"  lost: {kind} in {phase!r}: {outcome}")
    for check, passed in report["checks"].items():
        print(f"  {'pass' if passed else 'FAIL'}  {check}")
