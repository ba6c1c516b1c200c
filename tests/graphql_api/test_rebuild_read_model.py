"""`manage.py rebuild_read_model` prepares every live page again, in batches."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page

from graphql_api.caching.read_model import SHAPE
from graphql_api.models import PageReadModel
from tests.fixtures.graphql import add_page, make_image


@pytest.fixture
def pages(network_keys):
    from pages.models import ContentPage

    home = network_keys["club"][1]
    image = make_image("Parc")
    block = [
        {"type": "image", "value": {"image": image.pk, "alt_text": "", "caption": ""}}
    ]
    return [add_page(home, ContentPage, f"Page {i}", body=block) for i in range(3)]


def rebuild(capture, **options):
    out = StringIO()
    with capture(execute=True):
        call_command("rebuild_read_model", stdout=out, **options)
    return out.getvalue()


def current_rows():
    return {
        row.page_id
        for row in PageReadModel.objects.select_related("page")
        if row.data is not None
        and row.data.get("_shape") == SHAPE
        and row.revision_id == row.page.live_revision_id
    }


def test_every_live_page_is_prepared_in_the_current_shape(
    pages, django_capture_on_commit_callbacks
):
    # given: rows of an older shape, and none at all
    PageReadModel.objects.all().delete()
    PageReadModel.objects.create(page=pages[0], revision_id=1, data={"_shape": 1})
    live = set(Page.objects.filter(live=True).values_list("pk", flat=True))
    # when
    output = rebuild(django_capture_on_commit_callbacks, batch_size=2)
    # then
    assert current_rows() == live
    assert f"Prepared {len(live)} of {len(live)} live page(s)" in output
    row = PageReadModel.objects.get(page=pages[1])
    (image,) = row.data["_resolved"]["images"].values()
    assert image["complete"]


def test_an_interrupted_rebuild_resumes_after_the_last_id(
    pages, django_capture_on_commit_callbacks
):
    # given
    PageReadModel.objects.all().delete()
    # when resumed after the second page
    output = rebuild(django_capture_on_commit_callbacks, after=pages[1].pk)
    # then only the pages after it are prepared
    assert current_rows() == {pages[2].pk}
    assert "Prepared 1 of 1 live page(s)" in output


def test_missing_only_leaves_current_answers_alone(
    pages, django_capture_on_commit_callbacks
):
    # given: everything prepared, then one page emptied
    rebuild(django_capture_on_commit_callbacks)
    PageReadModel.objects.filter(page=pages[0]).update(data=None)
    # when
    output = rebuild(django_capture_on_commit_callbacks, missing_only=True)
    # then
    assert pages[0].pk in current_rows()
    assert "Prepared 1 of" in output
