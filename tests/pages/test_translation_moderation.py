"""An editor sends an English translation to the moderators, who publish it by approving.

As docs/editors.md describes: the editor translates and saves in the translation
editor, then "Submit translation for moderation"; the network's moderation
workflow holds the translation until a moderator approves it, which publishes it.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale, Page, WorkflowState

from pages.models import NewsPage

NEW_TITLE = "A translation the moderators have read"


def english_news_page():
    return (
        NewsPage.objects.live()
        .filter(locale=Locale.objects.get(language_code="en"))
        .first()
    )


def save_translation_as_editor(page, user):
    """What the translation editor's "Save" does: a new draft, nothing published."""
    page.title = NEW_TITLE
    page.save_revision(user=user)


@pytest.mark.django_db
def test_an_editor_submits_a_translation_and_a_moderator_publishes_it_by_approving(
    client, demo_content
):
    users = get_user_model().objects
    editor, moderator = (
        users.get(username="editor-club"),
        users.get(username="moderator-club"),
    )
    page = english_news_page()
    published_title = page.title
    url = reverse("pages_submit_translation_for_moderation", args=[page.pk])

    # given a translation the editor saved
    save_translation_as_editor(page, editor)
    client.force_login(editor)
    # then its listing offers to submit it for moderation
    listing = client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    assert url in listing.content.decode()
    # when the editor submits it
    response = client.post(url)
    # then the network's workflow holds it, still unpublished
    assert response.status_code == 302
    state = WorkflowState.objects.get(
        base_content_type__isnull=False, object_id=str(page.pk), status="in_progress"
    )
    assert state.workflow == page.get_workflow()
    assert Page.objects.get(pk=page.pk).specific.title == published_title
    # and submitting it again starts nothing more
    client.post(url)
    assert (
        WorkflowState.objects.filter(
            object_id=str(page.pk), status="in_progress"
        ).count()
        == 1
    )

    # when a moderator of the network approves it
    client.force_login(moderator)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        )
    )
    # then the translation is published
    assert response.status_code in (200, 302)
    state.refresh_from_db()
    assert state.status == "approved"
    live = Page.objects.get(pk=page.pk).specific
    assert live.live and live.title == NEW_TITLE
