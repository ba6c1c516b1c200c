"""Applications sent to either app server: limits, retries and e-mails hold for all."""

import time
import uuid

from .conftest import wait_until

TOKEN = "{ adhesionFormToken }"
SUBMIT = """
mutation Submit($input: CharterAdhesionInput!) {
  submitCharterAdhesion(input: $input) {
    adhesion { reference status }
    errors { field code }
  }
}
"""


def tokens(stack, count):
    """Form tokens as a partner gets them, old enough to be accepted."""
    issued = [
        stack.post("a", "/graphql/", json={"query": TOKEN}).json()["data"][
            "adhesionFormToken"
        ]
        for _ in range(count)
    ]
    time.sleep(3.5)
    return issued


def adhesion(token, name, **extra):
    return {
        "site": "club",
        "organisationName": name,
        "organisationKind": "association",
        "organisationAddress": "1 place de la Mairie, 69001 Lyon",
        "region": "ARA",
        "contactName": "Alex Martin",
        "contactEmail": f"{uuid.uuid4().hex[:10]}@example.org",
        "signatoryName": "Sam Martin",
        "signatoryTitle": "Présidente",
        "collaborationPlan": [
            {"title": "Partager nos réseaux", "actions": ["Visites communes"]}
        ],
        "consent": True,
        "formToken": token,
        **extra,
    }


def submit(stack, server, data, client):
    response = stack.mutate(server, SUBMIT, {"input": data}, client=client)
    assert response.status_code == 200, response.text
    return response.json()["data"]["submitCharterAdhesion"]


def applications_named(stack, name):
    return stack.sql(
        "SELECT reference FROM forms_workflows_charteradhesion "
        "WHERE organisation_name = %s",
        name,
    )


def test_one_idempotency_key_sent_to_a_then_b_gives_one_application(
    stack, fresh_limits
):
    # given a partner's request, sent to A, times out on the partner's side
    name = f"Association {uuid.uuid4().hex[:8]}"
    [token] = tokens(stack, 1)
    data = adhesion(token, name, idempotencyKey=f"retry-{uuid.uuid4().hex}")
    first = submit(stack, "a", data, client="203.0.113.20")

    # when the partner retries the same request, and the balancer sends it to B
    second = submit(stack, "b", data, client="203.0.113.20")

    # then B answers with A's application, and there is one
    assert first["errors"] == []
    assert second["errors"] == []
    assert second["adhesion"]["reference"] == first["adhesion"]["reference"]
    assert len(applications_named(stack, name)) == 1


def test_the_rate_limit_counts_what_every_server_accepted(stack, fresh_limits):
    # given one client address sending to A and B in turn
    client = "203.0.113.30"
    issued = tokens(stack, 7)
    answers = []
    for number, token in enumerate(issued):
        server = "a" if number % 2 == 0 else "b"
        data = adhesion(token, f"Structure {uuid.uuid4().hex[:8]}")
        answers.append(submit(stack, server, data, client=client))

    # then the quota (5 an hour) holds across both servers
    accepted = [answer for answer in answers if not answer["errors"]]
    refused = [answer["errors"][0]["code"] for answer in answers if answer["errors"]]
    assert len(accepted) == 5
    assert refused == ["RATE_LIMITED", "RATE_LIMITED"]


def test_two_workers_send_each_confirmation_email_once(stack, fresh_limits):
    # given four applicants, sent to either server from their own addresses
    issued = tokens(stack, 4)
    addresses = []
    for number, token in enumerate(issued):
        data = adhesion(token, f"Collectif {uuid.uuid4().hex[:8]}")
        addresses.append(data["contactEmail"])
        answer = submit(stack, "ab"[number % 2], data, client=f"198.51.100.{number}")
        assert answer["errors"] == []

    # when the two workers have drained the queue
    def sent():
        mails = stack.mails()
        return all(any(address in mail for mail in mails) for address in addresses)

    assert wait_until(sent, timeout=60)
    time.sleep(2)  # a duplicate would come from the other worker's next poll

    # then each applicant got exactly one e-mail
    mails = stack.mails()
    for address in addresses:
        assert sum(f"To: {address}" in mail for mail in mails) == 1, address
