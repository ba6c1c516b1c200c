"""What an operator fears: a server killed under load, Redis gone."""

import os
import signal
import threading
import time
import uuid

import pytest
import redis
import requests

from .conftest import wait_until
from .test_submissions import SUBMIT, adhesion

TOKEN = "{ adhesionFormToken }"
PAGE = '{ page(site: "club", urlPath: "/") { id title } }'


def needs(stack, *names):
    if any(name not in stack.running for name in names):
        pytest.skip("the stack was started outside the tests (STACK_REUSE)")


def healthy(stack, server):
    try:
        return stack.get(server, "/healthz/").status_code == 200
    except requests.ConnectionError:
        return False


def submit_until_answered(stack, data, client, outcomes):
    """Send through the balancer, retrying as a partner would: same key, same body."""
    for _ in range(20):
        try:
            response = stack.post(
                "balancer",
                "/graphql/",
                json={"query": SUBMIT, "variables": {"input": data}},
                headers={"X-Forwarded-For": client},
            )
        except requests.ConnectionError:
            outcomes.append("connection error")
            time.sleep(0.5)
            continue
        outcomes.append(response.status_code)
        if response.status_code == 200:
            return response.json()["data"]["submitCharterAdhesion"]
        time.sleep(0.5)
    return None


def test_killing_an_app_server_under_load_loses_and_duplicates_nothing(
    stack, fresh_limits
):
    needs(stack, "app1")
    # given 40 applicants, each sending once through the balancer
    issued = [
        stack.post("a", "/graphql/", json={"query": TOKEN}).json()["data"][
            "adhesionFormToken"
        ]
        for _ in range(40)
    ]
    time.sleep(3.5)
    batch = uuid.uuid4().hex[:6]
    applicants = [
        (
            adhesion(token, f"Load {batch} {n}", idempotencyKey=f"{batch}-{n}"),
            f"10.{n // 250}.{n % 250}.9",
        )
        for n, token in enumerate(issued)
    ]
    answers, outcomes = {}, []

    def send(part):
        for data, client in part:
            answers[data["organisationName"]] = submit_until_answered(
                stack, data, client, outcomes
            )

    threads = [
        threading.Thread(target=send, args=(applicants[i::4],)) for i in range(4)
    ]
    for thread in threads:
        thread.start()

    # when app server A is killed with SIGKILL in the middle of it
    wait_until(lambda: len(outcomes) >= 8, timeout=60, interval=0.05)
    killed = stack.running["app1"].pid
    os.kill(killed, signal.SIGKILL)  # the gunicorn master alone, as `kill -9` does
    for thread in threads:
        thread.join()
    # the supervisor starts it again by itself, as systemd's Restart=on-failure
    assert wait_until(lambda: healthy(stack, "a"), timeout=60)
    assert stack.running["app1"].pid not in (None, killed)

    # then every applicant got an answer with a reference, and one application
    unanswered = {
        name: answer
        for name, answer in answers.items()
        if not answer or answer["errors"]
    }
    assert unanswered == {}
    rows = stack.sql(
        "SELECT organisation_name, count(*) FROM forms_workflows_charteradhesion "
        "WHERE organisation_name LIKE %s GROUP BY organisation_name",
        f"Load {batch} %",
    )
    missing = sorted(set(answers) - {name for name, _count in rows})
    given = [answers[name]["adhesion"]["reference"] for name in missing]
    holders = stack.sql(
        "SELECT reference, organisation_name FROM forms_workflows_charteradhesion "
        "WHERE reference = ANY(%s)",
        given,
    )
    assert missing == [], (missing, given, holders)
    assert {count for _name, count in rows} == {1}
    # and the balancer kept answering: at most the requests A held were cut
    failures = [outcome for outcome in outcomes if outcome != 200]
    assert len(failures) <= 8, failures


def redis_answers(stack):
    try:
        return stack.redis().ping()
    except redis.ConnectionError:
        return False


def test_a_killed_worker_is_restarted_while_the_rest_serves(stack):
    needs(stack, "worker2")
    # given worker 2 killed with SIGKILL
    killed = stack.running["worker2"].pid
    os.kill(killed, signal.SIGKILL)
    # then the balancer and the other processes keep answering
    assert stack.get("balancer", "/").status_code == 200
    # and the supervisor starts it again by itself, after its back-off
    assert wait_until(
        lambda: stack.running["worker2"].pid not in (None, killed), timeout=30
    )
    assert all(process.running() for process in stack.running.values())


def test_without_redis_the_api_answers_uncached_and_recovers(stack):
    needs(stack, "redis")
    # given Redis stops
    stack.running["redis"].stop()
    try:
        # then GraphQL GETs and hosted pages still answer, from every server
        for server in ("a", "b", "balancer"):
            assert stack.query(server, PAGE)["data"]["page"]["title"]
            assert stack.get(server, "/").status_code == 200
    finally:
        # when Redis comes back
        stack.running["redis"].start()
    assert wait_until(lambda: redis_answers(stack), timeout=20)

    # then answers are kept in it again
    def cached():
        stack.query("b", PAGE)
        return stack.redis().dbsize() > 0

    assert wait_until(cached, timeout=20, interval=0.5)
