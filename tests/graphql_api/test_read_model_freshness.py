"""A prepared page changes with what it refers to (Wagtail's reference index)."""

import datetime

import pytest
from wagtail.models import Page, PageViewRestriction

from graphql_api.models import PageReadModel
from tests.fixtures.graphql import add_page, make_document, make_image, make_region

PAGE = """
query Page($path: String) {
  page(urlPath: $path) {
    ... on ContentPage {
      introduction { html }
      body {
        blockType
        ... on ImageBlock { image { title alt rendition(filter: "fill-400x300") { url } } }
        ... on DocumentBlock { document { title url } }
        ... on PageLinkBlock { page { title url } }
      }
    }
    ... on EventPage { region { name } }
  }
}
"""


@pytest.fixture
def home(network_keys):
    return network_keys["club"][1]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a call as if its transaction committed: rows written, worker run."""

    def run(call, *args):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args)

    return run


def read(gql, path):
    body = gql.query(PAGE, {"path": path})
    assert "errors" not in body, body
    return body["data"]["page"]


def prepared_pages(home, committed, gql, **fields_by_title):
    """Published pages, prepared; each page's fields given by its title."""
    from pages.models import ContentPage

    paths = []
    for title, fields in fields_by_title.items():
        page = add_page(home, ContentPage, title, **fields)
        paths.append(f"/{page.slug}/")
    for path in paths:
        committed(read, gql, path)
    assert PageReadModel.objects.filter(data__isnull=False).count() >= len(paths)
    return paths


def page_link(page):
    return [{"type": "page_link", "value": {"page": page.pk, "label": ""}}]


def prepared_rows_emptied(paths):
    slugs = [path.strip("/") for path in paths]
    rows = PageReadModel.objects.filter(page__slug__in=slugs)
    return all(row.data is None for row in rows)


def test_a_linked_page_renamed_in_a_block_changes_every_page_linking_it(
    gql, home, committed
):
    # given
    from pages.models import ContentPage

    linked = add_page(home, ContentPage, "Liée")
    paths = prepared_pages(
        home,
        committed,
        gql,
        Un={"body": page_link(linked)},
        Deux={"body": page_link(linked)},
    )
    # when: renamed (a new slug too), not yet committed
    linked.title, linked.slug = "Renommée", "renommee"
    linked.save_revision().publish()
    # then: emptied in the same transaction, and the next reads show the new name
    assert prepared_rows_emptied(paths)
    for path in paths:
        assert read(gql, path)["body"][0]["page"] == {
            "title": "Renommée",
            "url": "https://club.example/renommee/",
        }


def test_a_page_linked_in_rich_text_moved_changes_its_link(gql, home, committed):
    # given: a link to a page below another one
    from pages.models import ContentPage

    parent = add_page(home, ContentPage, "Parent")
    child = add_page(parent, ContentPage, "Enfant")
    link = f'<p><a linktype="page" id="{child.pk}">lien</a></p>'
    paths = prepared_pages(
        home, committed, gql, Un={"introduction": link}, Deux={"introduction": link}
    )
    # when: the parent's slug changes, which moves the child's URL
    committed(
        lambda: setattr(parent, "slug", "ailleurs") or parent.save_revision().publish()
    )
    # then
    for path in paths:
        html = read(gql, path)["introduction"]["html"]
        assert 'href="https://club.example/ailleurs/enfant/"' in html


def test_a_document_renamed_or_made_private_changes_every_page(gql, home, committed):
    # given
    from wagtail.models import Collection, CollectionViewRestriction

    document = make_document("Rapport")
    block = [{"type": "document", "value": {"document": document.pk, "title": ""}}]
    paths = prepared_pages(
        home, committed, gql, Un={"body": block}, Deux={"body": block}
    )
    # when renamed
    document.title = "Rapport 2026"
    committed(document.save)
    # then
    for path in paths:
        assert read(gql, path)["body"][0]["document"]["title"] == "Rapport 2026"
    # when its collection becomes private
    council = Collection.get_first_root_node().add_child(name="Conseil")
    document.collection = council
    committed(document.save)
    CollectionViewRestriction.objects.create(
        collection=council, restriction_type="login"
    )
    # then
    for path in paths:
        assert read(gql, path)["body"][0]["document"] is None


def test_an_image_changed_changes_every_page_showing_it(gql, home, committed):
    # given
    image = make_image("Parc", width=800, height=600)
    block = [
        {"type": "image", "value": {"image": image.pk, "alt_text": "", "caption": ""}}
    ]
    paths = prepared_pages(
        home, committed, gql, Un={"body": block}, Deux={"body": block}
    )
    before = read(gql, paths[0])["body"][0]["image"]["rendition"]["url"]
    # when: its alt text and focal point change, not yet committed
    image.title, image.description = "Parc en été", "Un parc en été"
    image.focal_point_x, image.focal_point_y = 100, 100
    image.focal_point_width, image.focal_point_height = 50, 50
    image.save()
    # then
    assert prepared_rows_emptied(paths)
    for path in paths:
        shown = read(gql, path)["body"][0]["image"]
        assert (shown["title"], shown["alt"]) == ("Parc en été", "Un parc en été")
        assert shown["rendition"]["url"] != before


