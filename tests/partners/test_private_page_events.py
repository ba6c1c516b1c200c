"""Webhooks speak of public pages only (`pages.visibility`).

A page behind a view restriction (its own or an ancestor's) sends nothing when
published, unpublished, moved or deleted; when it becomes private partners get
a `page.unpublished` naming only its id and locale, and a `page.published`
when it becomes public again.
"""

import json

import pytest
from wagtail.models import PageViewRestriction

from pages.models import ContentPage
from partners import webhooks
from partners.models import WebhookEndpoint, WebhookEvent

SECRET_TITLE = "Réunion interne du bureau"


@pytest.fixture
def endpoint(network, receiver):
    return WebhookEndpoint.objects.create(
        site=network["site"],
        url=receiver.url,
        events=list(WebhookEvent.values),
        owner_email="tech@partner.example",
        secret=webhooks.new_secret(),
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    from django.db import transaction

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                return change()

    return run


@pytest.fixture
def members_area(network, committed):
    """A section of the club's site restricted to signed-in users."""
    home = network["home"]
    area = home.add_child(instance=ContentPage(title="Espace membres", slug="membres"))
    area.save_revision().publish()
    PageViewRestriction.objects.create(
        page=area, restriction_type=PageViewRestriction.LOGIN
    )
    return area


def events(receiver):
    return [(body["event"], body["data"]["id"]) for body in receiver.bodies()]


def everything_sent(receiver):
    return b"".join(request["body"] for request in receiver.requests).decode()


def test_a_page_under_a_restriction_sends_nothing_all_its_life(
    network, members_area, endpoint, receiver, committed
):
    page = ContentPage(title=SECRET_TITLE, slug="reunion")
    committed(lambda: members_area.add_child(instance=page))
    committed(lambda: page.save_revision().publish())
    committed(lambda: page.unpublish())
    committed(lambda: page.save_revision().publish())
    other = committed(
        lambda: members_area.add_child(
            instance=ContentPage(title="Archives", slug="archives")
        )
    )
    committed(lambda: page.move(other, pos="last-child"))
    committed(lambda: page.delete())

    assert events(receiver) == []
    assert SECRET_TITLE not in everything_sent(receiver)


def test_a_restriction_added_unpublishes_each_page_it_hides_without_naming_them(
    network, endpoint, receiver, committed
):
    charter, form_page = network["charter"], network["form_page"]
    secret = charter.specific
    secret.title = SECRET_TITLE
    committed(lambda: secret.save_revision().publish())
    receiver.requests.clear()

    committed(
        lambda: PageViewRestriction.objects.create(
            page=charter, restriction_type=PageViewRestriction.LOGIN
        )
    )

    assert sorted(events(receiver)) == sorted(
        [("page.unpublished", charter.pk), ("page.unpublished", form_page.pk)]
    )
    for body in receiver.bodies():
        assert body["data"]["urlPath"] is None
        assert body["data"]["title"] is None
    sent = everything_sent(receiver)
    assert SECRET_TITLE not in sent and "/charte/" not in sent


def test_a_restriction_removed_publishes_each_page_it_hid(
    network, endpoint, receiver, committed
):
    charter, form_page = network["charter"], network["form_page"]
    restriction = committed(
        lambda: PageViewRestriction.objects.create(
            page=charter, restriction_type=PageViewRestriction.LOGIN
        )
    )
    receiver.requests.clear()

    committed(lambda: restriction.delete())

    assert sorted(events(receiver)) == sorted(
        [("page.published", charter.pk), ("page.published", form_page.pk)]
    )
    published = {body["data"]["id"]: body["data"] for body in receiver.bodies()}
    assert published[form_page.pk]["urlPath"] == "/charte/adherer/"


def test_a_move_into_or_out_of_a_restricted_section_is_an_unpublish_or_a_publish(
    network, members_area, endpoint, receiver, committed
):
    form_page, charter = network["form_page"], network["charter"]

    committed(lambda: form_page.move(members_area, pos="last-child"))
    assert events(receiver) == [("page.unpublished", form_page.pk)]
    (hidden,) = receiver.bodies()
    assert hidden["data"]["urlPath"] is None
    assert "membres" not in everything_sent(receiver)

    receiver.requests.clear()
    form_page.refresh_from_db()
    charter.refresh_from_db()  # it lost its only child
    committed(lambda: form_page.move(charter, pos="last-child"))
    assert events(receiver) == [("page.published", form_page.pk)]
    assert receiver.bodies()[0]["data"]["urlPath"] == "/charte/adherer/"


def test_deleting_a_restricted_page_sends_nothing_and_its_restriction_publishes_nothing(
    network, members_area, endpoint, receiver, committed
):
    committed(lambda: members_area.delete())
    assert events(receiver) == []


def test_a_public_page_still_announces_its_publication(
    network, endpoint, receiver, committed
):
    charter = network["charter"]
    committed(lambda: charter.save_revision().publish())
    body = json.loads(receiver.requests[0]["body"])
    assert (body["event"], body["data"]["urlPath"]) == ("page.published", "/charte/")
