"""Answers checked against the form's definition, on the server, for every path.

`validate_answers(definition, answers, files)` is the one check the hosted
pages and the API go through. Conditions are checked here too: the answer to a
field hidden by an earlier answer is dropped (never stored, never required),
whatever the browser sent. `definition_problems` is the editor's check of the
blocks when the page is saved.
"""

import re
import zipfile
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from forms_workflows.forms import (
    FIELD_ERROR_CODES,
    GUARD_ERROR_CODES,
    PHONE_RE,
    FieldError,
)
from forms_workflows.proposals.files import sniff

# Codes of an answer's check, besides the shared FIELD_ERROR_CODES.
ANSWER_ERROR_CODES = (
    "TOO_SMALL",
    "TOO_LARGE",
    "TOO_EARLY",
    "TOO_LATE",
    "UNKNOWN_FIELD",
    "FILE_TYPE_NOT_ALLOWED",
    "FILE_TOO_LARGE",
)
# Codes of the form as a whole (field None).
FORM_ERROR_CODES = (
    "UNKNOWN_FORM",
    "FORM_NOT_YET_OPEN",
    "FORM_CLOSED",
    "EVENT_STARTED",
    "EVENT_FULL",
    "ALREADY_REGISTERED",
    "INVITATION_REQUIRED",
    "INVITATION_USED",
)
# Every code a person can get back from `submit`, on either path.
ERROR_CODES = (
    *FIELD_ERROR_CODES,
    *ANSWER_ERROR_CODES,
    *FORM_ERROR_CODES,
    *GUARD_ERROR_CODES,
)

MAX_ANSWER_LENGTH = 10000
# Identity fields an anonymous survey may not ask for.
IDENTIFYING_KINDS = ("email", "phone", "file")


def _error(name, code, message):
    return FieldError(name, code, str(message))


def visible_fields(definition, answers):
    """The fields shown for `answers`: their step's and their own conditions hold.

    Conditions refer to earlier fields only, so one pass in order decides.
    """
    shown, kept = [], {}
    hidden_steps = {
        step.key
        for step in definition.steps
        if step.condition and not step.condition.holds(answers)
    }
    for spec in definition.fields:
        if spec.step in hidden_steps:
            continue
        if spec.condition and not spec.condition.holds(kept):
            continue
        shown.append(spec)
        if spec.name in answers:
            kept[spec.name] = answers[spec.name]
    return shown


def _text(value):
    if isinstance(value, list):
        value = value[0] if value else ""
    return "" if value is None else str(value).strip()


def _clean_one(spec, raw, upload):
    """The stored value of one answer, or raise ValidationError with a code."""
    if spec.kind == "file":
        return _clean_file(spec, upload)
    if spec.kind == "multiple_choice":
        values = (
            raw if isinstance(raw, list) else ([raw] if raw not in (None, "") else [])
        )
        values = [str(v).strip() for v in values if str(v).strip()]
        if spec.required and not values:
            raise ValidationError(_("This field is required."), code="REQUIRED")
        unknown = [v for v in values if v not in spec.choice_values]
        if unknown:
            raise ValidationError(
                _("Choose among the choices offered."), code="INVALID_CHOICE"
            )
        if spec.max_items and len(values) > spec.max_items:
            raise ValidationError(
                _("Choose at most %(count)s.") % {"count": spec.max_items},
                code="TOO_MANY",
            )
        return list(dict.fromkeys(values))
    text = _text(raw)
    if spec.kind in ("boolean", "consent"):
        value = text.lower() in ("true", "on", "yes", "1")
        # A required yes/no needs an answer, and "no" is one; a consent needs "yes".
        if spec.required and spec.kind == "consent" and not value:
            raise ValidationError(_("This box must be ticked."), code="REQUIRED")
        if spec.required and spec.kind == "boolean" and not text:
            raise ValidationError(_("Answer yes or no."), code="REQUIRED")
        if spec.kind == "boolean" and text.lower() not in (
            "",
            "true",
            "false",
            "on",
            "off",
            "yes",
            "no",
            "1",
            "0",
        ):
            raise ValidationError(_("Answer yes or no."), code="INVALID")
        return value
    if not text:
        if spec.required:
            raise ValidationError(_("This field is required."), code="REQUIRED")
        return None
    if len(text) > min(spec.max_length or MAX_ANSWER_LENGTH, MAX_ANSWER_LENGTH):
        raise ValidationError(
            _("At most %(limit)s characters.")
            % {"limit": spec.max_length or MAX_ANSWER_LENGTH},
            code="MAX_LENGTH",
        )
    if spec.kind == "email":
        try:
            validate_email(text)
        except ValidationError:
            raise ValidationError(
                _("Enter a valid e-mail address."), code="INVALID"
            ) from None
        return text.lower()
    if spec.kind == "phone":
        if not PHONE_RE.match(text):
            raise ValidationError(_("Enter a valid phone number."), code="INVALID")
        return text
    if spec.kind == "integer":
        if not re.fullmatch(r"-?\d{1,12}", text):
            raise ValidationError(_("Enter a whole number."), code="INVALID")
        number = int(text)
        if spec.min_value is not None and number < spec.min_value:
            raise ValidationError(
                _("At least %(limit)s.") % {"limit": spec.min_value}, code="TOO_SMALL"
            )
        if spec.max_value is not None and number > spec.max_value:
            raise ValidationError(
                _("At most %(limit)s.") % {"limit": spec.max_value}, code="TOO_LARGE"
            )
        return number
    if spec.kind == "date":
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                _("Enter a date as YYYY-MM-DD."), code="INVALID"
            ) from None
        if spec.earliest and day < spec.earliest:
            raise ValidationError(
                _("On or after %(day)s.") % {"day": spec.earliest.isoformat()},
                code="TOO_EARLY",
            )
        if spec.latest and day > spec.latest:
            raise ValidationError(
                _("On or before %(day)s.") % {"day": spec.latest.isoformat()},
                code="TOO_LATE",
            )
        return day.isoformat()
    if spec.kind == "choice":
        if text not in spec.choice_values:
            raise ValidationError(
                _("Choose among the choices offered."), code="INVALID_CHOICE"
            )
        return text
    return text


