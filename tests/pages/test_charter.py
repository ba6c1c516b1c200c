"""A charter page lists the active signatories of its own network, in its language."""

import datetime

import pytest

from pages.models import CharterPage, Signatory

from .helpers import locales

pytestmark = pytest.mark.django_db


def test_a_charter_lists_its_sites_active_signatories_only(club, req):
    _french, english = locales()
    charter = CharterPage(title="Charte", slug="charte")
    club.root_page.add_child(instance=charter)
    signed = Signatory.objects.create(
        site=club,
        name="USH",
        kind="social_landlord",
        signed_on=datetime.date(2016, 5, 1),
    )
    Signatory.objects.create(site=club, name="Ancien", kind="company", is_active=False)
    Signatory.objects.create(site=req, name="Autre réseau", kind="network")
    Signatory.objects.create(
        site=club, name="USH (EN)", kind="social_landlord", locale=english
    )

    assert list(charter.signatories()) == [signed]
