"""`make demo` shows applications in several states and working form pages."""

from django.contrib.auth import get_user_model

from forms_workflows.models import AdhesionFormPage, CharterAdhesion


def test_the_demo_has_applications_in_several_states_and_live_forms(
    demo_content, client
):
    # given the demo (tests/cms/test_foundation.py runs the loader again: it
    # duplicates no application)
    # then the states cover the workflow
    states = set(CharterAdhesion.objects.values_list("status", flat=True))
    assert {
        "awaiting_email_confirmation",
        "submitted",
        "under_review",
        "changes_requested",
        "approved",
        "rejected",
        "withdrawn",
    } <= states
    approved = CharterAdhesion.objects.filter(status="approved").first()
    assert approved.signatory.is_active
    # and the hosted forms answer in French and in English
    pages = AdhesionFormPage.objects.live()
    assert {page.locale.language_code for page in pages} == {"fr", "en"}
    for page in pages:
        site = page.get_site()
        response = client.get(page.url, HTTP_HOST=site.hostname)
        assert response.status_code == 200, page.url
    # and a demo reviewer can review
    reviewer = get_user_model().objects.get(username="reviewer")
    assert reviewer.has_perm("forms_workflows.review_charteradhesion")
