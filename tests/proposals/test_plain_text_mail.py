"""Proposal e-mails read as typed: apostrophes, ampersands and angle brackets stay."""

import pytest
from django.core import mail

from forms_workflows.proposals import services
from forms_workflows.workflow import transition
from tests.fixtures.proposals import complete_data, pdf

PROJECT = "Les Rives d'Ô & <Garonne>"
COMMENT = "Ajoutez l'étude « R&D » <plan>."
ENTITIES = ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_proposal_e_mail_shows_names_and_comments_as_typed(
    campaign,
    region,
    staff,
    commission,
    settings,
    django_capture_on_commit_callbacks,
    language,
):
    settings.WAGTAIL_SITE_NAME = "Réseau d'ÉcoQuartiers & <Cie>"
    # given a proposal whose name and comments carry ' & < >, through each step
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.save_draft(
            complete_data(project_name=PROJECT, language=language),
            {"plan": [pdf()], "charter": [pdf("charte.pdf")]},
            check_guards=False,
        ).proposal
        transition(draft, "submit")
        transition(draft, "check_eligibility", user=staff)
        transition(draft, "request_changes", user=staff, comment=COMMENT)
        transition(draft, "resubmit")

    # then every kind went out, each free of HTML escapes
    to_applicant = [m for m in mail.outbox if m.to == ["claire@example.org"]]
    to_reviewers = [m for m in mail.outbox if m not in to_applicant]
    assert len(to_applicant) == 3  # draft link, confirmation, decision
    assert to_reviewers  # new proposal, changes sent
    for message in mail.outbox:
        for entity in ENTITIES:
            assert entity not in message.subject + message.body, (entity, message.body)
    draft_link, confirmation, decision = to_applicant
    assert PROJECT in draft_link.body
    assert PROJECT in confirmation.body
    assert settings.WAGTAIL_SITE_NAME in confirmation.body
    assert COMMENT in decision.body
