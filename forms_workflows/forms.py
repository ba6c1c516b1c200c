"""What every kind's form shares: field errors with stable codes, phone, regions.

Both paths of a kind (the hosted page and the API) feed the same data to the
kind's Django form and report its errors through `error_list()`: the same bad
input gives the same `field` (the API's camelCase input name) and the same
stable `code` on both. Each kind builds its `ERROR_CODES` from the codes here.
"""

import re
import unicodedata
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from forms_workflows import guards
from pages.models.snippets import Region

PHONE_RE = re.compile(r"^\+?[0-9 ().\-]{6,30}$")


# The codes of the field checks every kind's form makes.
FIELD_ERROR_CODES = ("REQUIRED", "INVALID", "INVALID_CHOICE", "MAX_LENGTH", "TOO_MANY")
# Every guard's refusal, read from `GuardCode` so that none is missing from a
# kind's codes (it would reach partners as INVALID); each kind's ERROR_CODES
# includes them all.
GUARD_ERROR_CODES = tuple(
    code for name, code in vars(guards.GuardCode).items() if not name.startswith("_")
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


class ApplicantForm(forms.Form):
    """What every kind's form does: the regions in the reader's language, the
    browser's autofill of the applicant's details, a checked phone number.

    A subclass declares `region` and `contact_phone` fields.
    """

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is None:
            regions = Region.objects.filter(locale__language_code="fr")
        self.regions = {region.code: region for region in regions}
        self.fields["region"].choices = region_choices(self.regions.values())
        mark_autocomplete(self)

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not PHONE_RE.match(phone):
            raise ValidationError(_("Enter a valid phone number."), code="invalid")
        return phone
