"""Reviewers decide in the Wagtail admin; others cannot."""

import io

import openpyxl
from django.contrib.auth.models import Group

from forms_workflows.models import CharterAdhesion, StatusChange
from tests.fixtures.adhesions import make_adhesion

LISTING = "/admin/charter-adhesions/"


def inspect_url(adhesion):
    return f"{LISTING}inspect/{adhesion.pk}/"


def transition_url(adhesion):
    return f"{LISTING}transition/{adhesion.pk}/"


def buttons(html):
    import re

    return sorted(re.findall(r'name="action" value="([a-z_]+)"', html))


def test_the_reviewers_group_holds_the_review_permission(db):
    permissions = Group.objects.get(name="Reviewers").permissions.values_list(
        "codename", flat=True
    )
    assert {"review_charteradhesion", "view_charteradhesion", "access_admin"} <= set(
        permissions
    )


def test_a_reviewer_lists_filters_and_searches_applications(client, network, reviewer):
    # given applications in two states
    waiting = make_adhesion(network, status="submitted", organisation_name="Cerema")
    done = make_adhesion(network, status="rejected", organisation_name="Anah")
    client.force_login(reviewer)
    # when the reviewer opens the listing, filters it and searches it
    everything = client.get(LISTING).content.decode()
    submitted = client.get(LISTING, {"status": "submitted"}).content.decode()
    searched = client.get(LISTING, {"q": "Anah"}).content.decode()
    # then each shows what it should
    assert waiting.reference in everything and done.reference in everything
    assert waiting.reference in submitted and done.reference not in submitted
    assert done.reference in searched and waiting.reference not in searched


def test_someone_without_the_permission_sees_nothing(client, network, editor):
    adhesion = make_adhesion(network, status="under_review")
    client.force_login(editor)
    assert client.get(LISTING).status_code in (302, 403)
    assert client.get(inspect_url(adhesion)).status_code in (302, 403)
    response = client.post(transition_url(adhesion), {"action": "approve"})
    assert response.status_code in (302, 403)
    assert CharterAdhesion.objects.get(pk=adhesion.pk).status == "under_review"


def test_the_detail_shows_the_history_and_only_the_allowed_buttons(
    client, network, reviewer
):
    adhesion = make_adhesion(network, status="submitted")
    client.force_login(reviewer)
    html = client.get(inspect_url(adhesion)).content.decode()
    assert buttons(html) == ["add_note", "reject", "start_review"]
    assert "camille.martin@example.org" in html  # staff see the contact
    approved = make_adhesion(network, status="approved")
    assert buttons(client.get(inspect_url(approved)).content.decode()) == [
        "add_note",
        "revoke",
    ]


def test_a_reviewer_approves_and_notes_from_the_detail_page(client, network, reviewer):
    adhesion = make_adhesion(network, status="under_review")
    client.force_login(reviewer)
    client.post(
        transition_url(adhesion), {"action": "add_note", "note": "Checked SIREN."}
    )
    client.post(transition_url(adhesion), {"action": "approve", "comment": "Welcome"})
    adhesion.refresh_from_db()
    assert adhesion.status == "approved"
    assert adhesion.signatory.is_active
    history = client.get(inspect_url(adhesion)).content.decode()
    assert "Checked SIREN." in history and "Welcome" in history
    # a refused action changes nothing
    client.post(transition_url(adhesion), {"action": "approve"})
    assert StatusChange.objects.filter(action="approve").count() == 1


def test_the_listing_exports_to_csv_and_xlsx(client, network, reviewer):
    adhesion = make_adhesion(network, status="submitted")
    client.force_login(reviewer)
    csv = client.get(LISTING, {"export": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert adhesion.reference in b"".join(csv.streaming_content).decode()
    xlsx = client.get(LISTING, {"export": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    cells = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert adhesion.reference in cells


def test_the_dashboard_shows_the_applications_waiting(client, network, reviewer):
    adhesion = make_adhesion(network, status="submitted")
    make_adhesion(network, status="approved")
    client.force_login(reviewer)
    html = client.get("/admin/").content.decode()
    assert 'id="applications-waiting-title"' in html
    assert adhesion.reference in html
