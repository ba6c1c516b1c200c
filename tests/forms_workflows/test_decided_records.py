"""A signatory published by an approval leaves the public lists only by revocation."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, streamfield

from forms_workflows.workflow import transition
from pages.models import Signatory
from tests.fixtures.adhesions import make_adhesion


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "x")


def edit(client, signatory, **changes):
    data = {
        "site": signatory.site_id,
        "name": signatory.name,
        "kind": signatory.kind,
        "logo": "",
        "website": signatory.website,
        "region": "",
        "signed_on": "",
        "collaboration_plan": streamfield([]),
    }
    data.update(changes)
    return client.post(
        reverse("wagtailsnippets_pages_signatory:edit", args=[signatory.pk]),
        nested_form_data(data),
    )


def test_an_approved_signatory_cannot_be_switched_off_in_the_snippet_form(
    client, network, reviewer, admin_user
):
    # given a signatory published by an adhesion's approval
    adhesion = make_adhesion(network, status="under_review")
    transition(adhesion, "approve", user=reviewer)
    signatory = adhesion.signatory
    client.force_login(admin_user)

    # when an editor unticks "active" in the snippet form (is_active not posted)
    response = edit(client, signatory, name="Union sociale pour l'habitat (USH)")

    # then the other edits are kept, the public state stays the workflow's
    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.name == "Union sociale pour l'habitat (USH)"
    assert signatory.is_active is True


def test_a_signatory_entered_by_an_editor_stays_theirs_to_switch_off(
    client, network, admin_user
):
    signatory = Signatory.objects.create(
        site=network["site"],
        locale=Locale.objects.get(language_code="fr"),
        name="Cerema",
        kind="association",
        is_active=True,
    )
    client.force_login(admin_user)

    response = edit(client, signatory)

    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.is_active is False
