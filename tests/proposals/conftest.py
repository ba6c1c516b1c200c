import datetime
import shutil

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Locale

from forms_workflows.proposals.models import Campaign
from pages.models import Commitment, Dimension, Referentiel, Region

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03" + b"\x00" * 64


def pdf(name="plan.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def png(name="vue.png"):
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    yield settings.PRIVATE_MEDIA_ROOT
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def referentiel(db):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    Locale.objects.get_or_create(language_code="en")
    ref = Referentiel.objects.create(
        version="2016", title="Référentiel", is_current=True, locale=french
    )
    number = 0
    for d in (1, 2):
        dimension = Dimension.objects.create(
            referentiel=ref, number=d, title=f"Dimension {d}", locale=french
        )
        for _i in range(2):
            number += 1
            Commitment.objects.create(
                dimension=dimension,
                number=number,
                title=f"Engagement {number}",
                locale=french,
            )
    return ref


@pytest.fixture
def region(db):
    french = Locale.objects.get_or_create(language_code="fr")[0]
    return Region.objects.create(name="Occitanie", code="OCC", locale=french)


@pytest.fixture
def campaign(referentiel):
    today = timezone.localdate()
    return Campaign.objects.create(
        year=today.year,
        referentiel=referentiel,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
    )


@pytest.fixture
def past_campaign(referentiel):
    today = timezone.localdate()
    return Campaign.objects.create(
        year=today.year - 1,
        referentiel=referentiel,
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
    )


def complete_data(**overrides):
    data = {
        "project_name": "Les Rives",
        "commune": "Montpellier",
        "region": "OCC",
        "context": "urban",
        "area_hectares": "12.5",
        "homes": "340",
        "leading_body": "Ville de Montpellier",
        "leading_body_kind": "municipality",
        "stage": "1",
        "presentation_note": "Un quartier sur d'anciennes friches.",
        "contact_name": "Claire Martin",
        "contact_email": "claire@example.org",
        "consent": True,
        "language": "fr",
        "answers": {
            n: {"answer": f"Réponse {n}", "self_assessment": 2} for n in range(1, 5)
        },
    }
    data.update(overrides)
    return data


def user_in(group_name, username=None):
    user = get_user_model().objects.create_user(
        username or group_name.lower().replace(" ", "-"),
        email=f"{username or 'u'}@example.org",
        password="x",
        is_staff=True,
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def staff(db):
    return user_in("Reviewers", "reviewer")


@pytest.fixture
def commission(db):
    return user_in("Label commission", "commission")


@pytest.fixture
def expert(db):
    return user_in("Experts", "expert-1")


@pytest.fixture
def other_expert(db):
    return user_in("Experts", "expert-2")


def files_on_disk():
    root = settings.PRIVATE_MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def new_proposal(stage=1, files=True, submit=False, **overrides):
    """A proposal saved through the applicants' path; complete unless told."""
    from forms_workflows.proposals import services

    uploads = {"plan": [pdf()], "charter": [pdf("charte.pdf")]} if files else {}
    data = complete_data(stage=str(stage), **overrides)
    outcome = services.save_draft(
        data,
        uploads,
        check_guards=False,
        submit=submit,
        previous_token=overrides.get("previous_token"),
    )
    assert not outcome.errors, outcome.errors
    return outcome.proposal
