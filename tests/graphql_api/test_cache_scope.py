"""Cached answers are emptied by public changes only, per network, and warmed again.

A hit is what a partner notices as an answer served without touching the
database: these tests count SQL queries, never time.
"""

import pytest
from django.contrib.auth import get_user_model

from forms_workflows.models import CharterAdhesion
from forms_workflows.workflow import transition
from tests.fixtures.graphql import add_page

PAGE_QUERY = '{ page(site: "%s", urlPath: "/jardins/") { title } }'
SIGNATORIES_QUERY = '{ signatories(site: "club", limit: 100) { items { name } } }'


def ask(gql, query):
    response = gql.get(query)
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def title(gql, network):
    return ask(gql, PAGE_QUERY % network)["page"]["title"]


@pytest.fixture
def gardens(network_keys):
    """A public page about gardens on each of two networks, club and req."""
    from pages.models import ContentPage

    return {
        key: add_page(
            network_keys[key][1], ContentPage, f"Jardins {key}", slug="jardins"
        )
        for key in ("club", "req")
    }


@pytest.mark.django_db
def test_a_draft_saved_leaves_the_cached_answer_in_place(
    gql, gardens, django_assert_num_queries
):
    # given a cached answer
    assert title(gql, "club") == "Jardins club"
    # when an editor saves a draft of the page, unpublished
    page = gardens["club"]
    page.title = "Jardins en travaux"
    page.save_revision()
    # then partners are still served the published answer, from the cache
    with django_assert_num_queries(0):
        assert title(gql, "club") == "Jardins club"


@pytest.mark.django_db
def test_a_workflow_step_leaves_the_cached_answer_in_place(
    gql, gardens, django_assert_num_queries, django_user_model
):
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

    editor = django_user_model.objects.create_superuser("editor", password="x" * 12)
    workflow = Workflow.objects.create(name="Deux relectures")
    for order, name in enumerate(("Relecture", "Validation")):
        task = GroupApprovalTask.objects.create(name=name)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    page = gardens["club"]
    # given a cached answer
    assert title(gql, "club") == "Jardins club"
    # when a draft goes to moderation and passes its first step
    page.title = "Jardins relus"
    page.save_revision(user=editor)
    workflow.start(page, editor)
    page.refresh_from_db()
    page.current_workflow_task_state.approve(user=editor)
    page.refresh_from_db()
    assert page.current_workflow_task.name == "Validation"
    # then nothing was published and the answer is still served from the cache
    with django_assert_num_queries(0):
        assert title(gql, "club") == "Jardins club"


@pytest.mark.django_db
def test_an_application_change_leaves_the_cached_answer_in_place(
    gql, demo_content, django_assert_num_queries
):
    adhesion = CharterAdhesion.objects.filter(status="submitted").first()
    reviewer = get_user_model().objects.get(username="reviewer")
    # given a cached signatory list
    names = ask(gql, SIGNATORIES_QUERY)
    # when a reviewer starts the review of an adhesion and asks for changes
    transition(adhesion, "start_review", user=reviewer)
    transition(adhesion, "request_changes", user=reviewer, comment="Précisez.")
    # then the public list is still served from the cache
    with django_assert_num_queries(0):
        assert ask(gql, SIGNATORIES_QUERY) == names


@pytest.mark.django_db
def test_a_publish_on_one_network_leaves_the_other_networks_answers(
    gql, gardens, django_assert_num_queries
):
    # given both networks' answers cached
    assert title(gql, "club") == "Jardins club"
    assert title(gql, "req") == "Jardins req"
    # when an editor of the club publishes a new title
    page = gardens["club"]
    page.title = "Jardins partagés"
    page.save_revision().publish()
    # then the club's answer is replaced
    assert title(gql, "club") == "Jardins partagés"
    # and the other network's answer is still served from the cache
    with django_assert_num_queries(0):
        assert title(gql, "req") == "Jardins req"


@pytest.mark.django_db
def test_after_a_publish_the_most_asked_query_is_answered_before_anyone_asks(
    gql, gardens, django_assert_num_queries, django_capture_on_commit_callbacks
):
    # given a query partners ask
    assert title(gql, "club") == "Jardins club"
    # when an editor publishes a new title, and the worker runs what was queued
    with django_capture_on_commit_callbacks(execute=True):
        page = gardens["club"]
        page.title = "Jardins partagés"
        page.save_revision().publish()
    # then the next partner read is already a hit, with the new title
    with django_assert_num_queries(0):
        assert title(gql, "club") == "Jardins partagés"


@pytest.mark.django_db
def test_after_a_publish_the_most_asked_query_is_a_hit_before_the_worker_runs(
    gql,
    gardens,
    settings,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    # given a query partners ask, and a worker that has not run yet
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    assert title(gql, "club") == "Jardins club"
    # when an editor publishes a new title
    with django_capture_on_commit_callbacks(execute=True):
        page = gardens["club"]
        page.title = "Jardins partagés"
        page.save_revision().publish()
    # then the publishing process answered it under the new generation before
    # switching to it: the first partner read is a hit, with the new title
    with django_assert_num_queries(0):
        assert title(gql, "club") == "Jardins partagés"
