"""Webhooks to a real receiver on loopback: signed, retried, logged, never lost."""

import base64
import hashlib
import hmac
import json
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from forms_workflows.workflow import transition
from pages.models import Signatory
from partners import webhooks
from partners.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from tests.fixtures.adhesions import make_adhesion

LATER = timedelta(days=2)


def verify(secret, headers, body):
    """What a receiver does, by the Standard Webhooks text, with the standard library."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
    given = [part.split(",", 1)[1] for part in headers["webhook-signature"].split()]
    return any(hmac.compare_digest(expected.decode(), sig) for sig in given)


@pytest.fixture
def endpoint(network, receiver):
    return WebhookEndpoint.objects.create(
        site=network["site"],
        url=receiver.url,
        events=list(WebhookEvent.values),
        owner_email="tech@partner.example",
        secret=webhooks.new_secret(),
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as a committed transaction: the sends queued on commit run."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                change()

    return run


def test_a_publish_sends_one_signed_delivery_without_personal_data(
    network, endpoint, receiver, committed
):
    charter = network["charter"]
    charter.title = "Charte 2027"
    committed(lambda: charter.save_revision().publish())

    (request,) = receiver.requests
    assert request["path"] == "/hooks/cms"
    assert verify(endpoint.secret, request["headers"], request["body"])
    assert not verify(webhooks.new_secret(), request["headers"], request["body"])
    body = json.loads(request["body"])
    assert body["event"] == "page.published"
    assert body["site"] == "club"
    assert body["occurredAt"]
    assert body["data"] == {
        "type": "page",
        "id": charter.pk,
        "locale": "fr",
        "urlPath": "/charte/",
        "title": "Charte 2027",
    }
    delivery = WebhookDelivery.objects.get()
    assert request["headers"]["webhook-id"] == delivery.message_id
    assert delivery.status == DeliveryStatus.DELIVERED
    assert [a.status_code for a in delivery.attempts.all()] == [200]


def test_each_public_change_is_one_event(
    network, endpoint, receiver, committed, reviewer
):
    charter, form_page, home = network["charter"], network["form_page"], network["home"]
    committed(lambda: charter.unpublish())
    committed(lambda: charter.save_revision().publish())
    other = home.add_child(
        instance=type(home.specific)(title="Ailleurs", slug="ailleurs")
    )
    committed(lambda: form_page.move(other, pos="last-child"))
    committed(lambda: form_page.specific.delete())
    adhesion = make_adhesion(network, status="under_review")
    committed(lambda: transition(adhesion, "approve", user=reviewer))
    adhesion.refresh_from_db()
    committed(lambda: transition(adhesion, "revoke", user=reviewer, comment="Non."))

    events = [(b["event"], b["data"]["type"]) for b in receiver.bodies()]
    assert ("page.unpublished", "page") in events
    assert ("page.published", "page") in events
    assert ("page.moved", "page") in events
    assert ("page.deleted", "page") in events
    assert events[-2:] == [
        ("signatory.published", "signatory"),
        ("signatory.withdrawn", "signatory"),
    ]
    moved = next(b for b in receiver.bodies() if b["event"] == "page.moved")
    assert moved["data"]["previousUrlPath"] == "/charte/adherer/"
    assert moved["data"]["urlPath"] == "/ailleurs/adherer/"
    signatory = receiver.bodies()[-1]["data"]
    assert signatory["title"] == adhesion.organisation_name
    # an applicant's personal data never leaves
    everything = b"".join(r["body"] for r in receiver.requests).decode()
    for personal in ("camille.martin", "Camille", "Marianne", "+33"):
        assert personal not in everything
    # one delivery per event, each with its own id
    assert len(set(receiver.ids())) == len(receiver.requests)


def test_a_draft_save_and_a_rolled_back_publish_send_nothing(
    network, endpoint, receiver, django_capture_on_commit_callbacks
):
    charter = network["charter"]
    with django_capture_on_commit_callbacks(execute=True):
        charter.title = "Brouillon"
        charter.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                charter.save_revision().publish()
                raise RuntimeError("the editor's request failed after the publish")
    assert receiver.requests == []
    assert WebhookDelivery.objects.count() == 0


def test_failures_are_retried_until_the_receiver_answers(
    network, endpoint, receiver, committed, settings
):
    settings.WEBHOOK_TIMEOUT = 0.5
    receiver.answers = [500, 503, ("sleep", 2), 200]
    committed(lambda: network["charter"].save_revision().publish())
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    # the worker's sweep finds each retry once it is due
    for _ in range(3):
        assert webhooks.send_due(now=timezone.now()) == 0  # not due yet
        assert webhooks.send_due(now=timezone.now() + LATER) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    attempts = list(delivery.attempts.values_list("status_code", "error"))
    assert attempts == [(500, ""), (503, ""), (None, "timeout"), (200, "")]
    # every attempt carried the same id: the receiver can drop repeats
    assert set(receiver.ids()) == {delivery.message_id}


def test_the_default_schedule_retries_for_more_than_a_day():
    assert sum(webhooks.DEFAULT_RETRY_DELAYS) >= 24 * 3600


def test_a_delivery_a_stopped_worker_left_is_sent_by_the_sweep(
    network, endpoint, receiver, committed
):
    # given a committed publish whose worker died with the delivery taken
    committed(lambda: network["charter"].save_revision().publish())
    receiver.requests.clear()
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING,
        next_attempt_at=timezone.now() + timedelta(seconds=60),  # its lease
    )
    # when the lease has run out, the sweep sends it again, with the same id
    assert webhooks.send_due(now=timezone.now() + timedelta(minutes=5)) == 1
    assert receiver.ids() == [delivery.message_id]


def test_the_admin_shows_the_log_and_resends_one_or_the_failed_batch(
    network, endpoint, receiver, committed, staff_client, settings
):
    settings.WEBHOOK_RETRY_DELAYS = []  # fail at the first refusal
    receiver.answers = [500, 500]
    charter = network["charter"]
    committed(lambda: charter.save_revision().publish())
    committed(lambda: charter.save_revision().publish())
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"failed"}
    # the log shows each delivery and its attempt
    url = reverse("partners_webhook_deliveries", args=[endpoint.pk])
    page = staff_client.get(url).content.decode()
    for delivery in WebhookDelivery.objects.all():
        assert f'data-delivery="{delivery.message_id}" data-status="failed"' in page
    assert page.count('data-attempt="500"') == 2
    # resend one
    first = WebhookDelivery.objects.order_by("pk").first()
    with staff_client_commits(staff_client):
        staff_client.post(
            reverse("partners_webhook_resend", args=[endpoint.pk, first.pk])
        )
    first.refresh_from_db()
    assert first.status == DeliveryStatus.DELIVERED
    assert receiver.ids()[-1] == first.message_id
    # resend the failed batch
    with staff_client_commits(staff_client):
        staff_client.post(reverse("partners_webhook_resend_failed", args=[endpoint.pk]))
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {
        "delivered"
    }
    assert len(receiver.requests) == 4
    page = staff_client.get(url).content.decode()
    assert page.count('data-attempt="200"') == 2


class staff_client_commits:  # noqa: N801 - used as a context manager
    """Run the admin's commit hooks (test transactions never commit)."""

    def __init__(self, client):
        from django.test import TestCase

        self.capture = TestCase.captureOnCommitCallbacks(execute=True)

    def __enter__(self):
        return self.capture.__enter__()

    def __exit__(self, *exc):
        return self.capture.__exit__(*exc)


