"""`make loadtest`: two minutes of mixed traffic through faults, then checks nothing is lost.

A throw-away PostgreSQL on loopback, gunicorn with several workers, the task
worker (`manage.py db_worker`, restarted like a supervisor would if it dies)
and a bench-only mail backend that fails while a flag file exists. Clients
read (GraphQL) and submit charter adhesions, each with an idempotencyKey they
retry until they get a reference, some of them repeated on purpose. During
the run one worker is killed with SIGKILL, PostgreSQL is stopped and
restarted, the mail backend fails for a while, and a partner's webhook
receiver is down for a while as pages are published (bench/webhooks.py).
Afterwards the run checks:

- no 5xx outside the database outage, and during it only 503 with a JSON body;
- every accepted submission stored exactly once;
- every repeated key answered with the same reference;
- every e-mail eventually sent (the hourly `send_pending_notifications` is run
  once after the traffic, as cron would);
- no half-written row (each application has its log entry and e-mails);
- every publish acknowledged during the run was delivered to the webhook
  receiver exactly once after dropping repeats by `webhook-id`, none lost, and
  no rolled-back publish was sent.

LOADTEST_QUICK=1: 40 seconds of traffic instead of 120. Exit status 1 when a
check fails. Everything runs on 127.0.0.1 and stops by itself.
"""

import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import zlib
from dataclasses import dataclass, field

from bench import scenarios
from bench import webhooks as bench_webhooks
from bench.pg import Postgres
from bench.seed import SITE_KEY
from bench.server import ROOT, Gunicorn, free_port, machine

QUICK = os.environ.get("LOADTEST_QUICK", "") not in ("", "0")
DURATION = float(os.environ.get("LOADTEST_DURATION", 40 if QUICK else 120))
CLIENTS = int(os.environ.get("LOADTEST_CLIENTS", 4))
WORKERS = int(os.environ.get("LOADTEST_WORKERS", 4))
SUBMIT_SHARE = 0.3
REPEAT_SHARE = 0.3
ITEMS = 50
RESULTS = ROOT / "bench" / "results" / "loadtest"
# When each fault happens, as a share of the run.
KILL_AT, MAIL_DOWN, MAIL_UP, DB_DOWN = 0.12, 0.25, 0.45, 0.6
WEBHOOK_DOWN, WEBHOOK_UP = 0.3, 0.5
DB_OUTAGE_SECONDS = 4 if QUICK else 8
# A request answered this long after PostgreSQL is back still counts as in the outage.
OUTAGE_GRACE = 2.0
# Timeline marks of a process killed with SIGKILL (a gunicorn worker, an app server).
KILLS = ("worker_killed", "app1_killed")
READ_LIMITS = {"events": {"limit": 20}, "signatories": {"limit": 20}}


@dataclass
class Outcome:
    kind: str
    started: float
    ended: float
    status: int | None = None
    error: str = ""  # a connection-level failure: no HTTP answer
    json_body: bool = False
    codes: list = field(default_factory=list)
    reference: str | None = None
    key: str | None = None


class Timeline:
    """When each fault began and ended, in seconds since the traffic started."""

    def __init__(self):
        self.origin = time.monotonic()
        self.events = []

    def now(self):
        return time.monotonic() - self.origin

    def mark(self, name):
        self.events.append((round(self.now(), 2), name))
        print(f"  t={self.now():6.1f}s  {name}", flush=True)

    def window(self, begin, end):
        times = dict((name, t) for t, name in self.events)
        return times.get(begin), times.get(end)


def env(pg_url):
    values = dict(os.environ)
    values.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=str(ROOT),
        DATABASE_URL=pg_url,
        BENCH_RESULTS_DIR=str(RESULTS),
        BENCH_EMAIL_BACKEND="bench.mail.FlakyEmailBackend",
        DB_CONN_MAX_AGE="60",
    )
    return values


def manage(values, *args, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=values,
        check=check,
        capture_output=True,
        text=True,
    )


