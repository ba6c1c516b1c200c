"""Text e-mails read as typed: apostrophes, ampersands and angle brackets stay."""

import pytest
from django.core import mail

from forms_workflows.workflow import transition
from tests.fixtures.adhesions import make_adhesion

NAME = "Union sociale pour l'habitat & <Partenaires>"
COMMENT = "Ajoutez l'action « R&D » <formation>."
ENTITIES = ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;")


def assert_plain(message):
    for entity in ENTITIES:
        assert entity not in message.subject + message.body, (entity, message.body)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_adhesion_e_mail_shows_names_and_comments_as_typed(
    network, reviewer, settings, django_capture_on_commit_callbacks, language
):
    settings.WAGTAIL_SITE_NAME = "Réseau d'ÉcoQuartiers & <Cie>"
    # given an application whose organisation and comments carry ' & < >
    with django_capture_on_commit_callbacks(execute=True):
        adhesion = make_adhesion(network, organisation_name=NAME, language=language)
        transition(adhesion, "confirm_email")
        transition(adhesion, "start_review", user=reviewer)
        transition(adhesion, "request_changes", user=reviewer, comment=COMMENT)
        transition(adhesion, "resubmit")

    # then each kind of e-mail went out, every one free of HTML escapes
    to_applicant = [m for m in mail.outbox if m.to == [adhesion.contact_email]]
    to_reviewers = [m for m in mail.outbox if m.to == [reviewer.email]]
    assert len(to_applicant) == 2  # confirmation, decision
    assert len(to_reviewers) == 2  # new application, changes sent
    for message in mail.outbox:
        assert_plain(message)
    confirmation, decision = to_applicant
    assert NAME in confirmation.body
    assert settings.WAGTAIL_SITE_NAME in confirmation.body
    assert COMMENT in decision.body
    assert all(NAME in message.body for message in to_reviewers)
