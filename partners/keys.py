"""API keys: issuing them, recognising them on a request, their rate and their use.

A secret reads `eqk_<public id>_<random>`: the prefix lets secret scanners and
people recognise it, the public id finds the row (and names the key in logs)
without the secret. Only a SHA-256 of the secret is stored: it carries 256
random bits, so a slow password hash would add nothing but time per request.

A key is read from the database on every request, never kept by a process:
revoking it (or letting it expire) takes effect at once on every app server.
Counters (the per-key read rate, the per-address anonymous rate) live in the
shared cache, so they hold across processes when the cache is Redis.
"""

import hashlib
import hmac
import math
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from forms_workflows.guards import client_ip
from partners.models import ApiKey, ApiKeyDailyUse

PREFIX = "eqk_"
RATE_WINDOW = 60  # read rates are per minute
# `last_used_at` is written at most this often per key: one write less per request.
LAST_USED_PRECISION = timedelta(minutes=1)
# Requests are counted in the shared cache and written to the table this often.
USE_FLUSH_INTERVAL = 60
USE_COUNTER_TIMEOUT = 3 * 24 * 3600
USE_FLUSH_LOCK = "partners:use-flush"
_use_flushed_at = time.monotonic()


class KeyCode:
    INVALID_API_KEY = "INVALID_API_KEY"
    API_KEY_REQUIRED = "API_KEY_REQUIRED"
    SITE_NOT_ALLOWED = "SITE_NOT_ALLOWED"
    RATE_LIMITED = "RATE_LIMITED"


