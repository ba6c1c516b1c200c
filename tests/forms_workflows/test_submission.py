"""Applying on the hosted page and through the API: one form, the same answers."""

import re

import pytest
from django.core import mail

from forms_workflows.adhesions.states import AdhesionStatus as S
from forms_workflows.models import CharterAdhesion, StatusChange
from tests.fixtures.adhesions import valid_data

from .helpers import SUBMIT, api_errors, api_input, hosted_errors, post_data

BAD_INPUTS = {
    "missing organisation name": {"organisation_name": ""},
    "malformed e-mail": {"contact_email": "camille@"},
    "name too long": {"contact_name": "x" * 151},
    "unknown kind": {"organisation_kind": "secret_society"},
    "unknown region": {"region": "XYZ"},
    "no consent": {"consent": False},
    "empty plan": {"collaboration_plan": []},
    "category without action": {
        "collaboration_plan": [{"title": "Nos idées", "actions": []}]
    },
    "bad phone": {"contact_phone": "call me"},
    "website not a URL": {"website": "http://"},
    "several at once": {"signatory_name": "", "signatory_title": "", "consent": False},
}


def submit_hosted(client, network, data, **kwargs):
    return client.post(network["form_page"].url, post_data(data, **kwargs))


def submit_api(gql, data, **extra):
    return gql(SUBMIT, {"input": api_input(data, **extra)})["submitCharterAdhesion"]


def test_the_hosted_form_labels_every_field_and_carries_a_csrf_token(client, network):
    # when a visitor opens the form
    response = client.get(network["form_page"].url)
    # then every visible control has a label, and the form is CSRF-protected
    html = response.content.decode()
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in html
    controls = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html)
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    assert controls and set(controls) <= labelled


def test_an_applicant_applies_on_the_hosted_page_and_sees_the_confirmation(
    client, network, django_capture_on_commit_callbacks
):
    # when a normal applicant sends the form
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_hosted(client, network, valid_data())
    # then the application waits for the address confirmation
    adhesion = CharterAdhesion.objects.get()
    assert adhesion.status == S.AWAITING_EMAIL_CONFIRMATION
    assert re.fullmatch(r"ADH-\d{4}-0001", adhesion.reference)
    assert adhesion.collaboration_plan == [
        {"title": "Partager nos réseaux", "actions": ["Visites communes"]}
    ]
    assert adhesion.region.code == "OCC"
    assert StatusChange.objects.filter(object_id=adhesion.pk).count() == 1
    # and the confirmation page shows its reference
    assert response.status_code == 302
    confirmation = client.get(response["Location"])
    assert adhesion.reference in confirmation.content.decode()
    # and the applicant got the link to the status page
    assert [m.to for m in mail.outbox] == [["camille.martin@example.org"]]
    assert adhesion.status_token in mail.outbox[0].body


def test_a_partner_applies_through_the_api(gql, network):
    # when a partner site sends a normal application
    payload = submit_api(gql, valid_data())
    # then it is taken, with no error
    assert payload["errors"] == []
    adhesion = CharterAdhesion.objects.get()
    assert payload["adhesion"] == {
        "reference": adhesion.reference,
        "status": "AWAITING_EMAIL_CONFIRMATION",
    }
    assert adhesion.site == network["site"]
    assert adhesion.charter_page.pk == network["charter"].pk


@pytest.mark.parametrize("changes", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_the_same_bad_input_gets_the_same_errors_on_both_paths(
    client, gql, network, changes
):
    # given the same bad input
    data = valid_data(**changes)
    # when it is sent on the hosted page and through the API
    hosted = hosted_errors(submit_hosted(client, network, data))
    api = api_errors(submit_api(gql, data))
    # then both list the same fields with the same codes, and nothing is written
    assert hosted == api
    assert hosted
    assert CharterAdhesion.objects.count() == 0


def test_codes_name_the_fault(client, gql, network):
    payload = submit_api(
        gql, valid_data(organisation_name="", contact_email="x", consent=False)
    )
    assert api_errors(payload) == [
        ("consent", "REQUIRED"),
        ("contactEmail", "INVALID"),
        ("organisationName", "REQUIRED"),
    ]


def test_an_unknown_site_is_refused_on_the_site_field(gql, network):
    payload = submit_api(gql, valid_data(), site="nowhere")
    assert api_errors(payload) == [("site", "UNKNOWN_SITE")]
    assert CharterAdhesion.objects.count() == 0


def test_error_summary_links_each_error_to_its_field(client, network):
    # when the form comes back with errors
    response = submit_hosted(client, network, valid_data(contact_email="x"))
    html = response.content.decode()
    # then the summary links to the field, which is marked invalid and described
    assert 'href="#id_contact_email"' in html
    field = re.search(r'<input[^>]*id="id_contact_email"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field
    assert "id_contact_email_error" in field


def test_the_english_form_speaks_english_and_records_an_english_applicant(
    client, network
):
    # given the form translated into English
    from wagtail.models import Locale

    english = Locale.objects.get(language_code="en")
    for key in ("home", "charter", "form_page"):
        copy = network[key].copy_for_translation(english)
        copy.save_revision().publish()
    form_en = network["form_page"].get_translation(english)
    # when an applicant opens and sends it
    html = client.get(form_en.url).content.decode()
    response = client.post(form_en.url, post_data(valid_data()))
    # then the page is in English and the application remembers the language
    assert '<html lang="en">' in html
    assert response.status_code == 302
    assert CharterAdhesion.objects.get().language == "en"
    french = client.get(network["form_page"].url).content.decode()
    assert '<html lang="fr">' in french


def test_a_partner_applies_with_the_typed_kind_and_language(
    gql, network, django_capture_on_commit_callbacks
):
    # given an applicant's data sent with the enums, not the deprecated Strings
    data = valid_data()
    del data["organisation_kind"], data["language"]
    # when the partner submits it
    with django_capture_on_commit_callbacks(execute=True):
        payload = submit_api(
            gql, data, organisationType="ASSOCIATION", emailLanguage="EN"
        )
    # then the application is made with that kind, and the e-mail is in English
    assert payload["errors"] == []
    adhesion = CharterAdhesion.objects.get(reference=payload["adhesion"]["reference"])
    assert (adhesion.organisation_kind, adhesion.language) == ("association", "en")


def test_a_missing_kind_is_reported_on_the_typed_field(gql, network):
    data = valid_data()
    del data["organisation_kind"]
    payload = submit_api(gql, data)
    assert api_errors(payload) == [("organisationType", "REQUIRED")]
