"""`make stack-drill`: the failover drill (docs/deploy.md), against a running stack.

While a steady stream of requests goes through the balancer (hosted pages and
GraphQL reads; applications submitted, which send an e-mail, and pages
published, which send a webhook to a real HTTP receiver started here), it
kills app server 1's gunicorn master (SIGKILL), kills task worker 1 (SIGKILL),
stops Redis for 10 s, then PostgreSQL for 10 s, each through the stack's
supervisor (`python -m deploy.stack ctl`). It prints what the requests got in
each phase, then checks that no request was lost beyond those in flight on the
killed server, that each e-mail and each webhook was sent once, and that every
process is back. Exit status 1 when a check fails; `--json FILE` writes the
report.
"""

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from deploy import drill_report
from deploy import stack as topology
from deploy.supervisor import control

OUTAGE_SECONDS = 10
PAGE = '{ page(site: "club", urlPath: "/le-club/") { id title } }'
TOKEN = "{ adhesionFormToken }"
SUBMIT = """mutation Submit($input: CharterAdhesionInput!) {
  submitCharterAdhesion(input: $input) { adhesion { reference } errors { code } }
}"""
FORM_AGE = 3.6  # the form guard refuses an answer sent sooner (3 s) after the form
TRANSIENT = {"TRY_AGAIN_LATER", "SERVICE_UNAVAILABLE"}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Receiver:
    """A partner's webhook endpoint on loopback: every `webhook-id` it is sent."""

    def __init__(self):
        self.ids = []
        ids = self.ids

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the HTTP method's name
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                ids.append(self.headers["webhook-id"])
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


