"""Refuse, with a 400, any address whose path or query is not clean text.

A NUL byte reaches PostgreSQL as a parameter it cannot store (a 500), and bytes
that are not UTF-8 become characters nobody typed; neither is an address the
hosted sites ever make. One check before any view, on every path but the API's
(which refuses such strings itself, with its JSON error and INVALID_STRING).
"""

import re
from urllib.parse import unquote_to_bytes

from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.translation import gettext

API_PATH = "/graphql/"
LANGUAGES = ("fr", "en")


def is_clean(raw: bytes) -> bool:
    """Whether `raw` (percent-decoded) is UTF-8 text without a NUL."""
    if b"\x00" in raw:
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# Django hands the path over decoded, with the bytes that were not UTF-8
# percent-encoded again (`repercent_broken_unicode`): such an escape of a
# non-ASCII byte is what remains of them.
BROKEN_TEXT = re.compile(r"%[89a-fA-F][0-9a-fA-F]")


def path_is_clean(request) -> bool:
    scope = getattr(request, "scope", None)
    if scope is not None and scope.get("raw_path"):  # ASGI keeps the bytes
        return is_clean(unquote_to_bytes(scope["raw_path"]))
    path = request.path_info
    return "\x00" not in path and not BROKEN_TEXT.search(path)


def query_bytes(request) -> bytes:
    scope = getattr(request, "scope", None)
    if scope is not None:
        return unquote_to_bytes(scope.get("query_string", b""))
    # WSGI hands the query string over as it came, in a latin-1 string
    raw = request.META.get("QUERY_STRING", "").encode("iso-8859-1", "replace")
    return unquote_to_bytes(raw)


def refusal() -> HttpResponseBadRequest:
    """The visitor's language is not known yet: say it in both."""
    lines = []
    for language in LANGUAGES:
        with translation.override(language):
            lines.append(
                gettext(
                    "This address contains a character that is not allowed "
                    "(a null character or invalid text). Check the link."
                )
            )
    return HttpResponseBadRequest(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


class CleanUrlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != API_PATH:
            if not (path_is_clean(request) and is_clean(query_bytes(request))):
                return refusal()
        return self.get_response(request)
