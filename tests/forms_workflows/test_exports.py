"""A CSV export never hands a spreadsheet a formula typed by the public."""

import csv
import io

import pytest

from forms_workflows.exports import neutralise_formula
from tests.fixtures.adhesions import make_adhesion

LISTING = "/admin/charter-adhesions/"
HOSTILE = {
    "organisation_name": '=HYPERLINK("http://evil.invalid","Cliquez")',
    "contact_name": "+SUM(1+1)*cmd|' /C calc'!A0",
    "contact_role": "-2+3+cmd|' /C calc'!A0",
    "signatory_title": "@SUM(1+1)",
}


def csv_rows(response):
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_the_adhesions_csv_quotes_every_cell_a_spreadsheet_would_run(
    client, network, reviewer
):
    # given an application whose fields start with = + - @
    make_adhesion(network, status="submitted", **HOSTILE)
    client.force_login(reviewer)

    # when a reviewer exports the listing as CSV
    (row,) = csv_rows(client.get(LISTING, {"export": "csv"}))

    # then each of those cells starts with an apostrophe, the text kept whole
    cells = set(row.values())
    for value in HOSTILE.values():
        assert "'" + value in cells
        assert value not in cells
    # and ordinary cells are untouched
    assert "camille.martin@example.org" in cells


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+33 1 40 75 78 00", "'+33 1 40 75 78 00"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Cerema", "Cerema"),
        ("", ""),
        (3, 3),
        (None, None),
    ],
)
def test_a_cell_starting_a_formula_gets_an_apostrophe(value, expected):
    assert neutralise_formula(value) == expected
