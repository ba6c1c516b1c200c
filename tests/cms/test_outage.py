"""While the database is unreachable, requests get 503 with Retry-After, never 500."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

SITES_QUERY = '{"query": "{ sites { key } }"}'


def database_down():
    return mock.patch.object(
        CursorWrapper,
        "execute",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    )


@pytest.mark.django_db
def test_graphql_answers_503_with_a_json_error_while_the_database_is_down(client):
    with database_down():
        response = client.post(
            "/graphql/", SITES_QUERY, content_type="application/json"
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


@pytest.mark.django_db
def test_graphql_answers_again_once_the_database_is_back(client):
    with database_down():
        client.post("/graphql/", SITES_QUERY, content_type="application/json")
    response = client.post("/graphql/", SITES_QUERY, content_type="application/json")
    assert response.status_code == 200
    assert "errors" not in response.json()


@pytest.mark.django_db
def test_a_hosted_page_answers_503_in_html_while_the_database_is_down(client):
    with database_down():
        response = client.get("/", HTTP_ACCEPT="text/html")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "<h1>" in response.content.decode()


@pytest.mark.django_db
def test_a_json_client_gets_a_json_503_while_the_database_is_down(client):
    with database_down():
        response = client.get("/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
