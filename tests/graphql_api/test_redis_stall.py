"""An emptying of the answer cache made while Redis stalls is not lost: it is
retried until Redis takes it, and the HTTP cache is purged again."""

import socket
import threading

import pytest
from django.core.management import call_command

from cms.cache import FailSafeRedisCache
from graphql_api.models import MissedEmptying
from pages.models import EventPage
from tests.fixtures.receivers import PurgeReceiver

EVENTS = '{ events(site: "club", limit: 50) { items { id title } } }'


class StallingLink:
    """A TCP link to Redis that, while stalled, swallows what the app sends.

    What a network stall or an overloaded Redis does to a write: the client
    times out, and the command never runs.
    """

    def __init__(self, port):
        self.port, self.stalled = port, False
        self.server = socket.create_server(("127.0.0.1", 0))
        threading.Thread(target=self.accept, daemon=True).start()

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.server.getsockname()[1]}/0"

    def accept(self):
        while True:
            try:
                client, _address = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.port))
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(
                    target=self.pump, args=(source, target), daemon=True
                ).start()

    def pump(self, source, target):
        try:
            while data := source.recv(65536):
                if not self.stalled:
                    target.sendall(data)
        except OSError:
            pass
        for end in (source, target):
            end.close()


@pytest.fixture
def redis_link(shared_redis, settings):
    link = StallingLink(int(shared_redis.url.rsplit(":", 1)[1].split("/")[0]))
    settings.CACHES["default"]["LOCATION"] = link.url
    settings.CACHES = dict(settings.CACHES)  # tell Django the caches changed
    yield link
    link.server.close()


def titles(client):
    response = client.get("/graphql/", {"query": EVENTS})
    return [item["title"] for item in response.json()["data"]["events"]["items"]]


@pytest.fixture
def stalled_unpublish(
    client, demo_content, redis_link, django_capture_on_commit_callbacks
):
    """An event unpublished while Redis is stalled, after its list was cached."""
    event = EventPage.objects.live().filter(locale__language_code="fr").first()
    assert event.title in titles(client)  # computed, kept in Redis
    redis_link.stalled = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            event.unpublish()
    finally:
        redis_link.stalled = False
    # the fail-safe cache waits before trying Redis again: that wait is over
    FailSafeRedisCache._down_until = 0.0
    return event


@pytest.mark.django_db
def test_an_emptying_redis_missed_is_retried_by_the_next_request(
    client,
    stalled_unpublish,
    http_cache,  # noqa: F811
):
    # when a partner asks again once Redis answers
    PurgeReceiver.received.clear()
    # then the unpublished event is gone at once, not when its answer expires
    assert stalled_unpublish.title not in titles(client)
    assert not MissedEmptying.objects.exists()
    # and the HTTP cache in front was purged again
    assert http_cache


@pytest.mark.django_db
def test_an_emptying_redis_missed_is_retried_by_the_cron(
    client,
    stalled_unpublish,
    http_cache,  # noqa: F811
):
    assert MissedEmptying.objects.exists()
    PurgeReceiver.received.clear()
    call_command("retry_cache_emptying", verbosity=0)
    assert not MissedEmptying.objects.exists()
    assert http_cache
    assert stalled_unpublish.title not in titles(client)
