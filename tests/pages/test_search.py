"""Wagtail search finds pages by the words of their body, and snippets by name."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.rich_text import RichText

from pages.models import ContentPage, Organisation

pytestmark = pytest.mark.django_db


def publish_content_page(parent, title, text):
    page = ContentPage(title=title, body=[("paragraph", RichText(f"<p>{text}</p>"))])
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_search_finds_a_page_by_a_word_of_its_body(club):
    wanted = publish_content_page(
        club.root_page, "Jardins", "Les habitants cultivent des potagers partagés."
    )
    publish_content_page(club.root_page, "Mobilité", "Des pistes cyclables.")

    results = list(Page.objects.live().search("potagers"))

    assert [page.pk for page in results] == [wanted.pk]


def test_the_admin_page_search_lists_the_page_matching_a_body_word(admin_client, club):
    wanted = publish_content_page(
        club.root_page, "Jardins", "Les habitants cultivent des potagers partagés."
    )

    response = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "potagers"})

    assert response.status_code == 200
    assert [page.pk for page in response.context["object_list"]] == [wanted.pk]


def test_search_finds_an_organisation_snippet_by_name(club):
    ademe = Organisation.objects.create(
        site=club, name="Agence de la transition écologique", kind="state_service"
    )
    Organisation.objects.create(site=club, name="Caisse des Dépôts", kind="company")

    assert list(Organisation.objects.search("transition")) == [ademe]
