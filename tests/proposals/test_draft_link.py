"""A new draft's secret link reaches the applicant: on every step, and once by e-mail."""

import datetime
import re
import time

from django.core import mail
from django.utils import formats, timezone, translation

from forms_workflows import guards, notifications
from forms_workflows.models import Notification
from forms_workflows.proposals import services
from forms_workflows.proposals.models import ProjectProposal
from tests.fixtures.proposals import complete_data

FAILING = "tests.forms_workflows.failing_mail.EmailBackend"
CONTACT = "claire@example.org"


def first_step(**overrides):
    data = {
        "project_name": "Les Rives",
        "commune": "Montpellier",
        "region": "OCC",
        "stage": "1",
        "contact_name": "Claire Martin",
        "contact_email": CONTACT,
        "consent": "on",
        "language": "fr",
        "form_token": guards.issue_form_token(time.time() - 60),
    }
    data.update(overrides)
    return data


def start_draft(client, capture, **overrides):
    """The applicant saves the first step; the e-mail task runs on commit."""
    with capture(execute=True):
        response = client.post("/proposals/new/", first_step(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return response, ProjectProposal.objects.get()


def in_english(day):
    with translation.override("en"):
        return formats.date_format(day, "DATE_FORMAT")


def mails_to(address):
    return [message for message in mail.outbox if address in message.to]


def mailed_link(message):
    return re.search(r"https?://\S+/proposals/[\w-]+/", message.body).group(0)


def test_the_first_save_mails_the_secret_link_once(
    client, campaign, region, django_capture_on_commit_callbacks
):
    # when the applicant saves the first step of a new proposal
    _response, proposal = start_draft(client, django_capture_on_commit_callbacks)

    # then one e-mail, in French, gives them the reference and the secret link
    (message,) = mails_to(CONTACT)
    assert message.extra_headers["Content-Language"] == "fr"
    assert proposal.reference in message.subject
    assert "brouillon" in message.subject
    assert mailed_link(message) == proposal.follow_up_url()
    assert proposal.status_token in message.body
    assert "Les Rives" in message.body
    assert "seul moyen de revenir" in message.body
    (owed,) = Notification.objects.filter(object_id=proposal.pk)
    assert (owed.kind, owed.status, owed.recipients) == (
        "draft_saved",
        "sent",
        [CONTACT],
    )

    # when they save the later steps, and the first step again
    base = f"/proposals/{proposal.status_token}/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{base}?step=note", {"action": "save", "presentation_note": "N"})
        client.post(
            f"{base}?step=project",
            {**first_step(contact_email="autre@example.org"), "action": "save"},
        )

    # then no second e-mail goes out, to either address
    assert len(mails_to(CONTACT)) == 1
    assert mails_to("autre@example.org") == []
    assert Notification.objects.filter(object_id=proposal.pk).count() == 1


def test_the_draft_e_mail_is_in_the_applicants_language(
    client, campaign, region, django_capture_on_commit_callbacks
):
    # when an English-speaking applicant starts a proposal on the English form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/proposals/new/", first_step(language="en"))
    assert response.status_code == 302
    proposal = ProjectProposal.objects.get()

    # then the e-mail is in English, with the English address of their page
    (message,) = mails_to(CONTACT)
    assert message.extra_headers["Content-Language"] == "en"
    assert message.subject == (
        f"Your ÉcoQuartier proposal {proposal.reference}: draft saved"
    )
    assert f"/en/proposals/{proposal.status_token}/" in mailed_link(message)
    assert "the only way back to your draft" in message.body
    closes = in_english(campaign.closes_on)
    assert f"The campaign closes on {closes}" in message.body


def test_the_draft_e_mail_says_how_long_drafts_are_kept(
    client, campaign, region, settings, django_capture_on_commit_callbacks
):
    # given drafts are erased 90 days after they were started
    settings.FORMS_WORKFLOWS_RETENTION_DAYS = {"draft": 90, "withdrawn": 365}

    # when an applicant starts one
    _response, proposal = start_draft(
        client, django_capture_on_commit_callbacks, language="en"
    )

    # then the e-mail and the page say so, with the day
    erased_from = timezone.localdate(proposal.status_changed_at) + datetime.timedelta(
        days=90
    )
    assert proposal.draft_erased_from == erased_from
    sentence = (
        "Drafts that are not sent are erased 90 days after they were started: "
        f"send yours before {in_english(erased_from)}."
    )
    (message,) = mails_to(CONTACT)
    assert sentence in message.body
    page = client.get(f"/proposals/{proposal.status_token}/?step=note")
    assert sentence in page.content.decode()


def test_without_a_retention_rule_for_drafts_nothing_is_said_about_it(
    client, campaign, region, settings, django_capture_on_commit_callbacks
):
    settings.FORMS_WORKFLOWS_RETENTION_DAYS = {"withdrawn": 365}

    _response, proposal = start_draft(client, django_capture_on_commit_callbacks)

    (message,) = mails_to(CONTACT)
    assert proposal.draft_erased_from is None
    assert "effacés" not in message.body
    page = client.get(f"/proposals/{proposal.status_token}/?step=note")
    assert "effacés" not in page.content.decode()


def test_every_draft_step_shows_the_secret_link_and_the_first_says_it_is_saved(
    client, campaign, region, django_capture_on_commit_callbacks
):
    # when the applicant saves the first step
    response, proposal = start_draft(client, django_capture_on_commit_callbacks)

    # then the next step says the draft is saved
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Votre brouillon est enregistré." in html
    # and shows the page's own address as text, where the e-mail went
    link = f"http://testserver/proposals/{proposal.status_token}/"
    assert '<code id="secret-link" translate="no"' in html
    assert f">{link}</code>" in html
    assert 'aria-labelledby="private-link-title"' in html
    assert "seul moyen de revenir à votre candidature" in html
    assert f"envoyé par e-mail à {CONTACT}" in html
    # and so does every other step of the draft
    steps = ["project", "note", "dimension-1", "dimension-2", "files", "send"]
    for step in steps:
        html = client.get(f"/proposals/{proposal.status_token}/?step={step}")
        assert f">{link}</code>" in html.content.decode(), step


def test_once_sent_the_page_no_longer_shows_the_link_box(
    client, campaign, region, django_capture_on_commit_callbacks
):
    from tests.fixtures.proposals import new_proposal

    proposal = new_proposal(submit=True)

    page = client.get(f"/proposals/{proposal.status_token}/")

    assert 'id="secret-link"' not in page.content.decode()


def test_a_failing_mail_server_loses_neither_the_draft_nor_the_e_mail(
    client, campaign, region, settings, django_capture_on_commit_callbacks
):
    # given a mail server that is down
    settings.EMAIL_BACKEND = FAILING

    # when the applicant saves the first step
    response, proposal = start_draft(client, django_capture_on_commit_callbacks)

    # then the draft is kept and the e-mail is recorded as not sent
    assert proposal.status == "draft"
    assert proposal.contact_email == CONTACT
    (owed,) = Notification.objects.filter(object_id=proposal.pk)
    assert (owed.kind, owed.status, owed.attempts) == ("draft_saved", "failed", 1)
    assert "@" not in owed.last_error
    # and the page tells the applicant to copy the link, which it shows
    html = client.get(response["Location"]).content.decode()
    assert 'data-mail-status="failed"' in html
    assert proposal.status_token in html
    # when the applicant saves another step, no second e-mail is owed
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/proposals/{proposal.status_token}/?step=note",
            {"action": "save", "presentation_note": "Une note."},
        )
    assert Notification.objects.filter(object_id=proposal.pk).count() == 1

    # when the server is back and the retry runs
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert notifications.retry_unsent() == 1

    # then the e-mail goes out once, with the link
    (message,) = mails_to(CONTACT)
    assert proposal.status_token in message.body
    owed.refresh_from_db()
    assert owed.status == "sent"
    assert notifications.retry_unsent() == 0


