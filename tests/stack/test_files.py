"""Uploads live in object storage, so any app server serves what another took;
the documents of a restricted collection in its private bucket only."""

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
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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


def csrf_token(stack, server, session):
    page = stack.get(server, "/admin/collections/add/", session=session)
    return CSRF.search(page.text).group(1)


def restrict_collection(stack, server, session, collection, restriction_type):
    """What the collection's Privacy dialog in the admin sends."""
    path = f"/admin/collections/{collection}/privacy/"
    return stack.post(
        server,
        path,
        session=session,
        data={
            "csrfmiddlewaretoken": csrf_token(stack, server, session),
            "restriction_type": restriction_type,
        },
        headers={"Referer": stack.url(server, path)},
        allow_redirects=False,
    )


def test_a_restricted_collections_document_is_out_of_the_public_bucket(stack):
    # The object store is a real S3 protocol server (moto_server, standalone):
    # its buckets answer unsigned requests as S3 does, by their policy.
    media = stack.env["S3_MEDIA_BUCKET"]
    private = stack.env["S3_PRIVATE_BUCKET"]
    endpoint = stack.env["S3_ENDPOINT_URL"]

    # given an editor files a council report in a new collection, through A
    editor = stack.login("a", "admin")
    name = f"Conseil {uuid.uuid4().hex[:6]}"
    [(root,)] = stack.sql("SELECT id FROM wagtailcore_collection WHERE depth = 1")
    added = stack.form_post(
        "a", editor, "/admin/collections/add/", {"name": name, "parent": str(root)}
    )
    assert added.status_code == 302, added.text[:500]
    [(collection,)] = stack.sql(
        "SELECT id FROM wagtailcore_collection WHERE name = %s", name
    )
    title = f"Compte rendu {uuid.uuid4().hex[:6]}"
    uploaded = stack.form_post(
        "a",
        editor,
        "/admin/documents/add/",
        {"title": title, "collection": str(collection)},
        files={"file": ("compte-rendu.pdf", PDF, "application/pdf")},
    )
    assert uploaded.status_code == 302, uploaded.text[:500]
    [(document, public_key)] = stack.sql(
        "SELECT id, file FROM wagtaildocs_document WHERE title = %s", title
    )
    assert requests.get(f"{endpoint}/{media}/{public_key}", timeout=10).content == PDF

    # when the editor restricts the collection to logged-in users, through B
    done = restrict_collection(
        stack, "b", stack.login("b", "admin"), collection, "login"
    )
    assert done.status_code == 200, done.text[:500]

    # then the file has left the public bucket, and its new key is unguessable
    [(key,)] = stack.sql(
        "SELECT file FROM wagtaildocs_document WHERE id = %s", document
    )
    assert key.startswith("restricted/") and key.endswith("/compte-rendu.pdf")
    assert public_key not in keys(stack, media)
    assert key not in keys(stack, media)
    assert key in keys(stack, private)
    assert requests.get(f"{endpoint}/{media}/{public_key}", timeout=10).content != PDF
    # and an anonymous client gets 403 from the bucket, even knowing the key
    assert requests.get(f"{endpoint}/{private}/{key}", timeout=10).status_code == 403

    # the site's link asks an anonymous visitor to log in...
    link = f"/documents/{document}/compte-rendu.pdf"
    anonymous = stack.get("balancer", link, allow_redirects=False)
    assert anonymous.status_code == 302
    assert "/login/" in anonymous.headers["Location"]
    assert stack.get("balancer", link).content != PDF
    # ...and gives a logged-in member the file, through a short-lived signed URL
    member = stack.get("a", link, session=editor, allow_redirects=False)
    assert member.status_code == 302
    signed = member.headers["Location"]
    assert signed.startswith(f"{endpoint}/{private}/{key}?")
    assert "Signature=" in signed or "X-Amz-Signature=" in signed
    # (followed apart: the site's Host header must not go to the S3 server)
    download = requests.get(signed, timeout=10)
    assert download.status_code == 200
    assert download.content == PDF

    # and a new upload to the restricted collection never touches the public bucket
    second = f"Annexe {uuid.uuid4().hex[:6]}"
    stack.form_post(
        "b",
        editor_b := stack.login("b", "admin"),
        "/admin/documents/add/",
        {"title": second, "collection": str(collection)},
        files={"file": ("annexe.pdf", PDF, "application/pdf")},
    )
    [(second_key,)] = stack.sql(
        "SELECT file FROM wagtaildocs_document WHERE title = %s", second
    )
    assert second_key.startswith("restricted/")
    assert not any(
        k.endswith("/annexe.pdf") or k == second_key for k in keys(stack, media)
    )

    # when the restriction is lifted, the report is public again
    lifted = restrict_collection(stack, "b", editor_b, collection, "none")
    assert lifted.status_code == 200, lifted.text[:500]
    [(key,)] = stack.sql(
        "SELECT file FROM wagtaildocs_document WHERE id = %s", document
    )
    assert key.startswith("documents/")
    assert requests.get(f"{endpoint}/{media}/{key}", timeout=10).content == PDF
