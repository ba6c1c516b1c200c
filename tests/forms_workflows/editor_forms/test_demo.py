"""The demo's forms: the club's two registrations, its survey and letter; the Régies' one."""

from forms_workflows.editor_forms.models import EditorFormPage, FormSubmission
from forms_workflows.editor_forms.places import places_left
from pages.models import NetworkSettings


def test_the_demo_forms_are_open_in_both_languages_and_the_training_has_three_places(
    demo_content, client
):
    forms = EditorFormPage.objects.live()
    french = {page.slug: page for page in forms.filter(locale__language_code="fr")}
    english = {page.slug for page in forms.filter(locale__language_code="en")}

    assert {
        "inscription-seminaire-accueil",
        "inscription-planifier-un-ecoquartier",
        "questionnaire-de-satisfaction",
        "lettre-mensuelle",
        "inscription-journee-des-partenaires",
    } <= set(french)
    assert {"welcome-seminar-registration", "satisfaction-questionnaire"} <= english
    assert places_left(french["inscription-planifier-un-ecoquartier"]) == 3
    seminar = french["inscription-seminaire-accueil"]
    assert seminar.event().place == "Grande Arche de la Défense"
    assert seminar.closed_reason() is None
    survey = FormSubmission.objects.filter(
        form_key=french["questionnaire-de-satisfaction"].translation_key
    )
    assert survey.count() == 3
    assert set(survey.values_list("contact_email", flat=True)) == {""}
    for page in forms:
        response = client.get(page.url, HTTP_HOST=page.get_site().hostname)
        assert response.status_code == 200, page.url
        assert 'id="editor-form"' in response.content.decode(), page.url


def test_the_privacy_policy_covers_registrations_surveys_and_sign_ups(
    demo_content, client
):
    network = NetworkSettings.objects.get(key="club")
    page = network.privacy_page
    html = client.get(page.url, HTTP_HOST=network.site.hostname).content.decode()

    assert "questionnaire anonyme ne garde ni adresse" in html
    assert "trois ans au plus" in html
