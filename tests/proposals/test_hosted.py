"""The hosted form: steps without JavaScript, the draft saved at each one."""

import time

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from forms_workflows import guards
from forms_workflows.proposals.models import ProjectProposal
from tests.fixtures.proposals import PDF_BYTES


def test_an_applicant_goes_through_every_step_and_sends_the_proposal(
    client, campaign, region, django_capture_on_commit_callbacks
):
    # given the first step, with its progress
    first = client.get("/proposals/new/")
    assert first.status_code == 200
    assert 'aria-current="step"' in first.content.decode()

    # when the applicant fills the project step
    response = client.post(
        "/proposals/new/",
        {
            "project_name": "Les Rives",
            "commune": "Montpellier",
            "region": "OCC",
            "context": "urban",
            "leading_body": "Ville de Montpellier",
            "leading_body_kind": "municipality",
            "stage": "1",
            "contact_name": "Claire Martin",
            "contact_email": "claire@example.org",
            "consent": "on",
            "language": "en",
            "form_token": guards.issue_form_token(time.time() - 60),
        },
    )

    # then the draft exists and the next step is shown
    assert response.status_code == 302
    proposal = ProjectProposal.objects.get()
    assert proposal.status == "draft"
    base = f"/proposals/{proposal.status_token}/"
    assert response["Location"] == f"{base}?step=note&saved=1"

    # and each step saves the draft
    client.post(f"{base}?step=note", {"action": "save", "presentation_note": "Note"})
    client.post(
        f"{base}?step=dimension-1",
        {
            "action": "save",
            "answer_1": "R1",
            "self_1": "2",
            "answer_2": "R2",
            "self_2": "3",
        },
    )
    assert proposal.answers.count() == 2
    client.post(
        f"{base}?step=dimension-2",
        {
            "action": "save",
            "answer_3": "R3",
            "self_3": "1",
            "answer_4": "R4",
            "self_4": "0",
        },
    )
    client.post(
        f"{base}?step=files",
        {
            "action": "save",
            "plan": SimpleUploadedFile("plan.pdf", PDF_BYTES),
            "charter": SimpleUploadedFile("charte.pdf", PDF_BYTES),
        },
    )
    review = client.get(f"{base}?step=send")
    assert "data-code=" not in review.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"{base}?step=send", {"action": "submit"})

    assert sent.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    # the confirmation goes out in the applicant's language, with the secret link
    confirmation = [m for m in mail.outbox if "claire@example.org" in m.to]
    assert len(confirmation) == 1
    assert proposal.reference in confirmation[0].subject
    assert proposal.status_token in confirmation[0].body


def test_the_send_step_lists_what_is_missing(client, campaign, region):
    from forms_workflows.proposals import services

    proposal = services.save_draft(
        {"project_name": "Les Rives", "stage": "1"}, check_guards=False
    ).proposal

    page = client.get(f"/proposals/{proposal.status_token}/?step=send")

    html = page.content.decode()
    assert 'data-field="plan" data-code="REQUIRED"' in html
    assert 'data-field="answers.1.answer" data-code="REQUIRED"' in html


def test_a_robot_filling_the_honeypot_is_turned_away(client, campaign, region):
    response = client.post(
        "/proposals/new/",
        {
            "project_name": "Spam",
            "stage": "1",
            guards.HONEYPOT_FIELD: "123",
            "form_token": guards.issue_form_token(time.time() - 60),
        },
    )

    assert response.status_code == 200
    assert 'data-code="SPAM_SUSPECTED"' in response.content.decode()
    assert not ProjectProposal.objects.exists()


def test_the_shared_status_link_leads_to_the_proposal_page(client, campaign, region):
    from forms_workflows.proposals import services

    proposal = services.save_draft(
        {"project_name": "Les Rives", "stage": "1"}, check_guards=False
    ).proposal

    response = client.get(f"/applications/{proposal.status_token}/")

    assert response.status_code == 302
    assert response["Location"].endswith(f"/proposals/{proposal.status_token}/")
