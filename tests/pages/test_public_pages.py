"""Every demo page is also served as accessible HTML, in French and in English."""

import pytest
from django.utils.html import escape
from wagtail.models import Page, Site

from pages.models import CharterPage


def live_content_pages():
    return Page.objects.live().public().filter(depth__gt=1).specific()


@pytest.mark.django_db
def test_every_live_demo_page_answers_200_with_its_title(client, demo_content):
    pages = list(live_content_pages())
    assert len(pages) > 20
    for page in pages:
        site_id, root_url, path = page.get_url_parts()
        hostname = Site.objects.get(pk=site_id).hostname
        response = client.get(path, HTTP_HOST=hostname)
        assert response.status_code == 200, (page, path, response.status_code)
        assert escape(page.title) in response.content.decode(), page


@pytest.mark.django_db
def test_english_pages_are_served_under_en_in_english(client, demo_content):
    charter = CharterPage.objects.get(
        locale__language_code="en", live=True, slug="partners-charter"
    )
    site_id, _root, path = charter.get_url_parts()
    assert path.startswith("/en/")
    response = client.get(path, HTTP_HOST=Site.objects.get(pk=site_id).hostname)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Signatories" in html


@pytest.mark.django_db
def test_charter_page_lists_its_active_signatories_with_their_plans(
    client, demo_content
):
    charter = CharterPage.objects.get(
        locale__language_code="fr", live=True, slug="charte-des-partenaires"
    )
    signatories = list(charter.signatories())
    assert signatories
    site_id, _root, path = charter.get_url_parts()
    html = client.get(
        path, HTTP_HOST=Site.objects.get(pk=site_id).hostname
    ).content.decode()
    for signatory in signatories:
        assert escape(signatory.name) in html
    # given one of them revoked, when the page is read again, then it is gone
    revoked = signatories[0]
    revoked.is_active = False
    revoked.save()
    html = client.get(
        path, HTTP_HOST=Site.objects.get(pk=site_id).hostname
    ).content.decode()
    assert f">{escape(revoked.name)}<" not in html
