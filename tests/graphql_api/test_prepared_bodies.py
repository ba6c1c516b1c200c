"""Page bodies prepared once: a published page's blocks and rich text come resolved."""

import pytest
from wagtail.models import Collection, CollectionViewRestriction

from graphql_api.content.preview import make_preview_token
from graphql_api.models import PageReadModel
from tests.fixtures.graphql import add_page, body_blocks, make_document, make_image

BODY = """
      introduction { html }
      body {
        id blockType
        ... on ParagraphBlock { html }
        ... on CallToActionBlock { link { url page { title } } }
        ... on ImageBlock {
          altText
          image {
            id title alt width height url srcSet(sizes: [320, 800])
            rendition(filter: "width-400") { url width height }
          }
        }
        ... on DocumentBlock { document { id title url fileSize fileType } }
        ... on PageLinkBlock { label page { id title url urlPath } }
      }"""
PAGE = (
    """
query Page($path: String) {
  page(urlPath: $path) { id title ... on ContentPage {"""
    + BODY
    + """ } }
}"""
)
PREVIEW = (
    """
query Preview($token: String) {
  page(previewToken: $token) { id title ... on ContentPage {"""
    + BODY
    + """ } }
}"""
)
LINKED_BODY = """
query Page($path: String) {
  page(urlPath: $path) {
    ... on ContentPage {
      body { ... on PageLinkBlock { page { title ... on ContentPage { body { blockType } } } } }
    }
  }
}"""


@pytest.fixture
def home(network_keys):
    return network_keys["club"][1]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a call as if its transaction committed: the read model is written."""

    def run(call, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args)

    return run


@pytest.fixture
def rich_page(home):
    """A page whose blocks and rich text refer to a page, a document, an image."""
    from pages.models import ContentPage

    linked = add_page(home, ContentPage, "Liée", body=[])
    document = make_document("Compte rendu")
    image = make_image("Parc", width=900, height=600)
    links = (
        f'<a linktype="page" id="{linked.pk}">la page</a>, '
        f'<a linktype="document" id="{document.pk}">le compte rendu</a>, '
        f'<a href="/proposals/new/">le formulaire</a>'
        f'<embed embedtype="image" id="{image.pk}" format="left" alt="Un parc"/>'
    )
    blocks = body_blocks(image=image, document=document, page=linked, link_html=links)
    blocks[4]["value"]["link"] = {"page": linked.pk, "url": ""}
    page = add_page(
        home,
        ContentPage,
        "Quartiers",
        introduction=f"<p>Voir {links}</p>",
        body=blocks,
    )
    page.refresh_from_db()
    return page


def read(gql, path="/quartiers/"):
    body = gql.query(PAGE, {"path": path})
    assert "errors" not in body, body
    return body["data"]["page"]


def test_the_prepared_answer_is_the_answer_built_live(gql, rich_page, committed):
    # given: the live revision answered through a preview, which is built live
    token = make_preview_token(rich_page.live_revision)
    live = gql.query(PREVIEW, {"token": token})["data"]["page"]
    # when: the page is read, prepared, then read from its read model
    first = committed(read, gql)
    prepared = read(gql)
    # then: the same answer, every reference resolved
    assert PageReadModel.objects.get(page=rich_page).data["_resolved"]
    assert prepared == first == live
    blocks = {block["blockType"]: block for block in prepared["body"]}
    assert blocks["page_link"]["page"]["title"] == "Liée"
    assert blocks["call_to_action"]["link"]["url"] == "https://club.example/liee/"
    assert blocks["document"]["document"]["url"].startswith("http://testserver/")
    assert blocks["image"]["image"]["rendition"]["width"] == 400
    assert 'href="https://club.example/liee/"' in prepared["introduction"]["html"]
    assert 'href="http://testserver/documents/' in prepared["introduction"]["html"]


def test_a_prepared_page_is_read_in_three_queries_at_most(
    gql, rich_page, committed, django_assert_max_num_queries
):
    # given: prepared by a first read, and by the worker
    committed(read, gql)
    # when
    with django_assert_max_num_queries(3):
        answer = read(gql)
    # then
    assert answer["body"][-1]["page"]["title"] == "Liée"


def test_the_worker_prepares_every_rendition_the_api_offers(
    rich_page, committed, settings
):
    # given
    PageReadModel.objects.all().delete()
    # when (the immediate task backend runs the task once committed)
    committed(lambda: rich_page.save_revision().publish())
    # then
    images = PageReadModel.objects.get(page=rich_page).data["_resolved"]["images"]
    (image,) = images.values()
    assert set(settings.GRAPHQL_RENDITION_FILTERS) <= set(image["renditions"])
    assert {"width-320", "width-800", "width-1024"} <= set(image["renditions"])
    # one size wider than the original (900) is enough: it is the original
    assert "width-1280" not in image["renditions"]


def test_a_private_document_is_null_and_its_link_dropped(gql, rich_page, committed):
    # given: the document's collection is restricted before the page is prepared
    council = Collection.get_first_root_node().add_child(name="Conseil")
    from wagtail.documents import get_document_model

    document = get_document_model().objects.get()
    document.collection = council
    document.save()
    CollectionViewRestriction.objects.create(
        collection=council, restriction_type="login"
    )
    # when
    committed(read, gql)
    answer = read(gql)
    # then
    blocks = {block["blockType"]: block for block in answer["body"]}
    assert blocks["document"]["document"] is None
    assert "<a>le compte rendu</a>" in answer["introduction"]["html"]


def test_a_linked_page_serves_its_other_fields_too(gql, home, committed):
    # given: a link to a page whose own body is asked
    from pages.models import ContentPage

    linked = add_page(
        home, ContentPage, "Liée", body=[{"type": "quote", "value": {"text": "x"}}]
    )
    add_page(
        home,
        ContentPage,
        "Quartiers",
        body=[{"type": "page_link", "value": {"page": linked.pk, "label": ""}}],
    )
    committed(read, gql)
    # when
    body = gql.query(LINKED_BODY, {"path": "/quartiers/"})
    # then
    assert body["data"]["page"]["body"][0]["page"] == {
        "title": "Liée",
        "body": [{"blockType": "quote"}],
    }


def test_drafts_and_previews_are_never_prepared(gql, rich_page, committed):
    # given: the published version prepared
    committed(read, gql)
    row = PageReadModel.objects.get(page=rich_page)
    # when: a draft is saved and previewed
    rich_page.introduction = "<p>Brouillon</p>"
    committed(rich_page.save_revision)
    preview = gql.query(
        PREVIEW, {"token": make_preview_token(rich_page.latest_revision)}
    )
    # then: the preview shows the draft, the read model still the published page
    assert preview["data"]["page"]["introduction"]["html"] == "<p>Brouillon</p>"
    after = PageReadModel.objects.get(page=rich_page)
    assert (after.data, after.generation) == (row.data, row.generation)
    assert "Brouillon" not in read(gql)["introduction"]["html"]
