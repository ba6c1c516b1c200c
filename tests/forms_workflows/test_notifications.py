"""E-mails go out in the applicant's language and are never lost."""

import os
import subprocess
import sys

from django.core import mail
from wagtail.users.models import UserProfile

from forms_workflows import notifications
from forms_workflows.models import CharterAdhesion, Notification
from forms_workflows.workflow import transition
from tests.fixtures.adhesions import make_adhesion, valid_data

from .helpers import SUBMIT, api_input

FAILING = "tests.forms_workflows.failing_mail.EmailBackend"


def apply(gql, language):
    data = valid_data(language=language)
    return gql(SUBMIT, {"input": api_input(data)})["submitCharterAdhesion"]


def test_the_confirmation_goes_out_in_the_applicants_language(
    gql, network, django_capture_on_commit_callbacks
):
    # when one applicant writes in French and another in English
    with django_capture_on_commit_callbacks(execute=True):
        apply(gql, "fr")
        apply(gql, "en")
    # then each gets the confirmation in their language, with a link in it
    french, english = mail.outbox
    assert french.extra_headers["Content-Language"] == "fr"
    assert english.extra_headers["Content-Language"] == "en"
    references = CharterAdhesion.objects.values_list("reference", flat=True)
    french_subject, english_subject = french.subject, english.subject
    for reference in references:
        french_subject = french_subject.replace(reference, "")
        english_subject = english_subject.replace(reference, "")
    assert french_subject != english_subject
    assert "/en/applications/" in english.body
    assert "/applications/" in french.body and "/en/" not in french.body


def test_a_decision_reaches_the_applicant_in_their_language_with_the_comment(
    network, reviewer, django_capture_on_commit_callbacks
):
    # given an English applicant whose application is under review
    adhesion = make_adhesion(network, status="under_review", language="en")
    mail.outbox.clear()
    # when a reviewer requests changes
    with django_capture_on_commit_callbacks(execute=True):
        transition(
            adhesion,
            "request_changes",
            user=reviewer,
            comment="Please add an action on training.",
            note="Private: call them on Monday.",
        )
    # then the applicant reads the comment in English, never the internal note
    (message,) = mail.outbox
    assert message.to == ["camille.martin@example.org"]
    assert message.extra_headers["Content-Language"] == "en"
    assert "Please add an action on training." in message.body
    assert "Private" not in message.body


def test_reviewers_hear_of_each_confirmed_application_without_personal_data(
    network, reviewer, django_capture_on_commit_callbacks
):
    adhesion = make_adhesion(network)
    with django_capture_on_commit_callbacks(execute=True):
        transition(adhesion, "confirm_email")
    (message,) = mail.outbox
    assert message.to == ["reviewer@example.org"]
    assert adhesion.reference in message.body
    assert "camille" not in message.body.lower()


def test_a_failing_mail_server_loses_nothing(
    gql, network, settings, django_capture_on_commit_callbacks
):
    # given a mail server that is down
    settings.EMAIL_BACKEND = FAILING
    # when an applicant applies
    with django_capture_on_commit_callbacks(execute=True):
        payload = apply(gql, "fr")
    # then the application is kept and the e-mail is recorded as not sent
    assert payload["errors"] == []
    adhesion = CharterAdhesion.objects.get()
    (owed,) = Notification.objects.filter(object_id=adhesion.pk)
    assert (owed.status, owed.attempts) == ("failed", 1)
    assert "@" not in owed.last_error
    # when the server is back and the retry runs
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifications.retry_unsent() == 1
    # then the e-mail goes out once
    owed.refresh_from_db()
    assert owed.status == "sent"
    assert [m.to for m in mail.outbox] == [["camille.martin@example.org"]]
    assert notifications.retry_unsent() == 0


def test_each_reviewer_reads_the_new_application_in_the_language_they_chose(
    network, reviewer, second_reviewer, django_capture_on_commit_callbacks
):
    # given a reviewer who chose English in their admin account (the network is French)
    profile = UserProfile.get_for_user(second_reviewer)
    profile.preferred_language = "en"
    profile.save()
    adhesion = make_adhesion(network)
    # when an application is confirmed
    with django_capture_on_commit_callbacks(execute=True):
        transition(adhesion, "confirm_email")
    # then each reviewer reads it in their language
    by_reader = {message.to[0]: message for message in mail.outbox}
    assert by_reader[reviewer.email].extra_headers["Content-Language"] == "fr"
    assert by_reader[second_reviewer.email].extra_headers["Content-Language"] == "en"
    assert by_reader[reviewer.email].subject != by_reader[second_reviewer.email].subject


def test_the_development_console_prints_subjects_as_written():
    script = (
        "import django; django.setup(); "
        "from django.core.mail import EmailMessage; "
        "EmailMessage('Nouvelle candidature : Cœur de Bourg — à relire', 'Bonjour', "
        "'cms@example.org', ['relecture@example.org']).send()"
    )
    printed = subprocess.run(
        [sys.executable, "-c", script],
        env=dict(os.environ, DJANGO_SETTINGS_MODULE="cms.settings.dev"),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout

    assert "Subject: Nouvelle candidature : Cœur de Bourg — à relire" in printed
    assert "=?utf-8?" not in printed