def sniff_office(uploaded):
    """The MIME type of an OpenDocument or Office Open XML file, read from its zip."""
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    try:
        uploaded.seek(0)
        with zipfile.ZipFile(uploaded) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                return archive.read("mimetype").decode("ascii", "replace").strip()
            if "word/document.xml" in names:
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            if "xl/workbook.xml" in names:
                return (
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                )
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        uploaded.seek(position)
    return None


def _clean_file(spec, upload):
    if upload is None:
        if spec.required:
            raise ValidationError(_("This field is required."), code="REQUIRED")
        return None
    if spec.max_file_size and upload.size > spec.max_file_size:
        raise ValidationError(
            _("This file is too large (at most %(limit)s MB).")
            % {"limit": spec.max_file_size // (1024 * 1024)},
            code="FILE_TOO_LARGE",
        )
    # The type is read from the content, whatever the file's name says.
    content_type = sniff(upload) or sniff_office(upload)
    if content_type not in spec.file_types:
        raise ValidationError(
            _("This kind of file is not accepted here."), code="FILE_TYPE_NOT_ALLOWED"
        )
    return {
        "name": upload.name[-255:],
        "content_type": content_type,
        "size": upload.size,
    }


def validate_answers(definition, answers, files=None):
    """Return (cleaned answers of the visible fields, [FieldError]).

    `answers` maps a field's name to its raw value (a string, or a list for a
    multiple choice); `files` maps a file field's name to its upload. A name
    the form does not have is refused (UNKNOWN_FIELD); the answer to a field
    its conditions hide is dropped.
    """
    files = files or {}
    errors = [
        _error(name, "UNKNOWN_FIELD", _("This form has no such field."))
        for name in sorted({*answers, *files})
        if definition.field(name) is None
    ]
    cleaned = {}
    raw_shown = {}
    for spec in definition.fields:
        if spec.name in answers:
            raw_shown[spec.name] = answers[spec.name]
    # Conditions are decided on the cleaned answers of the fields before.
    for spec in visible_fields(definition, _conditions_view(definition, raw_shown)):
        try:
            value = _clean_one(spec, answers.get(spec.name), files.get(spec.name))
        except ValidationError as error:
            errors.append(_error(spec.name, error.code, error.message))
            continue
        if value is not None:
            cleaned[spec.name] = value
    return cleaned, errors


def _conditions_view(definition, raw):
    """The raw answers as conditions read them: yes/no as booleans, lists kept."""
    view = {}
    for name, value in raw.items():
        spec = definition.field(name)
        if spec.kind in ("boolean", "consent"):
            view[name] = _text(value).lower() in ("true", "on", "yes", "1")
        elif spec.kind == "multiple_choice":
            view[name] = value if isinstance(value, list) else [value]
        else:
            view[name] = _text(value)
    return view


def definition_problems(page, steps, fields):
    """The editor's mistakes in a form's blocks, as {page field: [messages]}."""
    problems = []
    names = [spec.name for spec in fields]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        problems.append(_("Two fields have the same name: %s.") % ", ".join(duplicates))
    keys = [step.key for step in steps]
    if len(set(keys)) != len(keys):
        problems.append(_("Two steps have the same key."))
    seen = {}
    for spec in fields:
        problems += _condition_problems(spec.label, spec.condition, seen)
        seen[spec.name] = spec
    for step in steps:
        before = {
            spec.name: spec
            for spec in fields[
                : next((i for i, f in enumerate(fields) if f.step == step.key), 0)
            ]
        }
        problems += _condition_problems(step.label, step.condition, before)
    email = next((spec for spec in fields if spec.kind == "email"), None)
    if page.behaviour in ("registration", "signup") and not (
        email and email.required and not email.condition
    ):
        problems.append(
            _(
                "A registration or a sign-up needs a required e-mail field, always shown."
            )
        )
    if page.behaviour == "survey" and page.anonymous:
        identifying = [spec.label for spec in fields if spec.kind in IDENTIFYING_KINDS]
        if identifying:
            problems.append(
                _(
                    "An anonymous survey cannot ask for an e-mail, a phone or a file: %s."
                )
                % ", ".join(identifying)
            )
    result = {"form_fields": problems} if problems else {}
    if page.behaviour == "registration" and not page.event_page_id:
        result["event_page"] = [
            _("Choose the event or the training people register for.")
        ]
    return result


def _condition_problems(label, condition, earlier):
    if condition is None:
        return []
    target = earlier.get(condition.field)
    if target is None:
        return [
            _("“%(label)s” depends on “%(field)s”, which is not an earlier field.")
            % {"label": label, "field": condition.field}
        ]
    allowed = {
        "boolean": ("yes", "no"),
        "consent": ("yes", "no"),
        "choice": target.choice_values,
        "multiple_choice": target.choice_values,
    }.get(target.kind)
    if allowed is None:
        return [
            _("“%(label)s” can only depend on a choice or a yes/no question.")
            % {"label": label}
        ]
    if condition.value not in allowed:
        return [
            _("“%(label)s” waits for “%(value)s”, which “%(field)s” does not offer.")
            % {"label": label, "value": condition.value, "field": condition.field}
        ]
    return []
