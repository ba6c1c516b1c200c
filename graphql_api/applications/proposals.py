"""ÉcoQuartier project proposals: the draft and submit mutations, and the public record.

The mutations feed the same Django form and service as the hosted pages
(`forms_workflows.proposals.services.save_draft`), so a bad input gives the
same `field` and `code` on both paths. Files come by the GraphQL multipart
request convention. `projects` lists labelled projects with public fields only.
"""

import strawberry
from django.core.exceptions import ValidationError
from strawberry.file_uploads import Upload

from forms_workflows import guards
from forms_workflows.proposals import services
from forms_workflows.proposals.forms import ERROR_CODES
from forms_workflows.proposals.validation import missing_items
from forms_workflows.proposals.workflow import ProposalStatus
from graphql_api.applications.base import (
    ApplicationMutation,
    error_type,
    history,
    status_enum,
    status_step_type,
)
from graphql_api.content.choices import (
    LanguageEnum,
    LeadingBodyKindEnum,
    ProjectContextEnum,
    deprecated_for,
    value_of,
)

ProjectProposalErrorType = error_type(
    "ProjectProposal",
    ERROR_CODES,
    description="Why a project proposal was turned away.",
    field_description="The input field at fault (camelCase; `answers.<number>.answer` "
    "or `answers.<number>.selfAssessment` for a commitment), null for the "
    "whole proposal.",
)

ProposalStatusEnum = status_enum(
    "ProjectProposalStatus", ProposalStatus, "Where a project proposal stands."
)


@strawberry.type(
    name="ProjectProposal",
    description="The applicant's own proposal; `token` is its secret: keep it.",
)
class ProjectProposalType:
    reference: str
    status: ProposalStatusEnum
    token: str = strawberry.field(
        description="Send it back to continue the draft or to submit it."
    )


ProjectProposalStep = status_step_type("ProjectProposalStep", ProposalStatusEnum)


@strawberry.type(
    name="ProjectProposalStatusReport",
    description="What the applicant's private page shows, without personal data.",
)
class ProjectProposalStatusReport:
    reference: str
    project_name: str
    stage: int
    status: ProposalStatusEnum
    status_label: str
    editable: bool = strawberry.field(
        description="Whether the draft (or the changes asked for) may be sent."
    )
    history: list[ProjectProposalStep]
    missing: list[ProjectProposalErrorType] = strawberry.field(
        description="What `submitProjectProposal` would still refuse, if editable."
    )


@strawberry.type(name="ProjectProposalPayload")
class ProjectProposalPayload:
    proposal: ProjectProposalType | None
    errors: list[ProjectProposalErrorType]


@strawberry.input(name="ProposalAnswerInput")
class ProposalAnswerInput:
    commitment: int = strawberry.field(description="The commitment's number.")
    answer: str = ""
    self_assessment: int | None = strawberry.field(
        default=None, description="From 0 to 3."
    )


@strawberry.input(
    name="ProjectProposalInput",
    description="A draft may be incomplete; `submitProjectProposal` lists every "
    "missing item in `errors`.",
)
class ProjectProposalInput:
    token: str | None = strawberry.field(
        default=None, description="The secret of a draft to continue."
    )
    previous_token: str | None = strawberry.field(
        default=None,
        description="The secret of the project's earlier proposal, to apply for "
        "its next stage.",
    )
    site: str | None = None
    year: int | None = strawberry.field(
        default=None, description="The campaign; the one open today if null."
    )
    email_language: LanguageEnum | None = strawberry.field(
        default=None,
        description="The language of the e-mails; the site's by default.",
    )
    language: str | None = strawberry.field(
        default=None, deprecation_reason=deprecated_for("emailLanguage")
    )
    project_name: str = ""
    commune: str = ""
    region: str = strawberry.field(default="", description="A region's code.")
    project_context: ProjectContextEnum | None = None
    context: str = strawberry.field(
        default="",
        description="urban, suburban, rural.",
        deprecation_reason=deprecated_for("projectContext"),
    )
    area_hectares: float | None = None
    homes: int | None = None
    leading_body: str = ""
    leading_body_type: LeadingBodyKindEnum | None = None
    leading_body_kind: str = strawberry.field(
        default="",
        description="municipality, intercommunality, public_development_body, "
        "development_company, association, collective or citizens.",
        deprecation_reason=deprecated_for("leadingBodyType"),
    )
    stage: int | None = strawberry.field(default=None, description="From 1 to 4.")
    presentation_note: str = ""
    contact_name: str = ""
    contact_role: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    consent: bool = False
    answers: list[ProposalAnswerInput] = strawberry.field(default_factory=list)
    plan: Upload | None = strawberry.field(default=None, description="A PDF.")
    charter: Upload | None = strawberry.field(
        default=None, description="The signed charter, a PDF (stage 1)."
    )
    illustrations: list[Upload] = strawberry.field(
        default_factory=list, description="JPEG, PNG or WebP images."
    )
    form_token: str = strawberry.field(
        default="", description="From `projectProposalFormToken` (new drafts)."
    )
    honeypot: str = ""
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Your unique id for a new draft (max 100 characters): a "
        "retried request returns the proposal it already made for you; the same "
        "key with another input is refused (IDEMPOTENCY_KEY_REUSED).",
    )