class Supervisor:
    """Run `manage.py db_worker`, restarting it when it dies, until told to stop."""

    def __init__(self, values):
        self.values = values
        self.restarts = 0
        self.stopping = threading.Event()
        (RESULTS / "db_worker.log").unlink(missing_ok=True)
        self.log = open(RESULTS / "db_worker.log", "ab")  # noqa: SIM115
        self.process = self.spawn()
        self.thread = threading.Thread(target=self.watch, daemon=True)
        self.thread.start()

    def wait_ready(self, limit=120):
        """Wait until the worker polls the queue (its start-up line is logged)."""
        log = RESULTS / "db_worker.log"
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if "Starting worker" in log.read_text(errors="replace"):
                return
            time.sleep(0.3)
        raise RuntimeError("db_worker did not start in time")

    def spawn(self):
        return subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.5"],
            cwd=ROOT,
            env=self.values,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def watch(self):
        while not self.stopping.wait(1.0):
            if self.process.poll() is not None:
                self.restarts += 1
                time.sleep(1.0)
                self.process = self.spawn()

    def stop(self):
        self.stopping.set()
        self.thread.join(timeout=5)
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


class Client(threading.Thread):
    """One partner site: reads, and submits adhesions it retries until accepted."""

    def __init__(self, number, port, timeline, deadline, outcomes, lock, **options):
        super().__init__(daemon=True)
        self.number, self.port, self.timeline = number, port, timeline
        self.deadline, self.outcomes, self.lock = deadline, outcomes, lock
        self.random = random.Random(number)
        self.token = None
        self.token_at = 0.0
        self.serial = 0
        # Through a balancer (LOADTEST_STACK): the network's host name, and one
        # visitor address per application, as a partner's visitors would have,
        # so the production guards (5 an hour per address, a form filled in
        # at least 3 s) stay on.
        self.host = options.get("host")
        self.visitors = options.get("visitors", False)
        self.token_age = options.get("token_age", 0.0)
        self.site = options.get("site", SITE_KEY)

    def body(self, query, variables):
        """The scenario's operation, asked of this run's network."""
        query = query.replace(f'site: "{SITE_KEY}"', f'site: "{self.site}"')
        if "site" in variables.get("input", {}):
            variables = {"input": {**variables["input"], "site": self.site}}
        return scenarios.graphql_body(query, variables)

    def headers(self, key):
        headers = {"Content-Type": "application/json"}
        if self.host:
            headers["Host"] = self.host
        if self.visitors:
            serial = zlib.crc32(key.encode()) % 60000 if key else 0
            headers["X-Forwarded-For"] = (
                f"10.{self.number}.{serial // 250}.{serial % 250 + 1}"
            )
        return headers

    def request(self, kind, body, key=None):
        started = self.timeline.now()
        outcome = Outcome(kind=kind, started=started, ended=started, key=key)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            connection.request("POST", "/graphql/", body, self.headers(key))
            response = connection.getresponse()
            outcome.status = response.status
            raw = response.read()
        except (OSError, http.client.HTTPException) as error:
            outcome.error = type(error).__name__
            raw = b""
        finally:
            connection.close()
        outcome.ended = self.timeline.now()
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = None
        if isinstance(data, dict):
            outcome.json_body = True
            outcome.codes = [
                (e.get("extensions") or {}).get("code", "?")
                for e in data.get("errors") or []
            ]
            payload = (data.get("data") or {}).get("submitCharterAdhesion")
            if payload:
                outcome.codes += [e["code"] for e in payload.get("errors") or []]
                if payload.get("adhesion"):
                    outcome.reference = payload["adhesion"]["reference"]
            token = (data.get("data") or {}).get("adhesionFormToken")
            if token:
                self.token, self.token_at = token, time.monotonic()
            if "FORM_TOKEN_USED" in outcome.codes:
                self.token = None
        with self.lock:
            self.outcomes.append(outcome)
        return outcome

    def read(self):
        name = self.random.choice([*scenarios.READS, "token"])
        if name == "token":
            body = self.body(scenarios.FORM_TOKEN, {})
        else:
            query, variables = scenarios.READS[name]
            body = self.body(query, READ_LIMITS.get(name, variables))
        self.request(f"read:{name}", body)

    def submit(self, key, kind):
        """Send until a reference comes back (or the run is over): return it."""
        while time.monotonic() < self.deadline + 30:
            if self.token is None:
                self.request("read:token", self.body(scenarios.FORM_TOKEN, {}))
                if self.token is None:
                    time.sleep(0.5)
                    continue
            # A form is filled in for a few seconds before it is sent.
            time.sleep(max(0.0, self.token_age - (time.monotonic() - self.token_at)))
            # One address per application: the outbox tells which e-mail went out.
            email = f"{key}@example.org"
            variables = {"input": scenarios.adhesion_input(self.token, key, email)}
            outcome = self.request(kind, self.body(scenarios.SUBMIT, variables), key)
            if outcome.reference:
                if kind == "submit":
                    self.token = None  # a form token serves one application
                return outcome.reference
            time.sleep(0.5)
        return None

    def run(self):
        while time.monotonic() < self.deadline:
            if self.random.random() < SUBMIT_SHARE:
                self.serial += 1
                key = f"lt-{self.number}-{self.serial}-{time.time_ns()}"
                if self.submit(key, "submit") and self.random.random() < REPEAT_SHARE:
                    self.submit(key, "repeat")
            else:
                self.read()
            time.sleep(self.random.uniform(0.02, 0.1))


