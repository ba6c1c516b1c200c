"""Published pages served from their read model: prepared once, never stale."""

import pytest
from wagtail.models import Page, PageViewRestriction

from graphql_api.content.preview import make_preview_token
from graphql_api.models import PageReadModel
from pages.signals import public_content_changed
from tests.fixtures.graphql import add_page, make_image

PAGE = """
query Page($path: String) {
  page(urlPath: $path) {
    id title urlPath
    ... on ContentPage {
      introduction { html }
      body {
        blockType
        ... on ParagraphBlock { html }
        ... on ImageBlock { image { title rendition(filter: "width-400") { width } } }
        ... on PageLinkBlock { page { title } }
      }
    }
    ... on NewsPage { date tags }
    ... on EventPage { place eventStatus }
  }
}
"""
PREVIEW = """
query Preview($token: String) {
  page(previewToken: $token) { id title ... on ContentPage { introduction { html } } }
}
"""


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


@pytest.fixture
def home(network_keys):
    return network_keys["club"][1]


@pytest.fixture
def content_page(home):
    from pages.models import ContentPage

    return add_page(
        home,
        ContentPage,
        "Quartiers",
        introduction="<p>Avant</p>",
        body=[paragraph("Premier")],
    )


def read(gql, path="/quartiers/"):
    body = gql.query(PAGE, {"path": path})
    assert "errors" not in body, body
    return body["data"]["page"]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a read as if its transaction committed: the read model is written."""

    def run(call, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args)

    return run


def introduction(gql, path="/quartiers/"):
    return read(gql, path)["introduction"]["html"]


def test_a_read_prepares_the_page_once_for_its_live_revision(
    gql, content_page, committed
):
    # given
    PageReadModel.objects.all().delete()
    # when
    first = committed(read, gql)
    row = PageReadModel.objects.get(page=content_page)
    second = read(gql)
    # then
    assert first == second
    assert row.revision_id == Page.objects.get(pk=content_page.pk).live_revision_id
    assert PageReadModel.objects.get(page=content_page).prepared_at == row.prepared_at


def test_the_read_model_answers_without_building_the_specific_page(
    gql, content_page, committed
):
    # given: a prepared row holding a value the page's own table does not
    committed(read, gql)
    row = PageReadModel.objects.get(page=content_page)
    row.data["introduction"] = "<p>Du modèle de lecture</p>"
    row.save()
    # then: the answer comes from the read model
    assert introduction(gql) == "<p>Du modèle de lecture</p>"


def test_a_publication_serves_the_new_revision(gql, content_page):
    # given
    read(gql)
    # when
    content_page.introduction = "<p>Après</p>"
    content_page.save_revision().publish()
    # then
    assert introduction(gql) == "<p>Après</p>"


def test_the_worker_prepares_a_page_when_it_is_published(
    content_page, django_capture_on_commit_callbacks
):
    # given
    PageReadModel.objects.all().delete()
    content_page.introduction = "<p>Après</p>"
    # when (the immediate task backend runs the task once committed)
    with django_capture_on_commit_callbacks(execute=True):
        content_page.save_revision().publish()
    # then
    row = PageReadModel.objects.get(page=content_page)
    assert row.data["introduction"] == "<p>Après</p>"


def test_a_row_of_an_older_revision_is_never_served(gql, content_page, committed):
    # given: a row prepared from the live revision
    committed(read, gql)
    stale = PageReadModel.objects.get(page=content_page)
    stale_data = {**stale.data, "introduction": "<p>Ancien</p>"}
    # when: a new revision is published, then the old row comes back
    # (a process that prepared it just before the publication wrote it late)
    content_page.introduction = "<p>Après</p>"
    content_page.save_revision().publish()
    PageReadModel.objects.update_or_create(
        page=content_page,
        defaults={"revision_id": stale.revision_id, "data": stale_data},
    )
    # then
    assert introduction(gql) == "<p>Après</p>"


def test_a_direct_save_of_a_live_page_is_served(gql, content_page):
    # given
    read(gql)
    # when: saved without a revision (a script, a data migration)
    content_page.introduction = "<p>Corrigé</p>"
    content_page.save()
    # then
    assert introduction(gql) == "<p>Corrigé</p>"


def test_an_update_announced_as_a_public_change_is_served(gql, content_page):
    # given
    from pages.models import ContentPage

    read(gql)
    # when: a bulk update, which sends no model signal
    ContentPage.objects.filter(pk=content_page.pk).update(
        introduction="<p>En masse</p>"
    )
    public_content_changed.send(sender=ContentPage)
    # then
    assert introduction(gql) == "<p>En masse</p>"


def test_a_draft_save_keeps_serving_the_published_version(gql, content_page):
    # given
    read(gql)
    # when
    content_page.introduction = "<p>Brouillon</p>"
    content_page.save_revision()
    # then
    assert introduction(gql) == "<p>Avant</p>"


def test_unpublished_moved_and_restricted_pages_follow_at_once(gql, home, content_page):
    # given
    from pages.models import ContentPage

    other = add_page(home, ContentPage, "Autre")
    read(gql)
    # when moved
    content_page.move(other, pos="last-child")
    # then
    assert gql.query(PAGE, {"path": "/quartiers/"})["data"]["page"] is None
    assert read(gql, "/autre/quartiers/")["urlPath"] == "/autre/quartiers/"
    # when restricted
    restriction = PageViewRestriction.objects.create(
        page=other, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    # then
    assert gql.query(PAGE, {"path": "/autre/quartiers/"})["data"]["page"] is None
    # when unpublished
    restriction.delete()
    Page.objects.get(pk=content_page.pk).specific.unpublish()
    # then
    assert gql.query(PAGE, {"path": "/autre/quartiers/"})["data"]["page"] is None


def test_a_linked_page_unpublished_or_image_changed_is_served_live(gql, home):
    # given
    from pages.models import ContentPage

    linked = add_page(home, ContentPage, "Liée")
    image = make_image("Parc", width=800, height=600)
    add_page(
        home,
        ContentPage,
        "Quartiers",
        body=[
            {
                "type": "image",
                "value": {"image": image.pk, "alt_text": "", "caption": ""},
            },
            {"type": "page_link", "value": {"page": linked.pk, "label": ""}},
        ],
    )
    before = read(gql)["body"]
    assert before[1]["page"] == {"title": "Liée"}
    # when
    image.title = "Parc renommé"
    image.save()
    linked.unpublish()
    # then
    after = read(gql)["body"]
    assert after[0]["image"]["title"] == "Parc renommé"
    assert after[0]["image"]["rendition"] == {"width": 400}
    assert after[1]["page"] is None


def test_typed_fields_and_tags_come_back_from_the_read_model(gql, home, committed):
    # given
    import datetime

    from pages.models import NewsIndexPage, NewsPage

    index = add_page(home, NewsIndexPage, "Actualités")
    news = add_page(index, NewsPage, "Nouvelle", date=datetime.date(2026, 5, 4))
    news.tags.add("mobilité", "nature")
    news.save_revision().publish()
    # when
    first = committed(read, gql, "/actualites/nouvelle/")
    second = read(gql, "/actualites/nouvelle/")
    # then
    assert PageReadModel.objects.filter(page=news).exists()
    assert first == second
    assert second["date"] == "2026-05-04"
    assert second["tags"] == ["mobilité", "nature"]


def test_a_preview_neither_reads_nor_writes_the_read_model(gql, content_page):
    # given
    read(gql)
    PageReadModel.objects.all().delete()
    content_page.introduction = "<p>Brouillon</p>"
    revision = content_page.save_revision()
    # when
    body = gql.query(PREVIEW, {"token": make_preview_token(revision)})
    # then
    assert body["data"]["page"]["introduction"] == {"html": "<p>Brouillon</p>"}
    assert not PageReadModel.objects.exists()
