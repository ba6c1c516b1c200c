"""The API asks the one public rule (`pages.visibility`): for the redirects it
lists, and when it warms answers again after a change, as its callers asked them.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction

from tests.fixtures.graphql import add_page, body_blocks, make_document

REDIRECTS = """
query Redirects($site: String) {
  redirects(site: $site) { items { oldPath newPath newUrl pageId } }
}
"""
PAGE = """{ page(site: "club", urlPath: "/jardins/") { title
  ... on ContentPage { body { ... on DocumentBlock { document { url } } } } } }"""

pytestmark = pytest.mark.django_db


@pytest.fixture
def club_home(network_keys):
    return network_keys["club"][1]


def redirect_to(page, old_path):
    return Redirect.objects.create(
        old_path=old_path, redirect_page=page, site=None, is_permanent=True
    )


def test_redirects_name_no_draft_expired_or_restricted_page(gql, club_home):
    from pages.models import ContentPage

    # given redirects to a draft, an expired page, a restricted one and a public one
    draft = add_page(club_home, ContentPage, "Brouillon", live=False)
    expired = add_page(club_home, ContentPage, "Fête passée")
    Page.objects.filter(pk=expired.pk).update(
        expire_at=timezone.now() - timedelta(minutes=1)
    )
    members = add_page(club_home, ContentPage, "Espace membres")
    PageViewRestriction.objects.create(
        page=members, restriction_type=PageViewRestriction.LOGIN
    )
    inside = add_page(members, ContentPage, "Compte rendu")
    public = add_page(club_home, ContentPage, "Missions")
    for page, old in [
        (draft, "/a"),
        (expired, "/b"),
        (members, "/c"),
        (inside, "/d"),
        (public, "/e"),
    ]:
        redirect_to(page, old)

    # when a partner lists the redirects
    body = gql.query(REDIRECTS, {"site": "club"})

    # then only the public target is named
    items = {item["oldPath"]: item for item in body["data"]["redirects"]["items"]}
    for old in ("/a", "/b", "/c", "/d"):
        assert items[old] == {
            "oldPath": old,
            "newPath": None,
            "newUrl": None,
            "pageId": None,
        }
    assert items["/e"]["pageId"] == str(public.pk)
    assert items["/e"]["newPath"] == "/missions/"
    text = str(body)
    for hidden in ("brouillon", "fete-passee", "espace-membres", "compte-rendu"):
        assert hidden not in text


@pytest.fixture
def gardens(club_home, locales):
    from pages.models import ContentPage

    page = add_page(
        club_home,
        ContentPage,
        "Jardins",
        body=body_blocks(document=make_document()),
    )
    english = page.copy_for_translation(locales["en"])
    english.title = "Gardens"
    english.slug = "jardins"
    english.save_revision().publish()
    return page


def answer(gql, **headers):
    response = gql.get(PAGE, **headers)
    assert response.status_code == 200
    return response.json()["data"]["page"]


def publish_new_title(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Jardins partagés"
        page.save_revision().publish()


def test_warming_replays_an_https_callers_query_over_https(
    gql, gardens, django_assert_num_queries, django_capture_on_commit_callbacks
):
    # given a partner asking over https
    first = answer(gql, secure=True)
    (block,) = [b for b in first["body"] if b]
    assert block["document"]["url"].startswith("https://")
    # when an editor publishes and the answers are warmed again
    publish_new_title(gardens, django_capture_on_commit_callbacks)
    # then the partner's next read is a hit, with its https addresses
    with django_assert_num_queries(0):
        again = answer(gql, secure=True)
    assert again["title"] == "Jardins partagés"
    (block,) = [b for b in again["body"] if b]
    assert block["document"]["url"].startswith("https://")
    # and a plain http caller still gets its own addresses
    (block,) = [b for b in answer(gql)["body"] if b]
    assert block["document"]["url"].startswith("http://")


def test_warming_replays_an_english_callers_query_in_english(
    gql, gardens, django_assert_num_queries, django_capture_on_commit_callbacks
):
    # given a partner asking in English
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    assert gql.get(PAGE, **english)["Content-Language"] == "en"
    # when an editor publishes the page and the answers are warmed again
    publish_new_title(gardens, django_capture_on_commit_callbacks)
    # then the English read is already a hit, with the new title, in English
    with django_assert_num_queries(0):
        response = gql.get(PAGE, **english)
    assert response.json()["data"]["page"]["title"] == "Jardins partagés"
    assert response["Content-Language"] == "en"