class Drill:
    def __init__(self, env):
        self.env = env
        self.base = f"http://127.0.0.1:{env['STACK_PORT']}"
        self.host = f"club.localhost:{env['STACK_PORT']}"
        self.phase = "steady"
        self.phases = ["steady"]
        self.records = []  # (phase, kind, started, ended, outcome)
        self.kills = []  # when a server was killed: requests in flight may be cut
        self.outage = []  # (from, to): PostgreSQL away, 503 is the contract
        self.applications = []  # (name, e-mail, acknowledged)
        self.publishes = 0
        self.stopping = threading.Event()
        self.lock = threading.Lock()

    # --- requests -------------------------------------------------------------

    def send(self, kind, method, path, session=None, client=None, **kwargs):
        headers = {"Host": self.host, **kwargs.pop("headers", {})}
        if client:
            headers["X-Forwarded-For"] = client
        phase, started = self.phase, time.monotonic()
        try:
            response = (session or requests).request(
                method, self.base + path, headers=headers, timeout=60, **kwargs
            )
            outcome = response.status_code
        except requests.RequestException as error:
            response, outcome = None, type(error).__name__
        with self.lock:
            self.records.append((phase, kind, started, time.monotonic(), outcome))
        return response

    def reader(self, number):
        for n in range(10**9):
            if self.stopping.is_set():
                return
            # One address per few reads: the anonymous read rate is per address.
            client = f"198.18.{number}.{n % 250}"
            self.send("page", "GET", "/", client=client)
            self.send(
                "graphql", "GET", "/graphql/", params={"query": PAGE}, client=client
            )
            time.sleep(0.1)

    def until_done(self, attempt):
        """Retry `attempt` as a client would, until it answers true (or 90 s pass)."""
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if result := attempt():
                return result
            time.sleep(0.5)
        return None

    def form_token(self):
        def attempt():
            response = self.send(
                "form token", "POST", "/graphql/", json={"query": TOKEN}
            )
            if response is not None and response.status_code == 200:
                return (response.json().get("data") or {}).get("adhesionFormToken")

        return self.until_done(attempt)

    def submit(self, token, number):
        name = f"Drill {uuid.uuid4().hex[:8]}"
        email = f"drill-{uuid.uuid4().hex[:10]}@example.org"
        data = {
            "site": "club",
            "organisationName": name,
            "organisationKind": "association",
            "organisationAddress": "1 place de la Mairie, 69001 Lyon",
            "region": "ARA",
            "contactName": "Alex Martin",
            "contactEmail": email,
            "signatoryName": "Sam Martin",
            "signatoryTitle": "Présidente",
            "collaborationPlan": [{"title": "Partager", "actions": ["Visites"]}],
            "consent": True,
            "formToken": token,
            "idempotencyKey": f"drill-{uuid.uuid4().hex}",
        }
        client = f"198.19.{number // 250}.{number % 250}"

        def attempt():
            response = self.send(
                "submission",
                "POST",
                "/graphql/",
                json={"query": SUBMIT, "variables": {"input": data}},
                client=client,
            )
            if response is None or response.status_code != 200:
                return None
            answer = response.json()["data"]["submitCharterAdhesion"]
            codes = {error["code"] for error in answer["errors"]}
            if codes & TRANSIENT:
                return None
            return "refused " + ",".join(sorted(codes)) if codes else "accepted"

        self.applications.append((name, email, self.until_done(attempt)))

    def publish(self, admin, page_id):
        path = f"/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/"

        def attempt():
            page = self.send("publish", "GET", path, session=admin)
            if page is None or page.status_code != 200:
                return None
            token = CSRF.search(page.text)
            done = self.send(
                "publish",
                "POST",
                path,
                session=admin,
                data={"csrfmiddlewaretoken": token.group(1)},
                headers={"Referer": self.base + path},
                allow_redirects=False,
            )
            return done is not None and done.status_code == 302

        if self.until_done(attempt):
            self.publishes += 1

    def writer(self, admin, page_id):
        for number in range(10**9):
            if self.stopping.is_set():
                return
            token, issued = self.form_token(), time.monotonic()
            self.publish(admin, page_id)
            time.sleep(max(0.0, FORM_AGE - (time.monotonic() - issued)))
            self.submit(token, number)

    # --- faults ---------------------------------------------------------------

    def enter(self, phase):
        print(f"drill: {phase}", flush=True)
        self.phase = phase
        self.phases.append(phase)

    def status(self):
        return control(self.env["STACK_DIR"], "status")

    def wait_back(self, name, old_pid, port=None, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.status()[name]
            if state["state"] == "running" and state["pid"] != old_pid:
                if port is None or topology.answer(self.env, port, "/healthz/") == 200:
                    return True
            time.sleep(0.2)
        return False

    def kill(self, name, port=None):
        pid = self.status()[name]["pid"]
        self.enter(f"{name} killed (SIGKILL)")
        self.kills.append(time.monotonic())
        os.kill(pid, signal.SIGKILL)
        self.wait_back(name, pid, port)
        time.sleep(3)

    def outage_of(self, name, port):
        self.enter(f"{name} stopped {OUTAGE_SECONDS} s")
        started = time.monotonic()
        control(self.env["STACK_DIR"], "stop", name)
        time.sleep(OUTAGE_SECONDS)
        control(self.env["STACK_DIR"], "start", name)
        topology.wait_for_port(port, name)
        if name == "postgres":
            # 503 is the contract until the app servers' next connection.
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if topology.answer(self.env, self.env["APP1_PORT"], "/healthz/") == 200:
                    break
                time.sleep(0.2)
            self.outage.append((started, time.monotonic() + 1))
        time.sleep(3)

    def run(self):
        receiver = Receiver()
        endpoint = self.shell(
            "from partners.models import WebhookEndpoint; "
            "from partners.webhooks import new_secret; "
            "from pages.models import NetworkSettings; "
            "site = NetworkSettings.objects.get(key='club').site; "
            f"print(WebhookEndpoint.objects.create(site=site, url={receiver.url!r}, "
            "events=['page.published'], owner_email='drill@partner.example', "
            "secret=new_secret()).pk)"
        )
        try:
            return self.traffic_and_faults(receiver, endpoint)
        finally:
            self.shell(
                "from partners.models import WebhookEndpoint; "
                f"WebhookEndpoint.objects.filter(pk={endpoint}).delete()"
            )
            receiver.server.shutdown()

    def traffic_and_faults(self, receiver, endpoint):
        page = requests.get(
            self.base + "/graphql/",
            params={"query": PAGE},
            headers={"Host": self.host},
            timeout=60,
        )
        page_id = page.json()["data"]["page"]["id"]
        admin = login(self.base, self.host)
        threads = [threading.Thread(target=self.reader, args=(n,)) for n in range(2)]
        threads.append(threading.Thread(target=self.writer, args=(admin, page_id)))
        for thread in threads:
            thread.start()
        time.sleep(5)
        self.kill("app1", self.env["APP1_PORT"])
        self.kill("worker1")
        self.outage_of("redis", self.env["REDIS_PORT"])
        self.outage_of("postgres", self.env["PG_PORT"])
        self.enter("after")
        time.sleep(5)
        self.stopping.set()
        for thread in threads:
            thread.join()
        # The minute's timer (cms-webhooks.timer): deliveries a killed worker left.
        self.shell(
            "from django.core.management import call_command; "
            "call_command('send_pending_webhooks', verbosity=0)"
        )
        return drill_report.report(self, receiver, endpoint)

    def shell(self, code):
        return subprocess.run(
            [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
            cwd=topology.ROOT,
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    # --- the report -----------------------------------------------------------


def login(base, host, username="admin", password="demo-password"):
    session = requests.Session()
    form = session.get(base + "/admin/login/", headers={"Host": host}, timeout=60)
    done = session.post(
        base + "/admin/login/",
        headers={"Host": host, "Referer": base + "/admin/login/"},
        data={
            "csrfmiddlewaretoken": CSRF.search(form.text).group(1),
            "username": username,
            "password": password,
        },
        allow_redirects=False,
        timeout=60,
    )
    if done.status_code != 302:
        raise SystemExit(f"drill: could not log in as {username} ({done.status_code})")
    return session


def main():
    env = topology.environment()
    try:
        control(env["STACK_DIR"], "status")
    except OSError:
        raise SystemExit(
            f"drill: no stack running in {env['STACK_DIR']}: start `make stack` first "
            "(same STACK_PORT and STACK_DIR)"
        ) from None
    report = Drill(env).run()
    drill_report.print_report(report)
    if "--json" in sys.argv:
        Path(sys.argv[sys.argv.index("--json") + 1]).write_text(json.dumps(report))
    sys.exit(0 if all(report["checks"].values()) else 1)


if __name__ == "__main__":
    main()