class KeyRefused(Exception):
    """The request is turned away before it is read; the view answers with `code`."""

    def __init__(self, status, code, message, retry_after=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after


@dataclass(frozen=True)
class Access:
    """What a valid key lets this request do."""

    key_id: int
    public_id: str
    site_ids: frozenset
    origins: tuple
    read_rate: int
    submission_quota: int

    def may_read(self, site_id) -> bool:
        return site_id in self.site_ids

    @property
    def cache_scope(self) -> str:
        """Which stored answers this request may share.

        The content is public: a key's answer differs from anyone else's only
        by the SITE_NOT_ALLOWED refusal, which depends on the set of networks
        the key covers alone. Keys covering the same networks share answers;
        a key never shares with the anonymous entries (which a key scoped to
        fewer networks must not read) nor with keys of other scopes.
        """
        return "sites:" + ",".join(str(pk) for pk in sorted(self.site_ids))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(
    *,
    name,
    organisation,
    sites,
    read_rate=None,
    submission_quota=None,
    allowed_origins="",
    expires_at=None,
):
    """Create a key; return it with its secret, which is never shown again."""
    key = ApiKey(
        name=name,
        organisation=organisation,
        allowed_origins=allowed_origins,
        expires_at=expires_at,
    )
    if read_rate is not None:
        key.read_rate = read_rate
    if submission_quota is not None:
        key.submission_quota = submission_quota
    secret = issue_secret(key)
    with transaction.atomic():
        key.save()
        key.sites.set(sites)
    return key, secret


def issue_secret(key: ApiKey) -> str:
    """Give an unsaved key its public id and hash; return the secret."""
    key.public_id = secrets.token_hex(4)
    secret = f"{PREFIX}{key.public_id}_{secrets.token_urlsafe(32)}"
    key.secret_hash = hash_secret(secret)
    return secret


def _invalid():
    return KeyRefused(
        401,
        KeyCode.INVALID_API_KEY,
        _("The API key is unknown, revoked or expired."),
    )


def authenticate(secret: str, now=None) -> Access:
    """Return the access a secret gives; raise INVALID_API_KEY."""
    if not secret.startswith(PREFIX):
        raise _invalid()
    public_id = secret[len(PREFIX) :].partition("_")[0]
    key = ApiKey.objects.filter(public_id=public_id).first() if public_id else None
    if key is None or not hmac.compare_digest(key.secret_hash, hash_secret(secret)):
        raise _invalid()
    if not key.is_usable(now):
        raise _invalid()
    record_use(key)
    return Access(
        key_id=key.pk,
        public_id=key.public_id,
        site_ids=frozenset(key.sites.values_list("pk", flat=True)),
        origins=tuple(key.origins),
        read_rate=key.read_rate,
        submission_quota=key.submission_quota,
    )


def address_subject(request) -> str:
    """The rate subject of the request's client address (a keyed hash of it)."""
    # A keyed hash: the cache holds no address in clear.
    address = hmac.new(
        settings.SECRET_KEY.encode(), client_ip(request).encode(), "sha256"
    ).hexdigest()[:32]
    return f"ip:{address}"


def address_rate() -> int:
    return getattr(settings, "GRAPHQL_ANONYMOUS_READ_RATE", 0)


def admit(request):
    """Recognise the request's key, if any, and count it; raise KeyRefused.

    Sets `request.api_access` (None when anonymous). A request whose key is
    refused counts against its address's rate, as an anonymous read does:
    guessing keys, or sending a revoked one in a loop, is not unlimited. A
    valid key is never slowed by its address's anonymous reads.
    """
    request.api_access = None
    header = request.headers.get("Authorization", "")
    if header:
        try:
            scheme, _sep, secret = header.partition(" ")
            if scheme.lower() != "bearer" or not secret.strip():
                raise _invalid()
            access = authenticate(secret.strip())
        except KeyRefused:
            admit_by_address(request)  # RATE_LIMITED past the address's rate
            raise
        take_read_slot(f"key:{access.key_id}", access.read_rate)
        request.api_access = access
        return access
    if getattr(settings, "GRAPHQL_REQUIRE_API_KEY", False):
        raise KeyRefused(
            401,
            KeyCode.API_KEY_REQUIRED,
            _("This API needs a key: send it as Authorization: Bearer <key>."),
        )
    admit_by_address(request)
    return None


def admit_by_address(request):
    """Count a request without a key (a read, a preflight) against its address."""
    if rate := address_rate():
        take_read_slot(address_subject(request), rate)


def _window_key(subject, now):
    return f"partners:read-rate:{subject}:{int(now) // RATE_WINDOW}"


def _rate_limited(now):
    window = int(now) // RATE_WINDOW
    retry_after = max(1, math.ceil((window + 1) * RATE_WINDOW - now))
    return KeyRefused(
        429,
        KeyCode.RATE_LIMITED,
        _("Too many requests. Please try again in a moment."),
        retry_after=retry_after,
    )


def take_read_slot(subject, limit):
    """Count one read against `limit` per minute; raise RATE_LIMITED past it."""
    now = time.time()
    key = _window_key(subject, now)
    try:
        cache.add(key, 0, timeout=RATE_WINDOW + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=RATE_WINDOW + 5)
            count = 1
    except ConnectionError:
        return  # the shared cache is away: reads go on, as for the other guards
    if count > limit:
        raise _rate_limited(now)


def _use_counter(key_id, day) -> str:
    return f"partners:use:{key_id}:{day.isoformat()}"


def record_use(key: ApiKey):
    """Count the request in the key's daily total; note when it was last used.

    Only a count per key and day is kept: no address, no query, no time of day.
    The count goes to the shared cache, not the database: a read costs no
    write, and a process moves the counts to `ApiKeyDailyUse` at most every
    `USE_FLUSH_INTERVAL` seconds (so do the webhook cron and the key's admin
    page). Up to that interval of counts is lost if the shared cache is.
    """
    now = timezone.now()
    day = timezone.localdate(now)
    counter = _use_counter(key.pk, day)
    try:
        cache.add(counter, 0, timeout=USE_COUNTER_TIMEOUT)
        cache.incr(counter)
    except (ConnectionError, ValueError):
        # the shared cache is away (or the counter just expired): count in the table
        _add_use(key.pk, day, 1)
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_PRECISION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    global _use_flushed_at
    if time.monotonic() - _use_flushed_at > USE_FLUSH_INTERVAL:
        _use_flushed_at = time.monotonic()
        flush_use()


def flush_use(key_ids=None) -> int:
    """Move the counts kept in the shared cache to `ApiKeyDailyUse`; return how many.

    Today's and yesterday's counters of every key (or of `key_ids`). One
    process at a time: a short lock in the cache keeps two from adding the
    same count twice.
    """
    if key_ids is None:
        key_ids = list(ApiKey.objects.values_list("pk", flat=True))
    today = timezone.localdate()
    days = (today, today - timedelta(days=1))
    counters = {_use_counter(pk, day): (pk, day) for pk in key_ids for day in days}
    moved = 0
    try:
        if not counters or not cache.add(USE_FLUSH_LOCK, 1, timeout=30):
            return 0
        try:
            for counter, count in cache.get_many(list(counters)).items():
                if count:
                    pk, day = counters[counter]
                    _add_use(pk, day, count)
                    # decr, not delete: requests counted meanwhile stay counted
                    cache.decr(counter, count)
                    moved += count
        finally:
            cache.delete(USE_FLUSH_LOCK)
    except ConnectionError:
        pass  # the counts wait in the cache, or were lost with it
    return moved


def _add_use(key_id, day, count):
    counted = ApiKeyDailyUse.objects.filter(key_id=key_id, day=day).update(
        requests=F("requests") + count
    )
    if not counted:
        try:
            with transaction.atomic():
                ApiKeyDailyUse.objects.create(key_id=key_id, day=day, requests=count)
        except IntegrityError:  # another process created the day's row first
            ApiKeyDailyUse.objects.filter(key_id=key_id, day=day).update(
                requests=F("requests") + count
            )


ORIGINS_CACHE_KEY = "partners:usable-key-origins"
# How long another process may keep origins a key change removed, should the
# cache be per process (no REDIS_URL); with a shared cache a change is seen at once.
ORIGINS_CACHE_TIMEOUT = 60


def origins_of_usable_keys() -> set[str]:
    """Every origin some usable key allows: a preflight carries no key to check.

    Kept in the shared cache, so that preflights (which anyone may send, and
    which carry no key) do not read the key table each time; emptied when a
    key is saved or deleted (`forget_origins`), and kept no later than the
    next key's expiry.
    """
    try:
        kept = cache.get(ORIGINS_CACHE_KEY)
    except ConnectionError:
        kept = None
    if kept is not None:
        origins, until = kept
        if until is None or until > time.time():
            return set(origins)
    now = timezone.now()
    usable = (
        ApiKey.objects.filter(revoked_at__isnull=True)
        .exclude(expires_at__lte=now)
        .exclude(allowed_origins="")
    )
    origins = set()
    next_expiry = None
    for text, expires_at in usable.values_list("allowed_origins", "expires_at"):
        origins.update(line.strip().rstrip("/") for line in text.split())
        if expires_at is not None and (next_expiry is None or expires_at < next_expiry):
            next_expiry = expires_at
    until = next_expiry.timestamp() if next_expiry else None
    try:
        cache.set(ORIGINS_CACHE_KEY, (sorted(origins), until), ORIGINS_CACHE_TIMEOUT)
    except ConnectionError:
        pass
    return origins


def forget_origins(**_kwargs):
    """Empty the kept origins: now, and again once the key's change is committed.

    A preflight between the two would otherwise keep the origins as they were.
    """
    cache.delete(ORIGINS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(ORIGINS_CACHE_KEY))
