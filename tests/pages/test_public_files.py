"""A restricted collection's documents are kept where the public cannot read them."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

PDF = b"%PDF-1.4 rapport du conseil"


@pytest.fixture
def collection(db):
    return Collection.get_first_root_node().add_child(name="Conseil")


@pytest.fixture
def member(db):
    return get_user_model().objects.create_user("membre", password="mot-de-passe")


def upload(collection, title="Rapport", name="rapport.pdf"):
    """Add a document the way the admin's upload form does (file saved with the row)."""
    document = get_document_model()(title=title, collection=collection)
    document.file = ContentFile(PDF, name=name)
    document.save()
    return document


def restrict(collection, **fields):
    return CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="login", **fields
    )


def public_copy(document):
    """Where the web server (its /media/ location) would find the file."""
    return Path(settings.MEDIA_ROOT) / document.file.name


def restricted_copy(document):
    return Path(settings.RESTRICTED_MEDIA_ROOT) / document.file.name


def test_an_upload_to_a_restricted_collection_never_lands_under_media_root(
    collection,
):
    restrict(collection)

    first = upload(collection)
    second = upload(collection)

    for document in (first, second):
        assert not public_copy(document).exists()
        assert restricted_copy(document).read_bytes() == PDF
    # the keys carry a random part: knowing a file's name is not enough
    assert first.file.name != second.file.name
    assert first.file.name.endswith("/rapport.pdf")


def test_restricting_a_collection_takes_its_files_out_of_media_root(
    collection, django_capture_on_commit_callbacks
):
    document = upload(collection)
    old = public_copy(document)
    assert old.read_bytes() == PDF

    with django_capture_on_commit_callbacks(execute=True):
        restrict(collection)

    document.refresh_from_db()
    assert not old.exists()
    assert not public_copy(document).exists()
    assert restricted_copy(document).read_bytes() == PDF


def test_a_collection_below_a_restricted_one_is_restricted_too(
    collection, django_capture_on_commit_callbacks
):
    below = collection.add_child(name="Conseil · procès-verbaux")
    document = upload(below)

    with django_capture_on_commit_callbacks(execute=True):
        restrict(collection)

    document.refresh_from_db()
    assert restricted_copy(document).read_bytes() == PDF
    assert not public_copy(document).exists()


def test_lifting_the_restriction_brings_the_files_back_to_the_public_store(
    collection, django_capture_on_commit_callbacks
):
    restriction = restrict(collection)
    document = upload(collection)
    old = restricted_copy(document)

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()

    document.refresh_from_db()
    assert document.file.name.startswith("documents/rapport")
    assert public_copy(document).read_bytes() == PDF
    assert not old.exists()


def test_a_document_moved_into_a_restricted_collection_takes_its_file_along(
    collection, django_capture_on_commit_callbacks
):
    restrict(collection)
    document = upload(Collection.get_first_root_node())
    old = public_copy(document)

    with django_capture_on_commit_callbacks(execute=True):
        document.collection = collection
        document.save()

    document.refresh_from_db()
    assert not old.exists()
    assert restricted_copy(document).read_bytes() == PDF


def test_protect_documents_moves_files_left_behind_and_can_run_again(
    collection, django_capture_on_commit_callbacks
):
    document = upload(collection)
    old = public_copy(document)
    # a restriction written without signals (a fixture, a raw SQL import)
    CollectionViewRestriction.objects.bulk_create(
        [CollectionViewRestriction(collection=collection, restriction_type="login")]
    )
    assert old.exists()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("protect_documents", stdout=(first := _Output()))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("protect_documents", stdout=(second := _Output()))

    document.refresh_from_db()
    assert not old.exists()
    assert restricted_copy(document).read_bytes() == PDF
    assert "1 file(s) moved" in first.text
    assert "0 file(s) moved" in second.text


def test_a_lost_file_does_not_stop_an_editor_restricting_the_collection(
    collection, django_capture_on_commit_callbacks
):
    lost = upload(collection, title="Perdu")
    public_copy(lost).unlink()
    kept = upload(collection, title="Gardé", name="garde.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        restrict(collection)

    kept.refresh_from_db()
    assert restricted_copy(kept).read_bytes() == PDF


def test_the_document_link_asks_an_anonymous_visitor_to_log_in(
    client, collection, member
):
    restrict(collection)
    document = upload(collection)

    anonymous = client.get(document.url)
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]

    client.force_login(member)
    logged_in = client.get(document.url)
    assert logged_in.status_code == 200
    assert b"".join(logged_in.streaming_content) == PDF


def test_an_editor_restricting_a_collection_in_the_admin_moves_its_files(
    client, collection, django_capture_on_commit_callbacks
):
    document = upload(collection)
    old = public_copy(document)
    admin = get_user_model().objects.create_superuser("admin", password="x")
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/collections/{collection.pk}/privacy/",
            {"restriction_type": "login"},
        )

    assert response.status_code == 200, response.content[:300]
    document.refresh_from_db()
    assert not old.exists()
    assert restricted_copy(document).read_bytes() == PDF


class _Output:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass
