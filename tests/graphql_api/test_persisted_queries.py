"""Automatic persisted queries (Apollo's protocol) and trusted documents."""

import hashlib
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from redis import Redis

from graphql_api.models import PersistedDocument
from tests.fixtures.graphql import codes

QUERY = "query Sites { sites { key } }"
OTHER = "query Version { apiVersion }"


def sha(document):
    return hashlib.sha256(document.encode()).hexdigest()


def extensions(document, version=1):
    return {"persistedQuery": {"version": version, "sha256Hash": sha(document)}}


def get_by_hash(client, document, **headers):
    return client.get(
        "/graphql/", {"extensions": json.dumps(extensions(document))}, **headers
    )


def post(client, body, **headers):
    return client.post(
        "/graphql/", json.dumps(body), content_type="application/json", **headers
    )


def test_an_unknown_hash_asks_for_the_query(client, two_sites):
    # when a client asks by a hash the API never saw
    response = get_by_hash(client, QUERY)
    # then it is told to send the query (HTTP 200, as Apollo's clients expect)
    assert response.status_code == 200
    assert codes(response.json()) == ["PERSISTED_QUERY_NOT_FOUND"]
    assert response["Cache-Control"] == "no-store"


def test_a_query_sent_once_is_then_answered_by_its_hash(client, two_sites):
    # given a client that sent the query with its hash, by POST
    first = post(client, {"query": QUERY, "extensions": extensions(QUERY)})
    assert first.status_code == 200 and "errors" not in first.json()
    # when it asks again by hash only, by GET
    response = get_by_hash(client, QUERY)
    # then it gets the same answer, cacheable like any GET
    assert response.json() == first.json()
    assert response["Cache-Control"].startswith("public")
    # kept in the cache, not the database: anyone may send one
    assert not PersistedDocument.objects.exists()


def test_a_get_by_hash_is_served_from_the_response_cache(
    client, two_sites, django_assert_num_queries
):
    post(client, {"query": QUERY, "extensions": extensions(QUERY)})
    first = get_by_hash(client, QUERY)
    with django_assert_num_queries(0):
        again = get_by_hash(client, QUERY)
    assert again.json() == first.json()


def test_a_query_that_is_not_its_hash_is_refused(client, two_sites):
    response = post(client, {"query": OTHER, "extensions": extensions(QUERY)})
    assert response.status_code == 400
    assert codes(response.json()) == ["PERSISTED_QUERY_MISMATCH"]
    assert not PersistedDocument.objects.exists()


def test_another_protocol_version_is_refused(client, two_sites):
    body = {"query": QUERY, "extensions": extensions(QUERY, version=2)}
    response = post(client, body)
    assert codes(response.json()) == ["PERSISTED_QUERY_NOT_SUPPORTED"]


def test_a_document_that_fails_validation_is_not_kept(client, two_sites):
    bad = "{ sites { nope } }"
    response = post(client, {"query": bad, "extensions": extensions(bad)})
    assert codes(response.json()) == ["GRAPHQL_VALIDATION_FAILED"]
    assert not PersistedDocument.objects.exists()


def test_size_limits_still_apply_to_a_persisted_document(client, two_sites, settings):
    settings.GRAPHQL_MAX_QUERY_SIZE = 20
    response = post(client, {"query": QUERY, "extensions": extensions(QUERY)})
    assert codes(response.json()) == ["QUERY_TOO_LARGE"]
    assert not PersistedDocument.objects.exists()


def test_a_document_kept_by_one_server_is_found_by_another_process(
    client, two_sites, shared_redis
):
    # given a document one app server kept, in the Redis every server shares
    post(client, {"query": OTHER, "extensions": extensions(OTHER)})
    # when another process (another app server) is asked by hash
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        f"r = Client().get('/graphql/', {{'extensions': json.dumps({extensions(OTHER)!r})}});"
        "print(r.content.decode())"
    )
    env = {
        **os.environ,
        "REDIS_URL": shared_redis.url,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
    }
    output = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # then it knows the document
    assert json.loads(output.strip().splitlines()[-1]) == {"data": {"apiVersion": "2"}}


def test_copies_padded_with_comments_keep_one_document_and_no_row(
    client, two_sites, shared_redis, settings
):
    settings.GRAPHQL_APQ_TIMEOUT = 3600
    # when an anonymous caller sends the same query 100 times, each time padded
    # with another comment, commas and spaces (so each has its own hash)
    padded = [f"# padding {n} {'x' * 2000}\n{OTHER} ,, \n" for n in range(100)]
    for document in padded:
        response = post(client, {"query": document, "extensions": extensions(document)})
        assert response.json() == {"data": {"apiVersion": "2"}}
    # then nothing is written to the database, one document is kept, and each
    # hash costs a short reference that expires
    assert not PersistedDocument.objects.exists()
    redis = Redis.from_url(shared_redis.url)
    documents = redis.keys("*graphql-apq:document:*")
    references = redis.keys("*graphql-apq:hash:*")
    assert len(documents) == 1 and len(references) == 100
    assert redis.strlen(documents[0]) < 200
    assert all(0 < redis.ttl(key) <= 3600 for key in documents + references)
    # and every padded copy is still answered by its own hash
    assert get_by_hash(client, padded[42]).json() == {"data": {"apiVersion": "2"}}


