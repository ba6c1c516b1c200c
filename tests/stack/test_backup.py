"""The restore drill: save, lose a page and a file, restore, serve them again."""

import os
import subprocess
import sys

import requests

from .conftest import ROOT
from .test_files import keys, s3

PAGE = '{ page(site: "club", urlPath: "/charte-des-partenaires/") { id title } }'


def backup(stack, verb, folder):
    done = subprocess.run(
        [sys.executable, "-m", "deploy.backup", verb, str(folder)],
        cwd=ROOT,
        env={**os.environ, **stack.env},
        capture_output=True,
        text=True,
    )
    # what the operator would read on the terminal, if it failed
    assert done.returncode == 0, f"{verb} failed:\n{done.stdout}\n{done.stderr}"


def test_a_backup_restores_a_deleted_page_and_its_lost_files(stack, tmp_path):
    # given a backup of the running stack
    page = stack.query("b", PAGE)["data"]["page"]
    media = stack.env["S3_MEDIA_BUCKET"]
    before = keys(stack, media)
    assert before, "the demo has images in the media bucket"
    backup(stack, "save", tmp_path)

    # when the page is deleted and the media bucket loses every object
    stack.shell(
        f"from wagtail.models import Page; Page.objects.get(id={page['id']}).delete()"
    )
    client = s3(stack)
    for key in before:
        client.delete_object(Bucket=media, Key=key)
    assert stack.query("a", PAGE)["data"]["page"] is None

    # and the operator restores the backup
    backup(stack, "restore", tmp_path)

    # then every server serves the page again, through the caches too
    for server in ("a", "b", "balancer", "cache"):
        response = stack.get(server, "/graphql/", params={"query": PAGE})
        assert response.json()["data"]["page"] == page, server
    # and the images are back, readable by anyone as before
    # (the workers may have made renditions since: more, never fewer)
    assert before <= keys(stack, media)
    one = sorted(before)[0]
    url = f"{stack.env['S3_ENDPOINT_URL']}/{media}/{one}"
    assert requests.get(url, timeout=10).status_code == 200
