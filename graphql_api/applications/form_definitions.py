"""The adhesion and proposal forms described for partners who render them.

Each description is read from the Django form that validates submissions on
both paths (`CharterAdhesionForm`, `ProposalDraftForm`), so the fields, the
labels, the lengths and the choices cannot drift from what the server accepts.
A choice whose input is a GraphQL enum is described by the enum's value.
"""

from datetime import datetime
from enum import Enum

import strawberry
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from forms_workflows import forms as shared_forms
from forms_workflows import guards
from forms_workflows.adhesions import forms as adhesion_forms
from forms_workflows.proposals import files
from forms_workflows.proposals import forms as proposal_forms
from forms_workflows.proposals.services import open_campaign
from forms_workflows.proposals.steps import steps_of
from graphql_api.applications.form_parts import (
    FormBehaviour,
    FormCondition,
    FormEvent,
)
from graphql_api.content.sites import resolve_locale, resolve_site
from pages.models import Region

PRIVACY_NOTICE = _(
    "The network uses the data of this form only to review the application "
    "and to contact you about it. They are never published: only the "
    "organisation's public details appear once the application is approved. "
    "Personal data are erased once the application is closed, after the "
    "retention period."
)


@strawberry.enum(name="FormFieldKind", description="How a form field is entered.")
class FormFieldKind(Enum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    EMAIL = "email"
    PHONE = "phone"
    URL = "url"
    INTEGER = "integer"
    DECIMAL = "decimal"
    CHOICE = "choice"
    MULTIPLE_CHOICE = "multiple_choice"
    BOOLEAN = "boolean"
    FILE = "file"
    TEXT_LIST = "text_list"
    GROUP_LIST = "group_list"
    # editor-built forms
    DATE = "date"
    CONSENT = "consent"


@strawberry.type(name="FormChoice")
class FormChoice:
    value: str = strawberry.field(description="What to send in the input field.")
    label: str


@strawberry.type(name="FormField", description="One input field, in form order.")
class FormField:
    name: str = strawberry.field(description="The input field's name (camelCase).")
    kind: FormFieldKind
    label: str
    help_text: str
    required: bool = strawberry.field(
        description="Required to send the form (a proposal's draft may wait)."
    )
    max_length: int | None
    max_items: int | None = strawberry.field(
        description="For lists and multiple files: how many at most."
    )
    choices: list[FormChoice]
    file_types: list[str] = strawberry.field(description="Accepted MIME types.")
    max_file_size: int | None = strawberry.field(description="In bytes.")
    fields: list["FormField"] = strawberry.field(
        description="For a list of groups: the fields of each group."
    )
    # Editor-built forms (`form`); null on the built-in forms.
    step: str | None = strawberry.field(
        default=None, description="The key of the step the field is in."
    )
    condition: FormCondition | None = None
    min_value: int | None = None
    max_value: int | None = None
    earliest: str | None = strawberry.field(
        default=None, description="The earliest date accepted (YYYY-MM-DD)."
    )
    latest: str | None = strawberry.field(
        default=None, description="The latest date accepted (YYYY-MM-DD)."
    )


@strawberry.type(name="FormStep")
class FormStep:
    key: str
    label: str
    condition: FormCondition | None = strawberry.field(
        default=None, description="The whole step is shown only then."
    )


@strawberry.type(name="FormDefinition", description="What a partner must render.")
class FormDefinition:
    locale: str = strawberry.field(description="The language of the labels.")
    fields: list[FormField]
    privacy_notice: str
    consent_text: str
    consent_version: str
    steps: list[FormStep] = strawberry.field(
        description="The steps of a form shown in several pages, in order."
    )
    form_token_min_seconds: int = strawberry.field(
        description="A form sent sooner after its token was issued is refused "
        "(FORM_TOO_FAST)."
    )
    # Editor-built forms' own (`form`, `forms`); null or empty on the built-in ones.
    slug: str | None = None
    title: str | None = None
    behaviour: FormBehaviour | None = None
    places: int | None = strawberry.field(
        default=None, description="A registration's places; null: no limit."
    )
    places_left: int | None = strawberry.field(
        default=None,
        description="The places still free; null: no limit. At 0 with "
        "`waitingList`, new registrations wait (WAITLISTED).",
    )
    waiting_list: bool = False
    event: FormEvent | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = strawberry.field(
        default=None,
        description="When answers stop: the closing date, or the event's start "
        "if sooner.",
    )
    anonymous: bool = strawberry.field(
        default=False, description="No address nor identity is stored."
    )
    invitation_only: bool = strawberry.field(
        default=False, description="Answered only through a personal link."
    )
    retention_days: int | None = None


def field(name, kind, label="", help_text="", required=False, **extra):
    values = {
        "max_length": None,
        "max_items": None,
        "choices": [],
        "file_types": [],
        "max_file_size": None,
        "fields": [],
    }
    values.update(extra)
    return FormField(
        name=name,
        kind=kind,
        label=str(label),
        help_text=str(help_text),
        required=required,
        **values,
    )


def kind_of(name, form_field):
    if isinstance(form_field, forms.BooleanField):
        return FormFieldKind.BOOLEAN
    if isinstance(form_field, forms.MultipleChoiceField):
        return FormFieldKind.MULTIPLE_CHOICE
    if isinstance(form_field, forms.ChoiceField):
        return FormFieldKind.CHOICE
    if isinstance(form_field, forms.EmailField):
        return FormFieldKind.EMAIL
    if isinstance(form_field, forms.URLField):
        return FormFieldKind.URL
    if isinstance(form_field, forms.IntegerField):
        return FormFieldKind.INTEGER
    if isinstance(form_field, forms.DecimalField):
        return FormFieldKind.DECIMAL
    if name.endswith("_phone"):
        return FormFieldKind.PHONE  # checked by the form's clean_<name>
    if isinstance(form_field.widget, forms.Textarea):
        return FormFieldKind.LONG_TEXT
    return FormFieldKind.TEXT


def describe(form, skip, typed, groups):
    """Describe `form`'s fields in order.

    `typed` maps a form field to its typed input field (whose choices are enum
    values); `groups` maps a form field to the description of its list.
    """
    result = []
    for name, form_field in form.fields.items():
        if name in skip:
            continue
        if name in groups:
            result.append(groups[name](form_field))
            continue
        kind = kind_of(name, form_field)
        input_name = typed.get(name, shared_forms.camel(name))
        choices = []
        if kind in (FormFieldKind.CHOICE, FormFieldKind.MULTIPLE_CHOICE):
            choices = [
                FormChoice(
                    value=str(value).upper() if name in typed else str(value),
                    label=str(label),
                )
                for value, label in form_field.choices
                if value != ""
            ]
        result.append(
            field(
                input_name,
                kind,
                form_field.label,
                form_field.help_text,
                form_field.required,
                max_length=getattr(form_field, "max_length", None),
                choices=choices,
            )
        )
    return result


def collaboration_plan(form_field):
    return field(
        "collaborationPlan",
        FormFieldKind.GROUP_LIST,
        form_field.label,
        required=True,
        max_items=adhesion_forms.MAX_CATEGORIES,
        fields=[
            field(
                "title",
                FormFieldKind.TEXT,
                _("Title"),
                required=True,
                max_length=adhesion_forms.MAX_TITLE_LENGTH,
            ),
            field(
                "actions",
                FormFieldKind.TEXT_LIST,
                _("Actions"),
                required=True,
                max_length=adhesion_forms.MAX_ACTION_LENGTH,
                max_items=adhesion_forms.MAX_ACTIONS,
            ),
        ],
    )


def answers(form_field):
    return field(
        "answers",
        FormFieldKind.GROUP_LIST,
        _("Answers to the référentiel's commitments"),
        help_text=_("One group per commitment of the campaign's référentiel."),
        fields=[
            field("commitment", FormFieldKind.INTEGER, _("Commitment"), True),
            field(
                "answer",
                FormFieldKind.LONG_TEXT,
                _("Answer"),
                max_length=proposal_forms.MAX_ANSWER_LENGTH,
            ),
            field(
                "selfAssessment",
                FormFieldKind.CHOICE,
                _("Self-assessment"),
                help_text=_("A score from 0 to 3."),
                choices=[FormChoice(value=str(n), label=str(n)) for n in range(4)],
            ),
        ],
    )


def file_fields():
    return [
        field(
            "plan",
            FormFieldKind.FILE,
            _("Plan"),
            file_types=list(files.ALLOWED_TYPES["plan"]),
            max_file_size=files.max_file_size(),
        ),
        field(
            "charter",
            FormFieldKind.FILE,
            _("Signed charter"),
            help_text=_("Stage 1."),
            file_types=list(files.ALLOWED_TYPES["charter"]),
            max_file_size=files.max_file_size(),
        ),
        field(
            "illustrations",
            FormFieldKind.FILE,
            _("Illustrations"),
            max_items=files.MAX_ILLUSTRATIONS,
            file_types=list(files.ALLOWED_TYPES["illustration"]),
            max_file_size=files.max_file_size(),
        ),
    ]


def regions_in(locale):
    """The regions the form accepts (by code), named in `locale` where translated."""
    names = dict(
        Region.objects.filter(locale__language_code=locale.language_code).values_list(
            "code", "name"
        )
    )
    regions = list(Region.objects.filter(locale__language_code="fr"))
    for region in regions:
        region.name = names.get(region.code, region.name)
    return regions


ADHESION_TYPED = {"organisation_kind": "organisationType", "language": "emailLanguage"}
PROPOSAL_TYPED = {
    "context": "projectContext",
    "leading_body_kind": "leadingBodyType",
    "language": "emailLanguage",
}


def adhesion_form(locale) -> FormDefinition:
    with translation.override(locale.language_code):
        form = adhesion_forms.CharterAdhesionForm(regions=regions_in(locale))
        return FormDefinition(
            locale=locale.language_code,
            fields=describe(
                form,
                skip={"form_token", guards.HONEYPOT_FIELD},
                typed=ADHESION_TYPED,
                groups={"collaboration_plan": collaboration_plan},
            ),
            privacy_notice=str(PRIVACY_NOTICE),
            consent_text=str(adhesion_forms.CONSENT_TEXT),
            consent_version=adhesion_forms.CONSENT_VERSION,
            steps=[],
            form_token_min_seconds=guards.form_token_min_seconds(),
        )


def proposal_form(locale) -> FormDefinition:
    with translation.override(locale.language_code):
        form = proposal_forms.ProposalDraftForm(regions=regions_in(locale))
        campaign = open_campaign()
        return FormDefinition(
            locale=locale.language_code,
            fields=describe(
                form, skip=set(), typed=PROPOSAL_TYPED, groups={"answers": answers}
            )
            + file_fields(),
            privacy_notice=str(PRIVACY_NOTICE),
            consent_text=str(proposal_forms.CONSENT_TEXT),
            consent_version=proposal_forms.CONSENT_VERSION,
            steps=[
                FormStep(key=key, label=str(label))
                for key, label in (steps_of(campaign) if campaign else [])
            ],
            form_token_min_seconds=guards.form_token_min_seconds(),
        )


@strawberry.type
class Query:
    @strawberry.field(
        description="The charter adhesion form of a network, to render it: "
        "`submitCharterAdhesion` accepts exactly these fields and choices."
    )
    def adhesion_form(
        self, info: strawberry.Info, site: str | None = None, locale: str | None = None
    ) -> FormDefinition:
        network = resolve_site(info, site)
        return adhesion_form(resolve_locale(info, network, locale))

    @strawberry.field(
        description="The ÉcoQuartier project proposal form of a network, with the "
        "steps of the campaign open today: `saveProjectProposalDraft` accepts "
        "exactly these fields and choices."
    )
    def project_proposal_form(
        self, info: strawberry.Info, site: str | None = None, locale: str | None = None
    ) -> FormDefinition:
        network = resolve_site(info, site)
        return proposal_form(resolve_locale(info, network, locale))
