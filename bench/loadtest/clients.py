"""The partner clients of the load test, and the timeline of faults they run through.

Each client is a thread that reads (GraphQL) and submits charter adhesions,
each with an idempotency key it sends again until it gets a reference, some of
them repeated on purpose; every request is kept as an `Outcome`.
"""

import http.client
import json
import random
import threading
import time
import zlib
from dataclasses import dataclass, field

from bench import scenarios
from bench.seed import SITE_KEY

SUBMIT_SHARE = 0.3
REPEAT_SHARE = 0.3
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
