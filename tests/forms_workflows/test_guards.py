"""Spam and abuse guards turn robots and floods away and let applicants through."""

import time

import pytest
from django.core import mail

from forms_workflows import guards
from forms_workflows.models import CharterAdhesion
from tests.fixtures.adhesions import old_token, valid_data

from .helpers import SUBMIT, api_errors, api_input, hosted_errors, post_data


def submit_api(gql, data, ip="203.0.113.7", **extra):
    return gql(SUBMIT, {"input": api_input(data, **extra)}, REMOTE_ADDR=ip)[
        "submitCharterAdhesion"
    ]


def test_a_filled_honeypot_is_turned_away_on_both_paths(client, gql, network):
    # given a robot that fills every field, the hidden one too
    data = valid_data(**{guards.HONEYPOT_FIELD: "+33 1 00 00 00 00"})
    # when it sends the form and calls the API
    hosted = hosted_errors(client.post(network["form_page"].url, post_data(data)))
    api = api_errors(submit_api(gql, data))
    # then both refuse it and nothing is written
    assert hosted == api == [(None, "SPAM_SUSPECTED")]
    assert CharterAdhesion.objects.count() == 0


@pytest.mark.parametrize(
    ("token", "code"),
    [
        (lambda: guards.issue_form_token(), "FORM_TOO_FAST"),
        (lambda: old_token(seconds=25 * 3600), "FORM_EXPIRED"),
        (lambda: old_token()[:-2] + "xx", "FORM_TOKEN_INVALID"),
        (lambda: "", "FORM_TOKEN_INVALID"),
    ],
    ids=["sent at once", "a day old", "tampered", "missing"],
)
def test_the_timing_token_turns_away_hasty_stale_or_forged_forms(
    client, gql, network, token, code, settings
):
    # a loaded machine may take the 3 s default between the token and the
    # second request; the threshold, not the machine's speed, is under test
    settings.FORMS_WORKFLOWS_FORM_MIN_SECONDS = 60
    data = valid_data(form_token=token())
    hosted = hosted_errors(client.post(network["form_page"].url, post_data(data)))
    api = api_errors(submit_api(gql, data))
    assert hosted == api == [(None, code)]
    assert CharterAdhesion.objects.count() == 0


def test_a_token_from_the_api_is_accepted_once_a_few_seconds_old(
    gql, network, monkeypatch
):
    # given a token fetched when the partner showed the form
    token = gql("{ adhesionFormToken }")["adhesionFormToken"]
    # when the applicant sends the form ten seconds later
    later = time.time() + 10
    monkeypatch.setattr(guards.time, "time", lambda: later)
    payload = submit_api(gql, valid_data(form_token=token))
    # then it is accepted
    assert payload["errors"] == []


def test_the_hosted_form_serves_a_token_that_works_after_a_few_seconds(
    client, network, monkeypatch
):
    html = client.get(network["form_page"].url).content.decode()
    token = html.split('name="form_token" value="', 1)[1].split('"', 1)[0]
    later = time.time() + 10
    monkeypatch.setattr(guards.time, "time", lambda: later)
    response = client.post(
        network["form_page"].url, post_data(valid_data(form_token=token))
    )
    assert response.status_code == 302
    assert CharterAdhesion.objects.count() == 1


def test_the_sixth_application_of_the_hour_from_one_address_is_refused(
    client, gql, network
):
    # given five applications from one address
    for number in range(5):
        payload = submit_api(gql, valid_data(organisation_name=f"Org {number}"))
        assert payload["errors"] == []
    # when a sixth comes, through the API or the hosted page
    api = submit_api(gql, valid_data(organisation_name="Org 6"))
    hosted = client.post(
        network["form_page"].url,
        post_data(valid_data(organisation_name="Org 7")),
        REMOTE_ADDR="203.0.113.7",
    )
    # then it is refused: error code on the API, HTTP 429 on the page
    assert api_errors(api) == [(None, "RATE_LIMITED")]
    assert hosted.status_code == 429
    assert hosted_errors(hosted) == [(None, "RATE_LIMITED")]
    assert CharterAdhesion.objects.count() == 5
    # and another address is still welcome
    other = submit_api(gql, valid_data(organisation_name="Org 8"), ip="198.51.100.2")
    assert other["errors"] == []


def test_invalid_attempts_do_not_use_up_the_quota(gql, network):
    for _attempt in range(6):
        submit_api(gql, valid_data(contact_email="oops"))
    assert submit_api(gql, valid_data())["errors"] == []


def test_a_retried_mutation_returns_the_first_application(
    gql, network, django_capture_on_commit_callbacks
):
    # given an application sent with an idempotency key
    with django_capture_on_commit_callbacks(execute=True):
        first = submit_api(gql, valid_data(), idempotencyKey="partner-42")
        # when the partner's site retries the same request
        second = submit_api(gql, valid_data(), idempotencyKey="partner-42")
    # then the same application comes back and nothing else is made or sent
    assert first["adhesion"] == second["adhesion"]
    assert second["errors"] == []
    assert CharterAdhesion.objects.count() == 1
    assert len(mail.outbox) == 1
    # and a new key makes a new application
    third = submit_api(gql, valid_data(), idempotencyKey="partner-43")
    assert third["adhesion"]["reference"] != first["adhesion"]["reference"]


def test_a_double_click_on_the_hosted_form_makes_one_application(client, network):
    body = post_data(valid_data(), idempotency_key="f00d")
    first = client.post(network["form_page"].url, body)
    second = client.post(network["form_page"].url, body)
    assert first.status_code == second.status_code == 302
    assert CharterAdhesion.objects.count() == 1


def test_tokens_and_statuses_are_never_cached(client, network):
    # given a partner fetching a token (or a status) over GET, which is cacheable
    token = client.get("/graphql/", {"query": "{ adhesionFormToken }"})
    status = client.get(
        "/graphql/", {"query": '{ applicationStatus(token: "x") { status } }'}
    )
    form = client.get(network["form_page"].url)
    # then no cache keeps them
    for response in (token, status, form):
        assert "no-store" in response["Cache-Control"]
