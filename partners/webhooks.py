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
import json
import logging
import secrets
import time
from collections import defaultdict, deque
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from pages.networks import site_key
from partners.destinations import (  # noqa: F401 - webhooks' public names
    UNSAFE_URL,
    UnsafeDestination,
    embedded_ipv4,
    post,
    safe_addresses,
    timeout,
    validate_url,
)
from partners.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

logger = logging.getLogger(__name__)

# Sent with `delivery_id` and `run_after` when a delivery is due to be sent.
delivery_due = Signal()

SECRET_PREFIX = "whsec_"
USER_AGENT = "ReseauxEcoQuartiers-Webhooks/1"
# Standard Webhooks' schedule after the first try: about 27 hours in all.
DEFAULT_RETRY_DELAYS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600]


def retry_delays() -> list[int]:
    return list(getattr(settings, "WEBHOOK_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


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
    """Say a delivery is due (from `run_after`, else now): the worker's tasks
    (`partners.tasks`) queue its send. The row stays due meanwhile, so a send
    nobody queued is made by send_due()."""
    delivery_due.send(
        sender=WebhookDelivery, delivery_id=delivery_id, run_after=run_after
    )


# --- sending --------------------------------------------------------------------


def lease_seconds() -> float:
    # Longer than a send can take (its deadline), with room for the writes
    # around it: the sweep never takes a delivery whose send is in flight.
    return timeout() * 2 + 30


@dataclass
class Taken:
    """A delivery this process holds the lease of, ready to be sent."""

    delivery: WebhookDelivery
    body: bytes
    headers: dict


@dataclass
class Outcome:
    status_code: int | None
    error: str
    started_at: object
    duration_ms: int


def attempt(delivery_id, now=None):
    """Take the delivery if it is due, send it once, log it, plan what follows.

    Returns the attempt, or None when the delivery was not due (another worker
    holds it, it was sent, or it waits behind an earlier one of its subject).
    """
    now = now or timezone.now()
    taken = take(delivery_id, now)
    if taken is None:
        return None
    return finish(taken, send(taken), now)


def take(delivery_id, now):
    """Lease the delivery if it is due and first of its subject; sign it."""
    # from the moment it is taken: a sweep takes an endpoint's next one later
    lease_until = max(now, timezone.now()) + timedelta(seconds=lease_seconds())
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
    return Taken(delivery, body, headers)


def send(taken) -> Outcome:
    """Send once, within the deadline; the network only, no database (a thread)."""
    started_at = timezone.now()
    started = time.monotonic()
    status_code, error = None, ""
    try:
        status_code = post(taken.delivery.endpoint.url, taken.body, taken.headers)
    except UnsafeDestination as exc:
        error = str(exc)
    except TimeoutError:
        error = "timeout"
    except (OSError, http.client.HTTPException) as exc:
        error = f"{type(exc).__name__}: {exc}"
    duration_ms = int((time.monotonic() - started) * 1000)
    return Outcome(status_code, error, started_at, duration_ms)


def finish(taken, outcome, now):
    """Log the attempt; mark the delivery sent, or plan its retry."""
    delivery, endpoint = taken.delivery, taken.delivery.endpoint
    logged = WebhookAttempt.objects.create(
        delivery=delivery,
        started_at=outcome.started_at,
        status_code=outcome.status_code,
        error=outcome.error[:255],
        duration_ms=outcome.duration_ms,
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


def parallel_sends() -> int:
    return int(getattr(settings, "WEBHOOK_PARALLEL_SENDS", 16))


def send_due(now=None, limit=500) -> int:
    """Try every delivery that is due; return how many attempts were made.

    Each endpoint is its own queue, in order; the endpoints are sent to at the
    same time (up to WEBHOOK_PARALLEL_SENDS), so a slow partner delays only
    its own deliveries. The sends run in threads; the database is read and
    written here only.
    """
    now = now or timezone.now()
    due = WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).order_by("pk")
    queues = defaultdict(deque)
    for delivery_id, endpoint_id in due.values_list("pk", "endpoint_id")[:limit]:
        queues[endpoint_id].append(delivery_id)
    waiting = deque(queues)
    made = 0
    with ThreadPoolExecutor(max_workers=max(1, parallel_sends())) as pool:
        running = {}

        def start(endpoint_id):
            while queues[endpoint_id]:
                taken = take(queues[endpoint_id].popleft(), now)
                if taken is not None:
                    running[pool.submit(send, taken)] = (endpoint_id, taken)
                    return True
            return False

        while waiting and len(running) < parallel_sends():
            start(waiting.popleft())
        while running:
            done, _pending = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                endpoint_id, taken = running.pop(future)
                finish(taken, future.result(), now)
                made += 1
                if not start(endpoint_id):
                    while waiting and not start(waiting.popleft()):
                        pass
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
