# ruff: noqa: F403, F405 - settings extend the production module's names
"""Production settings, served on loopback for the benchmark and the load test.

Only what a benchmark needs differs from production: loopback hosts, no TLS
redirect, the adhesion guards relaxed (one client address sends thousands of
applications at once), Wagtail's REST API v2 and v3 as the peers, and mail that never
leaves the machine.
"""

import os
from pathlib import Path

os.environ.setdefault(
    "SECRET_KEY", "bench-only-secret-key-never-used-outside-loopback-0123456789"
)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
# The SQLite scenarios measure one process at a time: no row-lock races to lose.
os.environ.setdefault("ALLOW_SQLITE_IN_PRODUCTION", "1")

from cms.settings.production import *  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = Path(os.environ.get("BENCH_RESULTS_DIR", BENCH_DIR / "results"))

DEBUG = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

if "DATABASE_URL" not in os.environ:
    DATABASES["default"]["NAME"] = os.environ.get(
        "BENCH_SQLITE", str(RESULTS_DIR / "bench.sqlite3")
    )
    # Several workers share the file: wait for the writer instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

MEDIA_ROOT = RESULTS_DIR / "media"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

ROOT_URLCONF = "bench.urls"
# The bench's app first: its ready() gives the peers their API fields (bench/apps.py).
INSTALLED_APPS = [
    "bench.apps.BenchConfig",
    *INSTALLED_APPS,
    "wagtail.api.v2",
    "wagtail.api.v3",
    "rest_framework",
]
# The REST API's signatory list must serve as many items as ours (100).
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_BASE_URL = "http://127.0.0.1"

# One address sends every application: the guards would turn the bench away.
FORMS_WORKFLOWS_RATE_LIMIT = 10**9
FORMS_WORKFLOWS_FORM_MIN_SECONDS = 0
# Every benchmark client reads from 127.0.0.1: the per-address read rate is off.
GRAPHQL_ANONYMOUS_READ_RATE = 0

# Mail: the load test's failing-on-demand backend, else nothing leaves the machine.
EMAIL_BACKEND = os.environ.get(
    "BENCH_EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend"
)
BENCH_MAIL_OUTBOX = RESULTS_DIR / "outbox"
BENCH_MAIL_FAIL_FLAG = RESULTS_DIR / "mail-fails"

# Seeding runs its tasks at once: a queue of index updates would otherwise sit
# in front of the e-mails the load test waits for.
if os.environ.get("BENCH_TASKS") == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "WARNING")

# The publish storm counts SQL queries per answer to tell hits (none) from misses.
# Its editor and worker write while the servers read: SQLite writers take the
# lock when their transaction starts, and wait for it, rather than fail on
# upgrading a read lock.
if os.environ.get("BENCH_COUNT_SQL"):
    MIDDLEWARE = ["bench.sql_count.CountQueries", *MIDDLEWARE]
    if "DATABASE_URL" not in os.environ:
        DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
# One address sends every read: the per-address read rate would turn it away.
GRAPHQL_ANONYMOUS_READ_RATE = 0
# The load test's webhook receiver listens on loopback, and goes down for a
# few seconds only: retries come within seconds, not Standard Webhooks' hours.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
WEBHOOK_RETRY_DELAYS = [1, 2, 4, 8] + [8] * 20
