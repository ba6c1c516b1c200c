"""Spam and abuse guards shared by the hosted forms and the API, no third party.

- a honeypot field that people never see and robots fill in;
- a signed timing token: a form sent less than a few seconds after it was
  served, or a day later, is turned away;
- a per-IP rate limit held in the cache (shared by every app server when the
  cache is Redis);
- idempotency keys (see `submission.py`): a retried request returns the
  application it already made.
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

TOKEN_SALT = "forms_workflows.form-token"
HONEYPOT_FIELD = "fax_number"


class GuardCode:
    SPAM_SUSPECTED = "SPAM_SUSPECTED"
    FORM_TOKEN_INVALID = "FORM_TOKEN_INVALID"
    FORM_TOO_FAST = "FORM_TOO_FAST"
    FORM_EXPIRED = "FORM_EXPIRED"
    RATE_LIMITED = "RATE_LIMITED"


def _setting(name, default):
    return getattr(settings, f"FORMS_WORKFLOWS_{name}", default)


def issue_form_token(issued_at=None):
    """Return a signed token recording when a form was served."""
    issued_at = time.time() if issued_at is None else issued_at
    return signing.dumps(
        {"t": int(issued_at), "n": secrets.token_hex(8)}, salt=TOKEN_SALT
    )


def check_form_token(token, now=None):
    """Raise ValidationError unless the token is genuine and of a plausible age."""
    now = time.time() if now is None else now
    try:
        issued_at = signing.loads(token or "", salt=TOKEN_SALT)["t"]
    except (signing.BadSignature, KeyError, TypeError):
        raise ValidationError(
            _("The form could not be verified. Please reload the page and try again."),
            code=GuardCode.FORM_TOKEN_INVALID,
        ) from None
    age = now - issued_at
    if age < _setting("FORM_MIN_SECONDS", 3):
        raise ValidationError(
            _("The form was sent too quickly. Please check it and send it again."),
            code=GuardCode.FORM_TOO_FAST,
        )
    if age > _setting("FORM_MAX_SECONDS", 24 * 3600):
        raise ValidationError(
            _("The form has expired. Please reload the page and fill it in again."),
            code=GuardCode.FORM_EXPIRED,
        )


def check_honeypot(value):
    if value:
        raise ValidationError(
            _("The form could not be sent."), code=GuardCode.SPAM_SUSPECTED
        )


def client_ip(request):
    """The client's address; behind a proxy, set FORMS_WORKFLOWS_CLIENT_IP_HEADER."""
    header = _setting("CLIENT_IP_HEADER", None)
    if header and request.META.get(header):
        # The proxy appends the address it saw: the right-most one is trustworthy.
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _rate_key(scope, ip):
    window = int(time.time()) // _setting("RATE_LIMIT_WINDOW", 3600)
    # The address is hashed: the cache holds no personal data in clear.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    return f"forms_workflows:rate:{scope}:{digest}:{window}"


def check_rate_limit(scope, ip):
    """Raise RATE_LIMITED once this address made its quota of applications."""
    if (cache.get(_rate_key(scope, ip)) or 0) >= _setting("RATE_LIMIT", 5):
        raise ValidationError(
            _("Too many applications from your network. Please try again later."),
            code=GuardCode.RATE_LIMITED,
        )


def count_submission(scope, ip):
    key = _rate_key(scope, ip)
    if not cache.add(key, 1, timeout=_setting("RATE_LIMIT_WINDOW", 3600)):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=_setting("RATE_LIMIT_WINDOW", 3600))
