"""The stack (`make stack`'s topology) started once for these tests, on other ports.

Each test talks HTTP to app server A, app server B or the balancer, as a partner,
an editor or an operator would; the database is read with SQL for the checks a
user cannot make from outside (how many rows). Run by `make stack-test`.
"""

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
import redis
import requests

from deploy import stack as topology
from deploy.supervisor import Processes

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Stack:
    def __init__(self, env, running):
        self.env, self.running = env, running
        self.port = {
            "a": env["APP1_PORT"],
            "b": env["APP2_PORT"],
            "balancer": env["STACK_PORT"],
            "cache": env["CACHE_PORT"],
        }
        self.host = f"club.localhost:{env['STACK_PORT']}"

    def url(self, server, path):
        return f"http://127.0.0.1:{self.port[server]}{path}"

    def get(self, server, path, session=None, **kwargs):
        headers = {"Host": self.host, **kwargs.pop("headers", {})}
        return (session or requests).get(
            self.url(server, path), headers=headers, timeout=90, **kwargs
        )

    def post(self, server, path, session=None, **kwargs):
        headers = {"Host": self.host, **kwargs.pop("headers", {})}
        return (session or requests).post(
            self.url(server, path), headers=headers, timeout=90, **kwargs
        )

    def query(self, server, query, variables=None):
        """A partner's anonymous GET, the cacheable kind."""
        params = {"query": query}
        if variables:
            params["variables"] = json.dumps(variables)
        response = self.get(server, "/graphql/", params=params)
        assert response.status_code == 200, response.text
        return response.json()

    def mutate(self, server, query, variables, client="203.0.113.10", **kwargs):
        response = self.post(
            server,
            "/graphql/",
            json={"query": query, "variables": variables},
            headers={"X-Forwarded-For": client},
            **kwargs,
        )
        return response

    def login(self, server, username, password="demo-password"):
        session = requests.Session()
        page = self.get(server, "/admin/login/", session=session)
        token = CSRF.search(page.text).group(1)
        done = self.post(
            server,
            "/admin/login/",
            session=session,
            data={
                "csrfmiddlewaretoken": token,
                "username": username,
                "password": password,
            },
            headers={"Referer": self.url(server, "/admin/login/")},
            allow_redirects=False,
        )
        assert done.status_code == 302, f"{username} could not log in on {server}"
        return session

    def form_post(self, server, session, path, data, files=None):
        """Open an admin form on `server`, then send it with its CSRF token."""
        page = self.get(server, path, session=session)
        assert page.status_code == 200, (path, page.status_code)
        token = CSRF.search(page.text).group(1)
        return self.post(
            server,
            path,
            session=session,
            data={"csrfmiddlewaretoken": token, **data},
            files=files,
            headers={"Referer": self.url(server, path)},
            allow_redirects=False,
        )

    def sql(self, statement, *params):
        with psycopg.connect(self.env["DATABASE_URL"]) as connection:
            return connection.execute(statement, params).fetchall()

    def shell(self, code):
        """Run Python in a `manage.py shell` of its own: a third process, like cron."""
        result = subprocess.run(
            [
                str(ROOT / ".venv/bin/python"),
                "manage.py",
                "shell",
                "-v",
                "0",
                "-c",
                code,
            ],
            cwd=ROOT,
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    def redis(self):
        return redis.Redis.from_url(self.env["REDIS_URL"], socket_timeout=2)

    def mails(self):
        folder = Path(self.env["EMAIL_FILE_PATH"])
        return [path.read_text() for path in sorted(folder.glob("*.log"))]


@pytest.fixture(scope="session")
def stack():
    if os.environ.get("STACK_REUSE"):
        # A stack already running (`make stack` in another terminal): faster to
        # iterate on a test; the faults tests stop and restart its processes.
        yield Stack(topology.environment(), {})
        return
    # A folder every user can cross: PostgreSQL runs as `postgres` under root.
    stack_dir = tempfile.mkdtemp(prefix="cms-stack-")
    os.chmod(stack_dir, 0o755)
    os.environ["STACK_DIR"] = stack_dir
    os.environ.setdefault("STACK_PORT", os.environ.get("STACK_TEST_PORT", "18080"))
    os.environ["STACK_QUIET"] = "1"
    env = topology.environment()
    running = Processes()
    try:
        topology.start_services(env, running)
        # Returns once every server answers warm, as `make stack` does.
        topology.start_application(env, running)
        running.supervise(Path(stack_dir) / "control.sock")
        yield Stack(env, running)
    finally:
        topology.stop_all(running)
        if not os.environ.get("STACK_KEEP"):  # STACK_KEEP=1 keeps the logs
            shutil.rmtree(stack_dir, ignore_errors=True)


@pytest.fixture
def fresh_limits(stack):
    """Forget the rate-limit counters of earlier tests (they live in Redis)."""
    stack.redis().flushdb()
    yield


def wait_until(check, timeout=30, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    return check()
