"""The one form that takes a project proposal's draft, from the hosted pages or the API.

A draft may be incomplete: this form checks only what is given (lengths,
choices, files). Completeness is checked at `submit`, on what is stored, by
`validation.validate_for_submission`.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forms_workflows.forms import (
    FIELD_ERROR_CODES,
    GUARD_ERROR_CODES,
    ApplicantForm,
)
from forms_workflows.proposals import files
from forms_workflows.proposals.models import (
    STAGES,
    LeadingBodyKind,
    ProjectContext,
)

CONSENT_VERSION = "2026-11"
CONSENT_TEXT = _(
    "I agree that the network stores the data of this proposal to review it "
    "and to contact me about it. Personal data are erased once the proposal "
    "is closed, after the retention period."
)
MAX_ANSWER_LENGTH = 4000
MAX_ILLUSTRATIONS = files.MAX_ILLUSTRATIONS

ERROR_CODES = (
    *FIELD_ERROR_CODES,
    "CAMPAIGN_CLOSED",
    "STAGE_ORDER",
    "ALREADY_APPLIED",
    "NOT_EDITABLE",
    "NOT_FOUND",
    "INVALID_TRANSITION",
    files.FILE_TYPE_NOT_ALLOWED,
    files.FILE_TOO_LARGE,
    *GUARD_ERROR_CODES,
)


def presentation_note_limit():
    # About two pages of text.
    return getattr(settings, "PROPOSALS_PRESENTATION_NOTE_MAX_LENGTH", 6000)


def blank_choice(choices):
    return [("", "—"), *choices]


class AnswersField(forms.Field):
    """`{commitment number: {"answer": str, "self_assessment": int | None}}`."""

    def to_python(self, value):
        if value in (None, "", {}, []):
            return {}
        if not isinstance(value, dict):
            raise ValidationError(_("Answers are not readable."), code="invalid")
        answers = {}
        for number, item in value.items():
            try:
                number = int(number)
            except (TypeError, ValueError):
                raise ValidationError(
                    _("Answers are not readable."), code="invalid"
                ) from None
            item = item if isinstance(item, dict) else {}
            answers[number] = {
                "answer": str(item.get("answer") or "").strip(),
                "self_assessment": item.get("self_assessment"),
            }
        return answers


class HectaresField(forms.DecimalField):
    """A decimal typed with a comma or a point, whatever the browser's language.

    A number input read "12,5" as 125 in some browsers; a text input with one
    decimal separator, either one, is never misread.
    """

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u202f", "").replace(" ", "")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
            elif "," in value:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class ProposalDraftForm(ApplicantForm):
    """What a project leader tells the network; every field may wait for `submit`."""

    project_name = forms.CharField(label=_("Name of the project"), max_length=255)
    commune = forms.CharField(label=_("Commune"), max_length=255, required=False)
    region = forms.ChoiceField(label=_("Region"), required=False, choices=())
    context = forms.ChoiceField(
        label=_("Context"), required=False, choices=blank_choice(ProjectContext.choices)
    )
    area_hectares = HectaresField(
        label=_("Area (hectares)"),
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        help_text=_("For example 12.5 or 12,5."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    homes = forms.IntegerField(
        label=_("Number of homes"), required=False, min_value=0, max_value=10**6
    )
    leading_body = forms.CharField(
        label=_("Leading body"), max_length=255, required=False
    )
    leading_body_kind = forms.ChoiceField(
        label=_("Kind of leading body"),
        required=False,
        choices=blank_choice(LeadingBodyKind.choices),
    )
    stage = forms.TypedChoiceField(
        label=_("Stage applied for"),
        coerce=int,
        choices=blank_choice([(str(value), label) for value, label in STAGES]),
    )
    presentation_note = forms.CharField(
        label=_("Presentation note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("About two pages at most."),
    )
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=150, required=False
    )
    contact_role = forms.CharField(
        label=_("Role of the contact person"), max_length=150, required=False
    )
    contact_email = forms.EmailField(
        label=_("E-mail address"), max_length=254, required=False
    )
    contact_phone = forms.CharField(
        label=_("Phone number"), max_length=30, required=False
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=(("fr", "Français"), ("en", "English")),
    )
    answers = AnswersField(required=False)

    def __init__(self, *args, commitments=None, uploads=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presentation_note"].max_length = presentation_note_limit()
        self.fields["presentation_note"].validators.append(
            forms.fields.validators.MaxLengthValidator(presentation_note_limit())
        )
        self.commitments = {c.number: c for c in commitments or ()}
        # {"plan": [file], "charter": [file], "illustration": [files]}
        self.uploads = uploads or {}
        self.checked_uploads = []

    def clean(self):
        cleaned = super().clean()
        for number, item in (cleaned.get("answers") or {}).items():
            prefix = f"answers.{number}"
            if number not in self.commitments:
                self.add_error(
                    None,
                    ValidationError(
                        _("Commitment %(number)s is not in this référentiel."),
                        code="invalid",
                        params={"number": number},
                    ),
                )
                continue
            if len(item["answer"]) > MAX_ANSWER_LENGTH:
                self.add_error(
                    None,
                    ValidationError(
                        {
                            f"{prefix}.answer": ValidationError(
                                _("This answer is too long."), code="max_length"
                            )
                        }
                    ),
                )
            score = item["self_assessment"]
            if score in ("", None):
                item["self_assessment"] = None
            else:
                try:
                    score = int(score)
                except (TypeError, ValueError):
                    score = -1
                if not 0 <= score <= 3:
                    self.add_error(
                        None,
                        ValidationError(
                            {
                                f"{prefix}.selfAssessment": ValidationError(
                                    _("A self-assessment is a score from 0 to 3."),
                                    code="invalid_choice",
                                )
                            }
                        ),
                    )
                item["self_assessment"] = score
        self.clean_uploads()
        return cleaned

    def clean_uploads(self):
        illustrations = self.uploads.get("illustration") or []
        if len(illustrations) > MAX_ILLUSTRATIONS:
            self.add_error(
                None,
                ValidationError(
                    {
                        "illustrations": ValidationError(
                            _("Too many illustrations."), code="too_many"
                        )
                    }
                ),
            )
            return
        for kind, uploaded_files in self.uploads.items():
            field = "illustrations" if kind == "illustration" else kind
            for uploaded in uploaded_files:
                try:
                    content_type = files.check_file(kind, uploaded)
                except ValidationError as error:
                    self.add_error(None, ValidationError({field: error}))
                else:
                    self.checked_uploads.append((kind, uploaded, content_type))

    def add_error(self, field, error):
        # Nested answer keys are not form fields: keep them as they are.
        if field is None and hasattr(error, "error_dict"):
            for name, items in error.error_dict.items():
                if name in self.fields:
                    super().add_error(name, items)
                else:
                    self._errors.setdefault(name, self.error_class()).extend(items)
            return
        super().add_error(field, error)

    def project_fields(self):
        data = self.cleaned_data
        return {
            "name": data["project_name"],
            "commune": data.get("commune") or "",
            "region": self.regions.get(data.get("region") or ""),
            "context": data.get("context") or "",
            "area_hectares": data.get("area_hectares"),
            "homes": data.get("homes"),
            "leading_body": data.get("leading_body") or "",
            "leading_body_kind": data.get("leading_body_kind") or "",
        }

    def proposal_fields(self):
        data = self.cleaned_data
        return {
            "stage": data["stage"],
            "presentation_note": data.get("presentation_note") or "",
            "contact_name": data.get("contact_name") or "",
            "contact_role": data.get("contact_role") or "",
            "contact_email": data.get("contact_email") or "",
            "contact_phone": data.get("contact_phone") or "",
            "language": data.get("language") or "fr",
        }
