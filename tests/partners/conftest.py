import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from pages.models import HomePage, NetworkSettings


@pytest.fixture(autouse=True)
def _own_private_media(private_media):
    """Award events read proposals' files: each test keeps them in its own folder."""


class Receiver:
    """A partner's webhook receiver on loopback: records requests, answers as told.

    `answers` is consumed one per request: an HTTP status, ("sleep", seconds)
    to answer 200 only after that long (a receiver too slow for the time-out),
    or a function called before answering what it returns.
    Once empty, it answers 200.
    """

    def __init__(self):
        self.requests = []
        self.answers = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(
                    {
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                        "path": self.path,
                    }
                )
                answer = receiver.answers.pop(0) if receiver.answers else 200
                if callable(answer):
                    answer = answer()
                if isinstance(answer, tuple):
                    time.sleep(answer[1])
                    answer = 200
                try:
                    self.send_response(answer)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the sender gave up (time-out)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/cms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def bodies(self):
        return [json.loads(request["body"]) for request in self.requests]

    def ids(self):
        return [request["headers"]["webhook-id"] for request in self.requests]

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.stop()


@pytest.fixture
def staff_client(client, db):
    admin = get_user_model().objects.create_superuser(
        "partners-admin", "partners-admin@example.org", "pw"
    )
    client.force_login(admin)
    return client


@pytest.fixture
def second_network(network):
    """Another network, "req", beside the club's."""
    french = network["home"].locale
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Regroupement", slug="accueil-req", locale=french)
    )
    site = Site.objects.create(
        hostname="req.localhost", port=80, root_page=home, site_name="Regroupement"
    )
    NetworkSettings.objects.create(site=site, key="req")
    return {"site": site, "home": home}
