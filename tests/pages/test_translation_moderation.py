"""An editor sends an English translation to the moderators, who publish it by approving.

As docs/editors.md describes: the editor translates in the translation editor
(each string is stored as it is typed), then "Submit translation for
moderation"; the network's moderation workflow holds the translation until a
moderator approves it, which publishes it. The translation editor's own
"Publish" does not skip the workflow.
"""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale, Page, WorkflowState
from wagtail_localize.models import Translation

from pages.models import NetworkSettings, NewsIndexPage, NewsPage
from partners import webhooks
from partners.models import WebhookEndpoint, WebhookEvent
from tests.pages.helpers import translate_title

NEW_TITLE = "A translation the moderators have read"


def english_news_page():
    return (
        NewsPage.objects.live()
        .filter(locale=Locale.objects.get(language_code="en"))
        .first()
    )


def in_progress_states(page):
    return WorkflowState.objects.filter(object_id=str(page.pk), status="in_progress")


def approve(client, page):
    state = in_progress_states(page).get()
    return client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        )
    )


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

    # given a translation the editor typed
    client.force_login(editor)
    translate_title(client, page, NEW_TITLE)
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


@pytest.mark.django_db
def test_publishing_from_the_translation_editor_goes_through_the_workflow(
    client, demo_content
):
    moderator = get_user_model().objects.get(username="moderator-club")
    page = english_news_page()
    published_title = page.title
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.force_login(moderator)
    translate_title(client, page, NEW_TITLE)

    # when the moderator presses the translation editor's "Publish"
    response = client.post(edit_url, {"action": "publish"})
    # then nothing is published: the submission screen is offered instead
    assert response.status_code == 302
    assert response.url == reverse(
        "pages_submit_translation_for_moderation", args=[page.pk]
    )
    assert Page.objects.get(pk=page.pk).specific.title == published_title
    # and the translation editor does not offer "Publish" any more
    editor_html = client.get(edit_url).content.decode()
    assert "js-translation-editor" in editor_html
    assert "&quot;canPublish&quot;: false" in editor_html

    # when the moderator submits it, then approves it in the workflow
    client.post(response.url)
    assert in_progress_states(page).count() == 1
    # (publishing it again from the editor still does not skip the workflow)
    client.post(edit_url, {"action": "publish"})
    assert Page.objects.get(pk=page.pk).specific.title == published_title
    approve(client, page)
    # then the English page is live with the translation, published by the workflow
    live = Page.objects.get(pk=page.pk).specific
    assert live.live and live.title == NEW_TITLE
    assert not in_progress_states(page).exists()
    assert WorkflowState.objects.filter(
        object_id=str(page.pk), status="approved"
    ).exists()


@pytest.mark.django_db
def test_syncing_translated_pages_does_not_publish_them(client, demo_content):
    moderator = get_user_model().objects.get(username="moderator-club")
    page = english_news_page()
    published_title = page.title
    client.force_login(moderator)
    translate_title(client, page, NEW_TITLE)
    source = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    ).source

    # when a moderator syncs the French page's translations, "Publish immediately"
    response = client.post(
        reverse("wagtail_localize:update_translations", args=[source.pk]),
        {"publish_translations": "on"},
    )

    # then the sync is done, but the English page is not published by it
    assert response.status_code == 302
    assert Page.objects.get(pk=page.pk).specific.title == published_title


def published_events(receiver):
    return [
        (body["data"]["locale"], body["data"]["title"])
        for body in (json.loads(request["body"]) for request in receiver.requests)
        if body["event"] == "page.published"
    ]


@pytest.mark.django_db
def test_a_new_translation_stays_a_draft_and_partners_hear_of_it_once_approved(
    client, demo_content, receiver, django_capture_on_commit_callbacks
):
    users = get_user_model().objects
    editor, moderator = (
        users.get(username="editor-club"),
        users.get(username="moderator-club"),
    )
    site = NetworkSettings.objects.get(key="club").site
    WebhookEndpoint.objects.create(
        site=site,
        url=receiver.url,
        events=list(WebhookEvent.values),
        owner_email="tech@partner.example",
        secret=webhooks.new_secret(),
    )
    english = Locale.objects.get(language_code="en")
    news = NewsIndexPage.objects.descendant_of(site.root_page).get(
        locale__language_code="fr"
    )
    # given a published French news item, not yet translated
    with django_capture_on_commit_callbacks(execute=True):
        french = news.add_child(
            instance=NewsPage(
                title="Un quartier à pied",
                slug="un-quartier-a-pied",
                date=datetime.date(2027, 3, 1),
            )
        )
        french.save_revision(user=moderator).publish(user=moderator)
    receiver.requests.clear()
    client.force_login(editor)
    assert not french.permissions_for_user(editor).can_publish()

    # when an editor, who may not publish, translates it into English
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[french.pk]),
            {"locales": [english.pk]},
        )
    # then the English page exists as a draft, and partners heard nothing
    assert response.status_code == 302
    translated = french.get_translation(english)
    assert not translated.live
    assert published_events(receiver) == []
    # and its translation editor leads to the moderators, not to an alias copy
    submission_url = reverse(
        "pages_submit_translation_for_moderation", args=[translated.pk]
    )
    editor_html = client.get(
        reverse("wagtailadmin_pages:edit", args=[translated.pk])
    ).content.decode()
    assert f'href="{submission_url}"' in editor_html
    assert "&quot;convertToAliasUrl&quot;: null" in editor_html

    # when they type the title's translation and submit it for moderation
    with django_capture_on_commit_callbacks(execute=True):
        translate_title(client, translated, "A neighbourhood on foot")
        client.post(submission_url)
    # then it is still a draft, awaiting the moderators
    translated.refresh_from_db()
    assert not translated.live
    assert in_progress_states(translated).count() == 1
    assert published_events(receiver) == []

    # when a moderator of the network approves it
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        approve(client, translated)
    # then the English page is live, and partners hear of it once, in English
    translated.refresh_from_db()
    assert translated.live and translated.title == "A neighbourhood on foot"
    assert published_events(receiver) == [("en", "A neighbourhood on foot")]
