"""/healthz/ sees the task workers: a real worker process, started and stopped here."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings

# The heartbeat is this old at most while a worker runs (it beats every 0.8 s).
MAX_AGE = 5


def worker_environment(tmp_path, redis_url):
    """A worker as production runs it: its own database file, the shared Redis."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "a-long-production-secret-for-this-test-only-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tasks.sqlite3'}",
        "REDIS_URL": redis_url,
        # one worker, one table: SQLite is enough for the heartbeat
        "ALLOW_SQLITE_IN_PRODUCTION": "1",
        "TASK_WORKER_HEARTBEAT_MAX_AGE": str(MAX_AGE),
    }


@pytest.fixture
def queued_tasks(settings):
    """This server's settings as production's: tasks queued for the workers."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_WORKER_HEARTBEAT_MAX_AGE = MAX_AGE


def manage(env, *args, **kwargs):
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def tasks_reported(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    return response.json()["status"], response.json()["tasks"]


def wait_for(check, expected, timeout=180):
    deadline = time.monotonic() + timeout
    while (value := check()) != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    return value


def test_healthz_is_degraded_until_a_worker_beats_and_again_once_it_stops(
    client, db, shared_redis, queued_tasks, tmp_path
):
    env = worker_environment(tmp_path, shared_redis.url)
    migrated = manage(env, "migrate", "django_tasks_database", "-v", "0")
    assert migrated.wait(timeout=300) == 0, migrated.stderr.read()
    # given no worker has ever run: degraded, still 200, the rest "ok"
    assert tasks_reported(client) == ("degraded", "stale")

    # when a worker process starts
    worker = manage(
        env, "db_worker", "--worker-id", "heartbeat", "--no-reload", "--interval", "0.2"
    )
    try:
        # then every server sees it through the shared cache
        assert wait_for(lambda: tasks_reported(client), ("ok", "ok")) == ("ok", "ok")
        # and it stays seen for longer than the heartbeat's maximum age
        time.sleep(MAX_AGE + 1)
        assert tasks_reported(client) == ("ok", "ok")
        # when it is frozen (SIGSTOP), as the issue found both workers
        worker.send_signal(signal.SIGSTOP)
        # then, once the maximum age has passed, degraded again
        assert wait_for(lambda: tasks_reported(client), ("degraded", "stale")) == (
            "degraded",
            "stale",
        )
        worker.send_signal(signal.SIGCONT)
        assert wait_for(lambda: tasks_reported(client), ("ok", "ok")) == ("ok", "ok")
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_without_the_cache_the_workers_state_is_unknown(
    client, db, redis_away, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json()["tasks"] == "unknown"
    assert response.json()["status"] == "degraded"


def test_tasks_run_in_the_request_report_no_workers(client, db):
    response = client.get("/healthz/")

    assert "tasks" not in response.json()
