"""Bad input is refused in the admin with a clear error, and nothing is saved."""

import pytest
from django.urls import reverse
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from pages.models import (
    Commitment,
    ContentPage,
    CustomImage,
    Dimension,
    EventIndexPage,
    EventPage,
    MissionsPage,
    Organisation,
    Referentiel,
    Region,
    TrainingIndexPage,
    TrainingPage,
)

from .helpers import error_codes, listblock, paragraph

pytestmark = pytest.mark.django_db


def add_page(client, parent, model, data):
    url = reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )
    data = nested_form_data(data) | {"action-publish": "action-publish"}
    return client.post(url, data)


def add_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def form_error_codes(response, field):
    assert response.status_code == 200, "the form should be shown again"
    return error_codes(response.context["form"].errors.as_data().get(field, []))


def event_data(**overrides):
    data = {
        "title": "Visite de Nancy",
        "slug": "visite-nancy",
        "start": "2012-04-02 14:00",
        "end": "2012-04-02 18:00",
        "status": "scheduled",
        "place": "",
        "address": "",
        "region": "",
        "registration_url": "",
        "agenda": streamfield([]),
        "body": streamfield([]),
    }
    return data | overrides


def content_data(*blocks):
    return {
        "title": "Chiffres",
        "slug": "chiffres",
        "introduction": rich_text(""),
        "body": streamfield(list(blocks)),
    }


def test_an_event_ending_before_it_starts_is_refused(admin_client, club):
    index = add_child(club.root_page, EventIndexPage(title="Rencontres"))

    response = add_page(
        admin_client,
        index,
        EventPage,
        event_data(start="2012-04-02 14:00", end="2012-04-02 09:00"),
    )

    assert form_error_codes(response, "end") == {"end_before_start"}
    assert not EventPage.objects.exists()


def test_the_end_before_start_error_reads_in_french_in_the_french_admin(
    admin_client, club
):
    index = add_child(club.root_page, EventIndexPage(title="Rencontres"))

    response = add_page(
        admin_client,
        index,
        EventPage,
        event_data(end="2012-04-01 09:00"),
    )

    assert "La fin doit être postérieure au début." in response.content.decode()


def test_an_event_with_an_invalid_registration_url_is_refused(admin_client, club):
    index = add_child(club.root_page, EventIndexPage(title="Rencontres"))

    response = add_page(
        admin_client, index, EventPage, event_data(registration_url="inscription")
    )

    assert form_error_codes(response, "registration_url") == {"invalid"}
    assert not EventPage.objects.exists()


def test_a_training_session_ending_before_it_starts_is_refused(admin_client, club):
    index = add_child(club.root_page, TrainingIndexPage(title="Formations"))
    session = {
        "start": "2012-05-10 17:00",
        "end": "2012-05-10 09:00",
        "place": "Lyon",
        "address": "",
    }

    response = add_page(
        admin_client,
        index,
        TrainingPage,
        {
            "title": "Gouvernance",
            "slug": "gouvernance",
            "topic": "Gouvernance",
            "audience": "",
            "region": "",
            "sessions": streamfield([("session", session)]),
            "body": streamfield([]),
        },
    )

    assert form_error_codes(response, "sessions") == {"end_before_start"}
    assert not TrainingPage.objects.exists()


def test_two_missions_with_the_same_number_are_refused(admin_client, club):
    mission = {"number": "3", "title": "Vision globale", "text": paragraph("Texte.")}

    response = add_page(
        admin_client,
        club.root_page,
        MissionsPage,
        {
            "title": "Missions",
            "slug": "missions",
            "introduction": rich_text(""),
            "missions": streamfield([("mission", mission), ("mission", mission)]),
        },
    )

    assert form_error_codes(response, "missions") == {"duplicate_mission_number"}
    assert not MissionsPage.objects.exists()


def test_an_image_without_alternative_text_is_refused(admin_client, club):
    image = CustomImage.objects.create(title="Jardin", file=get_test_image_file())

    response = add_page(
        admin_client,
        club.root_page,
        ContentPage,
        content_data(("image", {"image": image.pk, "alt_text": " ", "caption": ""})),
    )

    assert form_error_codes(response, "body") == {"missing_alt_text"}
    assert not ContentPage.objects.exists()


def test_a_key_figure_without_a_date_is_refused(admin_client, club):
    figure = {
        "value": "340",
        "unit": "",
        "label": "bailleurs",
        "date": "",
        "source": "",
    }

    response = add_page(
        admin_client,
        club.root_page,
        ContentPage,
        content_data(("key_figures", listblock([figure]))),
    )

    assert form_error_codes(response, "body") == {"missing_date"}
    assert not ContentPage.objects.exists()


@pytest.mark.parametrize(
    ("link", "code"),
    [
        ({"page": "", "url": "javascript:alert(1)"}, "invalid"),
        ({"page": "", "url": ""}, "invalid_link"),
    ],
)
def test_a_call_to_action_needs_one_valid_link(admin_client, club, link, code):
    action = {"title": "Adhérer", "text": "", "link": link, "label": "Adhérer"}

    response = add_page(
        admin_client,
        club.root_page,
        ContentPage,
        content_data(("call_to_action", action)),
    )

    assert form_error_codes(response, "body") == {code}
    assert not ContentPage.objects.exists()


def test_an_organisation_with_an_invalid_website_is_refused(admin_client, club):
    response = admin_client.post(
        reverse("wagtailsnippets_pages_organisation:add"),
        {"site": club.pk, "name": "ADEME", "kind": "state_service", "url": "ademe"},
    )

    assert form_error_codes(response, "url") == {"invalid"}
    assert not Organisation.objects.exists()


def test_two_commitments_with_the_same_number_in_a_referentiel_are_refused(
    admin_client, club
):
    referentiel = Referentiel.objects.create(version="2016", title="Référentiel")
    first = Dimension.objects.create(referentiel=referentiel, number=1, title="A")
    second = Dimension.objects.create(referentiel=referentiel, number=2, title="B")
    Commitment.objects.create(dimension=first, number=5, title="Évaluer")

    response = admin_client.post(
        reverse("wagtailsnippets_pages_commitment:add"),
        {
            "dimension": second.pk,
            "number": "5",
            "title": "Doublon",
            "description": rich_text(""),
        },
    )

    assert form_error_codes(response, "number") == {"duplicate_commitment_number"}
    assert Commitment.objects.count() == 1


def test_a_region_code_used_twice_in_a_language_is_refused(admin_client):
    Region.objects.create(name="Occitanie", code="OCC")

    response = admin_client.post(
        reverse("wagtailsnippets_pages_region:add"),
        {"name": "Doublon", "code": "OCC", "contact_name": "", "contact_email": ""},
    )

    assert form_error_codes(response, "code") == {"duplicate_region_code"}
    assert Region.objects.count() == 1


def test_a_referentiel_version_used_twice_in_a_language_is_refused(admin_client):
    Referentiel.objects.create(version="2016", title="Référentiel")

    response = admin_client.post(
        reverse("wagtailsnippets_pages_referentiel:add"),
        {"version": "2016", "title": "Doublon", "description": rich_text("")},
    )

    assert form_error_codes(response, "version") == {"duplicate_referentiel_version"}
    assert Referentiel.objects.count() == 1