def test_an_endpoint_failing_for_days_is_disabled_and_its_owner_told(
    network, endpoint, receiver, committed
):
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        failing_since=timezone.now() - timedelta(days=6)
    )
    receiver.answers = [500]
    committed(lambda: network["charter"].save_revision().publish())
    endpoint.refresh_from_db()
    assert not endpoint.is_enabled
    assert endpoint.disabled_at is not None
    (message,) = mail.outbox
    assert message.to == ["tech@partner.example"]
    assert endpoint.url in message.body
    # nothing more is sent to it
    committed(lambda: network["charter"].save_revision().publish())
    assert len(receiver.requests) == 1


def test_a_recent_failure_does_not_disable(network, endpoint, receiver, committed):
    receiver.answers = [500]
    committed(lambda: network["charter"].save_revision().publish())
    endpoint.refresh_from_db()
    assert endpoint.is_enabled and endpoint.failing_since is not None
    assert mail.outbox == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/hooks",
        "http://localhost:{port}/hooks",
        "http://[::1]:{port}/hooks",
        "http://10.1.2.3/hooks",
        "http://192.168.1.10/hooks",
        "http://169.254.169.254/latest/meta-data/",
        # IPv6 forms of a private IPv4 address: compatible, 6to4, NAT64, SIIT
        "http://[::127.0.0.1]:{port}/hooks",
        "http://[2002:7f00:1::]:{port}/hooks",
        "http://[64:ff9b::7f00:1]:{port}/hooks",
        "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
        "http://[::ffff:0:7f00:1]:{port}/hooks",
        "http://[64:ff9b:1::a00:1]/hooks",
    ],
)
def test_private_addresses_are_refused_in_production(
    network, receiver, staff_client, settings, url, committed
):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    url = url.format(port=receiver.server.server_port)
    # the admin refuses to register it, with a code
    response = staff_client.post(
        reverse("partners_webhookendpoint:add"),
        {
            "site": network["site"].pk,
            "url": url,
            "events": ["page.published"],
            "description": "",
            "owner_email": "tech@partner.example",
            "is_enabled": "on",
        },
    )
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["url"]] == [webhooks.UNSAFE_URL]
    assert WebhookEndpoint.objects.count() == 0
    # and one registered before (while allowed) is never called
    WebhookEndpoint.objects.create(
        site=network["site"],
        url=url,
        events=["page.published"],
        owner_email="tech@partner.example",
        secret=webhooks.new_secret(),
    )
    committed(lambda: network["charter"].save_revision().publish())
    assert receiver.requests == []
    attempt = WebhookAttempt.objects.get()
    assert attempt.status_code is None and attempt.error


