"""Partners' API keys: issued once, hashed, scoped to networks, limited per key."""

import hashlib
import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from forms_workflows.models import CharterAdhesion
from partners.keys import create_key
from partners.models import ApiKey, ApiKeyDailyUse
from tests.fixtures.adhesions import valid_data
from tests.forms_workflows.helpers import SUBMIT, api_input

SITES = "query { sites { key } }"
SITE = "query Site($site: String) { site(site: $site) { key } }"
SECRET = re.compile(r"eqk_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}")


def ask(client, query, variables=None, key=None, method="post", **headers):
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    if method == "get":
        params = {"query": query}
        if variables:
            params["variables"] = json.dumps(variables)
        return client.get("/graphql/", params, **headers)
    body = json.dumps({"query": query, "variables": variables or {}})
    return client.post("/graphql/", body, content_type="application/json", **headers)


def codes(response):
    return [e["extensions"]["code"] for e in response.json().get("errors", [])]


@pytest.fixture
def club_key(network):
    return create_key(
        name="Front", organisation="Partner", sites=[network["site"]], read_rate=100
    )


def test_a_key_made_in_the_admin_shows_its_secret_once_and_keeps_a_hash(
    staff_client, network
):
    # when staff create a key
    response = staff_client.post(
        reverse("partners_apikey:add"),
        {
            "name": "Site web",
            "organisation": "Ville de Lyon",
            "sites": [network["site"].pk],
            "allowed_origins": "https://lyon.example",
            "read_rate": 60,
            "submission_quota": 20,
            "expires_at": "",
        },
    )
    # then the page shows the secret, with its prefix and public id
    assert response.status_code == 200
    (secret,) = set(SECRET.findall(response.content.decode()))
    key = ApiKey.objects.get()
    assert secret.startswith(f"eqk_{key.public_id}_")
    # only its hash is stored, and no later page shows it
    assert key.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = json.dumps(list(ApiKey.objects.values()), default=str)
    assert secret not in stored
    for url in (
        reverse("partners_apikey:edit", args=[key.pk]),
        reverse("partners_apikey:inspect", args=[key.pk]),
        reverse("partners_apikey:index"),
    ):
        page = staff_client.get(url)
        assert page.status_code == 200
        assert secret not in page.content.decode()
    # and the secret works
    assert ask(staff_client.__class__(), SITES, key=secret).status_code == 200


def test_the_command_prints_a_working_secret(client, network):
    out = StringIO()
    call_command(
        "create_api_key",
        "--site=club",
        "--name=Ops",
        "--rate=30/minute",
        "--submissions=50/hour",
        stdout=out,
        stderr=StringIO(),
    )
    secret = out.getvalue().strip()
    key = ApiKey.objects.get()
    assert (key.read_rate, key.submission_quota) == (30, 50)
    assert key.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    response = ask(client, SITES, key=secret)
    assert response.status_code == 200
    assert response.json()["data"]["sites"] == [{"key": "club"}]


