"""The admin as a French-speaking editor sees it: no English, no None, no missing space.

Asserted on what the screens carry (the translation editor's props, the
JavaScript catalogue, the names Wagtail shows), not on our own wording.
"""

import html
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from pages.models import NewsPage
from tests.pages.helpers import translate_title

ENGLISH_MONTHS = (
    "January February March April May June July August September October "
    "November December"
).split()


def french_editor(client):
    editor = get_user_model().objects.get(username="editor-club")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(editor)
    return editor


def english_news_page():
    return (
        NewsPage.objects.live()
        .filter(locale=Locale.objects.get(language_code="en"))
        .first()
    )


def translation_editor_props(client, page):
    content = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    match = re.search(r'data-props="([^"]*)"', content.content.decode())
    return json.loads(html.unescape(match.group(1)))


def js_catalogue(client):
    response = client.get(reverse("wagtail_localize:javascript_catalog"))
    match = re.search(
        r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S
    )
    return json.loads(match.group(1))


@pytest.mark.django_db
def test_the_translation_editor_writes_its_dates_in_french(client, demo_content):
    page = english_news_page()
    french_editor(client)
    # given a string translated today
    translate_title(client, page, "A title translated today")

    props = translation_editor_props(client, page)

    dates = [props["object"]["lastPublishedDate"]] + [
        string["comment"] for string in props["initialStringTranslations"]
    ]
    assert props["object"]["lastPublishedDate"]
    assert any(string["comment"] for string in props["initialStringTranslations"])
    for text in dates:
        assert not any(month in (text or "") for month in ENGLISH_MONTHS), text


@pytest.mark.django_db
def test_the_translation_editors_publish_button_keeps_its_space(client, demo_content):
    french_editor(client)
    # "Publish in " + the language's name
    label = js_catalogue(client).get("Publish in ")
    assert label and label != "Publish in "
    assert label.endswith(" ")


@pytest.mark.django_db
def test_the_moderation_workflow_is_named_in_french_too(client, demo_content):
    page = english_news_page()
    assert "Modération" in page.get_workflow().name
    assert "Moderation" in page.get_workflow().name


@pytest.mark.django_db
def test_the_page_search_counts_pages_not_none(client, demo_content):
    french_editor(client)
    page = english_news_page()

    response = client.get(reverse("wagtailadmin_pages:search"), {"q": page.title})

    assert response.status_code == 200
    page_text = re.sub(r"<[^>]+>", " ", response.content.decode())
    assert (
        reverse("wagtailadmin_pages:edit", args=[page.pk]) in response.content.decode()
    )
    assert "None" not in page_text.split()
