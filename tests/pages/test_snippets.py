"""Shared snippets: the référentiel's current version, and what editors may do."""

import pytest
from django.urls import reverse

from pages.models import Referentiel, Region
from pages.permissions import create_site_groups

from .helpers import locales, make_user

pytestmark = pytest.mark.django_db


def test_making_a_referentiel_current_retires_the_previous_one():
    _french, english = locales()
    old = Referentiel.objects.create(
        version="2016", title="Référentiel", is_current=True
    )
    other_language = Referentiel.objects.create(
        version="2016", title="Framework", is_current=True, locale=english
    )

    new = Referentiel.objects.create(version="2024", title="Guide", is_current=True)

    old.refresh_from_db()
    other_language.refresh_from_db()
    assert (old.is_current, new.is_current) == (False, True)
    assert other_language.is_current


def test_an_editor_can_choose_a_region_but_not_change_one(client, club):
    editors, _moderators = create_site_groups(club, "club")
    client.force_login(make_user("claire", editors))
    region = Region.objects.create(name="Bretagne", code="BRE")
    chooser = Region.snippet_viewset.chooser_viewset

    chosen = client.get(reverse(chooser.get_url_name("choose")))
    edited = client.post(
        reverse("wagtailsnippets_pages_region:edit", args=[region.pk]),
        {"name": "Armor", "code": "BRE"},
    )

    assert chosen.status_code == 200
    assert list(chosen.context["results"]) == [region]
    assert edited.status_code in (302, 403)
    region.refresh_from_db()
    assert region.name == "Bretagne"
