"""One JSON line per request, with a request id, and nothing personal.

The line has the method, the path without its query string (a GraphQL GET's
variables may carry what a visitor typed), the status, the duration and the
request id, which is also sent back as `X-Request-ID` so a partner can quote
it. Client addresses, e-mails and user ids are never written.
"""

import json
import logging
import re
import time
import uuid

logger = logging.getLogger("cms.request")

# A request id a proxy in front may pass on; anything else is replaced.
GIVEN_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class JsonFormatter(logging.Formatter):
    """Every log record as one JSON object on one line."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if GIVEN_ID.match(given) else uuid.uuid4().hex
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        logger.info(
            "request",
            extra={
                "fields": {
                    "request_id": request.id,
                    "method": request.method,
                    "host": request.META.get("HTTP_HOST", ""),
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                }
            },
        )
        return response
