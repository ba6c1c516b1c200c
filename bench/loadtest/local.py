"""The local run: PostgreSQL, gunicorn and the task worker on loopback; their faults.

During the traffic one gunicorn worker is killed with SIGKILL, the mail backend
fails for a while, the partner's webhook receiver is down for a while as pages
are published (bench/webhooks.py), and PostgreSQL is stopped and restarted.
"""

import os
import signal
import subprocess
import sys
import threading
import time

from bench import webhooks as bench_webhooks
from bench.loadtest.checks import data_checks, http_checks, mail_checks
from bench.loadtest.clients import Client, Timeline
from bench.loadtest.options import (
    CLIENTS,
    DB_OUTAGE_SECONDS,
    DURATION,
    ITEMS,
    QUICK,
    RESULTS,
    WORKERS,
    env,
    manage,
)
from bench.loadtest.report import finish, server_version
from bench.pg import Postgres
from bench.server import ROOT, Gunicorn, free_port, machine

# When each fault happens, as a share of the run.
KILL_AT, MAIL_DOWN, MAIL_UP, DB_DOWN = 0.12, 0.25, 0.45, 0.6
WEBHOOK_DOWN, WEBHOOK_UP = 0.3, 0.5


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


def main():
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
