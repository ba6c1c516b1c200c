"""Idempotency keys: a retried request gets back what it made, and nothing else.

A key is stored scoped to its caller (`guards.Caller.scope`: the network and
the client), so two callers choosing the same key never meet; and beside it
the fingerprint of the request's input, so a replay with another body is
refused (IDEMPOTENCY_KEY_REUSED) instead of answered with the first result.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forms_workflows.guards import HONEYPOT_FIELD, GuardCode

MAX_KEY_LENGTH = 100
# Guards, not content: a retry may carry a fresh token and still be the same request.
NOT_CONTENT = ("form_token", HONEYPOT_FIELD)


def clean_key(idempotency_key):
    return (idempotency_key or "").strip()[:MAX_KEY_LENGTH] or None


def _file_digest(uploaded):
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: uploaded.read(65536), b""):
        digest.update(chunk)
    uploaded.seek(position)
    return digest.hexdigest()


def fingerprint(data, uploads=None, **context):
    """The hash of a request's canonical input (its files by content)."""
    canonical = {
        "data": {k: v for k, v in data.items() if k not in NOT_CONTENT},
        "files": {
            kind: [_file_digest(item) for item in items]
            for kind, items in (uploads or {}).items()
        },
        "context": context,
    }
    text = json.dumps(canonical, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def key_reused():
    return ValidationError(
        _(
            "This idempotency key was already used for another request: "
            "use a new key for a new request."
        ),
        code=GuardCode.IDEMPOTENCY_KEY_REUSED,
    )


def replay(queryset, scoped_key, request_fingerprint):
    """The object this caller's request already made, or None; raise if another body."""
    if not scoped_key:
        return None
    previous = queryset.filter(idempotency_key=scoped_key).first()
    if previous is None:
        return None
    if previous.idempotency_fingerprint != request_fingerprint:
        raise key_reused()
    return previous
