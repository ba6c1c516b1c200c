"""Run one side of a race in a thread with its own database connection (PostgreSQL)."""

import threading
import time

from django.db import connection, connections

LOCK_WAIT_LIMIT = 30  # seconds: only a bound, never asserted


def in_thread(target, outcomes):
    """Start `target` in a thread with its own connection; its result goes in `outcomes`."""

    def run():
        try:
            outcomes.append(target())
        except Exception as error:  # reported to the test, not lost in the thread
            outcomes.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def wait_for_a_blocked_connection():
    """Return once another connection waits for a row lock this transaction holds."""
    deadline = time.monotonic() + LOCK_WAIT_LIMIT
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
        time.sleep(0.02)
    raise AssertionError("the other connection never reached the locked row")
