"""What reviewers and experts read in the admin: the project, the commitments, their e-mail."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from forms_workflows.proposals.models import ExpertAssignment
from tests.fixtures.proposals import new_proposal


@pytest.fixture
def proposal(campaign, region):
    return new_proposal(submit=True)


def test_the_review_screen_describes_the_project(client, proposal, staff):
    client.force_login(staff)

    html = client.get(
        reverse("proposals_projectproposal:inspect", args=[proposal.pk])
    ).content.decode()

    assert "Occitanie" in html  # the region's name
    assert "12" in html and "340" in html  # area and homes
    with translation.override(UserProfile.get_for_user(staff).get_preferred_language()):
        assert str(proposal.get_context_display()) in html
    assert "Ville de Montpellier" in html  # the leading body
    assert ">None<" not in html


def test_the_scoring_form_shows_each_commitment_and_the_applicants_answer(
    client, proposal, expert
):
    ExpertAssignment.objects.create(proposal=proposal, expert=expert)
    client.force_login(expert)

    response = client.get(
        reverse("proposals_projectproposal:score", args=[proposal.pk])
    )

    html = response.content.decode()
    for number in range(1, 5):
        assert f"Engagement {number}" in html
        assert f"Réponse {number}" in html


def test_an_expert_gets_an_email_when_assigned_in_their_language(
    client, proposal, staff, expert, django_capture_on_commit_callbacks
):
    profile = UserProfile.get_for_user(expert)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(staff)
    mail.outbox.clear()
    url = reverse("proposals_projectproposal:assign", args=[proposal.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"expert": expert.pk})
        # assigning the same expert again sends nothing more
        client.post(url, {"expert": expert.pk})

    (message,) = [m for m in mail.outbox if expert.email in m.to]
    assert message.extra_headers["Content-Language"] == "en"
    assert proposal.reference in message.subject
    assert reverse("proposals_projectproposal:inspect", args=[proposal.pk]) in (
        message.body
    )


def test_the_csv_export_has_labels_a_bom_and_local_times(client, proposal, staff):
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(staff)

    response = client.get(reverse("proposals_projectproposal:index"), {"export": "csv"})
    raw = b"".join(response.streaming_content)

    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheets then read UTF-8
    (row,) = csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))
    values = set(row.values())
    assert proposal.status not in values  # "submitted" is a code
    with translation.override("fr"):
        assert str(proposal.get_status_display()) in values
        assert "Français" in values  # the applicant's language, named
    submitted = next(v for v in values if v.startswith(str(proposal.submitted_at.year)))
    assert "." not in submitted and "+" not in submitted  # no microseconds, local
