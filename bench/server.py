"""Start and watch a gunicorn server on loopback: shared by the bench and the load test."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving cms.wsgi with the bench settings; stops with its owner.

    `root` is the code it serves: this checkout, or the bench's baseline.
    """

    def __init__(self, workers, env, log_path, port=None, timeout=30, root=ROOT):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "gunicorn",
                "cms.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                str(timeout),
                "--graceful-timeout",
                "5",
                "--log-level",
                "warning",
            ],
            cwd=root,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, limit=90):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode})")
            try:
                with urllib.request.urlopen(self.url + "/healthz/", timeout=5) as r:
                    if r.status == 200 and len(self.workers()) > 0:
                        return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz/ in time")

    def workers(self):
        """The worker processes' ids (children of the master)."""
        pid = self.process.pid
        try:
            text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]

    def cpu_seconds(self):
        return sum(cpu_seconds(pid) for pid in [self.process.pid, *self.workers()])

    def peak_rss_mb(self):
        return max((peak_rss_mb(pid) for pid in self.workers()), default=0.0)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def settle(servers, interval=0.1, limit=15.0):
    """Wait until the servers spend no more CPU (at most `limit` seconds).

    When wrk stops, the requests it had sent are still served: a REST search
    takes half a second, so two workers stay busy for about a second, which
    the next measure, on the same two cores, would pay for.
    """
    deadline = time.monotonic() + limit
    last = sum(server.cpu_seconds() for server in servers)
    while time.monotonic() < deadline:
        time.sleep(interval)
        now = sum(server.cpu_seconds() for server in servers)
        # the clock ticks by 10 ms: under two ticks in the interval is idle
        if now - last < 0.02:
            return
        last = now


def cpu_seconds(pid):
    """User + system CPU time of one process, in seconds (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def peak_rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def machine():
    """What the numbers were taken on."""
    model = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory_kb = int(line.split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": sys.version.split()[0],
    }
