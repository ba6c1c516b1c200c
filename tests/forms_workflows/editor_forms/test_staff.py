"""Staff: each network's reviewers read its forms' answers only; retention; the status link."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from forms_workflows.editor_forms import services
from forms_workflows.editor_forms.models import FormSubmission
from forms_workflows.networks import reviewers_group_name
from forms_workflows.retention import anonymise_due
from pages.permissions import create_site_groups
from tests.fixtures.editor_forms import add_form, answers, block, send
from tests.pages.helpers import make_network


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def staff(username, group):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def two_networks(db):
    Locale.objects.get_or_create(language_code="fr")
    found = {}
    for key in ("club", "regies"):
        site = make_network(key, default=key == "club")
        create_site_groups(site, key)
        page = add_form(
            {"home": site.root_page},
            slug=f"avis-{key}",
            title=f"Avis {key}",
            behaviour="survey",
            form_fields=[
                (
                    "yes_no",
                    {
                        "name": "happy",
                        "label": "Content ?",
                        "help_text": "",
                        "required": False,
                        "shown_when": {"field": "", "value": ""},
                    },
                ),
                (
                    "email",
                    {
                        "name": "email",
                        "label": "E-mail",
                        "help_text": "",
                        "required": False,
                        "shown_when": {"field": "", "value": ""},
                    },
                ),
            ],
        )
        submission = send(
            page, {"happy": "true", "email": f"someone@{key}.example"}
        ).submission
        found[key] = {
            "page": page,
            "submission": submission,
            "reviewer": staff(f"rev-{key}", reviewers_group_name(key)),
        }
    return found


def test_a_network_reviewer_reads_its_own_forms_only(client, two_networks):
    club, regies = two_networks["club"], two_networks["regies"]
    client.force_login(club["reviewer"])

    own_list = client.get("/admin/form-answers/")
    own = client.get(f"/admin/form-answers/forms/{club['page'].pk}/")
    other = client.get(f"/admin/form-answers/forms/{regies['page'].pk}/")
    other_export = client.get(
        f"/admin/form-answers/forms/{regies['page'].pk}/answers.csv"
    )
    other_answer = client.get(f"/admin/form-answers/inspect/{regies['submission'].pk}/")

    assert own.status_code == 200
    assert club["submission"].reference in own_list.content.decode()
    assert regies["submission"].reference not in own_list.content.decode()
    # Wagtail sends a refused page back to the dashboard, saying so.
    assert other.status_code in (302, 403) and other_export.status_code in (302, 403)
    assert "Avis regies" not in other.content.decode()
    assert other_answer.status_code in (403, 404)


def test_the_screens_speak_the_reviewers_language(client, two_networks):
    club = two_networks["club"]
    client.force_login(club["reviewer"])

    english = client.get(
        f"/admin/form-answers/forms/{club['page'].pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    profile = UserProfile.get_for_user(club["reviewer"])
    profile.preferred_language = "fr"
    profile.save()
    french = client.get(f"/admin/form-answers/forms/{club['page'].pk}/")

    assert "Download the answers (CSV)" in english.content.decode()
    assert "Télécharger les réponses (CSV)" in french.content.decode()


def test_the_forms_retention_period_erases_personal_answers_and_keeps_choices(
    two_networks,
):
    club = two_networks["club"]
    submission = club["submission"]
    FormSubmission.objects.filter(pk=submission.pk).update(
        status_changed_at=timezone.now() - timedelta(days=91)
    )

    done = anonymise_due()

    submission.refresh_from_db()
    assert submission in done
    assert submission.status == "anonymised"
    assert submission.answers == {"happy": True}
    assert submission.contact_email == ""


def test_a_registration_keeps_its_place_until_the_event_is_over(network, event):
    page = add_form(network, event_page=event, places=5, retention_days=1)
    kept = send(page).submission
    gone = send(page, answers(email="gone@example.org"), ip="192.0.2.4").submission
    services.cancel(gone.status_token)
    FormSubmission.objects.update(status_changed_at=timezone.now() - timedelta(days=2))

    done = anonymise_due()

    assert [s.pk for s in done] == [gone.pk]
    kept.refresh_from_db()
    assert kept.status == "confirmed" and kept.contact_email


def test_the_status_link_cancels_and_tells_the_next_one(
    network, event, client, django_capture_on_commit_callbacks
):
    page = add_form(network, event_page=event, places=1)
    with django_capture_on_commit_callbacks(execute=True):
        first = send(page)
        second = send(page, answers(email="next@example.org"), ip="192.0.2.4")
    link = f"/applications/{first.status_token}/"

    shown = client.get(link)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, {"action": "cancel"})

    assert "Annuler mon inscription" in shown.content.decode()
    second.submission.refresh_from_db()
    assert second.submission.status == "confirmed"
    assert any(m.to == ["next@example.org"] and m.attachments for m in mail.outbox)


def test_a_file_answer_is_private_to_the_networks_reviewers_and_erased_with_it(
    client, two_networks, private_media
):
    club, regies = two_networks["club"], two_networks["regies"]
    page = add_form(
        {"home": club["page"].get_parent()},
        slug="dossier",
        behaviour="survey",
        form_fields=[
            block("file", "plan", "Plan", file_types=["application/pdf"], max_size_mb=1)
        ],
    )
    upload = SimpleUploadedFile(
        "plan.pdf", b"%PDF-1.4 le plan", content_type="application/pdf"
    )
    submission = send(page, {}, files={"plan": upload}).submission
    stored = submission.files.get()
    path = stored.file.path

    client.force_login(club["reviewer"])
    inspect = client.get(
        f"/admin/form-answers/inspect/{submission.pk}/"
    ).content.decode()
    own = client.get(f"/admin/form-answers/files/{stored.pk}/")
    client.force_login(regies["reviewer"])
    other = client.get(f"/admin/form-answers/files/{stored.pk}/")

    assert str(private_media) in path and "plan.pdf" in inspect
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(
        b"%PDF"
    )
    assert other.status_code == 404
    FormSubmission.objects.filter(pk=submission.pk).update(
        status_changed_at=timezone.now() - timedelta(days=91)
    )
    anonymise_due()
    assert not submission.files.exists()
    assert not Path(path).exists()


def test_an_editor_builds_a_form_in_the_admin(admin_client, registration_form):
    home = registration_form.get_parent()

    new = admin_client.get(f"/admin/pages/add/editor_forms/editorformpage/{home.pk}/")
    edit = admin_client.get(f"/admin/pages/{registration_form.pk}/edit/")

    assert new.status_code == 200 and edit.status_code == 200
    html = edit.content.decode()
    for block_label in (
        "Texte court",
        "Choix multiple",
        "Nouvelle étape",
        "Consentement",
    ):
        assert block_label.lower() in html.lower()
    assert "dietary_needs" in html