def faults(timeline, server, database, deadline, receiver):
    """Kill a worker, take the mail and the webhook receiver down and up, restart
    PostgreSQL, on schedule."""
    plan = [
        (KILL_AT, "kill"),
        (MAIL_DOWN, "mail_down"),
        (WEBHOOK_DOWN, "webhook_down"),
        (MAIL_UP, "mail_up"),
        (WEBHOOK_UP, "webhook_up"),
        (DB_DOWN, "db"),
    ]
    flag = RESULTS / "mail-fails"
    for share, action in plan:
        while timeline.now() < share * DURATION:
            if time.monotonic() > deadline:
                return
            time.sleep(0.1)
        if action == "kill":
            workers = server.workers()
            os.kill(workers[0], signal.SIGKILL)
            timeline.mark(f"worker_killed pid={workers[0]}")
        elif action == "mail_down":
            flag.touch()
            timeline.mark("mail_down")
        elif action == "mail_up":
            flag.unlink(missing_ok=True)
            timeline.mark("mail_up")
        elif action == "webhook_down":
            receiver.down()
            timeline.mark("webhook_receiver_down")
        elif action == "webhook_up":
            receiver.up()
            timeline.mark("webhook_receiver_up")
        else:
            timeline.mark("db_stop")
            database.stop()
            time.sleep(DB_OUTAGE_SECONDS)
            database.start()
            timeline.mark("db_started")


def percentile(values, share):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))]


