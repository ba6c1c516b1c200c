"""The admin's listings cost the same number of queries for 3 rows as for 9.

Each row still offers what Wagtail Localize offers: "Translate" while a language
is missing, "Sync" once the row is the source of a translation.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail_localize.models import TranslationSource
from wagtail_localize.operations import TranslationCreator

from pages.models import ContentPage, Organisation, OrganisationKind, Region

from .helpers import locales, make_editor, make_user

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    client.get(url)  # caches warm, as for any screen opened twice
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def translated(instance):
    _french, english = locales()
    TranslationCreator(user=None, target_locales=[english]).create_translations(
        instance
    )
    return TranslationSource.objects.get_for_instance(instance)


def add_regions(count, start):
    for number in range(start, start + count):
        region = Region.objects.create(
            name=f"Région {number}", code=f"R{number}", locale=locales()[0]
        )
        translated(region)


def test_the_region_listing_is_constant_in_its_rows_and_keeps_its_buttons(client):
    client.force_login(make_user("admin-1", superuser=True))
    url = reverse("wagtailsnippets_pages_region:list")
    untranslated = Region.objects.create(name="Corse", code="COR", locale=locales()[0])
    add_regions(1, 0)
    few, _ = queries_for(client, url)

    add_regions(3, 10)
    many, content = queries_for(client, url)

    assert Region.objects.count() == 9
    assert many == few
    source = TranslationSource.objects.get_for_instance(
        Region.objects.get(code="R10", locale=locales()[0])
    )
    assert reverse("wagtail_localize:update_translations", args=[source.pk]) in content
    assert (
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["pages", "region", untranslated.pk],
        )
        in content
    )
    # a region translated into every language offers no "Translate"
    assert (
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["pages", "region", source.get_source_instance().pk],
        )
        not in content
    )


def test_a_search_of_the_region_listing_finds_a_region_and_offers_its_buttons(
    client,
):
    client.force_login(make_user("admin-1", superuser=True))
    add_regions(2, 0)
    corsica = Region.objects.create(name="Corse", code="COR", locale=locales()[0])

    response = client.get(reverse("wagtailsnippets_pages_region:list"), {"q": "Corse"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Corse" in content and "Région 1" not in content
    assert (
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["pages", "region", corsica.pk],
        )
        in content
    )


def test_an_editors_organisation_listing_is_constant_in_its_rows(client, club):
    editor = make_editor(club, "club")
    client.force_login(editor)
    url = reverse("wagtailsnippets_pages_organisation:list")

    def add(count, start):
        for number in range(start, start + count):
            organisation = Organisation.objects.create(
                name=f"Ville {number}",
                kind=OrganisationKind.choices[0][0],
                site=club,
                region=Region.objects.create(
                    name=f"Région {number}", code=f"R{number}", locale=locales()[0]
                ),
                locale=locales()[0],
            )
            translated(organisation)

    add(2, 0)
    few, _ = queries_for(client, url)
    add(4, 10)
    many, content = queries_for(client, url)

    assert many == few
    assert "Ville 13" in content and "Région 13" in content


def test_the_page_explorer_is_constant_in_its_rows_and_keeps_its_buttons(client, club):
    client.force_login(make_user("admin-1", superuser=True))
    home = club.root_page
    url = reverse("wagtailadmin_explore", args=[home.pk])

    def add(count, start):
        pages = []
        for number in range(start, start + count):
            page = home.add_child(
                instance=ContentPage(title=f"Page {number}", slug=f"page-{number}")
            )
            page.save_revision().publish()
            pages.append(page)
        return pages

    untranslated = add(1, 0)[0]
    translated(add(1, 1)[0])
    few, _ = queries_for(client, url)
    sources = [translated(page) for page in add(4, 10)]
    many, content = queries_for(client, url)

    assert many == few
    assert (
        reverse("wagtail_localize:update_translations", args=[sources[0].pk]) in content
    )
    assert (
        reverse("wagtail_localize:submit_page_translation", args=[untranslated.pk])
        in content
    )
