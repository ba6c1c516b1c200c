"""The load test's webhook side: a receiver that goes down, publishes, the check.

A partner's receiver listens on loopback and is stopped (connections refused)
for part of the run. A publisher publishes a page about once a second, each
with a title of its own, and now and then a publish it rolls back. Afterwards
the due deliveries are swept (as cron runs `send_pending_webhooks`) until none
is pending, and the check is: after dropping repeats by `webhook-id`, every
acknowledged publish arrived exactly once, none was lost, and no rolled-back
publish arrived.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROLLBACK_EVERY = 7


class FlakyReceiver:
    """Records every delivery; `down()` closes the port, `up()` opens it again."""

    def __init__(self, port):
        self.port = port
        self.received = []  # (webhook-id, body)
        self.lock = threading.Lock()
        self.server = None
        self.up()

    def handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.received.append((self.headers.get("webhook-id"), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        return Handler

    def up(self):
        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self.handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self):
        self.server.shutdown()
        self.server.server_close()


def register_endpoint(url):
    """A webhook endpoint of the bench network, for every event."""
    from bench.seed import SITE_KEY
    from pages.models import NetworkSettings
    from partners import webhooks
    from partners.models import WebhookEndpoint, WebhookEvent

    return WebhookEndpoint.objects.create(
        site=NetworkSettings.objects.get(key=SITE_KEY).site,
        url=url,
        events=list(WebhookEvent.values),
        owner_email="partner@example.org",
        secret=webhooks.new_secret(),
    )


class Publisher(threading.Thread):
    """Publish pages through the run; remember which publishes committed."""

    def __init__(self, deadline, pages=4):
        super().__init__(daemon=True)
        self.deadline = deadline
        self.pages = pages
        self.acknowledged = []  # titles whose publish returned
        self.rolled_back = []
        self.failed = []  # raised: committed or not, unknown to the editor

    def run(self):
        from django.db import close_old_connections, connection, transaction
        from wagtail.models import Page

        from bench.seed import SITE_KEY
        from pages.models import NetworkSettings

        class Rollback(Exception):
            pass

        number = 0
        pages = []
        while time.monotonic() < self.deadline:
            number += 1
            title = f"Loadtest publish {number:04d}"
            try:
                if not pages:
                    home = NetworkSettings.objects.get(key=SITE_KEY).site.root_page
                    pages = list(
                        Page.objects.filter(
                            depth=3, live=True, path__startswith=home.path
                        ).order_by("pk")[: self.pages]
                    )
                page = pages[number % len(pages)].specific
                page.title = title
                with transaction.atomic():
                    page.save_revision().publish()
                    if number % ROLLBACK_EVERY == 0:
                        raise Rollback
                self.acknowledged.append(title)
            except Rollback:
                self.rolled_back.append(title)
            except Exception:  # noqa: BLE001 - the database is away for a while
                self.failed.append(title)
                connection.close()
                close_old_connections()
                pages = []
            time.sleep(1.0)
        connection.close()


def drain(limit):
    """Sweep due deliveries until none is pending or `limit` seconds passed."""
    from django.db import DatabaseError, connection

    from partners import webhooks
    from partners.models import DeliveryStatus, WebhookDelivery

    # This process's connection predates the database's restart.
    connection.close()
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            webhooks.send_due()
            pending = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING)
            if not pending.exists():
                return True
        except DatabaseError:
            connection.close()
        time.sleep(1.0)
    return False


def checks(receiver, publisher, drained):
    from partners.models import WebhookDelivery

    with receiver.lock:
        received = list(receiver.received)
    by_id = {}
    for message_id, body in received:
        by_id.setdefault(message_id, json.loads(body))
    titles = [
        body["data"].get("title")
        for body in by_id.values()
        if body["event"] == "page.published"
    ]
    stored = set(WebhookDelivery.objects.values_list("message_id", flat=True))
    lost = sorted(set(publisher.acknowledged) - set(titles))
    twice = sorted({t for t in titles if titles.count(t) > 1})
    leaked = sorted(set(publisher.rolled_back) & set(titles))
    return {
        "publishes_acknowledged": len(publisher.acknowledged),
        "publishes_rolled_back": len(publisher.rolled_back),
        "publishes_failed": len(publisher.failed),
        "requests_received": len(received),
        "distinct_webhook_ids": len(by_id),
        "deliveries_stored": len(stored),
        "checks": {
            "webhooks_all_deliveries_sent": drained and stored <= set(by_id),
            "webhooks_every_publish_delivered_once_after_dedup": not lost and not twice,
            "webhooks_no_rolled_back_publish_sent": not leaked,
        },
        "details": {
            "webhook_publishes_lost": lost,
            "webhook_publishes_twice_under_distinct_ids": twice,
            "webhook_rolled_back_but_sent": leaked,
            "webhook_ids_received_but_not_stored": sorted(set(by_id) - stored),
        },
    }
