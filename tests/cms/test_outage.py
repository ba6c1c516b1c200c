"""While the database is unreachable, requests get 503 with Retry-After, never 500.

Any other database error (a deadlock, a timeout, a bad statement) is not an
outage: it is logged with its traceback and answered as a masked server error.
The errors are the drivers' own, raised by a real failed connection or query
and wrapped by Django as it wraps them.
"""

import logging
import sqlite3
from unittest import mock

import psycopg
import psycopg.errors
import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

SITES_QUERY = '{"query": "{ sites { key } }"}'


def unreachable_postgres():
    try:
        psycopg.connect("host=127.0.0.1 port=1 dbname=x user=x connect_timeout=2")
    except psycopg.OperationalError as error:
        return error
    raise AssertionError("port 1 accepted a connection")


def unopenable_sqlite():
    try:
        sqlite3.connect("file:/nonexistent/dir/db.sqlite3?mode=ro", uri=True)
    except sqlite3.OperationalError as error:
        return error
    raise AssertionError("the file opened")


def sqlite_statement_error():
    try:
        sqlite3.connect(":memory:").execute("SELECT * FROM nowhere")
    except sqlite3.OperationalError as error:
        return error
    raise AssertionError("the table exists")


OUTAGES = {
    "postgres-refused": unreachable_postgres,
    "postgres-shutdown": lambda: psycopg.errors.AdminShutdown("terminating"),
    "sqlite-cantopen": unopenable_sqlite,
}
NOT_OUTAGES = {
    "postgres-deadlock": lambda: psycopg.errors.DeadlockDetected("deadlock"),
    "postgres-timeout": lambda: psycopg.errors.QueryCanceled("statement timeout"),
    "sqlite-statement": sqlite_statement_error,
}


def database_fails(make_error):
    """Make every query fail with a driver's error, wrapped as Django wraps it.

    Both drivers' errors are tried on either database: Django's wrapper only
    knows the active driver, so the wrapping is spelled out as it does it.
    """
    driver_error = make_error()

    def execute(*args, **kwargs):
        raise OperationalError(*driver_error.args) from driver_error

    return mock.patch.object(CursorWrapper, "execute", side_effect=execute)


@pytest.fixture(params=OUTAGES.values(), ids=OUTAGES.keys())
def database_down(request):
    return database_fails(request.param)


@pytest.fixture(params=NOT_OUTAGES.values(), ids=NOT_OUTAGES.keys())
def database_error(request):
    return database_fails(request.param)


@pytest.mark.django_db
def test_graphql_answers_503_with_a_json_error_while_the_database_is_down(
    client, database_down
):
    with database_down:
        response = client.post(
            "/graphql/", SITES_QUERY, content_type="application/json"
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


@pytest.mark.django_db
def test_graphql_answers_again_once_the_database_is_back(client, database_down):
    with database_down:
        client.post("/graphql/", SITES_QUERY, content_type="application/json")
    response = client.post("/graphql/", SITES_QUERY, content_type="application/json")
    assert response.status_code == 200
    assert "errors" not in response.json()


@pytest.mark.django_db
def test_a_hosted_page_answers_503_in_html_while_the_database_is_down(
    client, database_down
):
    with database_down:
        response = client.get("/", HTTP_ACCEPT="text/html")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "<h1>" in response.content.decode()


@pytest.mark.django_db
def test_a_json_client_gets_a_json_503_while_the_database_is_down(
    client, database_down
):
    with database_down:
        response = client.get("/", HTTP_ACCEPT="application/json")
    assert response.status_code == 503
    assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


@pytest.mark.django_db
def test_another_database_error_in_graphql_is_masked_and_logged_not_an_outage(
    client, database_error, caplog
):
    with database_error, caplog.at_level(logging.ERROR, logger="graphql_api"):
        response = client.post(
            "/graphql/", SITES_QUERY, content_type="application/json"
        )
    assert response.status_code != 503
    assert not response.has_header("Retry-After")
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert logged and logged[0].exc_info is not None
    assert error["extensions"]["requestId"] in logged[0].getMessage()


@pytest.mark.django_db
def test_another_database_error_on_a_hosted_page_is_a_logged_500(
    client, database_error, caplog
):
    client.raise_request_exception = False
    with database_error, caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/", HTTP_ACCEPT="text/html")
    assert response.status_code == 500
    assert not response.has_header("Retry-After")
    assert any(r.exc_info for r in caplog.records if r.name == "django.request")