def test_a_draft_without_an_address_is_mailed_once_one_is_given(
    campaign, region, django_capture_on_commit_callbacks
):
    # given a draft saved without a contact address
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.save_draft(
            complete_data(contact_email=""), check_guards=False
        ).proposal
    assert mail.outbox == []
    assert not Notification.objects.exists()

    # when a later save gives the address, then another save follows
    with django_capture_on_commit_callbacks(execute=True):
        services.save_draft(complete_data(), token=draft.status_token)
        services.save_draft(complete_data(homes="400"), token=draft.status_token)

    # then the link goes out once, to that address
    (message,) = mails_to(CONTACT)
    assert draft.status_token in message.body


def test_a_proposal_sent_as_it_is_created_gets_the_confirmation_only(
    campaign, region, django_capture_on_commit_callbacks
):
    from tests.fixtures.proposals import pdf

    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.save_draft(
            complete_data(),
            {"plan": [pdf()], "charter": [pdf("charte.pdf")]},
            check_guards=False,
            submit=True,
        )

    assert outcome.errors == []
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert "draft_saved" not in kinds
    assert "confirmation" in kinds
    assert len(mails_to(CONTACT)) == 1


def test_demo_data_sends_no_draft_e_mail(campaign, region):
    with notifications.muted():
        services.save_draft(complete_data(), check_guards=False)

    assert not Notification.objects.exists()


def test_a_refused_first_step_owes_no_e_mail(
    client, campaign, region, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/proposals/new/", first_step(stage=""))

    assert response.status_code == 200
    assert not ProjectProposal.objects.exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_mailed_link_points_to_the_network_site_that_took_the_draft(
    client, campaign, region, django_capture_on_commit_callbacks, settings
):
    from wagtail.models import Page, Site

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "quartiers.example.org"]
    # given a network served on its own host
    network = Site.objects.create(
        hostname="quartiers.example.org",
        port=443,
        root_page=Page.objects.get(depth=1).get_children().first(),
    )
    # when an applicant starts a proposal on that host
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/proposals/new/", first_step(), HTTP_HOST="quartiers.example.org"
        )
    assert response.status_code == 302
    proposal = ProjectProposal.objects.get()
    # then the proposal belongs to that network, and the e-mail links back there
    assert proposal.site == network
    (message,) = mails_to(CONTACT)
    assert mailed_link(message).startswith("https://quartiers.example.org/proposals/")
