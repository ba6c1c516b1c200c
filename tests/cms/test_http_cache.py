"""What a shared HTTP cache in front may keep, and the purge a publish sends it."""

import pytest

from pages.models import EventPage
from tests.fixtures.receivers import PurgeReceiver

QUERY = '{ events(site: "club", limit: 5) { items { id title } } }'


@pytest.mark.django_db
def test_a_public_page_may_be_kept_by_a_shared_cache_with_its_tags(
    client, demo_content
):
    response = client.get("/", HTTP_HOST="club.localhost")

    assert response.status_code == 200
    assert "s-maxage=" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    tags = response["Surrogate-Key"].split()
    assert "cms" in tags
    assert any(tag.startswith("site-") for tag in tags)
    assert any(tag.startswith("page-") for tag in tags)


@pytest.mark.django_db
def test_a_page_for_a_signed_in_editor_is_not_for_a_shared_cache(
    client, demo_content, django_user_model
):
    editor = django_user_model.objects.create_user("ed", password="x", is_staff=True)
    client.force_login(editor)

    response = client.get("/", HTTP_HOST="club.localhost")

    assert response.status_code == 200
    assert "s-maxage" not in response.get("Cache-Control", "")
    assert not response.has_header("Surrogate-Key")


@pytest.mark.django_db
def test_an_anonymous_graphql_get_is_tagged_for_shared_caches(client, demo_content):
    from pages.models import NetworkSettings

    club = NetworkSettings.objects.get(key="club").site_id
    response = client.get("/graphql/", {"query": QUERY})

    assert "s-maxage=" in response["Cache-Control"]
    # tagged with the network it read, so that another network's publish keeps it
    assert response["Surrogate-Key"].split() == ["cms", "graphql", f"site-{club}"]


@pytest.mark.django_db
def test_a_post_is_not_for_a_shared_cache(client, demo_content):
    response = client.post(
        "/graphql/", {"query": QUERY}, content_type="application/json"
    )

    assert "s-maxage" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_a_publish_purges_the_http_cache_once_committed(
    demo_content, http_cache, django_capture_on_commit_callbacks
):
    event = EventPage.objects.live().filter(locale__language_code="fr").first()

    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Séminaire renommé"
        event.save_revision().publish()

    # the event's network is purged, not every network's answers and pages
    purged = {tag for header in http_cache for tag in header.split()}
    assert f"site-{event.get_site().pk}" in purged
    assert "cms" not in purged


@pytest.mark.django_db
def test_every_api_answer_a_shared_cache_keeps_varies_on_origin(client, demo_content):
    # when a server-side caller (no Origin) asks twice: computed, then stored
    computed = client.get("/graphql/", {"query": QUERY})
    stored = client.get("/graphql/", {"query": QUERY})
    # then a shared cache keeps each for callers without Origin only: a browser
    # on an allowed origin is not given an answer without its CORS headers
    for response in (computed, stored):
        assert "s-maxage=" in response["Cache-Control"]
        assert "origin" in response["Vary"].lower().replace(" ", "").split(",")


@pytest.mark.django_db
def test_a_purge_carries_the_secret_the_http_cache_checks(
    demo_content, http_cache, settings, django_capture_on_commit_callbacks
):
    settings.HTTP_CACHE_PURGE_SECRET = "purge-secret-of-this-installation"
    event = EventPage.objects.live().filter(locale__language_code="fr").first()

    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()

    assert http_cache
    assert set(PurgeReceiver.secrets) == {"purge-secret-of-this-installation"}
