"""Refusals and failures as GraphQL error bodies: a code always, a 500 never bare.

Errors the partner caused are shown as they are (without "Did you mean"
suggestions once masked); server faults are masked and logged with the
request id the answer gives, so a partner's report finds the log line.
"""

import json
import logging
import re

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.translation import gettext as _
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.django.views import TemporalHttpResponse

from graphql_api.core.context import ApiContext
from graphql_api.core.errors import ErrorCode, error_body
from graphql_api.core.outage import RETRY_AFTER_SECONDS
from partners.keys import KeyRefused

logger = logging.getLogger("graphql_api")

SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


def json_response(body, status, content_type=None):
    return HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, separators=(",", ":")),
        status=status,
        content_type=content_type or "application/json",
    )


def masking_enabled() -> bool:
    mask = getattr(settings, "GRAPHQL_MASK_ERRORS", None)
    return (not settings.DEBUG) if mask is None else mask


def is_expected(error: GraphQLError) -> bool:
    """Tell errors the partner caused (shown as is) from server faults (masked)."""
    original = error.original_error
    return original is None or isinstance(original, GraphQLError)


def error_code(error: GraphQLError) -> str:
    code = (error.extensions or {}).get("code")
    if code:
        return code
    if isinstance(error, GraphQLSyntaxError):
        return ErrorCode.GRAPHQL_PARSE_FAILED
    if error.path is None and error.original_error is None:
        if error.message.startswith("Variable "):
            return ErrorCode.BAD_USER_INPUT
        return ErrorCode.GRAPHQL_VALIDATION_FAILED
    return ErrorCode.BAD_USER_INPUT


def format_error(error: GraphQLError, context: ApiContext) -> dict:
    if not is_expected(error) and masking_enabled():
        logger.error(
            "GraphQL request %s failed: %s",
            context.request_id,
            error.message,
            exc_info=error.original_error,
            extra={"request_id": context.request_id},
        )
        formatted = {
            "message": _("An unexpected error occurred."),
            "extensions": {
                "code": ErrorCode.INTERNAL_SERVER_ERROR,
                "requestId": context.request_id,
            },
        }
        if error.path:
            formatted["path"] = error.path
        return formatted
    formatted = error.formatted
    if masking_enabled():
        formatted["message"] = SUGGESTION.sub("", formatted["message"])
    extensions = dict(formatted.get("extensions") or {})
    extensions["code"] = str(error_code(error))
    if not is_expected(error):
        extensions["requestId"] = context.request_id
    formatted["extensions"] = extensions
    return formatted


def key_refusal(refused: KeyRefused):
    """The answer to a request its key (or its lack of one) turns away."""
    response = json_response(error_body(refused.message, refused.code), refused.status)
    response["Cache-Control"] = "no-store"
    if refused.retry_after:
        response["Retry-After"] = str(refused.retry_after)
    if refused.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="graphql"'
    return response


def unavailable(error):
    logger.warning("GraphQL request refused: the database is unreachable (%s)", error)
    response = json_response(
        error_body(
            _("The service is temporarily unavailable; try again in a moment."),
            ErrorCode.SERVICE_UNAVAILABLE,
        ),
        503,
    )
    response["Retry-After"] = RETRY_AFTER_SECONDS
    response["Cache-Control"] = "no-store"
    return response


def masked_failure(request):
    context = ApiContext(request=request, response=TemporalHttpResponse())
    logger.exception(
        "GraphQL request %s failed outside execution",
        context.request_id,
        extra={"request_id": context.request_id},
    )
    body = error_body(
        _("An unexpected error occurred."), ErrorCode.INTERNAL_SERVER_ERROR
    )
    body["errors"][0]["extensions"]["requestId"] = context.request_id
    return body
