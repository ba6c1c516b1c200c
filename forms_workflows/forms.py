"""The one form that validates a charter adhesion, from the hosted page or the API.

Both paths feed the same data to `CharterAdhesionForm` and report its errors
through `error_list()`: the same bad input gives the same `field` (the API's
camelCase input name) and the same stable `code` on both.
"""

import re
import unicodedata
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from forms_workflows import guards
from pages.models.snippets import OrganisationKind, Region

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

PHONE_RE = re.compile(r"^\+?[0-9 ().\-]{6,30}$")


# The codes of the field checks every kind's form makes.
FIELD_ERROR_CODES = ("REQUIRED", "INVALID", "INVALID_CHOICE", "MAX_LENGTH", "TOO_MANY")
# Every guard's refusal, read from `GuardCode` so that none is missing from a
# kind's codes (it would reach partners as INVALID); each kind's ERROR_CODES
# includes them all.
GUARD_ERROR_CODES = tuple(
    code for name, code in vars(guards.GuardCode).items() if not name.startswith("_")
)

# Every code an applicant can get back, on either path; anything else is INVALID.
ERROR_CODES = (
    *FIELD_ERROR_CODES,
    *GUARD_ERROR_CODES,
    "UNKNOWN_SITE",
    "NO_CHARTER",
)


@dataclass(frozen=True)
class FieldError:
    field: str | None
    code: str
    message: str


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def error_list(errors, *, known):
    """Flatten a form's (or a ValidationError's) errors, codes upper-cased.

    A code outside `known` (the caller's kind's ERROR_CODES) becomes INVALID, so
    partners only meet documented codes; `known=None` keeps every code.
    """
    if isinstance(errors, ValidationError):
        errors = (
            errors.error_dict
            if hasattr(errors, "error_dict")
            else {None: errors.error_list}
        )
    result = []
    for name, items in errors.items():
        field = None if name in (None, forms.forms.NON_FIELD_ERRORS) else camel(name)
        for error in items:
            message = error.message % error.params if error.params else error.message
            code = (error.code or "invalid").upper()
            if known is not None and code not in known:
                code = "INVALID"
            result.append(FieldError(field, code, str(message)))
    return result


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


def region_choices(regions):
    """The regions as an applicant reads them: in the page's language, alphabetically.

    Accents do not count in the order (Île-de-France among the I's).
    """
    names = {}
    language = translation.get_language()
    translated = Region.objects.filter(
        translation_key__in=[region.translation_key for region in regions],
        locale__language_code=language,
    )
    by_key = {region.translation_key: region.name for region in translated}
    for region in regions:
        names[region.code] = by_key.get(region.translation_key, region.name)

    def unaccented(name):
        decomposed = unicodedata.normalize("NFKD", name.casefold())
        return "".join(char for char in decomposed if not unicodedata.combining(char))

    ordered = sorted(names.items(), key=lambda item: unaccented(item[1]))
    return [("", "—"), *ordered]


# Browsers fill these from the applicant's own details (WCAG 1.3.5).
AUTOCOMPLETE = {
    "organisation_name": "organization",
    "organisation_address": "street-address",
    "website": "url",
    "contact_name": "name",
    "contact_role": "organization-title",
    "contact_email": "email",
    "contact_phone": "tel",
}


def mark_autocomplete(form):
    for name, token in AUTOCOMPLETE.items():
        if name in form.fields:
            form.fields[name].widget.attrs["autocomplete"] = token


class CharterAdhesionForm(forms.Form):
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

    def __init__(self, *args, regions=None, check_guards=True, **kwargs):
        super().__init__(*args, **kwargs)
        from pages.models import Region

        if regions is None:
            regions = Region.objects.filter(locale__language_code="fr")
        self.regions = {region.code: region for region in regions}
        self.fields["region"].choices = region_choices(self.regions.values())
        mark_autocomplete(self)
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

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not PHONE_RE.match(phone):
            raise ValidationError(_("Enter a valid phone number."), code="invalid")
        return phone

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
