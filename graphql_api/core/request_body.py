"""What a request's JSON must be before GraphQL sees it: small, shallow, valid text.

Checked before or right after decoding, so that a hostile body costs a scan,
not a deep recursion in the decoder, the variable coercion or the database
driver: too large is 413 QUERY_TOO_LARGE, too deeply nested or malformed is
400 INVALID_JSON, a lone surrogate (text no UTF-8 can carry) is 400
INVALID_STRING.
"""

import json
import re

from django.conf import settings
from django.utils.translation import gettext as _
from strawberry.file_uploads.utils import replace_placeholders_with_files

from graphql_api.core.errors import ErrorCode


class RequestRefused(Exception):
    def __init__(self, status, message, code, allow=None):
        super().__init__(message)
        self.status, self.message, self.code, self.allow = status, message, code, allow


JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")
INNERMOST_PAIR = re.compile(r"\[\]|\{\}")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# NUL ends a C string: PostgreSQL refuses it in text, logs would cut there.
NUL = "\x00"


def check_size(length: int) -> None:
    max_size = settings.GRAPHQL_MAX_BODY_SIZE
    if length > max_size:
        raise RequestRefused(
            413,
            _("The request is larger than %(max)d bytes.") % {"max": max_size},
            ErrorCode.QUERY_TOO_LARGE,
        )


def nested_deeper_than(text: str, max_depth: int) -> bool:
    """Tell whether JSON text nests arrays and objects deeper than `max_depth`.

    Strings are removed, then each pass removes the innermost pairs of
    brackets: what is left after `max_depth` passes is deeper (or unbalanced,
    which the decoder refuses anyway). Each pass is one linear regex scan.
    """
    brackets = NOT_A_BRACKET.sub("", JSON_STRING.sub("", text))
    for _level in range(max_depth):
        if not brackets:
            return False
        brackets = INNERMOST_PAIR.sub("", brackets)
    return bool(brackets)


def load_json(text: str | bytes):
    """Decode JSON from a client, refusing what would be costly or unusable."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise invalid_json() from exc
    check_size(len(text))
    if nested_deeper_than(text, settings.GRAPHQL_MAX_JSON_DEPTH):
        raise RequestRefused(
            400,
            _("The request's JSON is nested deeper than %(max)d levels.")
            % {"max": settings.GRAPHQL_MAX_JSON_DEPTH},
            ErrorCode.INVALID_JSON,
        )
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise invalid_json() from exc
    check_strings(data)
    return data


def invalid_json():
    return RequestRefused(
        400, _("The request is not valid JSON."), ErrorCode.INVALID_JSON
    )


def check_strings(value) -> None:
    """Refuse a lone surrogate or a NUL anywhere: no database or log stores them."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if NUL in item or (not item.isascii() and LONE_SURROGATE.search(item)):
                raise RequestRefused(
                    400,
                    _("The request contains text that is not valid Unicode."),
                    ErrorCode.INVALID_STRING,
                )
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def multipart_operations(request) -> dict:
    """The GraphQL multipart request convention: files fill the null variables.

    `operations` must be one JSON object (a batch is not served) and `map` an
    object of lists of paths; anything else is 400 BAD_REQUEST, not a failure
    deep in the placeholder replacement.
    """
    operations = load_json(request.POST.get("operations", ""))
    files_map = load_json(request.POST.get("map") or "{}")
    if not isinstance(operations, dict):
        raise RequestRefused(
            400, _("operations must be a JSON object."), ErrorCode.BAD_REQUEST
        )
    if not isinstance(files_map, dict) or not all(
        isinstance(paths, list) and all(isinstance(p, str) for p in paths)
        for paths in files_map.values()
    ):
        raise RequestRefused(
            400,
            _("map must be a JSON object of lists of paths."),
            ErrorCode.BAD_REQUEST,
        )
    try:
        return replace_placeholders_with_files(operations, files_map, request.FILES)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise RequestRefused(
            400,
            _("The multipart request does not follow the convention."),
            ErrorCode.BAD_REQUEST,
        ) from exc