def test_the_admin_shows_a_new_endpoints_secret_once(network, receiver, staff_client):
    response = staff_client.post(
        reverse("partners_webhookendpoint:add"),
        {
            "site": network["site"].pk,
            "url": receiver.url,
            "events": ["page.published", "page.deleted"],
            "description": "Front",
            "owner_email": "tech@partner.example",
            "is_enabled": "on",
        },
    )
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["page.published", "page.deleted"]
    assert endpoint.secret in response.content.decode()
    edit = staff_client.get(
        reverse("partners_webhookendpoint:edit", args=[endpoint.pk])
    )
    assert endpoint.secret not in edit.content.decode()
    listing = staff_client.get(reverse("partners_webhookendpoint:index"))
    deliveries = reverse("partners_webhook_deliveries", args=[endpoint.pk])
    assert deliveries in listing.content.decode()
    assert endpoint.secret not in listing.content.decode()


@pytest.mark.parametrize(
    "url", ["http://[2606:4700::1111]/hooks", "http://[64:ff9b::808:808]/hooks"]
)
def test_public_ipv6_addresses_still_receive_webhooks(settings, url):
    # a public IPv6 address, and a public IPv4 one reached through NAT64
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    webhooks.validate_url(url)  # no ValidationError


def test_a_signatory_an_editor_deactivates_or_deletes_is_a_withdrawal(
    network, endpoint, receiver, committed
):
    lyon = Signatory.objects.create(
        site=network["site"], name="Ville de Lyon", kind="local_authority"
    )
    grenoble = Signatory.objects.create(
        site=network["site"], name="Grenoble", kind="local_authority"
    )
    lyon.is_active = False
    committed(lyon.save)
    grenoble_id = grenoble.pk
    committed(grenoble.delete)
    lyon.name = "Ville de Lyon (archive)"
    committed(lyon.save)  # still withdrawn: no second event

    events = [(b["event"], b["data"]["id"]) for b in receiver.bodies()]
    assert events == [
        ("signatory.withdrawn", lyon.pk),
        ("signatory.withdrawn", grenoble_id),
    ]
