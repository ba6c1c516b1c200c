"""A partner's key and webhooks hold across app servers, workers and processes."""

import base64
import hashlib
import hmac
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .conftest import wait_until

SITES = "{ sites { key } }"
PAGE = '{ page(site: "club", urlPath: "/le-club/") { id } }'


def keyed(stack, server, secret, query=SITES):
    return stack.get(
        server,
        "/graphql/",
        params={"query": query},
        headers={"Authorization": f"Bearer {secret}"},
    )


def code_of(response):
    return response.json()["errors"][0]["extensions"]["code"]


def test_a_key_is_counted_and_revoked_on_every_server(stack, fresh_limits):
    # given a key for the club allowed 4 reads a minute, made by an operator's
    # command (a process of its own)
    name = f"Partenaire {uuid.uuid4().hex[:6]}"
    secret = stack.shell(
        "from django.core.management import call_command; "
        f"call_command('create_api_key', site=['club'], name={name!r}, rate='4/minute')"
    )
    # when it reads through A and B in turn
    answers = [keyed(stack, server, secret) for server in ("a", "b", "a", "b", "a")]
    # then both servers count the same four reads, and refuse the fifth
    assert [r.status_code for r in answers] == [200, 200, 200, 200, 429]
    assert code_of(answers[-1]) == "RATE_LIMITED"
    assert int(answers[-1].headers["Retry-After"]) >= 1
    # and the minute's cron, a third process, records the five requests A and B
    # counted in the shared cache, once
    stack.shell(
        "from django.core.management import call_command; "
        "call_command('send_pending_webhooks', verbosity=0); "
        "call_command('send_pending_webhooks', verbosity=0)"
    )
    used = stack.shell(
        "from django.db.models import Sum; from partners.models import ApiKeyDailyUse; "
        f"print(ApiKeyDailyUse.objects.filter(key__name={name!r})"
        ".aggregate(n=Sum('requests'))['n'])"
    )
    assert used.strip() == "5"

    # when staff revoke it (another process again)
    stack.redis().flushdb()  # a fresh minute, so only the revocation refuses
    stack.shell(
        "from django.utils import timezone; from partners.models import ApiKey; "
        f"ApiKey.objects.filter(name={name!r}).update(revoked_at=timezone.now())"
    )
    # then neither server accepts it any more, at once
    for server in ("a", "b", "balancer"):
        refused = keyed(stack, server, secret)
        assert refused.status_code == 401
        assert code_of(refused) == "INVALID_API_KEY"


class Receiver:
    """A partner's webhook receiver on loopback, recording what it is sent."""

    def __init__(self):
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {k.lower(): v for k, v in self.headers.items()}
                receiver.requests.append((headers, body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


def verified(secret, headers, body):
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode()
    digest = hmac.new(key, signed + body, hashlib.sha256).digest()
    expected = "v1," + base64.b64encode(digest).decode()
    return any(
        hmac.compare_digest(expected, part)
        for part in headers["webhook-signature"].split()
    )


def test_two_workers_deliver_each_publication_once_signed(stack, receiver):
    # given a partner's endpoint for the club's publications
    secret = stack.shell(
        "from wagtail.models import Site; "
        "from partners.models import WebhookEndpoint; "
        "from partners.webhooks import new_secret; "
        "from pages.models import NetworkSettings; "
        "site = NetworkSettings.objects.get(key='club').site; "
        "secret = new_secret(); "
        f"WebhookEndpoint.objects.create(site=site, url={receiver.url!r}, "
        "events=['page.published'], owner_email='web@partner.example', "
        "secret=secret); print(secret)"
    )
    page_id = stack.query("a", PAGE)["data"]["page"]["id"]

    # when a moderator publishes a page three times through app server A
    moderator = stack.login("a", "admin")
    for _ in range(3):
        published = stack.form_post(
            "a",
            moderator,
            f"/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/",
            {},
        )
        assert published.status_code == 302

    # then the stack's two task workers deliver three events, each once, signed
    assert wait_until(lambda: len(receiver.requests) >= 3, timeout=60)
    wait_until(lambda: len(receiver.requests) > 3, timeout=5)
    ids = [headers["webhook-id"] for headers, _body in receiver.requests]
    assert len(ids) == 3 and len(set(ids)) == 3
    for headers, body in receiver.requests:
        assert verified(secret, headers, body)
        event = json.loads(body)
        assert event["event"] == "page.published"
        assert event["site"] == "club"
