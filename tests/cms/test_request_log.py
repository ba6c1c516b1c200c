"""Operators get one JSON line per request, with its id and nothing personal."""

import json
import logging

import pytest

from cms.request_log import JsonFormatter

QUERY = '{ events(site: "club", limit: 1) { items { id } } }'


def lines(caplog):
    formatter = JsonFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "cms.request"
    ]


@pytest.mark.django_db
def test_each_request_is_one_json_line_with_its_id(client, demo_content, caplog):
    caplog.set_level(logging.INFO, logger="cms.request")

    response = client.get(
        "/graphql/",
        {"query": QUERY, "variables": '{"email": "camille@example.org"}'},
        REMOTE_ADDR="203.0.113.9",
    )

    [line] = lines(caplog)
    assert line["request_id"] == response["X-Request-ID"]
    assert line["path"] == "/graphql/"
    assert line["status"] == 200
    assert line["method"] == "GET"
    # what the visitor typed and where they are never reach the log
    text = json.dumps(line)
    assert "camille@example.org" not in text
    assert "203.0.113.9" not in text


@pytest.mark.django_db
def test_a_request_id_from_the_proxy_is_kept_and_a_strange_one_replaced(
    client, demo_content, caplog
):
    caplog.set_level(logging.INFO, logger="cms.request")

    ask = {"query": "{ __typename }"}
    kept = client.get("/graphql/", ask, HTTP_X_REQUEST_ID="edge-1234abcd")
    replaced = client.get(
        "/graphql/", ask, HTTP_X_REQUEST_ID="<script>alert(1)</script>"
    )

    assert kept["X-Request-ID"] == "edge-1234abcd"
    assert replaced["X-Request-ID"] != "<script>alert(1)</script>"
    assert [line["request_id"] for line in lines(caplog)] == [
        "edge-1234abcd",
        replaced["X-Request-ID"],
    ]
