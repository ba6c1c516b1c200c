"""Preview tokens open exactly one page revision, for a while."""

import pytest

from graphql_api.content.preview import make_preview_token
from tests.fixtures.graphql import add_page, codes

PREVIEW = """
query Preview($token: String, $id: ID) {
  page(previewToken: $token, id: $id) { id title }
}
"""


@pytest.fixture
def drafts(network_keys):
    from pages.models import ContentPage

    home = network_keys["club"][1]
    draft = add_page(home, ContentPage, "Brouillon", live=False)
    draft.title = "Brouillon relu"
    revision = draft.save_revision()
    other = add_page(home, ContentPage, "Autre", live=False)
    return {"draft": draft, "revision": revision, "other": other}


def test_a_valid_token_opens_the_draft_revision(gql, drafts):
    # given
    token = make_preview_token(drafts["revision"])
    # when
    response = gql.get(PREVIEW, {"token": token})
    # then
    assert response.json()["data"]["page"]["title"] == "Brouillon relu"
    assert response["Cache-Control"] == "no-store"
    assert not response.has_header("ETag")


def test_a_token_with_the_matching_id_opens_the_page(gql, drafts):
    token = make_preview_token(drafts["revision"])
    body = gql.query(PREVIEW, {"token": token, "id": drafts["draft"].pk})
    assert body["data"]["page"]["id"] == str(drafts["draft"].pk)


def test_a_token_for_another_page_is_refused(gql, drafts):
    token = make_preview_token(drafts["revision"])
    body = gql.query(PREVIEW, {"token": token, "id": drafts["other"].pk})
    assert codes(body) == ["INVALID_PREVIEW_TOKEN"]
    assert body["data"]["page"] is None


def test_an_expired_token_is_refused(gql, drafts, settings):
    settings.GRAPHQL_PREVIEW_TOKEN_MAX_AGE = -1
    token = make_preview_token(drafts["revision"])
    body = gql.query(PREVIEW, {"token": token})
    assert codes(body) == ["EXPIRED_PREVIEW_TOKEN"]


def test_a_tampered_token_is_refused(gql, drafts):
    token = make_preview_token(drafts["revision"])
    body = gql.query(PREVIEW, {"token": token[:-2] + "xx"})
    assert codes(body) == ["INVALID_PREVIEW_TOKEN"]


def test_a_token_does_not_open_the_page_on_another_site(gql, drafts):
    token = make_preview_token(drafts["revision"])
    body = gql.query(
        'query P($t: String) { page(previewToken: $t, site: "req") { id } }',
        {"t": token},
    )
    assert codes(body) == ["INVALID_PREVIEW_TOKEN"]


def test_without_token_the_draft_stays_hidden(gql, drafts):
    body = gql.query(PREVIEW, {"id": drafts["draft"].pk})
    assert body["data"]["page"] is None


def test_the_admin_preview_opens_the_partner_front_end_with_a_token(
    client, drafts, django_user_model
):
    # given an editor
    admin = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(admin)
    # when the preview on the partner site is asked
    response = client.get(f"/admin/partner-preview/{drafts['draft'].pk}/")
    # then the browser goes to the front end, with a token for that page
    assert response.status_code == 302
    assert response["Location"].startswith("https://club.example/preview?")
    assert "previewToken=" in response["Location"]


def test_the_page_editor_offers_the_partner_preview(client, drafts, django_user_model):
    admin = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(admin)
    response = client.get(f"/admin/pages/{drafts['draft'].pk}/edit/")
    assert response.status_code == 200
    assert f"/admin/partner-preview/{drafts['draft'].pk}/".encode() in response.content


def test_without_a_partner_front_end_the_editor_offers_no_partner_preview(
    client, network_keys, django_user_model
):
    # given a page of a network with no partner front end URL (the req network)
    from pages.models import ContentPage

    page = add_page(network_keys["req"][1], ContentPage, "Sans partenaire", live=False)
    page.save_revision()
    admin = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(admin)
    # when the editor opens the page
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    # then no "Preview on partner site" leads to a front end that is not there
    assert response.status_code == 200
    assert b"/admin/partner-preview/" not in response.content


def test_opening_the_partner_preview_writes_no_revision(
    client, network_keys, django_user_model
):
    from wagtail.models import Revision

    from pages.models import ContentPage

    # given a page made without a revision (by an import, a command)
    page = add_page(network_keys["club"][1], ContentPage, "Importée", publish=False)
    assert page.latest_revision is None
    admin = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(admin)
    revisions = Revision.objects.count()

    # when an editor follows the preview link (a GET)
    response = client.get(f"/admin/partner-preview/{page.pk}/")

    # then nothing is written; the editor is sent back to save a draft first
    assert Revision.objects.count() == revisions
    page.refresh_from_db()
    assert page.latest_revision is None
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
