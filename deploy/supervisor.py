"""The stack's processes, supervised as deploy/systemd/ has systemd do it.

- `Restart=on-failure`: a process that exits non-zero or dies of a signal
  (SIGKILL, SIGSEGV…) is started again; one that exits cleanly (status 0, as
  after SIGTERM) or that an operator stopped is left stopped.
- A back-off (`RestartSec=1`, `RestartSteps=4`, `RestartMaxDelaySec=16`): 1 s
  after the first failure, then 2, 4, 8 and 16 s.
- A start limit (`StartLimitBurst=5`, `StartLimitIntervalSec=60`): a process
  that fails 5 times within 60 s is given up on and reported, not looped for
  ever; the others keep running.
- `KillMode=mixed`: a stop sends SIGTERM to the main process only, and once it
  is gone, SIGKILL to whatever is left of its process group (a gunicorn
  master's orphaned workers after a `kill -9`, which would hold its port).

A control socket in the stack's folder (`python -m deploy.stack ctl status`,
`ctl stop redis`, `ctl start redis`) does what `systemctl` does for the units.
"""

import json
import os
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESTART_SEC, RESTART_MAX_DELAY_SEC = 1, 16
START_LIMIT_BURST, START_LIMIT_INTERVAL_SEC = 5, 60
# TimeoutStopSec of the units: SIGKILL after this long.
STOP_TIMEOUT = {"worker1": 60, "worker2": 60, "postgres": 60}
# The order of a clean stop: nothing new comes in, then nothing runs, then the
# stores close.
STOP_ORDER = [
    "cache",
    "balancer",
    "app1",
    "app2",
    "worker1",
    "worker2",
    "redis",
    "s3",
    "postgres",
]


def procfile():
    """The Procfile's processes, in order: {name: command}."""
    processes = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, command = line.split(":", 1)
            processes[name.strip()] = command.strip()
    return processes


def say(message):
    print(f"stack: {message}", flush=True)


def pg_bin():
    return sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]


