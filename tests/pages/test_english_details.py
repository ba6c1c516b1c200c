"""English visitors read the network's legal details in English, as editors wrote them."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse

from pages.models import NetworkSettings


def english(page):
    return page.get_translations().get(locale__language_code="en")


def text_of(client, page, hostname):
    response = client.get(page.get_url_parts()[2], HTTP_HOST=hostname)
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["club", "req", "regies"])
def test_the_footer_and_legal_notice_speak_english_to_english_visitors(
    client, demo_content, key
):
    network = NetworkSettings.objects.get(key=key)
    host = network.site.hostname
    home = network.site.root_page

    french_footer = text_of(client, home, host).select_one(".site-footer").get_text()
    english_footer = (
        text_of(client, english(home), host).select_one(".site-footer").get_text()
    )
    notice = text_of(client, english(network.legal_notice_page), host)

    assert network.publisher in french_footer
    assert network.publisher_en and network.publisher_en in english_footer
    assert network.publisher not in english_footer
    body = notice.select_one("main").get_text()
    assert network.publisher_en in body and network.publication_director_en in body
    assert "démonstration" not in body


@pytest.mark.django_db
def test_the_english_legal_details_are_written_in_the_network_settings(
    client, demo_content
):
    client.force_login(get_user_model().objects.get(username="admin"))
    network = NetworkSettings.objects.get(key="club")

    form = client.get(
        reverse(
            "wagtailsettings:edit", args=["pages", "networksettings", network.site_id]
        )
    ).content.decode()

    assert 'name="publisher_en"' in form and 'name="publication_director_en"' in form
