"""Answer 503 while the database cannot be reached, instead of a bare 500.

A database restart or fail-over makes every request fail for a few seconds;
load balancers and partners retry a 503 with Retry-After, not a 500. Only a
connection-level failure counts (graphql_api.core.outage): any other database
error is Django's 500, logged with its traceback.
"""

import logging

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from graphql_api.core.outage import RETRY_AFTER_SECONDS, is_database_outage

logger = logging.getLogger(__name__)


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None  # Django logs it with its traceback and answers 500
        logger.warning("request refused: the database is unreachable (%s)", exception)
        message = _("The service is temporarily unavailable; try again in a moment.")
        if "text/html" in request.headers.get("Accept", ""):
            response = HttpResponse(
                render_to_string("503.html", {"message": message}), status=503
            )
        else:
            response = JsonResponse(
                {
                    "errors": [
                        {
                            "message": message,
                            "extensions": {"code": "SERVICE_UNAVAILABLE"},
                        }
                    ]
                },
                status=503,
            )
        response["Retry-After"] = RETRY_AFTER_SECONDS
        response["Cache-Control"] = "no-store"
        return response
