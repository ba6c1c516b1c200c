"""Spam and abuse guards shared by the hosted forms and the API, no third party.

- a honeypot field that people never see and robots fill in;
- a signed timing token: a form sent less than a few seconds after it was
  served, or a day later, is turned away; its nonce serves one successful
  submission only;
- a per-address rate limit held in the cache (shared by every app server when
  the cache is Redis), counted before it is checked so parallel requests
  cannot all pass;
- idempotency keys scoped to the caller and bound to the request (see
  `idempotency.py`): a retried request returns what it already made for that
  caller, another body under the same key is refused.

The client's address comes from the proxy's header only when the direct peer
is one of `FORMS_WORKFLOWS_TRUSTED_PROXIES`.
"""

import hashlib
import hmac
import ipaddress
import secrets
import time
from dataclasses import dataclass

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
    FORM_TOKEN_USED = "FORM_TOKEN_USED"
    FORM_TOO_FAST = "FORM_TOO_FAST"
    FORM_EXPIRED = "FORM_EXPIRED"
    RATE_LIMITED = "RATE_LIMITED"
    TRY_AGAIN_LATER = "TRY_AGAIN_LATER"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"


def _setting(name, default):
    return getattr(settings, f"FORMS_WORKFLOWS_{name}", default)


def form_token_min_seconds():
    """How long a form must be shown before it is sent (partners render forms too)."""
    return _setting("FORM_MIN_SECONDS", 3)


