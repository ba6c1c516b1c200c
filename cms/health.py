"""The load balancers' health check.

Load balancers ask over plain HTTP, by the backend's IP address, often with
HEAD. The middleware answers /healthz/ before anything reads the host (so
ALLOWED_HOSTS does not turn an IP into a 400) or redirects to HTTPS (a 301
would read as "down"); the answer carries no content, so nothing is exposed.
"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponseNotAllowed, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


PATH = "/healthz/"


@never_cache
@require_safe
def healthz(request):
    """Answer 200 when the database answers a trivial query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("health check: database unreachable (%s)", type(error).__name__)
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


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