def http_checks(outcomes, timeline):
    begin, end = timeline.window("db_stop", "db_started")
    end = (end or begin or 0) + OUTAGE_GRACE
    kills = [t for t, name in timeline.events if name.startswith(KILLS)]
    kill = kills[0] if kills else None

    def in_outage(o):
        return begin is not None and o.ended >= begin and o.started <= end

    def cut(o):
        # In flight on a server killed with SIGKILL: the balancer cannot send a
        # POST twice, so it answers 502 (or the connection drops); the client retries.
        return (o.error or o.status == 502) and any(
            o.started <= t <= o.ended + 0.5 for t in kills
        )

    outside, inside, cut_short = [], [], []
    for o in outcomes:
        if in_outage(o):
            inside.append(o)
        elif cut(o):
            cut_short.append(o)
        else:
            outside.append(o)
    report = {
        "requests": len(outcomes),
        "outage_window_s": [begin, round(end, 2)] if begin is not None else None,
        "outside_outage": summarise(outside),
        "during_outage": summarise(inside),
        "connection_errors_near_kill": sum(
            1
            for o in outside
            if o.error and kill is not None and abs(o.started - kill) < 5
        ),
        "cut_by_a_kill": len(cut_short),
    }
    bad_outside = [o for o in outside if o.status and o.status >= 500]
    bad_inside = [
        o
        for o in inside
        if o.status is not None
        and o.status != 200
        and not (o.status == 503 and o.json_body)
    ]
    # A database failure answered 200 with a masked error hides the outage from
    # load balancers and clients: the issue asks for 503 with a JSON body.
    masked_inside = [
        o for o in inside if o.status == 200 and "INTERNAL_SERVER_ERROR" in o.codes
    ]
    masked_outside = [
        o for o in outside if o.status == 200 and "INTERNAL_SERVER_ERROR" in o.codes
    ]
    report["checks"] = {
        "no_5xx_outside_outage": not bad_outside,
        "outage_answers_only_503_json": not bad_inside and not masked_inside,
        "no_masked_errors_outside_outage": not masked_outside,
        "a_kill_cuts_only_requests_in_flight": len(cut_short) <= CLIENTS * len(kills),
    }
    report["details"] = {
        "5xx_outside_outage": [
            (round(o.started, 2), o.kind, o.status) for o in bad_outside
        ][:20],
        "non_503_during_outage": [
            (round(o.started, 2), o.kind, o.status) for o in bad_inside
        ][:20],
        "200_with_masked_error_during_outage": len(masked_inside),
        "200_with_masked_error_outside_outage": [
            (round(o.started, 2), o.kind) for o in masked_outside
        ][:20],
    }
    return report


def summarise(outcomes):
    statuses = {}
    for o in outcomes:
        label = str(o.status) if o.status is not None else f"no answer ({o.error})"
        statuses[label] = statuses.get(label, 0) + 1
    latencies = [(o.ended - o.started) * 1000 for o in outcomes if o.status == 200]
    return {
        "requests": len(outcomes),
        "by_status": dict(sorted(statuses.items())),
        "error_codes": count([c for o in outcomes for c in o.codes]),
        "p50_ms": round(percentile(latencies, 0.5) or 0, 1),
        "p99_ms": round(percentile(latencies, 0.99) or 0, 1),
    }


