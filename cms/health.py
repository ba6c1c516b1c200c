"""The load balancers' health check.

Load balancers ask over plain HTTP, by the backend's IP address, often with
HEAD. The middleware answers /healthz/ before anything reads the host (so
ALLOWED_HOSTS does not turn an IP into a 400) or redirects to HTTPS (a 301
would read as "down"); the answer carries no content, so nothing is exposed.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import DatabaseError, connection
from django.http import HttpResponseNotAllowed, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


PATH = "/healthz/"
HEARTBEAT_KEY = "tasks:worker-heartbeat"
# Backends that run a task in the request itself: no worker to wait for.
IN_PROCESS_TASK_BACKENDS = (
    "django_tasks.backends.immediate.ImmediateBackend",
    "django_tasks.backends.dummy.DummyBackend",
)


def record_worker_heartbeat(worker_id):
    """Tell every app server that a task worker is alive (the shared cache)."""
    cache.set(HEARTBEAT_KEY, {"at": time.time(), "worker": worker_id}, timeout=86400)


def tasks_state(cache_state):
    """ "ok" when a worker beat within TASK_WORKER_HEARTBEAT_MAX_AGE, else "stale".

    None when tasks run in the request (the demo, the tests): nothing to report.
    """
    if settings.TASKS["default"]["BACKEND"] in IN_PROCESS_TASK_BACKENDS:
        return None
    if cache_state != "ok":
        return "unknown"  # the heartbeats are in the cache that is away
    beat = cache.get(HEARTBEAT_KEY)
    if beat and time.time() - beat["at"] <= settings.TASK_WORKER_HEARTBEAT_MAX_AGE:
        return "ok"
    logger.error("health check: no task worker seen for a minute or more")
    return "stale"


def database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("health check: database unreachable (%s)", type(error).__name__)
        return "unreachable"
    return "ok"


def cache_state():
    # Adding is what the guards need, and what the fail-safe Redis cache
    # refuses (ConnectionError) while Redis is away; reads would only miss.
    try:
        cache.add("healthz:probe", 1, timeout=5)
    except ConnectionError as error:
        logger.error("health check: cache unreachable (%s)", type(error).__name__)
        return "unreachable"
    return "ok"


def storage_state():
    try:
        for name in ("default", "restricted_media", "private"):
            storages[name].exists("healthz-probe")
    except Exception as error:  # noqa: BLE001 - any backend's failure is "unreachable"
        logger.error("health check: storage unreachable (%s)", type(error).__name__)
        return "unreachable"
    return "ok"


@never_cache
@require_safe
def healthz(request):
    """Report each dependency; 503 only when the database is away.

    Without the cache, the object storage or a task worker the site still
    answers (uncached, uploads refused, e-mails and webhooks late), so the
    balancer must keep sending it requests: the status says "degraded" for the
    monitoring, with a 200. `tasks` is only there when workers run the tasks.
    """
    states = {
        "database": database_state(),
        "cache": cache_state(),
        "storage": storage_state(),
    }
    tasks = tasks_state(states["cache"])
    if tasks is not None:
        states["tasks"] = tasks
    if states["database"] != "ok":
        return JsonResponse({"status": "error", **states}, status=503)
    healthy = all(state == "ok" for state in states.values())
    return JsonResponse({"status": "ok" if healthy else "degraded", **states})


class HealthCheckMiddleware:
    """Answer /healthz/ first of all: no host check, no HTTPS redirect, GET or HEAD."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        response = healthz(request)
        if request.method == "HEAD":
            response.content = b""
        return response