def test_a_snippet_changed_changes_every_page_referring_to_it(
    gql, home, locales, committed
):
    # given: two events in a region
    from django.utils import timezone

    from pages.models import EventIndexPage, EventPage

    region = make_region(locales)
    index = add_page(home, EventIndexPage, "Agenda")
    start = timezone.now() + datetime.timedelta(days=3)
    paths = []
    for title in ("Rencontre", "Atelier"):
        event = add_page(
            index,
            EventPage,
            title,
            start=start,
            end=start + datetime.timedelta(hours=2),
            place="Lyon",
            region=region,
        )
        paths.append(f"/agenda/{event.slug}/")
        committed(read, gql, paths[-1])
    # when
    region.name = "Occitanie-Pyrénées"
    region.save()
    # then
    for path in paths:
        assert read(gql, path)["region"] == {"name": "Occitanie-Pyrénées"}


def test_a_linked_page_that_stops_being_public_disappears_at_once(gql, home, committed):
    # given: a link to a page whose parent will be restricted, another to a page
    # that will be unpublished
    from pages.models import ContentPage

    parent = add_page(home, ContentPage, "Parent")
    hidden = add_page(parent, ContentPage, "Cachée")
    gone = add_page(home, ContentPage, "Retirée")
    paths = prepared_pages(
        home,
        committed,
        gql,
        Un={"body": page_link(hidden) + page_link(gone)},
        Deux={"body": page_link(hidden)},
    )
    # when: a restriction on the linked page's parent, nothing committed
    PageViewRestriction.objects.create(
        page=parent, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    Page.objects.get(pk=gone.pk).specific.unpublish()
    # then
    first = read(gql, paths[0])["body"]
    assert [block["page"] for block in first] == [None, None]
    assert read(gql, paths[1])["body"][0]["page"] is None


def test_a_linked_page_past_its_expiry_disappears_without_any_change(
    gql, home, committed, monkeypatch
):
    # given: a linked page published with an expiry, prepared before it
    from django.core.cache import cache
    from django.utils import timezone

    from graphql_api.content import prepared_bodies
    from pages.models import ContentPage

    expiry = timezone.now() + datetime.timedelta(hours=1)
    soon = add_page(home, ContentPage, "Bientôt", expire_at=expiry)
    (path,) = prepared_pages(home, committed, gql, Un={"body": page_link(soon)})
    assert read(gql, path)["body"][0]["page"]["title"] == "Bientôt"
    # when the hour has passed, before Wagtail's publish_scheduled has run
    later = expiry + datetime.timedelta(minutes=1)
    monkeypatch.setattr(
        prepared_bodies, "timezone", type("Clock", (), {"now": lambda: later})
    )
    cache.clear()  # the cached answer would expire with its own timeout
    # then: the prepared row is still there, but the link is not shown
    assert PageReadModel.objects.get(page__slug="un").data is not None
    assert read(gql, path)["body"][0]["page"] is None


def test_a_translation_referring_to_the_object_changes_too(
    gql, home, locales, committed
):
    # given: a French page and its English translation, each linking a page
    # in its own language
    from pages.models import ContentPage

    linked = add_page(home, ContentPage, "Liée")
    linked_english = linked.copy_for_translation(locales["en"])
    linked_english.title = "Linked"
    linked_english.save_revision().publish()
    french = add_page(home, ContentPage, "Quartiers", body=page_link(linked))
    english = french.copy_for_translation(locales["en"])
    english.body = page_link(linked_english)
    english.save_revision().publish()
    english_path = {"path": "/quartiers/", "locale": "en"}
    committed(read, gql, "/quartiers/")
    committed(gql.query, PAGE_IN_LOCALE, english_path)
    # when the English linked page is renamed
    linked_english.title = "Linked, renamed"
    linked_english.save_revision().publish()
    # then the English answer shows it, the French one its own link
    answer = gql.query(PAGE_IN_LOCALE, english_path)["data"]["page"]
    assert answer["body"][0]["page"]["title"] == "Linked, renamed"
    assert read(gql, "/quartiers/")["body"][0]["page"]["title"] == "Liée"


PAGE_IN_LOCALE = PAGE.replace(
    "$path: String)", "$path: String, $locale: String)"
).replace("page(urlPath: $path)", "page(urlPath: $path, locale: $locale)")


def test_a_page_prepared_before_its_references_are_indexed_still_changes(
    gql, home, committed
):
    # given: a prepared page whose references Wagtail's index does not hold yet
    # (its task still queued for the worker)
    from wagtail.models import ReferenceIndex

    image = make_image("Parc", width=800, height=600)
    block = [
        {"type": "image", "value": {"image": image.pk, "alt_text": "", "caption": ""}}
    ]
    (path,) = prepared_pages(home, committed, gql, Un={"body": block})
    ReferenceIndex.objects.filter(to_object_id=str(image.pk)).delete()
    # when
    image.title = "Parc en été"
    image.save()
    # then
    assert prepared_rows_emptied([path])
    assert read(gql, path)["body"][0]["image"]["title"] == "Parc en été"