class Process:
    """One Procfile process in its own process group, its output prefixed."""

    def __init__(self, name, env, command=None):
        self.name, self.env, self.popen = name, env, None
        self.command = command or procfile()[name]
        # The stack's PostgreSQL is stopped with pg_ctl, which knows its data.
        self.fast_shutdown = name == "postgres" and command is None
        self.wanted = False  # an operator wants it running
        self.failures = deque()  # when it failed, within the start limit's window
        self.restart_at = None
        self.gave_up = False
        self.restarts = 0
        self.lock = threading.RLock()

    def start(self):
        with self.lock:
            self.wanted, self.gave_up, self.restart_at = True, False, None
            if self.running():
                return self
            self.popen = subprocess.Popen(
                ["sh", "-c", "exec " + self.command],
                cwd=ROOT,
                env={**os.environ, **self.env},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            threading.Thread(
                target=self._relay, args=(self.popen,), daemon=True
            ).start()
            return self

    def _relay(self, popen):
        log = Path(self.env["STACK_DIR"]) / f"{self.name}.log"
        quiet = os.environ.get("STACK_QUIET") == "1"
        with log.open("ab") as sink:
            for line in popen.stdout:
                sink.write(line)
                sink.flush()
                if not quiet:
                    sys.stdout.write(f"{self.name:9}| {line.decode(errors='replace')}")

    @property
    def pid(self):
        return self.popen.pid if self.running() else None

    def running(self):
        return self.popen is not None and self.popen.poll() is None

    def signal(self, signum):
        """Send `signum` to the whole process group, as `systemctl kill` does."""
        if self.running():
            os.killpg(self.popen.pid, signum)

    def _kill_leftovers(self):
        try:
            os.killpg(self.popen.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def stop(self, timeout=None):
        """Stop it and keep it stopped: SIGTERM to the main process, then SIGKILL."""
        with self.lock:
            self.wanted, self.restart_at = False, None
            if self.popen is None:
                return
            timeout = timeout or STOP_TIMEOUT.get(self.name, 20)
            if self.running():
                if self.fast_shutdown:
                    self._stop_postgres(timeout)
                else:
                    self.popen.send_signal(signal.SIGTERM)
                try:
                    self.popen.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    say(f"{self.name} did not stop within {timeout} s: SIGKILL")
            self._kill_leftovers()
            self.popen.wait()

    def _stop_postgres(self, timeout):
        """`pg_ctl -m fast stop`, waited for: sessions cut, a checkpoint, then exit."""
        data = Path(self.env["STACK_DIR"]) / "pg"
        command = f"{pg_bin()}/pg_ctl -D {data} -m fast -w -t {timeout} stop"
        if os.getuid() == 0:
            args = ["su", "postgres", "-s", "/bin/sh", "-c", command]
        else:
            args = ["sh", "-c", command]
        subprocess.run(args, capture_output=True, check=False)

    def exited_on_failure(self):
        # systemd's "clean" ends: status 0 or SIGHUP, SIGINT, SIGTERM, SIGPIPE.
        code = self.popen.returncode
        clean_signals = (signal.SIGHUP, signal.SIGINT, signal.SIGTERM, signal.SIGPIPE)
        return code != 0 and -code not in clean_signals

    def state(self):
        if self.running():
            return "running"
        if self.gave_up:
            return "failed"
        if self.restart_at is not None:
            return "restarting"
        return "stopped"

    def supervise(self, now):
        """Called often: restart it after a failure, with a back-off and a limit."""
        # A stop or start in progress holds the lock: look again next time.
        if not self.lock.acquire(blocking=False):
            return
        try:
            if not self.wanted or self.popen is None or self.gave_up:
                return
            if self.running():
                return
            if self.restart_at is None:
                self._kill_leftovers()
                if not self.exited_on_failure():
                    self.wanted = False
                    say(
                        f"{self.name} exited cleanly; left stopped (Restart=on-failure)"
                    )
                    return
                self.failures.append(now)
                while self.failures[0] < now - START_LIMIT_INTERVAL_SEC:
                    self.failures.popleft()
                if len(self.failures) >= START_LIMIT_BURST:
                    self.gave_up = True
                    say(
                        f"{self.name} failed {len(self.failures)} times within "
                        f"{START_LIMIT_INTERVAL_SEC} s: given up "
                        f"(see {self.env['STACK_DIR']}/{self.name}.log); the rest runs on"
                    )
                    return
                delay = min(
                    RESTART_SEC * 2 ** (len(self.failures) - 1), RESTART_MAX_DELAY_SEC
                )
                self.restart_at = now + delay
                say(
                    f"{self.name} died (status {self.popen.returncode}); "
                    f"restarting in {delay} s"
                )
            elif now >= self.restart_at:
                self.restarts += 1
                self.start()
        finally:
            self.lock.release()


class Processes(dict):
    """The stack's processes by name, watched by a thread once `supervise` is called."""

    def __init__(self):
        super().__init__()
        self.watching = threading.Event()
        self.control = None

    def supervise(self, control_path=None):
        self.watching.set()
        threading.Thread(target=self._watch, daemon=True).start()
        if control_path:
            self.control = ControlServer(str(control_path), self)
            threading.Thread(target=self.control.serve_forever, daemon=True).start()
        return self

    def _watch(self):
        while self.watching.is_set():
            for process in list(self.values()):
                process.supervise(time.monotonic())
            time.sleep(0.2)

    def status(self):
        return {
            name: {
                "state": process.state(),
                "pid": process.pid,
                "restarts": process.restarts,
            }
            for name, process in self.items()
        }

    def stop_all(self):
        """Stop every process in STOP_ORDER, each waited for: no restart meanwhile."""
        self.watching.clear()
        if self.control:
            self.control.shutdown()
            self.control.server_close()
            Path(self.control.server_address).unlink(missing_ok=True)
        for process in self.values():
            with process.lock:
                process.wanted = False
        names = [name for name in STOP_ORDER if name in self]
        names += [name for name in self if name not in names]
        for name in names:
            self[name].stop()


class ControlHandler(socketserver.StreamRequestHandler):
    def handle(self):
        request = json.loads(self.rfile.readline())
        processes = self.server.processes
        name = request.get("name")
        if request["command"] in ("start", "stop") and name not in processes:
            answer = {"error": f"no process {name!r}"}
        elif request["command"] == "start":
            # An operator's start forgives past failures (`systemctl reset-failed`).
            processes[name].failures.clear()
            processes[name].start()
            answer = processes.status()
        elif request["command"] == "stop":
            processes[name].stop()
            answer = processes.status()
        else:
            answer = processes.status()
        self.wfile.write(json.dumps(answer).encode() + b"\n")


class ControlServer(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True

    def __init__(self, path, processes):
        Path(path).unlink(missing_ok=True)
        self.processes = processes
        super().__init__(path, ControlHandler)


def control(stack_dir, command, name=None, timeout=120):
    """Ask the running stack's supervisor: `status`, `start` or `stop` a process."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(str(Path(stack_dir) / "control.sock"))
        sock.sendall(json.dumps({"command": command, "name": name}).encode() + b"\n")
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    return json.loads(answer)