@pytest.mark.parametrize(
    "case", ["unknown", "wrong_secret", "revoked", "expired", "not_bearer"]
)
def test_an_unusable_key_is_refused_with_invalid_api_key(client, club_key, case):
    key, secret = club_key
    header = f"Bearer {secret}"
    if case == "unknown":
        header = "Bearer eqk_00000000_" + "x" * 43
    elif case == "wrong_secret":
        header = f"Bearer {secret[:-4]}abcd"
    elif case == "revoked":
        ApiKey.objects.filter(pk=key.pk).update(revoked_at=timezone.now())
    elif case == "expired":
        ApiKey.objects.filter(pk=key.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    elif case == "not_bearer":
        header = f"Basic {secret}"
    response = client.post(
        "/graphql/",
        json.dumps({"query": SITES}),
        content_type="application/json",
        HTTP_AUTHORIZATION=header,
    )
    assert response.status_code == 401
    assert codes(response) == ["INVALID_API_KEY"]
    assert "data" not in response.json()


def test_revoking_a_key_in_the_admin_refuses_it_at_once(
    client, staff_client, club_key, network
):
    key, secret = club_key
    assert ask(client, SITES, key=secret, method="get").status_code == 200
    # when staff revoke it
    staff_client.post(
        reverse("partners_apikey:edit", args=[key.pk]),
        {
            "name": key.name,
            "organisation": key.organisation,
            "sites": [network["site"].pk],
            "allowed_origins": "",
            "read_rate": key.read_rate,
            "submission_quota": key.submission_quota,
            "expires_at": "",
            "revoke": "on",
        },
    )
    # then the very next request is refused, even one a cache could answer
    response = ask(client, SITES, key=secret, method="get")
    assert response.status_code == 401
    assert codes(response) == ["INVALID_API_KEY"]


def test_a_key_for_one_network_cannot_read_another(client, club_key, second_network):
    _key, secret = club_key
    allowed = ask(client, SITE, {"site": "club"}, key=secret)
    assert allowed.json() == {"data": {"site": {"key": "club"}}}
    refused = ask(client, SITE, {"site": "req"}, key=secret)
    assert codes(refused) == ["SITE_NOT_ALLOWED"]
    assert refused.json()["data"] is None
    # the list of networks names only its own
    listed = ask(client, SITES, key=secret).json()["data"]["sites"]
    assert listed == [{"key": "club"}]
    # anonymous callers still read every network's public content
    anonymous = ask(client, SITE, {"site": "req"})
    assert anonymous.json() == {"data": {"site": {"key": "req"}}}


def test_a_keyed_answer_is_never_one_stored_for_anonymous_callers(
    client, club_key, second_network
):
    _key, secret = club_key
    # given an anonymous answer kept by the response cache
    first = ask(client, SITES, method="get")
    assert len(first.json()["data"]["sites"]) == 2
    assert ask(client, SITES, method="get").content == first.content
    # when a key scoped to one network asks the same
    keyed = ask(client, SITES, key=secret, method="get")
    # then it gets its own answer, and that answer is not public
    assert keyed.json()["data"]["sites"] == [{"key": "club"}]
    assert keyed["Cache-Control"].startswith("private")
    # and anonymous callers still get theirs
    assert ask(client, SITES, method="get").content == first.content
    # a key of another scope gets neither
    _other, req_secret = create_key(
        name="Req", organisation="P", sites=[second_network["site"]]
    )
    other = ask(client, SITES, key=req_secret, method="get")
    assert other.json()["data"]["sites"] == [{"key": "req"}]


def test_a_key_past_its_rate_is_refused_with_retry_after(client, network):
    _key, secret = create_key(
        name="Slow", organisation="P", sites=[network["site"]], read_rate=3
    )
    _other, other_secret = create_key(
        name="Other", organisation="P", sites=[network["site"]], read_rate=3
    )
    for _ in range(3):
        assert ask(client, SITES, key=secret).status_code == 200
    refused = ask(client, SITES, key=secret)
    assert refused.status_code == 429
    assert codes(refused) == ["RATE_LIMITED"]
    assert 1 <= int(refused["Retry-After"]) <= 60
    # another key has its own rate
    assert ask(client, SITES, key=other_secret).status_code == 200


def test_anonymous_callers_have_a_rate_per_address_and_a_key_is_apart(
    client, club_key, settings
):
    settings.GRAPHQL_ANONYMOUS_READ_RATE = 2
    _key, secret = club_key
    assert ask(client, SITES).status_code == 200
    assert ask(client, SITES).status_code == 200
    refused = ask(client, SITES)
    assert refused.status_code == 429
    assert codes(refused) == ["RATE_LIMITED"]
    assert refused["Retry-After"]
    # another address, and a key from this one, are not affected
    assert ask(client, SITES, REMOTE_ADDR="192.0.2.7").status_code == 200
    assert ask(client, SITES, key=secret).status_code == 200


def test_a_setting_can_require_a_key(client, club_key, settings):
    settings.GRAPHQL_REQUIRE_API_KEY = True
    _key, secret = club_key
    refused = ask(client, SITES)
    assert refused.status_code == 401
    assert codes(refused) == ["API_KEY_REQUIRED"]
    assert ask(client, SITES, key=secret).status_code == 200


def test_cors_headers_only_for_the_keys_origins(client, network):
    _key, secret = create_key(
        name="Browser",
        organisation="P",
        sites=[network["site"]],
        allowed_origins="https://partner.example",
    )
    # a preflight from the key's origin may send the Authorization header
    preflight = client.options(
        "/graphql/",
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type",
    )
    assert preflight["Access-Control-Allow-Origin"] == "https://partner.example"
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    # the key's request from its origin may be read by that origin
    keyed = ask(client, SITES, key=secret, HTTP_ORIGIN="https://partner.example")
    assert keyed["Access-Control-Allow-Origin"] == "https://partner.example"
    # not from another origin, and not without the key
    elsewhere = ask(client, SITES, key=secret, HTTP_ORIGIN="https://evil.example")
    assert not elsewhere.has_header("Access-Control-Allow-Origin")
    anonymous = ask(client, SITES, HTTP_ORIGIN="https://partner.example")
    assert not anonymous.has_header("Access-Control-Allow-Origin")
    other_preflight = client.options(
        "/graphql/",
        HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert not other_preflight.has_header("Access-Control-Allow-Origin")


def test_a_partner_submits_twenty_adhesions_an_hour_under_its_key_quota(
    client, network, mailoutbox
):
    _key, secret = create_key(
        name="Server", organisation="P", sites=[network["site"]], submission_quota=20
    )
    # when a partner server sends 20 applications for different people, from one
    # address, with its key
    for number in range(20):
        data = valid_data(contact_email=f"person{number}@example.org")
        response = ask(
            client, SUBMIT, {"input": api_input(data, site="club")}, key=secret
        )
        payload = response.json()["data"]["submitCharterAdhesion"]
        assert payload["errors"] == [], (number, payload)
    # then all are taken; the 21st is over the key's quota
    assert CharterAdhesion.objects.count() == 20
    data = valid_data(contact_email="person21@example.org")
    over = ask(client, SUBMIT, {"input": api_input(data, site="club")}, key=secret)
    errors = over.json()["data"]["submitCharterAdhesion"]["errors"]
    assert [e["code"] for e in errors] == ["RATE_LIMITED"]
    # and the address's own limit is untouched: an anonymous visitor still applies
    data = valid_data(contact_email="visitor@example.org")
    anonymous = ask(client, SUBMIT, {"input": api_input(data, site="club")})
    assert anonymous.json()["data"]["submitCharterAdhesion"]["errors"] == []


def test_use_is_counted_per_day_without_personal_data(client, staff_client, club_key):
    key, secret = club_key
    for _ in range(3):
        ask(client, SITES, key=secret, REMOTE_ADDR="198.51.100.23")
    key.refresh_from_db()
    assert key.last_used_at is not None
    # the key's page shows the day's count as it stands
    page = staff_client.get(reverse("partners_apikey:inspect", args=[key.pk]))
    assert f"{timezone.localdate().isoformat()}: 3" in page.content.decode()
    assert "198.51.100.23" not in page.content.decode()
    (use,) = ApiKeyDailyUse.objects.values()
    assert use["requests"] == 3
    assert set(use) == {"id", "key_id", "day", "requests"}


def test_a_keyed_read_writes_nothing_and_the_cron_records_its_count(client, club_key):
    key, secret = club_key
    ask(client, SITES, key=secret)  # the first use notes `last_used_at`
    # when the partner reads again, the request writes no row
    with CaptureQueriesContext(connection) as queries:
        ask(client, SITES, key=secret)
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    # and the minute's cron moves both requests to the key's daily use, once
    call_command("send_pending_webhooks", verbosity=0)
    call_command("send_pending_webhooks", verbosity=0)
    assert ApiKeyDailyUse.objects.get(key=key).requests == 2


def test_bad_keys_count_against_the_address_rate(client, club_key, settings):
    settings.GRAPHQL_ANONYMOUS_READ_RATE = 3
    _key, secret = club_key
    # when one address sends unknown keys in a loop
    answers = [ask(client, SITES, key=f"eqk_{n:08x}_guess") for n in range(4)]
    # then past the address's rate it is slowed down like anonymous reads
    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    assert codes(answers[-1]) == ["RATE_LIMITED"]
    assert answers[-1]["Retry-After"]
    # another address is not, nor is a valid key from this one
    assert ask(client, SITES, key="eqk_0_x", REMOTE_ADDR="192.0.2.7").status_code == 401
    assert ask(client, SITES, key=secret).status_code == 200


def test_preflights_count_against_the_address_rate(client, network, settings):
    settings.GRAPHQL_ANONYMOUS_READ_RATE = 2

    def preflight():
        return client.options(
            "/graphql/",
            HTTP_ORIGIN="https://anyone.example",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        )

    assert [preflight().status_code for _ in range(3)] == [204, 204, 429]


def test_preflights_read_the_keys_origins_once_until_a_key_changes(
    client, network, django_assert_num_queries, django_capture_on_commit_callbacks
):
    key, _secret = create_key(
        name="Browser",
        organisation="P",
        sites=[network["site"]],
        allowed_origins="https://partner.example",
    )

    def preflight(origin):
        return client.options(
            "/graphql/", HTTP_ORIGIN=origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
        )

    assert preflight("https://partner.example").has_header(
        "Access-Control-Allow-Origin"
    )
    # when preflights come from anywhere, they do not scan the key table
    with django_assert_num_queries(0):
        for n in range(5):
            assert not preflight(f"https://x{n}.example").has_header(
                "Access-Control-Allow-Origin"
            )
    # and a key's change is seen by the next preflight
    with django_capture_on_commit_callbacks(execute=True):
        key.allowed_origins = "https://new.partner.example"
        key.save()
    assert preflight("https://new.partner.example").has_header(
        "Access-Control-Allow-Origin"
    )
    assert not preflight("https://partner.example").has_header(
        "Access-Control-Allow-Origin"
    )
