"""A webhook send ends on time, whatever the receiver does, and a slow partner
delays only its own deliveries. Real receivers on loopback sockets."""

import socket
import threading
import time

import pytest
from django.utils import timezone

from partners import webhooks
from partners.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from tests.fixtures.receivers import Receiver


class TricklingReceiver:
    """Reads the request, then answers one byte every `interval` seconds.

    Each read of the sender gets a byte well within its socket time-out: only
    a limit on the whole send stops it.
    """

    ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Padding: slow\r\n\r\n"

    def __init__(self, interval):
        self.interval = interval
        self.connections = 0
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}/hooks"
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                conn, _address = self.server.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self.trickle, args=(conn,), daemon=True).start()

    def trickle(self, conn):
        with conn:
            try:
                conn.recv(65536)
                for byte in self.ANSWER:
                    conn.sendall(bytes([byte]))
                    time.sleep(self.interval)
            except OSError:
                pass  # the sender gave up

    def stop(self):
        self.server.close()


@pytest.fixture
def trickling():
    receiver = TricklingReceiver(interval=0.25)
    yield receiver
    receiver.stop()


def endpoint_for(network, url):
    return WebhookEndpoint.objects.create(
        site=network["site"],
        url=url,
        events=list(WebhookEvent.values),
        owner_email="tech@partner.example",
        secret=webhooks.new_secret(),
    )


def publish_event(network):
    # recorded as a publish records it; the test sends it itself
    return webhooks.record(
        "page.published", network["site"], "page:1", {"type": "page", "id": 1}
    )


def test_a_trickling_receiver_cannot_hold_a_send_past_the_timeout(
    network, trickling, settings
):
    settings.WEBHOOK_TIMEOUT = 1
    endpoint_for(network, trickling.url)
    (delivery,) = publish_event(network)
    # when the receiver answers a byte every 0.25 s (about 15 s in all)
    started = time.monotonic()
    attempt = webhooks.attempt(delivery.pk)
    held = time.monotonic() - started
    # then the send is given up at the time-out, logged, and planned again
    assert (attempt.status_code, attempt.error) == (None, "timeout")
    assert held < 3
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.next_attempt_at > timezone.now()
    assert trickling.connections == 1


def test_a_slow_partner_does_not_delay_another(network, settings):
    settings.WEBHOOK_TIMEOUT = 10
    fast_reached = threading.Event()
    slow, fast = Receiver(), Receiver()
    try:
        # the slow partner succeeds only if the fast one is reached meanwhile
        slow.answers = [lambda: 200 if fast_reached.wait(5) else 503]
        fast.answers = [lambda: (fast_reached.set(), 200)[1]]
        for receiver in (slow, fast):  # the slow one's first: a sweep in order waits
            WebhookDelivery.objects.create(
                endpoint=endpoint_for(network, receiver.url),
                event="page.published",
                subject="page:1",
                payload={"event": "page.published", "data": {"id": 1}},
            )
        # when the cron's sweep sends what is due
        assert webhooks.send_due() == 2
        # then the fast partner was reached while the slow one held its send
        assert len(slow.requests) == len(fast.requests) == 1
        assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {
            "delivered"
        }
    finally:
        slow.stop()
        fast.stop()
