"""A page read by path or id runs SQL compiled once per shape (graphql_api.core.statements),
and answers what the ORM would: each request's path, id and time reach the query.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from graphql_api.core import statements
from tests.fixtures.graphql import add_page

pytestmark = pytest.mark.django_db

BY_PATH = (
    """query($path: String!) { page(site: "club", urlPath: $path) { id title } }"""
)
BY_ID = """query($id: ID!) { page(site: "club", id: $id) { id title } }"""


@pytest.fixture
def club_home(network_keys):
    return network_keys["club"][1]


def test_each_request_finds_its_own_page_through_the_compiled_statement(gql, club_home):
    from pages.models import ContentPage

    # given two pages, read once each so the statement is compiled
    missions = add_page(club_home, ContentPage, "Missions")
    agenda = add_page(club_home, ContentPage, "Agenda")
    statements.forget()
    gql.query(BY_PATH, {"path": "/missions/"})

    # when a partner asks by other paths and ids
    by_path = gql.query(BY_PATH, {"path": "/agenda/"})
    by_id = gql.query(BY_ID, {"id": str(missions.pk)})
    missing = gql.query(BY_PATH, {"path": "/nulle-part/"})

    # then each answer is its own page, and compiled statements served them
    assert by_path["data"]["page"] == {"id": str(agenda.pk), "title": "Agenda"}
    assert by_id["data"]["page"] == {"id": str(missions.pk), "title": "Missions"}
    assert missing["data"]["page"] is None
    assert any(
        value is not statements.NOT_COMPILABLE
        for value in statements._compiled.values()
    )


def test_the_time_of_each_request_reaches_the_compiled_statement(gql, club_home):
    from pages.models import ContentPage

    # given a page read once (the statement compiled) that expires a moment later
    page = add_page(club_home, ContentPage, "Fête de quartier")
    assert gql.query(BY_PATH, {"path": "/fete-de-quartier/"})["data"]["page"]
    Page.objects.filter(pk=page.pk).update(
        expire_at=timezone.now() - timedelta(seconds=1)
    )

    # when it is asked again, then it is gone, by path and by id, without a signal
    assert gql.query(BY_PATH, {"path": "/fete-de-quartier/"})["data"]["page"] is None
    assert gql.query(BY_ID, {"id": str(page.pk)})["data"]["page"] is None


def test_a_new_view_restriction_changes_the_statement(gql, club_home):
    from pages.models import ContentPage

    # given a public page, read once
    members = add_page(club_home, ContentPage, "Espace membres")
    assert gql.query(BY_PATH, {"path": "/espace-membres/"})["data"]["page"]

    # when an editor restricts it, then the next read hides it
    PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.LOGIN
    )
    assert gql.query(BY_PATH, {"path": "/espace-membres/"})["data"]["page"] is None


def test_a_read_model_text_is_decoded_once_and_another_text_is_another_entry():
    from graphql_api.caching.read_model import decoded

    first = decoded('{"title": "Missions", "n": 1}')
    assert decoded('{"title": "Missions", "n": 1}') is first
    assert decoded('{"title": "Missions", "n": 2}') == {"title": "Missions", "n": 2}
    assert decoded(None) is None
    assert decoded({"already": "decoded"}) == {"already": "decoded"}
