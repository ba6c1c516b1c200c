"""Webhooks: a delivery row per event and endpoint, signed and sent by the worker.

`record()` runs inside the transaction that makes the change public: the
delivery rows commit with it or not at all (a rolled-back publish sends
nothing), and the task is enqueued on commit. The worker takes a due delivery
by moving its `next_attempt_at` past the time a send can take (a lease): a
worker killed mid-delivery leaves it due again, and `send_due()` (run by
`manage.py send_pending_webhooks`, every minute from cron) sends it. So every
committed change is delivered at least once; the `webhook-id` header is the
same on every attempt, so receivers drop repeats.

Signatures follow Standard Webhooks: HMAC-SHA256 over `id.timestamp.body`
with the endpoint's secret (`whsec_` + base64), sent as `v1,<base64>`.
"""

import base64
import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import secrets
import socket
import time
import urllib.parse
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

logger = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"
USER_AGENT = "ReseauxEcoQuartiers-Webhooks/1"
# Standard Webhooks' schedule after the first try: about 27 hours in all.
DEFAULT_RETRY_DELAYS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600]
UNSAFE_URL = "UNSAFE_WEBHOOK_URL"


def retry_delays() -> list[int]:
    return list(getattr(settings, "WEBHOOK_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


def timeout() -> float:
    return float(getattr(settings, "WEBHOOK_TIMEOUT", 10))


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """Return the `webhook-signature` header's value for one attempt."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


# --- recording events -----------------------------------------------------------


def record(event: str, site, subject: str, data: dict):
    """Write a delivery for each enabled endpoint of `site` wanting `event`.

    Call it inside the transaction that makes the change; the sends are
    queued once it commits.
    """
    from partners.sites import site_key

    payload = {
        "event": event,
        "occurredAt": timezone.now().isoformat(),
        "site": site_key(site),
        "data": data,
    }
    created = []
    for endpoint in WebhookEndpoint.objects.filter(site=site, is_enabled=True):
        if event in (endpoint.events or ()):
            created.append(
                WebhookDelivery.objects.create(
                    endpoint=endpoint, event=event, subject=subject, payload=payload
                )
            )
    for delivery in created:
        transaction.on_commit(lambda pk=delivery.pk: enqueue(pk))
    return created


def enqueue(delivery_id, run_after=None):
    from django_tasks import default_task_backend

    from partners.tasks import deliver_webhook

    # A backend that cannot defer (the immediate one) would send at once:
    # send_due() sends those when they are due.
    if run_after is not None and not default_task_backend.supports_defer:
        return
    try:
        if run_after is not None:
            deliver_webhook.using(run_after=run_after).enqueue(delivery_id)
        else:
            deliver_webhook.enqueue(delivery_id)
    except Exception:  # noqa: BLE001 - the row stays due: send_due() sends it
        logger.warning("webhook delivery %s not queued", delivery_id, exc_info=True)


# --- where a delivery may go (server-side request forgery) ----------------------


class UnsafeDestination(Exception):
    pass


def allows_private_addresses() -> bool:
    return getattr(settings, "WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False)


def safe_addresses(url: str) -> list[str]:
    """Resolve the URL's host; raise UnsafeDestination for a non-public address.

    Every address the name resolves to is checked, and the send connects to
    one of those very addresses, so a name cannot resolve once to a public
    address for the check and then to a private one for the request.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeDestination(_("Only http and https URLs can receive webhooks."))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise UnsafeDestination(_("The host name does not resolve.")) from exc
    addresses = [info[4][0] for info in infos]
    if allows_private_addresses():
        return addresses
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not all(
            one.is_global and not one.is_multicast for one in (ip, *embedded_ipv4(ip))
        ):
            raise UnsafeDestination(
                _(
                    "This URL leads to a loopback, private or link-local address: "
                    "webhooks are sent to public addresses only."
                )
            )
    return addresses


# IPv6 forms that carry an IPv4 address a host or a gateway may route to:
# IPv4-compatible (::a.b.c.d), SIIT (::ffff:0:a.b.c.d) and NAT64's well-known
# prefix (64:ff9b::a.b.c.d) keep it in the last 32 bits; 6to4 (2002::/16) after
# the prefix. NAT64's local-use prefix places it anywhere: refused outright.
_LAST_32_BITS = [
    ipaddress.ip_network("::/96"),
    ipaddress.ip_network("::ffff:0:0:0/96"),
    ipaddress.ip_network("64:ff9b::/96"),
]
_LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")


def embedded_ipv4(ip) -> list:
    """The IPv4 addresses an IPv6 address leads to, to be checked as well."""
    if ip.version == 4:
        return []
    found = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
    found += [
        ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        for network in _LAST_32_BITS
        if ip in network
    ]
    if ip in _LOCAL_NAT64:
        found.append(ipaddress.IPv4Address("127.0.0.1"))  # refused below
    return [address for address in found if address is not None]


def validate_url(url: str):
    """Refuse, with a code, a URL a webhook may not be sent to (the admin form)."""
    try:
        safe_addresses(url)
    except UnsafeDestination as exc:
        raise ValidationError(str(exc), code=UNSAFE_URL) from exc


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.pinned = address

    def connect(self):
        self.sock = socket.create_connection((self.pinned, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.pinned = address

    def connect(self):
        sock = socket.create_connection((self.pinned, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict) -> int:
    """POST to a checked address, no redirect followed; return the HTTP status."""
    address = safe_addresses(url)[0]
    parts = urllib.parse.urlsplit(url)
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    kind = _PinnedHTTPSConnection if https else _PinnedHTTPConnection
    connection = kind(parts.hostname, port, address, timeout())
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)  # the answer's body is not used
        return response.status
    finally:
        connection.close()


# --- sending --------------------------------------------------------------------


def attempt(delivery_id, now=None):
    """Take the delivery if it is due, send it once, log it, plan what follows.

    Returns the attempt, or None when the delivery was not due (another worker
    holds it, it was sent, or it waits behind an earlier one of its subject).
    """
    now = now or timezone.now()
    lease_until = now + timedelta(seconds=timeout() * 2 + 30)
    taken = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=lease_until)
    if not taken:
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.is_enabled:
        delivery.status = DeliveryStatus.FAILED
        delivery.save(update_fields=["status"])
        return None
    earlier = (
        WebhookDelivery.objects.filter(
            endpoint=endpoint,
            subject=delivery.subject,
            status=DeliveryStatus.PENDING,
            pk__lt=delivery.pk,
        )
        .order_by("pk")
        .first()
    )
    if earlier is not None:
        # In order per subject: wait until the earlier change was tried.
        delivery.next_attempt_at = max(earlier.next_attempt_at, now) + timedelta(
            seconds=1
        )
        delivery.save(update_fields=["next_attempt_at"])
        enqueue(delivery.pk, run_after=delivery.next_attempt_at)
        return None

    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(
            endpoint.secret, delivery.message_id, timestamp, body
        ),
    }
    started_at = timezone.now()
    started = time.monotonic()
    status_code, error = None, ""
    try:
        status_code = post(endpoint.url, body, headers)
    except UnsafeDestination as exc:
        error = str(exc)
    except TimeoutError:
        error = "timeout"
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"
    duration_ms = int((time.monotonic() - started) * 1000)
    logged = WebhookAttempt.objects.create(
        delivery=delivery,
        started_at=started_at,
        status_code=status_code,
        error=error[:255],
        duration_ms=duration_ms,
    )
    delivery.attempt_count += 1
    if logged.succeeded:
        delivery.status = DeliveryStatus.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.save(update_fields=["status", "delivered_at", "attempt_count"])
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failing_since=None)
        return logged
    delays = retry_delays()
    if delivery.attempt_count > len(delays):
        delivery.status = DeliveryStatus.FAILED
    else:
        delay = delays[delivery.attempt_count - 1]
        delivery.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    delivery.save(update_fields=["status", "next_attempt_at", "attempt_count"])
    if delivery.status == DeliveryStatus.PENDING:
        enqueue(delivery.pk, run_after=delivery.next_attempt_at)
    note_failure(endpoint, now)
    return logged


def note_failure(endpoint, now):
    """Remember since when the endpoint fails; disable it after days of failure."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(
        failing_since=now
    )
    endpoint.refresh_from_db(fields=["failing_since", "is_enabled"])
    days = getattr(settings, "WEBHOOK_DISABLE_AFTER_DAYS", 5)
    if (
        endpoint.is_enabled
        and endpoint.failing_since
        and endpoint.failing_since <= now - timedelta(days=days)
    ):
        disabled = WebhookEndpoint.objects.filter(
            pk=endpoint.pk, is_enabled=True
        ).update(is_enabled=False, disabled_at=now)
        if disabled:
            WebhookDelivery.objects.filter(
                endpoint=endpoint, status=DeliveryStatus.PENDING
            ).update(status=DeliveryStatus.FAILED)
            tell_owner(endpoint, days)


DISABLED_SUBJECT = gettext_lazy("Webhook endpoint disabled: %(url)s")
DISABLED_BODY = gettext_lazy(
    "The webhook endpoint %(url)s of the network %(site)s has failed every "
    "delivery for %(days)s days and has been disabled.\n\n"
    "Once the receiver answers again, enable it and resend its failed "
    "deliveries in the administration:\n%(admin_url)s\n"
)


def tell_owner(endpoint, days):
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "partners_webhook_deliveries", args=[endpoint.pk]
    )
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "url": endpoint.url,
            "site": endpoint.site.site_name or endpoint.site.hostname,
            "days": days,
            "admin_url": admin_url,
        }
        send_mail(
            str(DISABLED_SUBJECT) % values,
            str(DISABLED_BODY) % values,
            None,
            [endpoint.owner_email],
        )
    logger.warning("webhook endpoint %s disabled after %s days", endpoint.pk, days)


def send_due(now=None, limit=500) -> int:
    """Try every delivery that is due; return how many attempts were made."""
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).order_by("pk")
    made = 0
    for delivery_id in list(due.values_list("pk", flat=True)[:limit]):
        if attempt(delivery_id, now=now) is not None:
            made += 1
    return made


def resend(deliveries) -> int:
    """Send these deliveries again, with their ids, from the first retry delay."""
    ids = list(deliveries.values_list("pk", flat=True))
    WebhookDelivery.objects.filter(pk__in=ids).update(
        status=DeliveryStatus.PENDING, next_attempt_at=timezone.now(), attempt_count=0
    )
    for pk in ids:
        transaction.on_commit(lambda pk=pk: enqueue(pk))
    return len(ids)
