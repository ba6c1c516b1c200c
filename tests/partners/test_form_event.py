"""Publishing an editor-built form tells partners `form.published`, without any answer."""

import json

from partners import webhooks
from partners.models import WebhookDelivery, WebhookEndpoint
from tests.fixtures.editor_forms import add_form, answers, send


def test_a_published_form_sends_form_published_with_its_public_description(
    network, event, receiver, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpoint.objects.create(
        site=network["site"],
        url=receiver.url,
        events=["form.published"],
        owner_email="tech@partner.example",
        secret=webhooks.new_secret(),
    )
    form = add_form(network, event_page=event, places=10)
    send(form, answers(email="camille.martin@example.org"))

    with django_capture_on_commit_callbacks(execute=True):
        form.save_revision().publish()

    (request,) = receiver.requests
    body = json.loads(request["body"])
    assert body["event"] == "form.published"
    assert body["data"]["slug"] == "inscription"
    assert body["data"]["behaviour"] == "registration"
    assert body["data"]["closesAt"] == event.start.isoformat()
    assert "camille" not in request["body"].decode()
    assert endpoint.deliveries.get().status == "delivered"


def test_an_endpoint_that_wants_pages_only_gets_no_form_event(
    network, receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(
        site=network["site"],
        url=receiver.url,
        events=["page.published"],
        owner_email="tech@partner.example",
        secret=webhooks.new_secret(),
    )
    form = add_form(network, behaviour="survey")

    with django_capture_on_commit_callbacks(execute=True):
        form.save_revision().publish()

    assert list(WebhookDelivery.objects.values_list("event", flat=True)) == [
        "page.published"
    ]
