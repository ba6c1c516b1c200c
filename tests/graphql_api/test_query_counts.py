"""The number of SQL queries of a request does not grow with its items."""

import datetime

import pytest
from django.utils import timezone

from tests.fixtures.graphql import (
    add_page,
    body_blocks,
    make_document,
    make_image,
    make_region,
    plan,
)

# One ceiling per request shape, the same at 10 and at 200 items.
MAX_QUERIES = 20

PAGES_WITH_IMAGES = """
{
  pages(type: "ContentPage", limit: 100) {
    totalCount
    items {
      title url locale
      translations { locale }
      ancestors { title }
      ... on ContentPage {
        introduction { html }
        body {
          blockType
          ... on ImageBlock { image { alt width rendition(filter: "fill-400x300") { url } } }
          ... on PageLinkBlock { page { title url } }
        }
      }
    }
  }
}
"""
EVENTS = """
{
  events(limit: 100) {
    totalCount
    items { title start end place url locale region { name code } agenda { title } }
  }
}
"""
SIGNATORIES = """
{
  signatories(limit: 100) {
    totalCount
    items {
      name kind signedOn locale
      region { name }
      logo { alt rendition(filter: "fill-400x300") { url } }
      collaborationPlan { title actions }
    }
  }
}
"""
ONE_PAGE = """
{
  page(urlPath: "/longue/") {
    title
    translations { locale urlPath }
    ancestors { title }
    ... on ContentPage {
      body {
        id blockType
        ... on ParagraphBlock { html }
        ... on ImageBlock { image { alt rendition(filter: "width-400") { url } } }
        ... on DocumentBlock { document { title url fileSize fileType } }
        ... on PageLinkBlock { page { title url } }
      }
    }
  }
}
"""


def images(count):
    """Images with their renditions already made, as after their first request."""
    from wagtail.images import get_image_model

    # Ids are reused after a test's rollback: a rendition cached by an earlier
    # test would hide that this one's renditions were never made.
    get_image_model().get_rendition_model().cache_backend.clear()
    made = [make_image(f"Photo{i}", 8, 6) for i in range(count)]
    for image in made:
        image.get_rendition("fill-400x300")
        image.get_rendition("width-400")
    return made


@pytest.mark.parametrize("count", [10, 200])
def test_a_pages_list_with_images_costs_the_same_at_any_size(
    gql, network_keys, django_assert_max_num_queries, count
):
    # given pages whose bodies hold an image and a link
    from pages.models import ContentPage

    home = network_keys["club"][1]
    target = add_page(home, ContentPage, "Cible", publish=False)
    for i, image in enumerate(images(count)):
        add_page(
            home,
            ContentPage,
            f"Page {i}",
            publish=False,
            introduction=f'<p><a linktype="page" id="{target.pk}">cible</a></p>',
            body=body_blocks(image=image, page=target),
        )
    # when a partner lists them (up to 100 per request)
    with django_assert_max_num_queries(MAX_QUERIES):
        body = gql.query(PAGES_WITH_IMAGES)
    # then every page came with its image and link
    assert "errors" not in body
    assert body["data"]["pages"]["totalCount"] == count + 1
    assert len(body["data"]["pages"]["items"]) == min(count + 1, 100)


@pytest.mark.parametrize("count", [10, 200])
def test_an_events_list_costs_the_same_at_any_size(
    gql, network_keys, locales, django_assert_max_num_queries, count
):
    from pages.models import EventIndexPage, EventPage

    home = network_keys["club"][1]
    index = add_page(home, EventIndexPage, "Agenda", publish=False)
    regions = [make_region(locales, f"Région {i}", f"R{i}") for i in range(5)]
    now = timezone.now()
    for i in range(count):
        add_page(
            index,
            EventPage,
            f"Évènement {i}",
            publish=False,
            start=now + datetime.timedelta(days=i),
            end=now + datetime.timedelta(days=i, hours=2),
            region=regions[i % 5],
            agenda=[
                {"type": "item", "value": {"time": "09:00:00", "title": "Accueil"}}
            ],
        )
    with django_assert_max_num_queries(MAX_QUERIES):
        body = gql.query(EVENTS)
    assert "errors" not in body
    assert body["data"]["events"]["totalCount"] == count
    assert body["data"]["events"]["items"][0]["region"]["code"] == "R0"


@pytest.mark.parametrize("count", [10, 200])
def test_a_signatories_list_with_plans_costs_the_same_at_any_size(
    gql, network_keys, locales, django_assert_max_num_queries, count
):
    from pages.models import Signatory

    club = network_keys["club"][0]
    region = make_region(locales)
    logos = images(5)
    Signatory.objects.bulk_create(
        Signatory(
            site=club,
            name=f"Signataire {i:03}",
            kind="local_authority",
            region=region,
            logo=logos[i % 5],
            collaboration_plan=plan("Eau", "Énergie"),
            locale=locales["fr"],
        )
        for i in range(count)
    )
    with django_assert_max_num_queries(MAX_QUERIES):
        body = gql.query(SIGNATORIES)
    assert "errors" not in body
    items = body["data"]["signatories"]["items"]
    assert body["data"]["signatories"]["totalCount"] == count
    assert items[0]["collaborationPlan"][1]["title"] == "Énergie"
    assert items[0]["logo"]["rendition"]["url"]


def test_a_page_of_30_blocks_with_images_documents_and_links_costs_little(
    gql, network_keys, django_assert_max_num_queries
):
    # given a page of 30 blocks: 10 images, 10 documents, 10 page links
    from pages.models import ContentPage

    home = network_keys["club"][1]
    targets = [
        add_page(home, ContentPage, f"Cible {i}", publish=False) for i in range(10)
    ]
    documents = [make_document(f"Document {i}") for i in range(10)]
    blocks = []
    for image, document, target in zip(images(10), documents, targets, strict=True):
        blocks += [
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "x", "caption": ""},
            },
            {"type": "document", "value": {"document": document.pk, "title": ""}},
            {"type": "page_link", "value": {"page": target.pk, "label": ""}},
        ]
    add_page(home, ContentPage, "Longue", slug="longue", body=blocks)
    # when it is asked with everything its blocks refer to
    with django_assert_max_num_queries(MAX_QUERIES):
        body = gql.query(ONE_PAGE)
    # then all thirty blocks are resolved
    assert "errors" not in body
    resolved = body["data"]["page"]["body"]
    assert len(resolved) == 30
    assert all(
        block.get("image") or block.get("document") or block.get("page")
        for block in resolved
    )
