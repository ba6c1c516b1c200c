"""The last place through the API, asked for by several partners' visitors at once (PostgreSQL)."""

import json

import pytest
from django.test import Client

from forms_workflows.editor_forms.models import FormSubmission
from tests.fixtures.adhesions import old_token
from tests.fixtures.editor_forms import add_form, answers, send
from tests.races import in_thread

PEOPLE = 5
SUBMIT = """
mutation Submit($input: SubmitFormInput!) {
  submitForm(input: $input) { submission { status } errors { code } }
}
"""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_submit_form_calls_never_confirm_more_than_the_places(
    network, event, settings
):
    settings.FORMS_WORKFLOWS_RATE_LIMIT = 100
    page = add_form(network, event_page=event, places=2)
    send(page, answers(email="first@example.org"))  # one place left
    outcomes = []

    def register(n):
        def call():
            variables = {
                "input": {
                    "form": page.slug,
                    "formToken": old_token(),
                    "answers": [
                        {"name": name, "value": value}
                        for name, value in answers(email=f"p{n}@example.org").items()
                    ],
                }
            }
            response = Client(REMOTE_ADDR=f"192.0.2.{n + 10}").post(
                "/graphql/",
                json.dumps({"query": SUBMIT, "variables": variables}),
                content_type="application/json",
            )
            payload = response.json()["data"]["submitForm"]
            return payload["submission"]["status"] if payload["submission"] else payload

        return call

    threads = [in_thread(register(n), outcomes) for n in range(PEOPLE)]
    for thread in threads:
        thread.join()

    assert sorted(map(str, outcomes)) == ["CONFIRMED"] + ["WAITLISTED"] * (PEOPLE - 1)
    assert FormSubmission.objects.filter(status="confirmed").count() == 2
