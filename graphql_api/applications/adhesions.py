"""Charter adhesions: the mutation partner sites call, the token and the status query.

The mutation feeds the same Django form as the hosted page
(`forms_workflows.forms.CharterAdhesionForm`), so a bad input gives the same
`field` and `code` on both paths. No personal data is ever returned.
"""

import strawberry
from django.core.exceptions import ValidationError

from forms_workflows import guards
from forms_workflows.adhesions.forms import APPLICANT_FIELDS, ERROR_CODES
from forms_workflows.adhesions.services import NO_CHARTER_MESSAGE, submit_adhesion
from forms_workflows.adhesions.states import AdhesionStatus
from forms_workflows.models import CharterAdhesion
from forms_workflows.registry import find_by_status_token
from graphql_api.applications.base import (
    ApplicationMutation,
    error_type,
    history,
    status_enum,
    status_step_type,
)
from graphql_api.content.choices import (
    LanguageEnum,
    OrganisationKindEnum,
    deprecated_for,
    value_of,
)
from pages.models import CharterPage

CharterAdhesionErrorType = error_type(
    "CharterAdhesion",
    ERROR_CODES,
    description="Why a charter adhesion was turned away.",
    field_description="The input field at fault (camelCase), null for the whole form.",
    message_description="In the requested language.",
)

ApplicationStatusEnum = status_enum(
    "ApplicationStatusValue", AdhesionStatus, "Where an application stands."
)


@strawberry.type(
    name="CharterAdhesion", description="An application, without any personal data."
)
class CharterAdhesionType:
    reference: str
    status: ApplicationStatusEnum


@strawberry.type(name="CharterAdhesionPayload")
class CharterAdhesionPayload:
    adhesion: CharterAdhesionType | None
    errors: list[CharterAdhesionErrorType]


@strawberry.input(name="PlanCategoryInput")
class PlanCategoryInput:
    title: str = ""
    actions: list[str] = strawberry.field(default_factory=list)


@strawberry.input(
    name="CharterAdhesionInput",
    description="Every field is checked by the server; errors come back in `errors`.",
)
class CharterAdhesionInput:
    site: str | None = strawberry.field(
        default=None, description="The network's key; the default site if null."
    )
    email_language: LanguageEnum | None = strawberry.field(
        default=None,
        description="The language of the e-mails; the site's by default.",
    )
    language: str | None = strawberry.field(
        default=None,
        description="fr or en.",
        deprecation_reason=deprecated_for("emailLanguage"),
    )
    organisation_name: str = ""
    organisation_type: OrganisationKindEnum | None = None
    organisation_kind: str = strawberry.field(
        default="",
        description="state_service, local_authority, social_landlord, "
        "association, company or network.",
        deprecation_reason=deprecated_for("organisationType"),
    )
    organisation_address: str = ""
    region: str = strawberry.field(default="", description="A region's code.")
    website: str = ""
    registration_number: str = ""
    contact_name: str = ""
    contact_role: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    collaboration_plan: list[PlanCategoryInput] = strawberry.field(
        default_factory=list,
        description="Categories (the charter's proposed ones or your own), "
        "each with at least one action.",
    )
    consent: bool = strawberry.field(
        default=False, description="The applicant accepted the privacy notice."
    )
    form_token: str = strawberry.field(
        default="",
        description="From `adhesionFormToken`, fetched when the form is shown.",
    )
    honeypot: str = strawberry.field(
        default="",
        description="The value of your form's hidden honeypot field, if you have one.",
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Your unique id for this submission (max 100 characters): "
        "a retried request returns the application it already made for you; "
        "the same key with another input is refused (IDEMPOTENCY_KEY_REUSED).",
    )


ApplicationStatusStep = status_step_type("ApplicationStatusStep", ApplicationStatusEnum)


@strawberry.type(name="ApplicationStatus", description="What the status page shows.")
class ApplicationStatusType:
    reference: str
    kind: str
    organisation_name: str
    status: ApplicationStatusEnum
    status_label: str
    history: list[ApplicationStatusStep]


def charter_page_of(network):
    return (
        CharterPage.objects.live()
        .descendant_of(network.site.root_page)
        .order_by("path")
        .first()
    )


def form_data(data: CharterAdhesionInput, language):
    values = {
        name: getattr(data, name)
        for name in (*APPLICANT_FIELDS, "consent", "form_token")
    }
    if data.organisation_type is not None:
        values["organisation_kind"] = value_of(data.organisation_type)
    values["collaboration_plan"] = [
        {"title": item.title, "actions": list(item.actions)}
        for item in data.collaboration_plan
    ]
    values[guards.HONEYPOT_FIELD] = data.honeypot
    values["language"] = language
    return values


# The form's field -> the typed input field that replaces the deprecated String.
TYPED_FIELDS = {
    "organisationKind": ("organisationType", "organisation_kind"),
    "language": ("emailLanguage", "language"),
}


@strawberry.type
class Query:
    @strawberry.field(
        description="A signed token to send back with `submitCharterAdhesion`; "
        "fetch one each time the form is shown (valid from 3 seconds to 24 hours)."
    )
    def adhesion_form_token(self, info: strawberry.Info) -> str:
        info.context.private = True  # one token per form shown: never cached
        return guards.issue_form_token()

    @strawberry.field(
        description="Where an application stands, from the secret token of the "
        "applicant's status link; null if the token is unknown."
    )
    def application_status(
        self, info: strawberry.Info, token: str
    ) -> ApplicationStatusType | None:
        info.context.private = True  # the applicant's own, and it changes
        application = find_by_status_token(token)
        # A kind with its own status page has its own query (projectProposal).
        if not isinstance(application, CharterAdhesion):
            return None
        workflow = application.workflow
        return ApplicationStatusType(
            reference=application.reference,
            kind="charter_adhesion",
            organisation_name=application.organisation_name,
            status=ApplicationStatusEnum(application.status),
            status_label=str(workflow.state_label(application.status)),
            history=history(application, ApplicationStatusStep, ApplicationStatusEnum),
        )


class SubmitCharterAdhesion(ApplicationMutation):
    error_type = CharterAdhesionErrorType
    payload_type, answer_field = CharterAdhesionPayload, "adhesion"
    typed_fields = TYPED_FIELDS

    @classmethod
    def perform(cls, input, language, scope):
        charter_page = charter_page_of(scope.network)
        if charter_page is None:
            raise ValidationError(
                {"site": ValidationError(NO_CHARTER_MESSAGE, code="NO_CHARTER")}
            )
        submission = submit_adhesion(
            form_data(input, language),
            charter_page=charter_page,
            caller=scope.caller,
            idempotency_key=input.idempotency_key,
        )
        return submission.adhesion, submission.errors

    @classmethod
    def answer(cls, adhesion):
        return CharterAdhesionType(
            reference=adhesion.reference, status=ApplicationStatusEnum(adhesion.status)
        )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Apply to sign a network's partners' charter. The applicant "
        "receives an e-mail to confirm the address; `errors` is empty on success."
    )
    def submit_charter_adhesion(
        self, info: strawberry.Info, input: CharterAdhesionInput
    ) -> CharterAdhesionPayload:
        return SubmitCharterAdhesion.mutate(info, input)
