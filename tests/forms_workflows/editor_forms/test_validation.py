"""Every kind of field, its limits and conditions, checked on the server with stable codes."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from forms_workflows.editor_forms.services.reading import definition_of
from forms_workflows.editor_forms.validation import (
    ERROR_CODES,
    sniff_office,
    validate_answers,
)
from tests.fixtures.editor_forms import add_form, block, condition

EVERY_KIND = [
    block("text", "name", "Name", max_length=10),
    block("long_text", "comment", "Comment", required=False, max_length=20),
    block("email", "email", "E-mail"),
    block("phone", "phone", "Phone", required=False),
    block("number", "people", "People", min_value=1, max_value=5),
    block(
        "date", "day", "Day", required=False, earliest="2027-01-01", latest="2027-12-31"
    ),
    block(
        "choice",
        "format",
        "Format",
        choices=[
            {"value": "site", "label": "On site"},
            {"value": "remote", "label": "Remote"},
        ],
    ),
    block(
        "multiple_choice",
        "topics",
        "Topics",
        required=False,
        max_choices=2,
        choices=[
            {"value": "energy", "label": "Energy"},
            {"value": "water", "label": "Water"},
            {"value": "mobility", "label": "Mobility"},
        ],
    ),
    block("yes_no", "elected", "Elected official", required=False),
    block(
        "text",
        "mandate",
        "Mandate",
        required=True,
        shown_when=condition("elected", "yes"),
        max_length=100,
    ),
    block(
        "file",
        "plan",
        "Plan",
        required=False,
        file_types=["application/pdf"],
        max_size_mb=1,
    ),
    block("consent", "consent", "I agree"),
]

GOOD = {
    "name": "Camille",
    "email": "Camille@Example.org",
    "people": "2",
    "format": "site",
    "topics": ["energy", "water"],
    "elected": "false",
    "consent": "true",
}


@pytest.fixture
def survey(network):
    return add_form(network, behaviour="survey", form_fields=EVERY_KIND)


def codes(survey, files=None, **changes):
    data = {**GOOD, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    _cleaned, errors = validate_answers(definition_of(survey), data, files)
    return {(e.field, e.code) for e in errors}


def test_good_answers_are_stored_as_typed_values(survey):
    cleaned, errors = validate_answers(definition_of(survey), GOOD)

    assert errors == []
    assert cleaned == {
        "name": "Camille",
        "email": "camille@example.org",
        "people": 2,
        "format": "site",
        "topics": ["energy", "water"],
        "elected": False,
        "consent": True,
    }


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"name": ""}, ("name", "REQUIRED")),
        ({"name": "x" * 11}, ("name", "MAX_LENGTH")),
        ({"comment": "y" * 21}, ("comment", "MAX_LENGTH")),
        ({"email": "not-an-address"}, ("email", "INVALID")),
        ({"phone": "call me"}, ("phone", "INVALID")),
        ({"people": "two"}, ("people", "INVALID")),
        ({"people": "0"}, ("people", "TOO_SMALL")),
        ({"people": "6"}, ("people", "TOO_LARGE")),
        ({"day": "31/01/2027"}, ("day", "INVALID")),
        ({"day": "2026-12-31"}, ("day", "TOO_EARLY")),
        ({"day": "2028-01-01"}, ("day", "TOO_LATE")),
        ({"format": "boat"}, ("format", "INVALID_CHOICE")),
        ({"topics": ["energy", "water", "mobility"]}, ("topics", "TOO_MANY")),
        ({"topics": ["fire"]}, ("topics", "INVALID_CHOICE")),
        ({"elected": "maybe"}, ("elected", "INVALID")),
        ({"elected": "true"}, ("mandate", "REQUIRED")),
        ({"consent": "false"}, ("consent", "REQUIRED")),
        ({"shoe_size": "42"}, ("shoe_size", "UNKNOWN_FIELD")),
    ],
)
def test_each_mistake_has_its_stable_code(survey, changes, expected):
    assert codes(survey, **changes) == {expected}
    assert expected[1] in ERROR_CODES


def test_an_answer_to_a_hidden_field_is_dropped_not_stored(survey):
    cleaned, errors = validate_answers(
        definition_of(survey), {**GOOD, "elected": "no", "mandate": "Maire"}
    )

    assert errors == []
    assert "mandate" not in cleaned


def test_files_are_checked_by_content_and_size(survey):
    pdf = SimpleUploadedFile(
        "plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf"
    )
    fake = SimpleUploadedFile(
        "plan.pdf", b"MZ\x90 not a pdf", content_type="application/pdf"
    )
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-" + b"0" * (1024 * 1024), content_type="application/pdf"
    )

    assert codes(survey, files={"plan": pdf}) == set()
    assert codes(survey, files={"plan": fake}) == {("plan", "FILE_TYPE_NOT_ALLOWED")}
    assert codes(survey, files={"plan": big}) == {("plan", "FILE_TOO_LARGE")}


def test_an_editor_is_told_of_a_broken_form(network, event):
    broken = [
        block("yes_no", "elected", "Elected"),
        block("text", "mandate", "Mandate", shown_when=condition("elected", "maybe")),
        block("text", "mandate", "Mandate again"),
        block("text", "early", "Early", shown_when=condition("later", "yes")),
    ]
    with pytest.raises(ValidationError) as raised:
        add_form(network, form_fields=broken, event_page=None)

    messages = raised.value.message_dict
    assert "event_page" in messages
    text = " ".join(messages["form_fields"])
    assert "mandate" in text  # twice the same name
    assert "maybe" in text  # a value the question does not offer
    assert "later" in text  # not an earlier field
    assert "adresse électronique" in text  # a registration writes to someone


def test_an_anonymous_survey_may_not_ask_who_you_are(network):
    with pytest.raises(ValidationError) as raised:
        add_form(
            network,
            behaviour="survey",
            anonymous=True,
            form_fields=[block("email", "email", "E-mail")],
        )

    assert "anonyme" in " ".join(raised.value.message_dict["form_fields"])


def test_an_office_document_is_recognised_from_its_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    buffer.seek(0)
    assert sniff_office(buffer) == "application/vnd.oasis.opendocument.text"
