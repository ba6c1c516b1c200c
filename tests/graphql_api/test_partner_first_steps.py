"""A partner's first steps with the reference site (examples/partner-site/README.md).

The CMS may listen on any port: the scripts take --api or CMS_API_URL, say so
clearly when the CMS does not answer, and a preview link without a valid
token is refused with a message.
"""

import urllib.error
import urllib.request

import pytest
from wagtail.models import Site

from tests.fixtures.partner_site import (
    free_port,
    run_partner_script,
    start_partner_server,
)


def test_build_says_where_it_looked_when_the_cms_does_not_answer(partner_env, tmp_path):
    api = f"http://127.0.0.1:{free_port()}/graphql/"

    built = run_partner_script(
        partner_env, "build.py", "--api", api, "--out", str(tmp_path)
    )

    assert built.returncode == 1
    assert f"The CMS does not answer at {api}" in built.stderr
    assert "--api" in built.stderr and "CMS_API_URL" in built.stderr
    assert "Traceback" not in built.stderr


def http_get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.django_db(transaction=True)
def test_the_site_follows_cms_api_url_and_refuses_a_preview_without_a_valid_token(
    partner_env, live_demo, tmp_path
):
    env = partner_env | {"CMS_API_URL": f"{live_demo.url}/graphql/"}
    page_id = Site.objects.get(is_default_site=True).root_page_id

    # when the partner builds and serves the site with the CMS on another port
    built = run_partner_script(env, "build.py", "--out", str(tmp_path))
    assert built.returncode == 0, built.stderr
    port = free_port()
    server = start_partner_server(env, None, tmp_path, port)
    try:
        home = http_get(f"http://127.0.0.1:{port}/")
        missing = http_get(f"http://127.0.0.1:{port}/preview")
        invalid = http_get(
            f"http://127.0.0.1:{port}/preview?pageId={page_id}&previewToken=forged"
        )
    finally:
        server.terminate()
        server.wait()

    # then its pages are there, and a preview link without a valid token is refused
    assert home[0] == 200
    for status, body in (missing, invalid):
        assert status == 403
        assert "This preview link is incomplete, invalid or expired" in body
