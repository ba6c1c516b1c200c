"""The guards hold against other callers, replays, parallel requests and forged headers."""

import threading

import pytest
from django.core.exceptions import ValidationError

from forms_workflows import guards
from forms_workflows.adhesions.forms import CharterAdhesionForm
from forms_workflows.adhesions.status import resubmit
from forms_workflows.machine import SYSTEM
from forms_workflows.models import CharterAdhesion
from forms_workflows.workflow import transition
from tests.fixtures.adhesions import make_adhesion, old_token, valid_data

from .helpers import SUBMIT, api_errors, api_input


def submit_api(gql, data, ip="203.0.113.7", headers=None, **extra):
    return gql(
        SUBMIT, {"input": api_input(data, **extra)}, REMOTE_ADDR=ip, **(headers or {})
    )["submitCharterAdhesion"]


def test_a_key_reused_with_another_body_is_refused(gql, network):
    # given an application sent with a key
    first = submit_api(gql, valid_data(), idempotencyKey="partner-7")
    # when the same caller sends another application under the same key
    other = submit_api(
        gql, valid_data(organisation_name="Autre bailleur"), idempotencyKey="partner-7"
    )
    # then it is refused with a stable code, and only the first was made
    assert first["errors"] == []
    assert other["adhesion"] is None
    assert api_errors(other) == [(None, "IDEMPOTENCY_KEY_REUSED")]
    assert CharterAdhesion.objects.count() == 1


def test_another_caller_choosing_the_same_key_gets_its_own_application(gql, network):
    # given caller A's application under the key "4242"
    mine = submit_api(gql, valid_data(), ip="198.51.100.1", idempotencyKey="4242")
    # when caller B, from another address, happens to choose the same key
    theirs = submit_api(
        gql,
        valid_data(contact_email="b@example.org"),
        ip="198.51.100.2",
        idempotencyKey="4242",
    )
    # then B's application is made, and B never sees A's
    assert theirs["errors"] == []
    assert theirs["adhesion"]["reference"] != mine["adhesion"]["reference"]
    assert CharterAdhesion.objects.count() == 2


def test_a_form_token_serves_one_application_only(gql, network):
    # given a token that made an application
    token = old_token()
    first = submit_api(gql, valid_data(form_token=token), idempotencyKey="one")
    # when a second application comes with the same token
    again = submit_api(
        gql,
        valid_data(form_token=token, contact_email="robot@example.org"),
        idempotencyKey="two",
    )
    # then it is refused, and only one application exists
    assert first["errors"] == []
    assert api_errors(again) == [(None, "FORM_TOKEN_USED")]
    assert CharterAdhesion.objects.count() == 1


def test_a_retry_after_a_server_died_mid_request_is_taken_with_its_token(gql, network):
    # given a request that claimed its form token under its key, then died
    # before its commit (the server was killed: nothing was written)
    token = old_token()
    caller = guards.Caller(site_id=network["site"].pk, client="ip:203.0.113.7")
    guards.spend_form_token(token, request_key=caller.scope("retry-1"))
    assert not CharterAdhesion.objects.exists()

    # when the partner retries the same request with the same key
    retried = submit_api(gql, valid_data(form_token=token), idempotencyKey="retry-1")
    # then it is taken, once; another key cannot reuse the token
    other = submit_api(
        gql,
        valid_data(form_token=token, contact_email="robot@example.org"),
        idempotencyKey="retry-2",
    )
    assert retried["errors"] == []
    assert api_errors(other) == [(None, "FORM_TOKEN_USED")]
    assert CharterAdhesion.objects.count() == 1


def test_a_refused_form_keeps_its_token_for_the_corrected_one(gql, network):
    token = old_token()
    refused = submit_api(gql, valid_data(form_token=token, contact_email="oops"))
    corrected = submit_api(gql, valid_data(form_token=token))
    assert api_errors(refused) == [("contactEmail", "INVALID")]
    assert corrected["errors"] == []


