"""`make loadtest LOADTEST_STACK=1`: the load-and-fault run through the stack's balancer.

The topology of `make stack` (deploy/stack.py: PostgreSQL, Redis, the S3
server, two app servers, two task workers, nginx) starts on its own ports
(LOADTEST_STACK_PORT, 28080 by default) with the production settings and their
guards on: the clients send through nginx as a network's visitors would, one
address per application, a form filled in for a few seconds. During the
traffic app server 1 is killed with SIGKILL and restarted (as systemd's
`Restart=always` would), task worker 1 is killed likewise, Redis is stopped
and started again, then PostgreSQL. Afterwards the same checks as the local
run: nothing accepted is lost or stored twice, every e-mail goes out once.
"""

import os
import shutil
import signal
import tempfile
import threading
import time
from email import message_from_bytes
from pathlib import Path

from bench.loadtest.checks import (
    data_checks,
    http_checks,
    mail_checks,
    recipient_counts,
)
from bench.loadtest.clients import Client, Timeline
from bench.loadtest.options import CLIENTS, DB_OUTAGE_SECONDS, DURATION, QUICK
from bench.loadtest.report import finish, server_version
from bench.server import machine
from deploy import stack as topology

# When each fault happens, as a share of the run, and how long it lasts.
APP_KILL, WORKER_KILL, REDIS_DOWN, DB_DOWN = 0.15, 0.3, 0.45, 0.65
APP_DOWN_SECONDS = 3  # systemd restarts a dead unit after RestartSec
REDIS_OUTAGE_SECONDS = 4 if QUICK else 8
# The production form guard: a form sent sooner after it was served is refused.
FORM_SECONDS = 3.5


def faults(timeline, running, env, deadline):
    plan = [
        (APP_KILL, kill_app1),
        (WORKER_KILL, kill_worker1),
        (REDIS_DOWN, stop_redis),
        (DB_DOWN, stop_postgres),
    ]
    for share, action in plan:
        while timeline.now() < share * DURATION:
            if time.monotonic() > deadline:
                return
            time.sleep(0.1)
        action(timeline, running, env)


def kill_app1(timeline, running, env):
    running["app1"].signal(signal.SIGKILL)
    timeline.mark("app1_killed")
    running["app1"].popen.wait()
    time.sleep(APP_DOWN_SECONDS)
    running["app1"].start()
    topology.wait_for_port(env["APP1_PORT"], "app server 1")
    timeline.mark("app1_restarted")


def kill_worker1(timeline, running, env):
    running["worker1"].signal(signal.SIGKILL)
    timeline.mark("task_worker1_killed")
    running["worker1"].popen.wait()
    time.sleep(1)
    running["worker1"].start()
    timeline.mark("task_worker1_restarted")


def stop_redis(timeline, running, env):
    timeline.mark("redis_stop")
    running["redis"].stop()
    time.sleep(REDIS_OUTAGE_SECONDS)
    running["redis"].start()
    topology.wait_for_port(env["REDIS_PORT"], "Redis")
    timeline.mark("redis_started")


def stop_postgres(timeline, running, env):
    timeline.mark("db_stop")
    # A fast shutdown: the app servers' open connections do not hold it up.
    running["postgres"].signal(signal.SIGINT)
    running["postgres"].popen.wait(timeout=60)
    time.sleep(DB_OUTAGE_SECONDS)
    running["postgres"].start()
    topology.wait_for_port(env["PG_PORT"], "PostgreSQL")
    timeline.mark("db_started")


def stack_outbox(env):
    """How many messages each address received: the file backend's outbox."""

    def counts():
        separator = b"\n" + b"-" * 79 + b"\n"
        return recipient_counts(
            message_from_bytes(chunk.strip(b"\n"))
            for path in Path(env["EMAIL_FILE_PATH"]).glob("*.log")
            for chunk in path.read_bytes().split(separator)
            if chunk.strip()
        )

    return counts


def main():
    info = machine()
    print(f"loadtest through the stack: {DURATION:.0f} s, {CLIENTS} clients; {info}")
    stack_dir = tempfile.mkdtemp(prefix="cms-loadtest-stack-")
    os.chmod(stack_dir, 0o755)  # PostgreSQL runs as `postgres` under root
    os.environ["STACK_DIR"] = stack_dir
    os.environ["STACK_PORT"] = os.environ.get("LOADTEST_STACK_PORT", "28080")
    os.environ["STACK_QUIET"] = "1"
    env = topology.environment()
    running = {}
    started = time.monotonic()
    try:
        print(
            "  starting the stack (PostgreSQL, Redis, S3, 2 app servers, 2 workers, nginx)…"
        )
        topology.start_services(env, running)
        topology.start_application(env, running)
        port = int(env["STACK_PORT"])
        timeline = Timeline()
        deadline = time.monotonic() + DURATION
        outcomes, lock = [], threading.Lock()
        clients = [
            Client(
                i,
                port,
                timeline,
                deadline,
                outcomes,
                lock,
                host=f"club.localhost:{port}",
                visitors=True,
                token_age=FORM_SECONDS,
                site="club",
            )
            for i in range(CLIENTS)
        ]
        for client in clients:
            client.start()
        faults(timeline, running, env, deadline + 5)
        for client in clients:
            client.join(timeout=DURATION + 60)
        timeline.mark("traffic_stopped")
        os.environ.update(env)
        import django

        django.setup()
        report = {
            "mode": "quick" if QUICK else "full",
            "command": "make loadtest LOADTEST_STACK=1",
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": info,
            "duration_s": DURATION,
            "clients": CLIENTS,
            "topology": (
                f"Through the stack's nginx balancer: 2 app servers (gunicorn, 2 "
                f"workers × 2 threads each), 2 task workers, Redis, PostgreSQL "
                f"{server_version()}, an S3 server; {CLIENTS} "
                "clients, production guards on."
            ),
            "timeline": timeline.events,
            "http": http_checks(outcomes, timeline),
            "data": data_checks(outcomes),
            "mail": mail_checks(
                {**os.environ, **env}, 30 if QUICK else 60, stack_outbox(env)
            ),
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        }
    finally:
        topology.stop_all(running)
        if not os.environ.get("STACK_KEEP"):
            shutil.rmtree(stack_dir, ignore_errors=True)
    finish(report, started, "report-stack.json", "loadtest-stack")