def count(items):
    counts = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def data_checks(outcomes):
    """What the database holds against what the clients were told."""
    from django.contrib.contenttypes.models import ContentType

    from forms_workflows.models import CharterAdhesion, Notification, StatusChange

    expected_kinds = sorted(CharterAdhesion.workflow.submit_notify)

    told = {}
    for o in outcomes:
        if o.key and o.reference:
            told.setdefault(o.key, set()).add(o.reference)
    sent_keys = {o.key for o in outcomes if o.key}
    repeated = {o.key for o in outcomes if o.kind == "repeat" and o.reference}
    # Each key's application carries the address `<key>@example.org`; the
    # stored idempotency key is a hash scoped to its caller.
    ours = CharterAdhesion.objects.filter(contact_email__startswith="lt-")
    rows = {a.contact_email.split("@")[0]: a for a in ours}
    stored_counts = count(
        email.split("@")[0] for email in ours.values_list("contact_email", flat=True)
    )
    not_stored = [k for k in told if k not in rows]
    duplicated = [k for k, n in stored_counts.items() if n > 1]
    wrong_reference = [
        k for k, refs in told.items() if k in rows and rows[k].reference not in refs
    ]
    inconsistent = [k for k, refs in told.items() if len(refs) > 1]
    unacknowledged = [k for k in rows if k not in told]
    never_accepted = [k for k in sent_keys if k not in told]

    content_type = ContentType.objects.get_for_model(CharterAdhesion)
    ids = {a.pk for a in rows.values()}
    all_ids = set(CharterAdhesion.objects.values_list("pk", flat=True))
    logs = count(
        StatusChange.objects.filter(content_type=content_type, object_id__in=ids)
        .filter(action="submit")
        .values_list("object_id", flat=True)
    )
    notes = Notification.objects.filter(content_type=content_type, object_id__in=ids)
    kinds = {}
    for object_id, kind in notes.values_list("object_id", "kind"):
        kinds.setdefault(object_id, []).append(kind)
    half_written = [
        pk
        for pk in ids
        if logs.get(pk) != 1 or sorted(kinds.get(pk, [])) != expected_kinds
    ]
    orphans = (
        StatusChange.objects.filter(content_type=content_type)
        .exclude(object_id__in=all_ids)
        .count()
        + Notification.objects.filter(content_type=content_type)
        .exclude(object_id__in=all_ids)
        .count()
    )
    return {
        "keys_sent": len(sent_keys),
        "keys_accepted": len(told),
        "rows_stored": sum(stored_counts.values()),
        "repeated_keys": len(repeated),
        "keys_never_accepted_by_end": len(never_accepted),
        "stored_but_never_acknowledged": len(unacknowledged),
        "checks": {
            "every_accepted_submission_stored_exactly_once": not not_stored
            and not duplicated
            and not wrong_reference,
            "every_repeated_key_same_reference": not inconsistent,
            "no_half_written_row": not half_written and not orphans,
        },
        "details": {
            "accepted_not_stored": not_stored[:10],
            "stored_twice": duplicated[:10],
            "wrong_reference": wrong_reference[:10],
            "keys_with_several_references": inconsistent[:10],
            "half_written_adhesions": half_written[:10],
            "orphan_log_or_notification_rows": orphans,
        },
    }


def outbox_counts():
    """How many messages each address received."""
    from email import message_from_bytes

    return recipient_counts(
        message_from_bytes(path.read_bytes())
        for path in (RESULTS / "outbox").glob("*.eml")
    )


def recipient_counts(messages):
    counts = {}
    for message in messages:
        for address in (message.get("To") or "").split(","):
            address = address.strip()
            counts[address] = counts.get(address, 0) + 1
    return counts


