"""`page` and `pages`: typed content, locales, and what is never leaked."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.fixtures.graphql import (
    add_page,
    body_blocks,
    codes,
    make_document,
    make_image,
)

PAGE_BY_PATH = """
query Page($path: String, $locale: String, $fallback: Boolean, $site: String) {
  page(urlPath: $path, locale: $locale, fallback: $fallback, site: $site) {
    id title locale urlPath url pageType
    translations { locale urlPath }
    ancestors { title }
    children { items { title } totalCount }
  }
}
"""
PAGE_BY_ID = """
query Page($id: ID, $locale: String, $fallback: Boolean) {
  page(id: $id, locale: $locale, fallback: $fallback) { id title locale }
}
"""
PAGE_BODY = """
query Body($path: String) {
  page(urlPath: $path) {
    ... on ContentPage {
      introduction { html }
      body {
        id blockType
        ... on HeadingBlock { text level }
        ... on ParagraphBlock { html }
        ... on QuoteBlock { text attribution }
        ... on KeyFiguresBlock { figures { value label date source } }
        ... on CallToActionBlock { title label link { url } }
        ... on ImageBlock {
          image { alt width height rendition(filter: "width-400") { url width } }
        }
        ... on DocumentBlock { document { title url fileSize fileType } }
        ... on PageLinkBlock { page { title } }
      }
    }
  }
}
"""
RENDITION = """
query Rendition($path: String, $filter: String!) {
  page(urlPath: $path) {
    ... on ContentPage { body { ... on ImageBlock { image { rendition(filter: $filter) { url } } } } }
  }
}
"""
SRCSET = """
query SrcSet($path: String, $sizes: [Int!]) {
  page(urlPath: $path) {
    ... on ContentPage { body { ... on ImageBlock { image { srcSet(sizes: $sizes) } } } }
  }
}
"""
PAGES = """
query Pages($type: String, $locale: String, $childOf: ID, $descendantOf: ID,
            $limit: Int, $offset: Int, $site: String, $order: PageOrder,
            $fallback: Boolean) {
  pages(type: $type, locale: $locale, childOf: $childOf, descendantOf: $descendantOf,
        limit: $limit, offset: $offset, site: $site, order: $order,
        fallback: $fallback) {
    totalCount
    items { title locale }
  }
}
"""
SEARCH = """
query Search($query: String!, $locale: String) {
  search(query: $query, locale: $locale) { totalCount items { title } }
}
"""


@pytest.fixture
def content(network_keys, locales):
    """Club: public, draft, expired and private pages, one translated to English."""
    from pages.models import ContentPage

    club_home = network_keys["club"][1]
    req_home = network_keys["req"][1]
    image = make_image()
    document = make_document()
    draft = add_page(club_home, ContentPage, "Brouillon", live=False)
    expired = add_page(
        club_home,
        ContentPage,
        "Périmée",
        expire_at=timezone.now() - datetime.timedelta(days=1),
        publish=False,
    )
    private = add_page(club_home, ContentPage, "Privée")
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="secret"
    )
    private_child = add_page(private, ContentPage, "Enfant privé")
    public = add_page(club_home, ContentPage, "Publique")
    links = (
        f'<a linktype="page" id="{public.pk}">public</a> '
        f'<a linktype="page" id="{draft.pk}">draft</a> '
        f'<a linktype="page" id="{private.pk}">private</a> '
        f'<a linktype="document" id="{document.pk}">doc</a>'
    )
    about = add_page(
        club_home,
        ContentPage,
        "À propos",
        slug="a-propos",
        introduction=f"<p>{links}</p>",
        body=body_blocks(image, document, public, links)
        + [{"type": "page_link", "value": {"page": draft.pk, "label": ""}}],
    )
    english = about.copy_for_translation(locales["en"])
    english.title = "About"
    english.slug = "about"
    english.save_revision().publish()
    add_page(req_home, ContentPage, "Seulement REQ", slug="seulement-req")
    return {
        "about": about,
        "english": english,
        "public": public,
        "draft": draft,
        "expired": expired,
        "private": private,
        "private_child": private_child,
        "image": image,
        "document": document,
    }


def titles(body, field="pages"):
    return sorted(item["title"] for item in body["data"][field]["items"])


# page -------------------------------------------------------------------


def test_page_by_path_gives_the_typed_page_of_the_site(gql, content):
    body = gql.query(PAGE_BY_PATH, {"path": "/a-propos/"})
    page = body["data"]["page"]
    assert page["title"] == "À propos"
    assert page["pageType"] == "ContentPage"
    assert page["locale"] == "fr"
    assert page["urlPath"] == "/a-propos/"
    assert page["url"] == "https://club.example/a-propos/"
    assert page["translations"] == [{"locale": "en", "urlPath": "/about/"}]
    assert [a["title"] for a in page["ancestors"]] == ["Club"]


def test_slash_is_the_home_page(gql, content):
    body = gql.query(PAGE_BY_PATH, {"path": "/"})
    page = body["data"]["page"]
    assert page["pageType"] == "HomePage"
    assert page["urlPath"] == "/"


def test_the_english_path_serves_the_english_page(gql, content):
    body = gql.query(PAGE_BY_PATH, {"path": "/about/", "locale": "en"})
    page = body["data"]["page"]
    assert page["title"] == "About"
    assert page["locale"] == "en"
    assert page["url"] == "https://club.example/en/about/"


def test_a_page_by_id_in_english_serves_its_translation(gql, content):
    body = gql.query(PAGE_BY_ID, {"id": content["about"].pk, "locale": "en"})
    assert body["data"]["page"]["title"] == "About"


def test_an_untranslated_page_falls_back_to_french_and_says_so(gql, content):
    body = gql.query(PAGE_BY_ID, {"id": content["public"].pk, "locale": "en"})
    assert body["data"]["page"]["locale"] == "fr"


def test_without_fallback_an_untranslated_page_is_null(gql, content):
    body = gql.query(
        PAGE_BY_ID, {"id": content["public"].pk, "locale": "en", "fallback": False}
    )
    assert body["data"]["page"] is None


def test_an_unknown_locale_is_refused_with_a_code(gql, content):
    body = gql.query(PAGE_BY_ID, {"id": content["about"].pk, "locale": "de"})
    assert codes(body) == ["UNKNOWN_LOCALE"]


@pytest.mark.parametrize("value", ["abc", "-3", "99999999999999999999999"])
def test_a_malformed_id_is_refused_with_a_code(gql, content, value):
    body = gql.query(PAGE_BY_ID, {"id": value})
    assert codes(body) == ["INVALID_ID"]


def test_a_page_without_id_or_path_is_refused(gql, content):
    body = gql.query("{ page { id } }")
    assert codes(body) == ["INVALID_ARGUMENT"]


@pytest.mark.parametrize("name", ["draft", "expired", "private", "private_child"])
def test_hidden_pages_are_not_found_by_id(gql, content, name):
    body = gql.query(PAGE_BY_ID, {"id": content[name].pk})
    assert body["data"]["page"] is None
    assert "errors" not in body


def test_a_page_of_another_site_is_not_found(gql, content):
    by_path = gql.query(PAGE_BY_PATH, {"path": "/seulement-req/", "site": "club"})
    assert by_path["data"]["page"] is None


def test_children_never_list_hidden_pages(gql, content):
    body = gql.query(PAGE_BY_PATH, {"path": "/"})
    children = body["data"]["page"]["children"]
    assert sorted(c["title"] for c in children["items"]) == ["Publique", "À propos"]
    assert children["totalCount"] == 2


# blocks, rich text, images, documents --------------------------------------


def test_the_body_is_a_list_of_typed_blocks(gql, content):
    body = gql.query(PAGE_BODY, {"path": "/a-propos/"})
    blocks = {b["blockType"]: b for b in body["data"]["page"]["body"]}
    assert blocks["heading"] == {
        "id": blocks["heading"]["id"],
        "blockType": "heading",
        "text": "Titre",
        "level": "h2",
    }
    assert blocks["quote"]["attribution"] == "Élue"
    assert blocks["key_figures"]["figures"][0]["date"] == "2024-01-01"
    assert blocks["call_to_action"]["link"]["url"] == "https://example.org"
    image = blocks["image"]["image"]
    assert image["alt"] == "Un parc"
    assert (image["width"], image["height"]) == (640, 480)
    assert image["rendition"]["width"] == 400
    document = blocks["document"]["document"]
    assert document["fileType"] == "pdf"
    assert document["fileSize"] > 0


def test_rich_text_links_only_public_pages_and_documents(gql, content):
    body = gql.query(PAGE_BODY, {"path": "/a-propos/"})
    html = body["data"]["page"]["introduction"]["html"]
    assert 'href="https://club.example/publique/"' in html
    assert "/documents/" in html
    assert "brouillon" not in html
    assert "privee" not in html
    assert "linktype" not in html


def test_a_page_link_to_a_hidden_page_is_null(gql, content):
    body = gql.query(PAGE_BODY, {"path": "/a-propos/"})
    links = [
        b["page"] for b in body["data"]["page"]["body"] if b["blockType"] == "page_link"
    ]
    assert links == [{"title": "Publique"}, None]


def test_a_rendition_filter_outside_the_allow_list_is_refused(gql, content):
    body = gql.query(RENDITION, {"path": "/a-propos/", "filter": "width-4000"})
    assert codes(body) == ["RENDITION_FILTER_NOT_ALLOWED"]


def test_srcset_lists_the_asked_widths(gql, content):
    body = gql.query(SRCSET, {"path": "/a-propos/", "sizes": [320, 640]})
    image_blocks = [b for b in body["data"]["page"]["body"] if b]
    src_set = image_blocks[0]["image"]["srcSet"]
    assert "320w" in src_set
    assert "640w" in src_set


def test_a_srcset_width_outside_the_allow_list_is_refused(gql, content):
    body = gql.query(SRCSET, {"path": "/a-propos/", "sizes": [333]})
    assert codes(body) == ["RENDITION_FILTER_NOT_ALLOWED"]


# pages ------------------------------------------------------------------


def test_pages_lists_only_public_pages_of_the_site(gql, content):
    body = gql.query(PAGES, {"type": "ContentPage"})
    assert titles(body) == ["Publique", "À propos"]
    assert body["data"]["pages"]["totalCount"] == 2


def test_pages_in_english_fall_back_per_item(gql, content):
    body = gql.query(PAGES, {"type": "ContentPage", "locale": "en"})
    items = {i["title"]: i["locale"] for i in body["data"]["pages"]["items"]}
    assert items == {"About": "en", "Publique": "fr"}


def test_pages_in_english_without_fallback_lists_only_english(gql, content):
    body = gql.query(PAGES, {"type": "ContentPage", "locale": "en", "fallback": False})
    assert titles(body) == ["About"]


def test_pages_child_of_lists_public_children(gql, content):
    home = content["about"].get_parent()
    body = gql.query(PAGES, {"childOf": home.pk})
    assert titles(body) == ["Publique", "À propos"]


def test_pages_descendant_of_excludes_private_subtrees(gql, content):
    home = content["about"].get_parent()
    body = gql.query(PAGES, {"descendantOf": home.pk})
    assert "Enfant privé" not in titles(body)


def test_pages_are_paginated(gql, content):
    body = gql.query(
        PAGES, {"type": "ContentPage", "limit": 1, "offset": 1, "order": "TITLE"}
    )
    assert titles(body) == ["À propos"]
    assert body["data"]["pages"]["totalCount"] == 2


def test_an_unknown_page_type_is_refused(gql, content):
    body = gql.query(PAGES, {"type": "NoSuchPage"})
    assert codes(body) == ["UNKNOWN_PAGE_TYPE"]


def test_an_unknown_order_is_refused(gql, content):
    body = gql.query(PAGES, {"order": "SIDEWAYS"})
    assert codes(body) == ["BAD_USER_INPUT"]


def test_a_wrongly_typed_argument_is_refused(gql, content):
    body = gql.query(PAGES, {"limit": "ten"})
    assert codes(body) == ["BAD_USER_INPUT"]


def test_search_finds_public_pages_only(gql, content):
    found = gql.query(SEARCH, {"query": "Publique"})
    hidden = gql.query(SEARCH, {"query": "Brouillon"})
    assert titles(found, "search") == ["Publique"]
    assert hidden["data"]["search"]["totalCount"] == 0


TRANSLATIONS = """
query T($id: ID, $locale: String) {
  page(id: $id, locale: $locale) { locale translations { locale } }
}
"""


def test_a_draft_translation_is_never_served_nor_listed(gql, content, locales):
    # given an English translation that is still a draft
    draft_english = content["public"].copy_for_translation(locales["en"])
    draft_english.live = False
    draft_english.save()
    # when the page is asked in English, and in French
    english = gql.query(TRANSLATIONS, {"id": content["public"].pk, "locale": "en"})
    french = gql.query(TRANSLATIONS, {"id": content["public"].pk, "locale": "fr"})
    # then the French page is served and no translation is listed
    assert english["data"]["page"] == {"locale": "fr", "translations": []}
    assert french["data"]["page"]["translations"] == []


def test_ancestors_skip_a_draft_parent(gql, content):
    from pages.models import ContentPage

    # given a public page below a parent that is no longer published
    parent = add_page(content["about"], ContentPage, "Parent")
    child = add_page(parent, ContentPage, "Enfant")
    parent.unpublish()
    # when the child is asked
    body = gql.query(
        "query A($id: ID) { page(id: $id) { ancestors { title } } }", {"id": child.pk}
    )
    # then the draft parent is not among its ancestors
    assert [a["title"] for a in body["data"]["page"]["ancestors"]] == [
        "Club",
        "À propos",
    ]
