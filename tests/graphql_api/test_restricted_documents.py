"""A document of a restricted collection is, for the API, like a private page."""

import pytest
from wagtail.models import Collection, CollectionViewRestriction

from tests.fixtures.graphql import add_page, body_blocks, make_document

PAGE = """
query Page($path: String) {
  page(urlPath: $path) {
    ... on ContentPage {
      introduction { html }
      body { blockType ... on DocumentBlock { document { title url } } }
    }
  }
}
"""
DOCUMENTS = """
query Documents { documents { totalCount items { title } } }
"""


@pytest.fixture
def council(db):
    return Collection.get_first_root_node().add_child(name="Conseil")


@pytest.fixture
def page_with_document(network_keys, council):
    """A public page whose body and introduction link a council report."""
    from pages.models import ContentPage

    document = make_document("Compte rendu du conseil")
    document.collection = council
    document.save()
    link = f'<a linktype="document" id="{document.pk}">le compte rendu</a>'
    add_page(
        network_keys["club"][1],
        ContentPage,
        "Vie du réseau",
        slug="vie-du-reseau",
        introduction=f"<p>Lire {link}</p>",
        body=body_blocks(document=document, link_html=link),
    )
    return document


def restrict(collection, restriction_type="login", **fields):
    return CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=restriction_type, **fields
    )


def documents_of(body):
    page = body["data"]["page"]
    return [b["document"] for b in page["body"] if b["blockType"] == "document"]


@pytest.mark.parametrize("restriction_type", ["login", "password", "groups"])
def test_a_restricted_document_is_null_and_unlinked(
    gql,
    page_with_document,
    council,
    restriction_type,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        restrict(council, restriction_type, password="secret")

    body = gql.query(PAGE, {"path": "/vie-du-reseau/"})

    assert documents_of(body) == [None]
    html = body["data"]["page"]["introduction"]["html"]
    assert "<a>le compte rendu</a>" in html
    assert "/documents/" not in html
    assert "Compte rendu du conseil" not in str(body)


def test_a_document_below_a_restricted_collection_is_hidden_too(
    gql, network_keys, council, django_capture_on_commit_callbacks
):
    from pages.models import ContentPage

    minutes = council.add_child(name="Procès-verbaux")
    document = make_document("Procès-verbal")
    document.collection = minutes
    document.save()
    add_page(
        network_keys["club"][1],
        ContentPage,
        "PV",
        slug="pv",
        body=body_blocks(document=document),
    )
    with django_capture_on_commit_callbacks(execute=True):
        restrict(council)

    assert documents_of(gql.query(PAGE, {"path": "/pv/"})) == [None]


def test_the_documents_list_leaves_out_restricted_documents(
    gql, page_with_document, council, django_capture_on_commit_callbacks
):
    before = gql.query(DOCUMENTS)["data"]["documents"]
    assert [d["title"] for d in before["items"]] == ["Compte rendu du conseil"]

    with django_capture_on_commit_callbacks(execute=True):
        restrict(council)

    after = gql.query(DOCUMENTS)["data"]["documents"]
    assert after == {"totalCount": 0, "items": []}


def test_a_page_served_before_the_restriction_is_not_served_stale_after(
    gql, page_with_document, council, django_capture_on_commit_callbacks
):
    # given the page was answered (its read model prepared, its answer cached)
    with django_capture_on_commit_callbacks(execute=True):
        first = gql.query(PAGE, {"path": "/vie-du-reseau/"})
    assert documents_of(first)[0]["title"] == "Compte rendu du conseil"

    # when the collection becomes restricted, the document disappears
    with django_capture_on_commit_callbacks(execute=True):
        restriction = restrict(council)
    assert documents_of(gql.query(PAGE, {"path": "/vie-du-reseau/"})) == [None]

    # and when the restriction is lifted, it comes back with a working link
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    [document] = documents_of(gql.query(PAGE, {"path": "/vie-du-reseau/"}))
    assert document["title"] == "Compte rendu du conseil"
    assert document["url"].endswith(page_with_document.url)
