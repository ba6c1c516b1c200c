"""A throw-away PostgreSQL cluster on loopback, like .ci/run's, for the load test."""

import glob
import os
import shlex
import shutil
import subprocess
import tempfile


def server_bin():
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda path: int(path.split("/")[-2].split(".")[0]),
    )
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run bench/system-packages.sh")
    return found[-1]


class Postgres:
    """initdb in a temporary directory, started on 127.0.0.1:port, removed at the end."""

    def __init__(self, port):
        self.port = port
        self.bin = server_bin()
        self.as_root = os.geteuid() == 0
        self.data = tempfile.mkdtemp(prefix="loadtest-pg.")
        self.url = f"postgres://cms:cms@127.0.0.1:{port}/cms"
        if self.as_root:
            shutil.chown(self.data, "postgres")

    def run(self, *args, check=True):
        command = [f"{self.bin}/{args[0]}", *args[1:]]
        if self.as_root:  # initdb refuses to run as root
            command = ["su", "postgres", "-c", shlex.join(command)]
        return subprocess.run(
            command, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def init(self):
        self.run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres")
        self.start()
        self.run(
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-qc",
            "CREATE ROLE cms LOGIN CREATEDB PASSWORD 'cms'",
        )
        self.run(
            "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
            "-O", "cms", "cms",
        )  # fmt: skip

    def start(self):
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k /tmp"
        self.run(
            "pg_ctl", "-D", self.data, "-o", options,
            "-l", f"{self.data}/server.log", "-w", "start",
        )  # fmt: skip

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def destroy(self):
        self.stop("immediate")
        shutil.rmtree(self.data, ignore_errors=True)
