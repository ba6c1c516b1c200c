"""The one form that validates a charter adhesion, from the hosted page or the API.

Both paths feed the same data to `CharterAdhesionForm` and report its errors
through `forms_workflows.forms.error_list()`. The collaboration plan is posted
as rows of the hosted page (proposed categories, then blank rows of one's own)
or as a list by the API; the helpers below turn the rows into the list.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forms_workflows import guards
from forms_workflows.forms import (
    FIELD_ERROR_CODES,
    GUARD_ERROR_CODES,
    ApplicantForm,
    FieldError,
)
from pages.models.snippets import OrganisationKind

CONSENT_VERSION = "2026-11"
CONSENT_TEXT = _(
    "I agree that the network stores the data of this form to review the "
    "application and to contact me about it. Personal data are erased once "
    "the application is closed, after the retention period."
)

MAX_CATEGORIES = 10
MAX_ACTIONS = 20
MAX_TITLE_LENGTH = 255
MAX_ACTION_LENGTH = 500


# Every code an applicant can get back, on either path; anything else is INVALID.
ERROR_CODES = (
    *FIELD_ERROR_CODES,
    *GUARD_ERROR_CODES,
    "UNKNOWN_SITE",
    "NO_CHARTER",
)


class CollaborationPlanField(forms.Field):
    """A list of `{"title": str, "actions": [str]}`, built by the page or the API."""

    default_error_messages = {
        "invalid": _("Each category needs a title and at least one action."),
        "max_length": _("A title or an action is too long."),
        "too_many": _("Too many categories or actions."),
    }

    def to_python(self, value):
        if value in (None, "", []):
            return []
        if not isinstance(value, list | tuple):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        plan = []
        for item in value:
            if not isinstance(item, dict):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            title = str(item.get("title") or "").strip()
            actions = [
                str(action).strip()
                for action in item.get("actions") or []
                if str(action).strip()
            ]
            plan.append({"title": title, "actions": actions})
        return plan

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_CATEGORIES or any(
            len(item["actions"]) > MAX_ACTIONS for item in value
        ):
            raise ValidationError(self.error_messages["too_many"], code="too_many")
        if any(not item["title"] or not item["actions"] for item in value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if any(
            len(item["title"]) > MAX_TITLE_LENGTH
            or any(len(action) > MAX_ACTION_LENGTH for action in item["actions"])
            for item in value
        ):
            raise ValidationError(self.error_messages["max_length"], code="max_length")


class CharterAdhesionForm(ApplicantForm):
    """What an organisation tells the network when it applies to sign the charter."""

    organisation_name = forms.CharField(label=_("Organisation name"), max_length=255)
    organisation_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", "—"), *OrganisationKind.choices],
    )
    organisation_address = forms.CharField(
        label=_("Postal address"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    region = forms.ChoiceField(label=_("Region"), required=False, choices=())
    website = forms.URLField(
        label=_("Website"), max_length=200, required=False, assume_scheme="https"
    )
    registration_number = forms.CharField(
        label=_("Registration number"),
        max_length=50,
        required=False,
        help_text=_("SIREN, RNA or equivalent, if your organisation has one."),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=150)
    contact_role = forms.CharField(
        label=_("Role of the contact person"), max_length=150, required=False
    )
    contact_email = forms.EmailField(label=_("E-mail address"), max_length=254)
    contact_phone = forms.CharField(
        label=_("Phone number"), max_length=30, required=False
    )
    signatory_name = forms.CharField(
        label=_("Name of the person who signs"), max_length=150
    )
    signatory_title = forms.CharField(
        label=_("Title of the person who signs"), max_length=150
    )
    collaboration_plan = CollaborationPlanField(label=_("Collaboration plan"))
    consent = forms.BooleanField(label=CONSENT_TEXT)
    language = forms.ChoiceField(
        label=_("Language"), choices=(("fr", "Français"), ("en", "English"))
    )
    form_token = forms.CharField(
        required=False, max_length=500, widget=forms.HiddenInput
    )
    fax_number = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=100
    )

    def __init__(self, *args, check_guards=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.check_guards = check_guards
        if not check_guards:
            for name in ("form_token", "fax_number", "consent", "language"):
                del self.fields[name]

    def full_clean(self):
        super().full_clean()
        # Screen readers announce a field's error with the field itself.
        for name in self.errors:
            if name in self.fields:
                describedby = [f"id_{name}_error"]
                if self.fields[name].help_text:
                    describedby.append(f"id_{name}_helptext")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(
                    describedby
                )

    def clean_collaboration_plan(self):
        plan = self.cleaned_data["collaboration_plan"]
        if not plan:
            raise ValidationError(
                _("Choose or write at least one category of commitments."),
                code="required",
            )
        return plan

    def clean(self):
        cleaned = super().clean()
        if self.check_guards:
            guards.check_honeypot(cleaned.get(guards.HONEYPOT_FIELD))
            guards.check_form_token(cleaned.get("form_token"))
        return cleaned

    def adhesion_fields(self):
        """The cleaned values that go on the model."""
        data = dict(self.cleaned_data)
        for name in ("form_token", "fax_number", "consent"):
            data.pop(name, None)
        data["region"] = self.regions.get(data.get("region") or "")
        return data


# What the applicant says of the organisation and its people, as stored, in the
# form's order: the hosted page's POST, the status page's edit form, the admin's
# detail and exports all read this list.
APPLICANT_FIELDS = tuple(
    name
    for name in CharterAdhesionForm.base_fields
    if name
    not in (
        "collaboration_plan",
        "consent",
        "language",
        "form_token",
        guards.HONEYPOT_FIELD,
    )
)
# The hosted page's fields taken as posted (the plan comes as rows, see below).
POSTED_FIELDS = (*APPLICANT_FIELDS, "form_token", guards.HONEYPOT_FIELD)


OWN_CATEGORY_ROWS = 2


def proposed_categories(charter_page):
    return [
        {
            "title": block.value["title"],
            "actions": [str(action) for action in block.value["actions"]],
        }
        for block in charter_page.plan_categories
        if block.block_type == "category"
    ]


def lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def plan_from_post(post, proposed):
    """Build the collaboration plan (as the API receives it) from the form's rows."""
    plan = []
    for index, category in enumerate(proposed):
        if post.get(f"plan_{index}_selected"):
            plan.append(
                {
                    "title": category["title"],
                    "actions": lines(post.get(f"plan_{index}_actions")),
                }
            )
    return plan + own_categories_from_post(post)