def form_data(data: ProjectProposalInput, language):
    values = {
        name: getattr(data, name)
        for name in (
            "project_name",
            "commune",
            "region",
            "context",
            "leading_body",
            "leading_body_kind",
            "presentation_note",
            "contact_name",
            "contact_role",
            "contact_email",
            "contact_phone",
            "consent",
            "form_token",
        )
    }
    for typed, name in (
        ("project_context", "context"),
        ("leading_body_type", "leading_body_kind"),
    ):
        if getattr(data, typed) is not None:
            values[name] = value_of(getattr(data, typed))
    for name in ("area_hectares", "homes", "stage"):
        value = getattr(data, name)
        values[name] = "" if value is None else str(value)
    values["answers"] = {
        item.commitment: {
            "answer": item.answer,
            "self_assessment": item.self_assessment,
        }
        for item in data.answers
    }
    values[guards.HONEYPOT_FIELD] = data.honeypot
    values["language"] = language
    return values


def uploads_of(data: ProjectProposalInput):
    uploads = {
        "plan": [data.plan] if data.plan else [],
        "charter": [data.charter] if data.charter else [],
        "illustration": list(data.illustrations),
    }
    return {kind: items for kind, items in uploads.items() if items}


# The form's field -> the typed input field that replaces the deprecated String.
TYPED_FIELDS = {
    "context": ("projectContext", "context"),
    "leadingBodyKind": ("leadingBodyType", "leading_body_kind"),
    "language": ("emailLanguage", "language"),
}


class SaveProjectProposal(ApplicationMutation):
    error_type = ProjectProposalErrorType
    payload_type, answer_field = ProjectProposalPayload, "proposal"
    typed_fields = TYPED_FIELDS

    @classmethod
    def perform(cls, input, language, scope, submit=False):
        values = form_data(input, language)
        if input.token:
            # Continuing a draft: what the partner leaves empty keeps its stored value.
            draft = services.find_by_token(input.token)
            if draft is not None:
                if (value_of(input.email_language) or input.language) is None:
                    values["language"] = ""
                values = services.overlay(draft, values)
        outcome = services.save_draft(
            values,
            uploads_of(input),
            token=input.token,
            previous_token=input.previous_token,
            year=input.year,
            site=scope.network.site,
            caller=scope.caller,
            idempotency_key=input.idempotency_key,
            submit=submit,
        )
        return outcome.proposal, outcome.errors

    @classmethod
    def answer(cls, proposal):
        return ProjectProposalType(
            reference=proposal.reference,
            status=ProposalStatusEnum(proposal.status),
            token=proposal.status_token,
        )


@strawberry.type
class Query:
    @strawberry.field(
        description="A signed token to send back with a new proposal's first "
        "`saveProjectProposalDraft` (valid from 3 seconds to 24 hours)."
    )
    def project_proposal_form_token(self, info: strawberry.Info) -> str:
        info.context.private = True
        return guards.issue_form_token()

    @strawberry.field(
        description="Where a proposal stands, from its secret token; null if unknown."
    )
    def project_proposal(
        self, info: strawberry.Info, token: str
    ) -> ProjectProposalStatusReport | None:
        info.context.private = True  # the applicant's own, and it changes
        proposal = services.find_by_token(token)
        if proposal is None:
            return None
        workflow = proposal.workflow
        missing = missing_items(proposal) if proposal.is_editable else {}
        return ProjectProposalStatusReport(
            reference=proposal.reference,
            project_name=proposal.project_name,
            stage=proposal.stage,
            status=ProposalStatusEnum(proposal.status),
            status_label=str(workflow.state_label(proposal.status)),
            editable=proposal.is_editable,
            history=history(proposal, ProjectProposalStep, ProposalStatusEnum),
            missing=[
                ProjectProposalErrorType.of(e.field, e.code, e.message)
                for e in services.errors_of(ValidationError(missing))
            ]
            if missing
            else [],
        )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Start or continue an ÉcoQuartier project proposal's draft; "
        "incomplete answers are kept. Files by the GraphQL multipart request "
        "convention."
    )
    def save_project_proposal_draft(
        self, info: strawberry.Info, input: ProjectProposalInput
    ) -> ProjectProposalPayload:
        return SaveProjectProposal.mutate(info, input, submit=False)

    @strawberry.mutation(
        description="Save what is given and send the proposal; if anything is "
        "missing, nothing is kept and `errors` lists every missing item."
    )
    def submit_project_proposal(
        self, info: strawberry.Info, input: ProjectProposalInput
    ) -> ProjectProposalPayload:
        return SaveProjectProposal.mutate(info, input, submit=True)
