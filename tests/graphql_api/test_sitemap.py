"""sitemap and redirects: what a partner needs to build a whole site; the hosted
site's /sitemap.xml and /robots.txt."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.fixtures.graphql import add_page, codes

SITEMAP = """
query Sitemap($site: String, $locale: String, $limit: Int, $offset: Int) {
  sitemap(site: $site, locale: $locale, limit: $limit, offset: $offset) {
    totalCount
    items {
      id locale urlPath url pageType lastPublishedAt
      translations { locale urlPath url }
    }
  }
}
"""
REDIRECTS = """
query Redirects($site: String) {
  redirects(site: $site) {
    totalCount
    items { oldPath newPath newUrl pageId isPermanent }
  }
}
"""


@pytest.fixture
def pages_of_club(network_keys, locales):
    from pages.models import ContentPage

    home = network_keys["club"][1]
    missions = add_page(home, ContentPage, "Missions")
    english = missions.copy_for_translation(locales["en"], copy_parents=True)
    english.slug = "our-missions"
    english.save_revision().publish()
    add_page(home, ContentPage, "Brouillon", live=False)
    private = add_page(home, ContentPage, "Réservé")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    add_page(network_keys["req"][1], ContentPage, "Page REQ")
    return {"home": home, "missions": missions}


def test_the_sitemap_lists_public_pages_with_their_translations(gql, pages_of_club):
    # when a partner asks for the French sitemap of the club
    body = gql.query(SITEMAP, {"site": "club", "locale": "fr"})
    sitemap = body["data"]["sitemap"]
    # then it gets the public pages only, each with its English version's path
    paths = [item["urlPath"] for item in sitemap["items"]]
    assert paths == ["/", "/missions/"]
    assert sitemap["totalCount"] == 2
    missions = sitemap["items"][1]
    assert missions["pageType"] == "ContentPage"
    assert missions["url"] == "https://club.example/missions/"
    assert missions["lastPublishedAt"]
    assert missions["translations"] == [
        {
            "locale": "en",
            "urlPath": "/our-missions/",
            "url": "https://club.example/en/our-missions/",
        }
    ]


def test_the_english_sitemap_lists_the_english_pages(gql, pages_of_club):
    body = gql.query(SITEMAP, {"site": "club", "locale": "en"})
    items = body["data"]["sitemap"]["items"]
    assert [(i["locale"], i["urlPath"]) for i in items] == [
        ("en", "/"),
        ("en", "/our-missions/"),
    ]


def test_the_sitemap_is_paginated(gql, pages_of_club):
    body = gql.query(SITEMAP, {"site": "club", "limit": 1, "offset": 1})
    sitemap = body["data"]["sitemap"]
    assert sitemap["totalCount"] == 2
    assert [i["urlPath"] for i in sitemap["items"]] == ["/missions/"]
    too_many = gql.query(SITEMAP, {"site": "club", "limit": 101})
    assert codes(too_many) == ["LIMIT_TOO_LARGE"]


def count_queries(gql, variables):
    with CaptureQueriesContext(connection) as captured:
        body = gql.query(SITEMAP, variables)
    assert "errors" not in body
    return len(captured.captured_queries), body


def test_the_sitemap_costs_the_same_number_of_queries_at_any_size(
    gql, network_keys, locales
):
    from pages.models import ContentPage

    # given a site with a few pages, each translated
    home = network_keys["club"][1]

    def add(count):
        for i in range(count):
            page = add_page(home, ContentPage, f"Page {i} {home.get_children_count()}")
            page.copy_for_translation(locales["en"]).save_revision().publish()

    add(2)
    few, _body = count_queries(gql, {"site": "club", "limit": 100})
    # when it has many more
    add(30)
    many, body = count_queries(gql, {"site": "club", "limit": 100})
    # then the sitemap costs the same, with every page and translation
    assert many == few
    assert body["data"]["sitemap"]["totalCount"] == 33
    assert all(len(i["translations"]) == 1 for i in body["data"]["sitemap"]["items"])


def test_a_renamed_page_leaves_a_redirect_partners_can_read(
    gql, pages_of_club, django_capture_on_commit_callbacks
):
    # given a published page whose editor changes its slug
    missions = pages_of_club["missions"]
    missions.slug = "nos-missions"
    with django_capture_on_commit_callbacks(execute=True):
        missions.save_revision().publish()
    # when a partner asks for the club's redirects
    body = gql.query(REDIRECTS, {"site": "club"})
    # then the old path leads permanently to the new one
    assert body["data"]["redirects"]["items"] == [
        {
            "oldPath": "/missions",
            "newPath": "/nos-missions/",
            "newUrl": "https://club.example/nos-missions/",
            "pageId": str(missions.pk),
            "isPermanent": True,
        }
    ]
    # and another network does not see it
    other = gql.query(REDIRECTS, {"site": "req"})
    assert other["data"]["redirects"]["items"] == []


def test_a_moved_page_leaves_a_redirect(gql, pages_of_club):
    from pages.models import ContentPage

    # given a published page moved below another one
    home = pages_of_club["home"]
    about = add_page(home, ContentPage, "A propos")
    pages_of_club["missions"].move(about, pos="last-child")
    # then the old path leads to the new place
    body = gql.query(REDIRECTS, {"site": "club"})
    moved = [(r["oldPath"], r["newPath"]) for r in body["data"]["redirects"]["items"]]
    assert moved == [("/missions", "/a-propos/missions/")]


def test_the_hosted_sitemap_names_each_page_translations(client, pages_of_club):
    # when a search engine reads the club's sitemap
    response = client.get("/sitemap.xml", HTTP_HOST="club.localhost")
    xml = response.content.decode()
    # then public pages are listed with hreflang alternates, private ones are not
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert "<loc>http://club.localhost/missions/</loc>" in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="en" '
        'href="http://club.localhost/en/our-missions/"/>' in xml
    )
    assert "reserve" not in xml and "brouillon" not in xml
    assert "page-req" not in xml


def test_robots_txt_points_to_the_sitemap(client, pages_of_club):
    response = client.get("/robots.txt", HTTP_HOST="club.localhost")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Sitemap: http://club.localhost/sitemap.xml" in text
    assert "Disallow: /admin/" in text