def test_registered_documents_outlive_the_cache(client, two_sites, tmp_path):
    from django.core.cache import cache

    path = tmp_path / "sites.graphql"
    path.write_text(QUERY)
    call_command("register_documents", str(path))
    cache.clear()  # the shared cache restarted, or evicted everything
    assert "errors" not in get_by_hash(client, QUERY).json()


@pytest.fixture
def trusted_only(settings):
    settings.GRAPHQL_TRUSTED_DOCUMENTS_ONLY = True


def test_only_registered_documents_run_for_anonymous_callers(
    client, two_sites, trusted_only, tmp_path
):
    # given one registered document
    path = tmp_path / "sites.graphql"
    path.write_text(QUERY)
    call_command("register_documents", str(path))
    # when an anonymous caller sends it, then another
    allowed = post(client, {"query": QUERY})
    refused = post(client, {"query": OTHER})
    by_unregistered_hash = post(
        client, {"query": OTHER, "extensions": extensions(OTHER)}
    )
    # then only the registered one runs
    assert "errors" not in allowed.json()
    assert codes(refused.json()) == ["DOCUMENT_NOT_REGISTERED"]
    assert codes(by_unregistered_hash.json()) == ["DOCUMENT_NOT_REGISTERED"]
    assert get_by_hash(client, QUERY).json() == allowed.json()
    assert not PersistedDocument.objects.filter(sha256=sha(OTHER)).exists()


def test_an_auto_persisted_document_is_not_trusted(client, two_sites, settings):
    post(client, {"query": OTHER, "extensions": extensions(OTHER)})
    settings.GRAPHQL_TRUSTED_DOCUMENTS_ONLY = True
    response = get_by_hash(client, OTHER)
    assert codes(response.json()) == ["PERSISTED_QUERY_NOT_FOUND"]


def test_a_signed_in_user_may_send_any_document(
    client, two_sites, trusted_only, django_user_model
):
    client.force_login(django_user_model.objects.create_user("editor", "e@x.org"))
    response = post(client, {"query": OTHER})
    assert response.json() == {"data": {"apiVersion": "2"}}


def test_a_partner_with_a_key_may_send_any_document(client, two_sites, trusted_only):
    from partners.keys import create_key

    # given a partner's key for the club
    club, _home = two_sites["club"]
    _key, secret = create_key(name="Partenaire", organisation="P", sites=[club])
    # when it sends a document nobody registered, and so does an anonymous caller
    keyed = post(client, {"query": OTHER}, HTTP_AUTHORIZATION=f"Bearer {secret}")
    anonymous = post(client, {"query": OTHER})
    # then the key's holder is answered, the anonymous caller refused
    assert keyed.json() == {"data": {"apiVersion": "2"}}
    assert codes(anonymous.json()) == ["DOCUMENT_NOT_REGISTERED"]


def test_a_manifest_registers_each_document_and_checks_its_hash(tmp_path, two_sites):
    # given a manifest of hash -> document, and an Apollo manifest
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({sha(QUERY): QUERY}))
    apollo = tmp_path / "apollo.json"
    apollo.write_text(
        json.dumps(
            {
                "format": "apollo-persisted-query-manifest",
                "version": 1,
                "operations": [{"id": sha(OTHER), "name": "Version", "body": OTHER}],
            }
        )
    )
    # when both are registered
    call_command("register_documents", str(manifest), str(apollo))
    # then both documents are trusted
    assert set(
        PersistedDocument.objects.filter(registered=True).values_list(
            "sha256", flat=True
        )
    ) == {sha(QUERY), sha(OTHER)}


@pytest.mark.parametrize(
    "content",
    [
        {"0" * 64: QUERY},  # a hash that is not the document's
        {sha("{ nope }"): "{ nope }"},  # not valid against the schema
        {sha("{ sites "): "{ sites "},  # does not parse
    ],
)
def test_a_bad_manifest_registers_nothing(tmp_path, two_sites, content):
    good_and_bad = {sha(OTHER): OTHER, **content}
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(good_and_bad))
    with pytest.raises(CommandError):
        call_command("register_documents", str(manifest))
    assert not PersistedDocument.objects.exists()
