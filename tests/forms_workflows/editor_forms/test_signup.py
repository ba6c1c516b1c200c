"""Sign-up: nothing is active until the e-mailed link is confirmed; unsubscribing takes one click."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from forms_workflows.editor_forms import services
from forms_workflows.editor_forms.results import confirmed_list
from tests.fixtures.editor_forms import add_form, block, send

LETTER = [
    block("text", "name", "Nom", required=False, max_length=150),
    block("email", "email", "Adresse électronique"),
    block("consent", "consent", "J'accepte de recevoir la lettre mensuelle."),
]


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def letter(network):
    return add_form(
        network,
        slug="lettre",
        title="La lettre mensuelle",
        behaviour="signup",
        form_fields=LETTER,
    )


def sign_up(letter, email, capture, ip="192.0.2.1"):
    with capture(execute=True):
        return send(letter, {"email": email, "consent": "on"}, ip=ip)


def test_nothing_is_active_until_the_link_is_followed(
    letter, client, django_capture_on_commit_callbacks
):
    result = sign_up(letter, "lea@example.org", django_capture_on_commit_callbacks)

    assert result.status == "PENDING_CONFIRMATION"
    assert confirmed_list(letter)[1] == []
    (message,) = mail.outbox
    link = f"/applications/{result.status_token}/"
    assert link in message.body

    # following the link shows a button; only pressing it confirms (mail scanners follow links)
    shown = client.get(link)
    assert "Confirmer mon adresse" in shown.content.decode()
    assert confirmed_list(letter)[1] == []
    with django_capture_on_commit_callbacks(execute=True):
        pressed = client.post(link, {"action": "confirm_email"})

    assert pressed.status_code == 302
    header, rows = confirmed_list(letter)
    assert [row[0] for row in rows] == ["lea@example.org"]
    welcome = mail.outbox[-1]
    assert (
        welcome.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert result.status_token in welcome.extra_headers["List-Unsubscribe"]


def test_one_click_unsubscribes_without_a_page(
    letter, client, django_capture_on_commit_callbacks
):
    result = sign_up(letter, "lea@example.org", django_capture_on_commit_callbacks)
    services.confirm_signup(result.status_token)

    response = client.post(
        f"/forms/unsubscribe/{result.status_token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 204
    assert confirmed_list(letter)[1] == []
    assert client.post("/forms/unsubscribe/not-a-token/").status_code == 404


def test_a_late_confirmation_is_refused(letter, django_capture_on_commit_callbacks):
    result = sign_up(letter, "lea@example.org", django_capture_on_commit_callbacks)
    result.submission.created_at = timezone.now() - timedelta(days=8)
    result.submission.save()

    late = services.confirm_signup(result.status_token)

    assert [e.code for e in late.errors] == ["CONFIRMATION_EXPIRED"]
    assert late.status == "PENDING_CONFIRMATION"


def test_the_confirmed_list_has_each_address_once(
    letter, admin_client, django_capture_on_commit_callbacks
):
    for n, email in enumerate(["a@example.org", "b@example.org", "a@example.org"]):
        result = sign_up(
            letter, email, django_capture_on_commit_callbacks, ip=f"192.0.2.{n}"
        )
        services.confirm_signup(result.status_token)

    response = admin_client.get(f"/admin/form-answers/forms/{letter.pk}/confirmed.csv")

    lines = response.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Adresse électronique")
    assert [line.split(",")[0] for line in lines[1:]] == [
        "a@example.org",
        "b@example.org",
    ]