def _digest(*parts):
    """A keyed hash: the cache and the database hold no address in clear."""
    message = "\x1f".join(str(part) for part in parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Caller:
    """Who sends a mutation: the network it targets and the client it comes from.

    The client is its address (`ip:<address>`), or a partner's API key
    (`key:<public id>`): a partner server submits for many people from one
    address, so its submissions count against its key's quota instead.
    """

    site_id: int | None
    client: str
    # The key's submissions per rate window; None: the per-address setting.
    quota: int | None = None

    @classmethod
    def from_request(cls, request, site):
        return cls(site_id=getattr(site, "pk", None), client=f"ip:{client_ip(request)}")

    @property
    def address(self):
        """The client's address, for the per-address rate limit ("" if a key)."""
        return self.client[3:] if self.client.startswith("ip:") else ""

    @property
    def rate_subject(self):
        """What the submission rate limit counts: the address, or the key."""
        return self.address or self.client

    def take_slot(self, scope, limit=None):
        """Count one submission of this caller (see `take_rate_slot`)."""
        if limit is None and self.quota is not None:
            limit = self.quota
        return take_rate_slot(scope, self.rate_subject, limit=limit)

    def scope(self, idempotency_key):
        """The stored form of an idempotency key: this caller's, nobody else's."""
        return _digest("idempotency", self.site_id, self.client, idempotency_key)


# --- the timing token and its nonce ---------------------------------------------


def issue_form_token(issued_at=None):
    """Return a signed token recording when a form was served."""
    issued_at = time.time() if issued_at is None else issued_at
    return signing.dumps(
        {"t": int(issued_at), "n": secrets.token_hex(8)}, salt=TOKEN_SALT
    )


def reissue_form_token(posted_token):
    """The token of a form shown again after a refusal: its clock keeps running.

    A person who corrects one field and sends again within 3 seconds is not a
    robot: the new token (a new nonce) keeps the time the form was first shown.
    """
    try:
        issued_at, _nonce = _read_token(posted_token)
    except ValidationError:
        return issue_form_token()
    return issue_form_token(issued_at=issued_at)


def _read_token(token):
    try:
        content = signing.loads(token or "", salt=TOKEN_SALT)
        return int(content["t"]), str(content.get("n", ""))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise ValidationError(
            _("The form could not be verified. Please reload the page and try again."),
            code=GuardCode.FORM_TOKEN_INVALID,
        ) from None


def _nonce_key(nonce):
    return f"forms_workflows:nonce:{nonce}"


SPENT_ONCE = "once"


def check_form_token(token, now=None):
    """Raise ValidationError unless the token is genuine, unused and of a plausible age."""
    now = time.time() if now is None else now
    issued_at, nonce = _read_token(token)
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
    # A claim under an idempotency key may be this very request's, retried:
    # `spend_form_token`, which knows the key, decides those.
    if nonce and cache.get(_nonce_key(nonce)) == SPENT_ONCE:
        raise _token_used()


def _cannot_count():
    # The shared cache (Redis) is away: a quota or a token's single use cannot
    # be checked, and letting everything through would open the gate to spam.
    return ValidationError(
        _(
            "Applications cannot be received for a moment. Please try again in a few minutes."
        ),
        code=GuardCode.TRY_AGAIN_LATER,
    )


def _token_used():
    return ValidationError(
        _("This form was already sent. Please reload the page to send another one."),
        code=GuardCode.FORM_TOKEN_USED,
    )


def spend_form_token(token, request_key=None):
    """Claim the token's nonce for one submission; raise FORM_TOKEN_USED if taken.

    `cache.add` is atomic, so of two requests carrying one token only one
    claims it. The claim lasts as long as the token could still be accepted.
    A claim made under an idempotency key (`request_key`, already scoped to
    its caller) lets the same request through again: its first try may have
    died after the claim and before its commit (a server killed), and the
    retry must not be told the form was already sent; the key's uniqueness
    still allows one application. Returns a release function for a
    submission that fails after the claim.
    """
    try:
        _issued_at, nonce = _read_token(token)
    except ValidationError:
        nonce = ""  # nothing to claim: telling a bad token is check_form_token's job
    if not nonce:
        return lambda: None
    key = _nonce_key(nonce)
    owner = f"key:{request_key}" if request_key else SPENT_ONCE
    try:
        claimed = cache.add(
            key, owner, timeout=_setting("FORM_MAX_SECONDS", 24 * 3600) + 60
        )
        retried = not claimed and request_key and cache.get(key) == owner
    except ConnectionError:
        raise _cannot_count() from None
    if not (claimed or retried):
        raise _token_used()
    return lambda: cache.delete(key)


def check_honeypot(value):
    if value:
        raise ValidationError(
            _("The form could not be sent."), code=GuardCode.SPAM_SUSPECTED
        )


# --- the client's address --------------------------------------------------------


def _networks(entries):
    networks = []
    for entry in entries or ():
        try:
            networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
        except ValueError:
            continue
    return networks


def _is_trusted(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request):
    """The client's address.

    The forwarding header (FORMS_WORKFLOWS_CLIENT_IP_HEADER) is read only when
    the direct peer is one of FORMS_WORKFLOWS_TRUSTED_PROXIES; then the
    right-most address that is not a trusted proxy is the client: anything to
    its left was written by the client itself and may be forged.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    header = _setting("CLIENT_IP_HEADER", None)
    proxies = _networks(_setting("TRUSTED_PROXIES", ()))
    if not header or not request.META.get(header) or not _is_trusted(peer, proxies):
        return peer
    hops = [hop.strip() for hop in request.META[header].split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, proxies):
            return hop
    return hops[0] if hops else peer


# --- the rate limit ----------------------------------------------------------------


def _rate_key(scope, ip):
    window = int(time.time()) // _setting("RATE_LIMIT_WINDOW", 3600)
    return f"forms_workflows:rate:{scope}:{_digest('rate', ip)[:32]}:{window}"


def _rate_refusal():
    return ValidationError(
        _("Too many applications from your network. Please try again later."),
        code=GuardCode.RATE_LIMITED,
    )


def take_rate_slot(scope, ip, limit=None):
    """Count this request, then check: raise RATE_LIMITED past the quota.

    The count comes first (`cache.add` then `cache.incr`, atomic in Redis and
    in the local-memory cache), so of many parallel requests only the quota
    passes. Returns a function that gives the slot back, for a request that
    then fails for another reason (invalid input is not an application).
    """
    limit = _setting("RATE_LIMIT", 5) if limit is None else limit
    key = _rate_key(scope, ip)
    timeout = _setting("RATE_LIMIT_WINDOW", 3600)
    try:
        cache.add(key, 0, timeout=timeout)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=timeout)
            count = 1
    except ConnectionError:
        raise _cannot_count() from None
    if count > limit:
        _give_back(key)
        raise _rate_refusal()
    return lambda: _give_back(key)


def _give_back(key):
    try:
        cache.decr(key)
    except (ValueError, ConnectionError):
        pass


def check_rate_limit(scope, ip):
    """Raise RATE_LIMITED once this address made its quota (does not count)."""
    if (cache.get(_rate_key(scope, ip)) or 0) >= _setting("RATE_LIMIT", 5):
        raise _rate_refusal()


def count_submission(scope, ip):
    """Count one submission without checking (kept for callers outside a guard)."""
    key = _rate_key(scope, ip)
    cache.add(key, 0, timeout=_setting("RATE_LIMIT_WINDOW", 3600))
    try:
        cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=_setting("RATE_LIMIT_WINDOW", 3600))
