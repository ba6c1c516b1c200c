"""The applicant's status page: confirm the address, answer, withdraw."""

from datetime import timedelta

from django.utils import timezone

from forms_workflows.models import CharterAdhesion, StatusChange
from forms_workflows.workflow import transition
from tests.fixtures.adhesions import make_adhesion

from .helpers import ERROR_ITEM


def status_url(adhesion):
    return f"/applications/{adhesion.status_token}/"


def status_of(adhesion):
    return CharterAdhesion.objects.get(pk=adhesion.pk).status


def test_the_applicant_confirms_the_address_from_the_link(client, network):
    # given a new application
    adhesion = make_adhesion(network)
    page = client.get(status_url(adhesion))
    assert adhesion.reference in page.content.decode()
    # when the applicant presses "confirm"
    response = client.post(status_url(adhesion), {"action": "confirm_email"})
    # then it is submitted for review
    assert response.status_code == 302
    assert status_of(adhesion) == "submitted"


def test_a_confirmation_after_seven_days_is_refused(client, network):
    adhesion = make_adhesion(network)
    CharterAdhesion.objects.filter(pk=adhesion.pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    response = client.post(status_url(adhesion), {"action": "confirm_email"})
    assert ERROR_ITEM.findall(response.content.decode()) == [
        ("", "CONFIRMATION_EXPIRED")
    ]
    assert status_of(adhesion) == "awaiting_email_confirmation"


def test_the_applicant_answers_a_change_request(client, network, reviewer):
    # given a change request
    adhesion = make_adhesion(network, status="under_review")
    transition(adhesion, "request_changes", user=reviewer, comment="Add training.")
    page = client.get(status_url(adhesion)).content.decode()
    assert "Add training." in page
    # when the applicant adds a category and sends the changes
    response = client.post(
        status_url(adhesion),
        {
            "action": "resubmit",
            "organisation_name": "USH",
            "organisation_kind": "social_landlord",
            "organisation_address": "14 rue Lord Byron, 75008 Paris",
            "region": "OCC",
            "contact_name": "Camille Martin",
            "contact_email": "camille.martin@example.org",
            "signatory_name": "Marianne Louis",
            "signatory_title": "Directrice générale",
            "plan_0_title": "Partager nos réseaux",
            "plan_0_selected": "on",
            "plan_0_actions": "Visites communes",
            "own_0_title": "Se former ensemble",
            "own_0_actions": "Formations communes\nInterventions croisées",
            "answer": "Training added.",
        },
    )
    # then the application is back under review with the edits
    assert response.status_code == 302
    adhesion.refresh_from_db()
    assert adhesion.status == "under_review"
    assert adhesion.organisation_name == "USH"
    assert [c["title"] for c in adhesion.collaboration_plan] == [
        "Partager nos réseaux",
        "Se former ensemble",
    ]
    last = StatusChange.objects.filter(object_id=adhesion.pk).last()
    assert (last.action, last.comment) == ("resubmit", "Training added.")


def test_an_invalid_answer_changes_nothing(client, network, reviewer):
    adhesion = make_adhesion(network, status="changes_requested")
    response = client.post(
        status_url(adhesion), {"action": "resubmit", "organisation_name": ""}
    )
    codes = dict(ERROR_ITEM.findall(response.content.decode()))
    assert codes["organisationName"] == "REQUIRED"
    assert status_of(adhesion) == "changes_requested"


def test_the_applicant_withdraws_once_they_confirm(client, network):
    adhesion = make_adhesion(network, status="submitted")
    # without ticking the box, nothing happens but a clear refusal
    response = client.post(status_url(adhesion), {"action": "withdraw"})
    assert ERROR_ITEM.findall(response.content.decode()) == [
        ("", "WITHDRAWAL_NOT_CONFIRMED")
    ]
    assert status_of(adhesion) == "submitted"
    client.post(status_url(adhesion), {"action": "withdraw", "confirm_withdraw": "1"})
    assert status_of(adhesion) == "withdrawn"
    # and an approved one cannot be withdrawn from the page
    approved = make_adhesion(network, status="approved")
    response = client.post(
        status_url(approved), {"action": "withdraw", "confirm_withdraw": "1"}
    )
    assert ERROR_ITEM.findall(response.content.decode()) == [("", "INVALID_TRANSITION")]
    assert status_of(approved) == "approved"


def test_an_unknown_link_answers_404(client, network):
    assert client.get("/applications/nope/").status_code == 404


def test_the_page_speaks_the_applicants_language(client, network):
    adhesion = make_adhesion(network, language="en")
    html = client.get(status_url(adhesion)).content.decode()
    assert '<html lang="en">' in html
