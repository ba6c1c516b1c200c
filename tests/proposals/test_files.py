"""Attachments: types from the content, sizes from settings, private, no orphan."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forms_workflows.proposals import services
from forms_workflows.proposals.models import ProjectProposal, ProposalAttachment
from tests.fixtures.proposals import (
    EXE_BYTES,
    PDF_BYTES,
    complete_data,
    files_on_disk,
    pdf,
    png,
)


def codes(outcome):
    return {(error.field, error.code) for error in outcome.errors}


def test_a_renamed_executable_is_refused_as_a_pdf(campaign, region):
    # given a Windows executable renamed plan.pdf, sent as application/pdf
    fake = SimpleUploadedFile("plan.pdf", EXE_BYTES, content_type="application/pdf")

    # when it is attached as the plan
    outcome = services.save_draft(complete_data(), {"plan": [fake]}, check_guards=False)

    # then FILE_TYPE_NOT_ALLOWED, and nothing is kept
    assert codes(outcome) == {("plan", "FILE_TYPE_NOT_ALLOWED")}
    assert not ProjectProposal.objects.exists()
    assert files_on_disk() == []


def test_an_image_is_not_a_plan(campaign, region):
    outcome = services.save_draft(
        complete_data(), {"plan": [png("plan.pdf")]}, check_guards=False
    )

    assert codes(outcome) == {("plan", "FILE_TYPE_NOT_ALLOWED")}


def test_a_pdf_is_not_an_illustration(campaign, region):
    outcome = services.save_draft(
        complete_data(), {"illustration": [pdf("vue.png")]}, check_guards=False
    )

    assert codes(outcome) == {("illustrations", "FILE_TYPE_NOT_ALLOWED")}


def test_images_are_accepted_as_illustrations(campaign, region):
    webp = SimpleUploadedFile("c.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\0" * 32)
    jpeg = SimpleUploadedFile("b.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 32)

    outcome = services.save_draft(
        complete_data(),
        {"illustration": [png("a.png"), jpeg, webp]},
        check_guards=False,
    )

    assert outcome.errors == []
    assert sorted(
        outcome.proposal.attachments.values_list("content_type", flat=True)
    ) == ["image/jpeg", "image/png", "image/webp"]


def test_a_file_over_the_limit_is_refused(campaign, region, settings):
    settings.PROPOSALS_MAX_FILE_SIZE = 100
    big = pdf(data=PDF_BYTES + b"0" * 200)

    outcome = services.save_draft(complete_data(), {"plan": [big]}, check_guards=False)

    assert codes(outcome) == {("plan", "FILE_TOO_LARGE")}
    assert files_on_disk() == []


def test_files_over_the_proposal_limit_are_refused_at_submit(
    campaign, region, settings
):
    # given each file is small enough but together they are too large
    settings.PROPOSALS_MAX_TOTAL_SIZE = len(PDF_BYTES) + 10

    # when the complete proposal is sent with its two PDFs
    outcome = services.save_draft(
        complete_data(),
        {"plan": [pdf()], "charter": [pdf("charte.pdf")]},
        check_guards=False,
        submit=True,
    )

    # then FILE_TOO_LARGE, and neither row nor file is left behind
    assert codes(outcome) == {("attachments", "FILE_TOO_LARGE")}
    assert not ProjectProposal.objects.exists()
    assert not ProposalAttachment.objects.exists()
    assert files_on_disk() == []


def test_a_failed_submission_leaves_no_orphan_file(campaign, region):
    # given a proposal sent at once but without its presentation note
    outcome = services.save_draft(
        complete_data(presentation_note=""),
        {"plan": [pdf()], "charter": [pdf("charte.pdf")], "illustration": [png()]},
        check_guards=False,
        submit=True,
    )

    # then it is refused and no file stays on disk
    assert ("presentationNote", "REQUIRED") in codes(outcome)
    assert files_on_disk() == []
    assert not ProposalAttachment.objects.exists()


def test_files_are_stored_outside_the_public_media(campaign, region, settings):
    outcome = services.save_draft(
        complete_data(), {"plan": [pdf()]}, check_guards=False
    )

    stored = files_on_disk()
    assert len(stored) == 1
    assert str(settings.PRIVATE_MEDIA_ROOT) in str(stored[0])
    assert str(settings.MEDIA_ROOT) not in str(stored[0])
    attachment = outcome.proposal.attachments.get()
    with pytest.raises(ValueError):
        _ = attachment.file.url  # no public URL


def test_a_new_plan_replaces_the_previous_one(
    campaign, region, django_capture_on_commit_callbacks
):
    first = services.save_draft(complete_data(), {"plan": [pdf()]}, check_guards=False)

    with django_capture_on_commit_callbacks(execute=True):
        services.save_draft(
            complete_data(),
            {"plan": [pdf("plan-v2.pdf")]},
            token=first.proposal.status_token,
        )

    assert list(first.proposal.attachments.values_list("original_name", flat=True)) == [
        "plan-v2.pdf"
    ]
    assert len(files_on_disk()) == 1
