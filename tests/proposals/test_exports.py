"""The proposals' CSV export never hands a spreadsheet a formula typed by the public."""

import csv
import io

import pytest

from tests.fixtures.proposals import new_proposal


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_the_proposals_csv_quotes_every_cell_a_spreadsheet_would_run(
    client, campaign, region, staff, start
):
    # given a proposal whose project name and contact start a formula
    name, contact = f"{start}1+cmd|' /C calc'!A0", f"{start}SUM(1+1)"
    new_proposal(project_name=name, contact_name=contact, submit=True)
    client.force_login(staff)

    # when the staff exports the listing as CSV
    response = client.get(listing_url(), {"export": "csv"})
    text = b"".join(response.streaming_content).decode()
    (row,) = list(csv.DictReader(io.StringIO(text)))

    # then those cells are text for any spreadsheet, the rest untouched
    cells = set(row.values())
    assert "'" + contact in cells
    assert any(cell.startswith("'" + name) for cell in cells)
    assert not any(cell.startswith(start) for cell in cells)
    assert "claire@example.org" in cells


def listing_url():
    from django.urls import reverse

    return reverse("proposals_projectproposal:index")
