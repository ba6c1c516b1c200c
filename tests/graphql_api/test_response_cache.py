"""Anonymous GET query answers are kept server-side until content changes."""

import pytest
from django.contrib.auth import get_user_model

from forms_workflows.models import CharterAdhesion
from forms_workflows.workflow import transition
from pages.models import EventPage

EVENTS_QUERY = '{ events(site: "club", limit: 50) { items { id title } } }'
SIGNATORIES_QUERY = '{ signatories(site: "club", limit: 100) { items { name } } }'


def ask(client, query, **extra):
    response = client.get("/graphql/", {"query": query}, **extra)
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


@pytest.mark.django_db
def test_the_same_anonymous_query_is_answered_again_without_sql(
    client, demo_content, django_assert_num_queries
):
    # given an answer computed once
    first = ask(client, EVENTS_QUERY)
    # when a partner asks the same again
    with django_assert_num_queries(0):
        second = ask(client, EVENTS_QUERY)
    # then it gets the same answer from the cache
    assert second == first


@pytest.mark.django_db
def test_publishing_a_change_empties_the_cache(client, demo_content):
    # given a cached event list
    ask(client, EVENTS_QUERY)
    event = EventPage.objects.live().filter(locale__language_code="fr").first()
    # when an editor publishes a new title
    event.title = "Séminaire renommé"
    event.save_revision().publish()
    # then the next answer carries it
    titles = [item["title"] for item in ask(client, EVENTS_QUERY)["events"]["items"]]
    assert "Séminaire renommé" in titles


@pytest.mark.django_db
def test_a_revoked_signatory_leaves_the_cached_list_at_once(client, demo_content):
    # given a cached signatory list showing an approved adhesion's signatory
    adhesion = CharterAdhesion.objects.filter(
        status="approved", signatory__isnull=False
    ).first()
    names = [i["name"] for i in ask(client, SIGNATORIES_QUERY)["signatories"]["items"]]
    assert adhesion.signatory.name in names
    reviewer = get_user_model().objects.get(username="reviewer")
    # when a reviewer revokes the signature, as the admin does
    transition(adhesion, "revoke", user=reviewer, comment="Plan not followed.")
    # then the list no longer shows it
    names = [i["name"] for i in ask(client, SIGNATORIES_QUERY)["signatories"]["items"]]
    assert adhesion.signatory.name not in names


@pytest.mark.django_db
def test_post_requests_are_never_served_from_the_cache(client, demo_content):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ask(client, EVENTS_QUERY)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/graphql/", {"query": EVENTS_QUERY}, content_type="application/json"
        )
    assert response.status_code == 200
    assert len(queries) > 0


@pytest.mark.django_db
def test_signed_in_users_are_never_served_from_the_cache(
    client, demo_content, django_user_model
):
    ask(client, EVENTS_QUERY)
    user = django_user_model.objects.create_user("partner-admin", password="x" * 12)
    client.force_login(user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        ask(client, EVENTS_QUERY)
    assert len(queries) > 0


@pytest.mark.django_db
def test_an_answer_from_the_cache_carries_the_same_headers(client, demo_content):
    # given an answer computed once
    first = client.get("/graphql/", {"query": EVENTS_QUERY})
    # when the same query comes again, from the cache
    second = client.get("/graphql/", {"query": EVENTS_QUERY})
    # then the body, the validator and the caching headers are the same
    assert second.content == first.content
    for header in ("ETag", "Cache-Control", "Content-Type", "Vary"):
        assert second[header] == first[header]
    # and a client holding that answer gets 304 without a body
    again = client.get(
        "/graphql/", {"query": EVENTS_QUERY}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304
    assert again.content == b""


SITES_QUERY = "{ sites { key } }"


@pytest.mark.django_db
def test_a_renamed_network_key_is_answered_at_once_even_by_post(gql, demo_content):
    from pages.models import NetworkSettings

    # given the networks read once (and kept by the process)
    keys = [site["key"] for site in gql.query(SITES_QUERY)["data"]["sites"]]
    assert "club" in keys
    # when an administrator renames a network's key
    settings_row = NetworkSettings.objects.get(key="club")
    settings_row.key = "club-national"
    settings_row.save()
    # then the next request, even an uncached one, knows only the new key
    keys = [site["key"] for site in gql.query(SITES_QUERY)["data"]["sites"]]
    assert "club-national" in keys and "club" not in keys
    body = gql.query('{ events(site: "club") { totalCount } }')
    assert body["errors"][0]["extensions"]["code"] == "UNKNOWN_SITE"


@pytest.mark.django_db
def test_a_page_restricted_after_a_read_is_hidden_at_once(gql, demo_content):
    from wagtail.models import PageViewRestriction

    event = EventPage.objects.live().filter(locale__language_code="fr").first()
    query = f'{{ page(id: "{event.pk}") {{ title }} }}'
    # given a public page read once
    assert gql.query(query)["data"]["page"]["title"] == event.title
    # when an editor restricts it to signed-in users
    PageViewRestriction.objects.create(
        page=event, restriction_type=PageViewRestriction.LOGIN
    )
    # then the API no longer shows it
    assert gql.query(query)["data"]["page"] is None