def own_categories_from_post(post):
    """The categories the applicant wrote in the blank rows, empty rows left out."""
    own = []
    for index in range(OWN_CATEGORY_ROWS):
        title = post.get(f"own_{index}_title", "").strip()
        actions = lines(post.get(f"own_{index}_actions"))
        if title or actions:
            own.append({"title": title, "actions": actions})
    return own


def plan_rows(proposed, post=None):
    """What the plan fieldset shows: proposed categories, then blank rows of one's own."""
    rows = []
    for index, category in enumerate(proposed):
        rows.append(
            {
                "index": index,
                "title": category["title"],
                "selected": bool(post and post.get(f"plan_{index}_selected")),
                "actions": post.get(f"plan_{index}_actions")
                if post
                else "\n".join(category["actions"]),
            }
        )
    own = [
        {
            "index": index,
            "title": post.get(f"own_{index}_title", "") if post else "",
            "actions": post.get(f"own_{index}_actions", "") if post else "",
        }
        for index in range(OWN_CATEGORY_ROWS)
    ]
    return rows, own


def anchor(error: FieldError):
    """The id of the control an error summary entry links to."""
    if error.field is None:
        return "adhesion-form"
    snake = "".join("_" + c.lower() if c.isupper() else c for c in error.field)
    return f"id_{snake}"


def field_label(form, error: FieldError):
    """The name of the field an error is about, as its label reads, for the summary."""
    if error.field is None or form is None:
        return ""
    name = anchor(error).removeprefix("id_")
    field = form.fields.get(name)
    return str(field.label) if field is not None and field.label else ""