@pytest.fixture
def behind_proxies(settings):
    settings.FORMS_WORKFLOWS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.FORMS_WORKFLOWS_TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.1"]


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("203.0.113.9", "198.51.100.7", "203.0.113.9"),
        ("10.0.0.5", "198.51.100.7", "198.51.100.7"),
        ("10.0.0.5", "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        ("10.0.0.5", "198.51.100.7, 192.0.2.1", "198.51.100.7"),
    ],
    ids=[
        "a sender that is not a proxy",
        "one trusted proxy",
        "an address forged before the proxy's",
        "two trusted proxies",
    ],
)
def test_the_forwarded_address_is_read_only_from_trusted_proxies(
    rf, behind_proxies, peer, forwarded, client
):
    request = rf.post("/graphql/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert guards.client_ip(request) == client


def test_a_forged_forwarded_for_header_does_not_escape_the_rate_limit(
    gql, network, settings, behind_proxies
):
    # given a quota of two applications per address
    settings.FORMS_WORKFLOWS_RATE_LIMIT = 2
    # when one sender, not a proxy, claims a new address with each application
    payloads = [
        submit_api(
            gql,
            valid_data(contact_email=f"a{n}@example.org"),
            ip="203.0.113.9",
            headers={"HTTP_X_FORWARDED_FOR": f"198.51.100.{n}"},
        )
        for n in range(3)
    ]
    # then the third is refused: the sender's own address was counted
    assert [api_errors(p) for p in payloads] == [[], [], [(None, "RATE_LIMITED")]]


def test_parallel_requests_take_no_more_than_the_quota(settings):
    # given a quota of three, in the cache every thread of the process shares
    settings.FORMS_WORKFLOWS_RATE_LIMIT = 3
    barrier = threading.Barrier(12)
    outcomes = []

    def attempt():
        barrier.wait()
        try:
            guards.take_rate_slot("parallel", "198.51.100.1")
            outcomes.append("passed")
        except ValidationError as error:
            outcomes.append(error.code)

    # when twelve requests from one address arrive at once
    threads = [threading.Thread(target=attempt) for _n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then exactly three pass
    assert outcomes.count("passed") == 3
    assert outcomes.count("RATE_LIMITED") == 9


def edited(**changes):
    form = CharterAdhesionForm(valid_data(**changes), check_guards=False)
    assert form.is_valid(), form.errors
    return form


def test_a_resubmission_does_not_undo_a_rejection_made_meanwhile(network, reviewer):
    # given the status page loaded while changes were requested
    adhesion = make_adhesion(network, status="changes_requested")
    loaded = CharterAdhesion.objects.get(pk=adhesion.pk)
    # and a reviewer rejecting the application before the applicant sends
    transition(adhesion, "reject", reviewer, comment="Hors périmètre.")
    # when the applicant sends the changes from the page loaded earlier
    with pytest.raises(ValidationError) as refused:
        resubmit(loaded, edited(organisation_name="Nouveau nom"), "Voilà")
    # then the rejection stands and the edits are not written
    assert refused.value.code == "INVALID_TRANSITION"
    stored = CharterAdhesion.objects.get(pk=adhesion.pk)
    assert stored.status == "rejected"
    assert stored.organisation_name == "Union sociale pour l'habitat"


def test_a_resubmission_never_writes_erased_contact_data_back(network):
    # given the status page loaded while changes were requested
    adhesion = make_adhesion(network, status="changes_requested")
    loaded = CharterAdhesion.objects.get(pk=adhesion.pk)
    # and, meanwhile, the applicant withdrew and retention erased the data
    transition(adhesion, "withdraw")
    transition(adhesion, "anonymise", user=SYSTEM)
    # when the page loaded earlier sends the changes
    with pytest.raises(ValidationError):
        resubmit(loaded, edited(), "Voilà")
    # then the personal data stay erased
    stored = CharterAdhesion.objects.get(pk=adhesion.pk)
    assert stored.status == "anonymised"
    assert stored.contact_email == stored.contact_name == ""


def test_a_resubmission_saves_the_edits_and_goes_back_to_review(network):
    adhesion = make_adhesion(network, status="changes_requested")
    resubmit(adhesion, edited(organisation_name="Nouveau nom"), "Voilà")
    stored = CharterAdhesion.objects.get(pk=adhesion.pk)
    assert (stored.status, stored.organisation_name) == ("under_review", "Nouveau nom")
    assert adhesion.status == "under_review"
