"""Uploads live in object storage, so any app server serves what another took."""

import io
import json
import re
import time
import uuid

import boto3
import requests
from PIL import Image

TOKEN = "{ projectProposalFormToken }"
SAVE = """
mutation Save($input: ProjectProposalInput!) {
  saveProjectProposalDraft(input: $input) {
    proposal { reference status token }
    errors { field code message }
  }
}
"""
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + uuid.uuid4().bytes
RENDITION = re.compile(r'<img[^>]+src="([^"]+/images/[^"]+)"')


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (34, 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def s3(stack):
    return boto3.client(
        "s3",
        endpoint_url=stack.env["S3_ENDPOINT_URL"],
        aws_access_key_id=stack.env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=stack.env["AWS_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )


def keys(stack, bucket):
    listing = s3(stack).list_objects_v2(Bucket=bucket)
    return {item["Key"] for item in listing.get("Contents", [])}


def test_an_image_uploaded_through_a_renders_through_b(stack):
    # given an editor uploads an image through app server A
    editor = stack.login("a", "admin")
    title = f"Jardin partagé {uuid.uuid4().hex[:6]}"
    added = stack.form_post(
        "a",
        editor,
        "/admin/images/add/",
        {"title": title, "collection": "1"},
        files={"file": ("jardin.png", png(), "image/png")},
    )
    assert added.status_code == 302, added.text[:500]
    [(image_id, name)] = stack.sql(
        "SELECT id, file FROM pages_customimage WHERE title = %s", title
    )

    # then the original is in the media bucket, not on A's disk
    assert name in keys(stack, stack.env["S3_MEDIA_BUCKET"])

    # when B renders it (a rendition made from the original in the bucket)
    page = stack.get(
        "b", f"/admin/images/{image_id}/", session=stack.login("b", "admin")
    )
    assert page.status_code == 200
    [src] = [url for url in RENDITION.findall(page.text) if "jardin" in url][:1]

    # then the rendition's URL answers with an image
    rendition = requests.get(src, timeout=10)
    assert rendition.status_code == 200
    assert rendition.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_proposal_file_uploaded_through_b_is_downloaded_by_its_expert_through_a(
    stack,
):
    # given an applicant saves a draft with its plan through app server B
    token = stack.post("b", "/graphql/", json={"query": TOKEN}).json()["data"][
        "projectProposalFormToken"
    ]
    time.sleep(3.5)
    variables = {
        "input": {
            "site": "club",
            "projectName": f"Les Prairies {uuid.uuid4().hex[:6]}",
            "commune": "Grenoble",
            "region": "ARA",
            "stage": 1,
            "contactName": "Claire Martin",
            "contactEmail": "claire@example.org",
            "consent": True,
            "formToken": token,
            "plan": None,
        }
    }
    saved = stack.post(
        "b",
        "/graphql/",
        data={
            "operations": json.dumps({"query": SAVE, "variables": variables}),
            "map": json.dumps({"0": ["variables.input.plan"]}),
        },
        files={"0": ("plan-masse.pdf", PDF, "application/pdf")},
        headers={"X-Forwarded-For": "192.0.2.77"},
    ).json()["data"]["saveProjectProposalDraft"]
    assert saved["errors"] == [], saved
    reference = saved["proposal"]["reference"]
    [(attachment, name)] = stack.sql(
        "SELECT a.id, a.file FROM proposals_proposalattachment a "
        "JOIN proposals_projectproposal p ON p.id = a.proposal_id "
        "WHERE p.reference = %s",
        reference,
    )

    # then the file is in the private bucket only
    assert name in keys(stack, stack.env["S3_PRIVATE_BUCKET"])
    assert name not in keys(stack, stack.env["S3_MEDIA_BUCKET"])
    bucket_url = f"{stack.env['S3_ENDPOINT_URL']}/{stack.env['S3_PRIVATE_BUCKET']}"
    assert requests.get(f"{bucket_url}/{name}", timeout=10).status_code == 403

    # when the reviewer assigns expert-1 (here from a process of its own)
    stack.shell(
        "from django.contrib.auth import get_user_model; "
        "from forms_workflows.proposals.models import ExpertAssignment, ProjectProposal; "
        f"ExpertAssignment.objects.create(proposal=ProjectProposal.objects.get(reference={reference!r}), "
        "expert=get_user_model().objects.get(username='expert-1'))"
    )

    # then expert-1 downloads the same bytes through app server A
    expert = stack.login("a", "expert-1")
    download = stack.get("a", f"/proposal-files/{attachment}/", session=expert)
    assert download.status_code == 200
    assert download.content == PDF

    # and nobody anonymous, nor another expert, gets it
    assert stack.get("a", f"/proposal-files/{attachment}/").content != PDF
    other = stack.get(
        "b", f"/proposal-files/{attachment}/", session=stack.login("b", "expert-2")
    )
    assert other.status_code == 404