def mail_checks(values, wait_limit, outbox_counts=outbox_counts):
    """Every owed e-mail reaches the outbox, after the retries an operator runs.

    The hourly `send_pending_notifications` runs once after the traffic, as cron
    would; the task worker then drains its queue. A notification whose task died
    with the database stays pending until that command runs ten minutes later:
    the run does that pass at once, in-process, and counts the duplicates.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from forms_workflows.models import CharterAdhesion, Notification
    from forms_workflows.notifications import deliver

    def statuses():
        return dict(
            Notification.objects.values_list("status")
            .annotate(n=Count("pk"))
            .order_by()
        )

    before = statuses()
    retry = manage(values, "send_pending_notifications", check=False)
    deadline = time.monotonic() + wait_limit
    while time.monotonic() < deadline:
        if not Notification.objects.exclude(status=Notification.Status.SENT).exists():
            break
        time.sleep(1)
    after_worker = statuses()
    content_type = ContentType.objects.get_for_model(CharterAdhesion)
    ids = CharterAdhesion.objects.filter(contact_email__startswith="lt-").values_list(
        "pk", flat=True
    )
    owed = list(
        Notification.objects.filter(content_type=content_type, object_id__in=ids)
    )
    received = outbox_counts()
    recorded_unsent_but_delivered = [
        n.pk
        for n in owed
        if n.status != Notification.Status.SENT and received.get(n.recipients[0], 0)
    ]
    late = [n for n in owed if n.status != Notification.Status.SENT]
    for notification in late:  # the hourly command's pass, ten minutes later
        deliver(notification)
    received = outbox_counts()
    missing = [n.pk for n in owed if not received.get(n.recipients[0], 0)]
    duplicates = sum(max(0, received.get(n.recipients[0], 0) - 1) for n in owed)
    return {
        "notifications_before_retry": before,
        "retry_command": retry.stdout.strip() or retry.stderr.strip()[-300:],
        "notifications_after_retry_and_worker": after_worker,
        "left_for_the_next_hourly_pass": len(late),
        "notifications_after": statuses(),
        "sent_after_more_than_one_attempt": Notification.objects.filter(
            attempts__gt=1
        ).count(),
        "messages_in_outbox": sum(received.values()),
        "checks": {"every_email_eventually_sent": not missing},
        "details": {
            "never_delivered": missing[:10],
            "recorded_unsent_but_delivered": len(recorded_unsent_but_delivered),
            "duplicate_messages": duplicates,
        },
    }


def main():
    if os.environ.get("LOADTEST_STACK", "") not in ("", "0"):
        from bench import loadtest_stack

        return loadtest_stack.main()
    RESULTS.mkdir(parents=True, exist_ok=True)
    for path in RESULTS.glob("outbox/*.eml"):
        path.unlink()
    (RESULTS / "mail-fails").unlink(missing_ok=True)
    info = machine()
    print(f"loadtest: {DURATION:.0f} s, {CLIENTS} clients, {WORKERS} workers; {info}")
    database = Postgres(free_port())
    server = supervisor = None
    started = time.monotonic()
    try:
        database.init()
        values = env(database.url)
        os.environ.update(values)
        print("  migrating and seeding PostgreSQL…", flush=True)
        manage(values, "migrate", "--noinput", "-v", "0")
        manage(
            {**values, "BENCH_TASKS": "immediate"},
            "shell",
            "-c",
            f"from bench.seed import grow; grow({ITEMS})",
        )
        import django

        django.setup()
        receiver = bench_webhooks.FlakyReceiver(free_port())
        bench_webhooks.register_endpoint(f"http://127.0.0.1:{receiver.port}/hooks")
        supervisor = Supervisor(values)
        server = Gunicorn(WORKERS, values, RESULTS / "gunicorn.log", timeout=30)
        server.wait_ready()
        supervisor.wait_ready()
        timeline = Timeline()
        deadline = time.monotonic() + DURATION
        outcomes, lock = [], threading.Lock()
        clients = [
            Client(i, server.port, timeline, deadline, outcomes, lock)
            for i in range(CLIENTS)
        ]
        publisher = bench_webhooks.Publisher(deadline)
        for client in clients:
            client.start()
        publisher.start()
        faults(timeline, server, database, deadline + 5, receiver)
        for client in clients:
            client.join(timeout=DURATION + 60)
        publisher.join(timeout=60)
        timeline.mark("traffic_stopped")
        drained = bench_webhooks.drain(60 if QUICK else 120)
        report = {
            "mode": "quick" if QUICK else "full",
            "command": "make loadtest",
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": info,
            "duration_s": DURATION,
            "clients": CLIENTS,
            "gunicorn_workers": WORKERS,
            "topology": (
                f"{WORKERS} gunicorn workers, {CLIENTS} clients, PostgreSQL "
                f"{server_version()}, one `db_worker` (restarted "
                f"{supervisor.restarts} times by the run's supervisor)."
            ),
            "timeline": timeline.events,
            "db_worker_restarts": supervisor.restarts,
            "http": http_checks(outcomes, timeline),
            "data": data_checks(outcomes),
            "mail": mail_checks(values, 30 if QUICK else 60),
            "webhooks": bench_webhooks.checks(receiver, publisher, drained),
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        }
        report["db_worker_restarts"] = supervisor.restarts
    finally:
        if supervisor:
            supervisor.stop()
        if server:
            server.stop()
        database.destroy()
        (RESULTS / "mail-fails").unlink(missing_ok=True)
    finish(report, started)


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
    from bench.pg import server_bin

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


if __name__ == "__main__":
    main()
