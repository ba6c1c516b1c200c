"""Editor-built forms for partners: list, describe, submit, cancel.

`form(site, slug, locale)` answers the same `FormDefinition` as `adhesionForm`,
read from the editor's blocks (`definition_of`): a field added in the admin
changes the answer, never the schema. `submitForm` takes the answers as
`{name, value}` pairs and goes through the same service as the hosted page
(`editor_forms.services.submit`): same guards, same codes. What comes back is
the status and the secret token of the status link, never an answer.
"""

from enum import Enum

import strawberry
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from strawberry.file_uploads import Upload

from forms_workflows import guards
from forms_workflows.editor_forms import services
from forms_workflows.editor_forms.services import listing
from forms_workflows.editor_forms.services.tokens import TOKEN_ERROR_CODES
from forms_workflows.editor_forms.states import PublicStatus
from graphql_api.applications.base import error_type, guarded
from graphql_api.applications.form_definitions import (
    FormChoice,
    FormDefinition,
    FormFieldKind,
    FormStep,
    field,
)
from graphql_api.applications.form_parts import (
    FormBehaviour,
    FormCondition,
    FormEvent,
)
from graphql_api.content.sites import resolve_locale, resolve_site
from graphql_api.core.errors import ApiError, ErrorCode

FORM_ERROR_CODES = tuple(
    dict.fromkeys((*services.ERROR_CODES, *TOKEN_ERROR_CODES, "UNKNOWN_LOCALE"))
)
UNKNOWN_FORM_MESSAGE = _("This network has no form with this name in this language.")

FormSubmissionErrorType = error_type(
    "FormSubmission",
    FORM_ERROR_CODES,
    description="Why an answer to a form was turned away.",
    field_description="The form field at fault (its `name`), null for the whole form.",
    message_description="In the form's language.",
)

FormSubmissionStatus = strawberry.enum(
    Enum(
        "FormSubmissionStatus",
        {
            value: value
            for value in vars(PublicStatus).values()
            if isinstance(value, str) and value.isupper()
        },
    ),
    name="FormSubmissionStatus",
    description="Where an answer stands: CONFIRMED (a place, or a confirmed "
    "sign-up), WAITLISTED, PENDING_CONFIRMATION (until the e-mailed link is "
    "followed), RECEIVED (a survey), CANCELLED, UNSUBSCRIBED.",
)


def _condition(condition):
    if condition is None:
        return None
    return FormCondition(field=condition.field, value=condition.value)


def _date(value):
    return value.isoformat() if value else None


def describe(definition) -> FormDefinition:
    """The API's FormDefinition of an editor's form (a `definition.Definition`)."""
    consent = next((f for f in definition.fields if f.kind == "consent"), None)
    event = definition.event
    return FormDefinition(
        locale=definition.locale,
        fields=[
            field(
                spec.name,
                FormFieldKind(spec.kind),
                spec.label,
                spec.help_text,
                spec.required,
                max_length=spec.max_length,
                max_items=spec.max_items,
                choices=[
                    FormChoice(value=c.value, label=c.label) for c in spec.choices
                ],
                file_types=list(spec.file_types),
                max_file_size=spec.max_file_size,
                step=spec.step,
                condition=_condition(spec.condition),
                min_value=spec.min_value,
                max_value=spec.max_value,
                earliest=_date(spec.earliest),
                latest=_date(spec.latest),
            )
            for spec in definition.fields
        ],
        privacy_notice=definition.privacy_notice,
        consent_text=consent.label if consent else "",
        consent_version=definition.consent_version,
        steps=[
            FormStep(key=s.key, label=s.label, condition=_condition(s.condition))
            for s in definition.steps
        ],
        form_token_min_seconds=definition.extra["form_token_min_seconds"],
        slug=definition.slug,
        title=definition.title,
        behaviour=FormBehaviour(definition.behaviour),
        places=definition.places,
        places_left=definition.places_left,
        waiting_list=definition.waiting_list,
        event=FormEvent(
            title=event.title,
            start=event.start,
            end=event.end,
            place=event.place,
            address=event.address,
            url=event.url,
        )
        if event
        else None,
        opens_at=definition.opens_at,
        closes_at=definition.closes_at,
        anonymous=definition.anonymous,
        invitation_only=definition.invitation_only,
        retention_days=definition.retention_days,
    )


@strawberry.input(name="FormAnswerInput")
class FormAnswerInput:
    name: str = strawberry.field(description="The field's `name`.")
    value: str = strawberry.field(
        description="Text as typed; a date YYYY-MM-DD; yes/no and consent "
        "`true` or `false`; a choice's value. A multiple choice: one pair per "
        "value chosen, with the same name."
    )


@strawberry.input(name="FormFileInput")
class FormFileInput:
    name: str = strawberry.field(description="The file field's `name`.")
    file: Upload = strawberry.field(
        description="Sent by the GraphQL multipart request convention."
    )


@strawberry.input(
    name="SubmitFormInput",
    description="Every answer is checked by the server; errors come back in `errors`.",
)
class SubmitFormInput:
    site: str | None = strawberry.field(
        default=None, description="The network's key; the default site if null."
    )
    form: str = strawberry.field(description="The form's slug, as `forms` lists it.")
    locale: str | None = strawberry.field(
        default=None,
        description="The language of the form answered (and of the e-mails); "
        "the site's by default.",
    )
    answers: list[FormAnswerInput] = strawberry.field(default_factory=list)
    files: list[FormFileInput] = strawberry.field(
        default_factory=list,
        description="One per file field answered (see its `fileTypes`, `maxFileSize`).",
    )
    form_token: str = strawberry.field(
        default="", description="From `formToken`, fetched when the form is shown."
    )
    honeypot: str = strawberry.field(
        default="",
        description="The value of your form's hidden honeypot field, if you have one.",
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Your unique id for this submission (max 100 characters): "
        "a retried request returns the submission it already made; the same "
        "key with other answers is refused (IDEMPOTENCY_KEY_REUSED).",
    )
    invitation: str | None = strawberry.field(
        default=None,
        description="The token of a personal link, for an invitation-only survey.",
    )


@strawberry.type(
    name="FormSubmission", description="An answer to a form, without its contents."
)
class FormSubmissionType:
    reference: str
    status: FormSubmissionStatus
    status_token: str = strawberry.field(
        description="The secret of the person's status link "
        "(`/applications/<token>/` on the network's site) and of "
        "`cancelFormSubmission`. Give it to the person only."
    )


@strawberry.type(name="FormSubmissionPayload")
class FormSubmissionPayload:
    submission: FormSubmissionType | None
    errors: list[FormSubmissionErrorType]


def answers_of(definition, pairs):
    """{name: value}, a list for a multiple choice (one pair per value)."""
    multiple = {f.name for f in definition.fields if f.kind == "multiple_choice"}
    answers = {}
    for pair in pairs:
        if pair.name in multiple:
            answers.setdefault(pair.name, []).append(pair.value)
        else:
            answers[pair.name] = pair.value
    return answers


def payload(result):
    """The status and the secret token, or the typed errors; never an answer."""
    if result.errors or result.submission is None:
        return FormSubmissionPayload(
            submission=None,
            errors=[
                FormSubmissionErrorType.of(e.field, e.code, e.message)
                for e in result.errors
            ],
        )
    return FormSubmissionPayload(
        submission=FormSubmissionType(
            reference=result.submission.reference,
            status=FormSubmissionStatus(result.status),
            status_token=result.submission.status_token,
        ),
        errors=[],
    )


def refusal(field_name, code, message):
    return FormSubmissionPayload(
        submission=None, errors=[FormSubmissionErrorType.of(field_name, code, message)]
    )


def _form_of(info, site, slug, locale):
    """(network, the form page or None) for `site`, `slug` and `locale`."""
    network = resolve_site(info, site)
    page = listing.find_form(network.site, slug, resolve_locale(info, network, locale))
    return network, page


@strawberry.type
class Query:
    @strawberry.field(
        description="The network's forms open today (registrations, surveys, "
        "sign-ups), in `locale`; each as `form` describes it."
    )
    def forms(
        self, info: strawberry.Info, site: str | None = None, locale: str | None = None
    ) -> list[FormDefinition]:
        # Places left change with every registration, not with a publish.
        info.context.private = True
        network = resolve_site(info, site)
        found = resolve_locale(info, network, locale)
        return [
            describe(services.definition_of(page))
            for page in listing.open_forms(network.site, found)
        ]

    @strawberry.field(
        description="An editor-built form of the network, to render it: "
        "`submitForm` accepts exactly these fields, steps and conditions; null "
        "if no public form has this slug in this language. A closed form is "
        "still described (see `opensAt`, `closesAt`)."
    )
    def form(
        self,
        info: strawberry.Info,
        slug: str,
        site: str | None = None,
        locale: str | None = None,
    ) -> FormDefinition | None:
        info.context.private = True  # places left: see `forms`
        _network, page = _form_of(info, site, slug, locale)
        return describe(services.definition_of(page)) if page else None

    @strawberry.field(
        description="A signed token to send back with `submitForm`; fetch one "
        "each time the form is shown (valid from a few seconds to 24 hours)."
    )
    def form_token(
        self, info: strawberry.Info, form: str, site: str | None = None
    ) -> str:
        info.context.private = True  # one token per form shown: never cached
        resolve_site(info, site)
        return guards.issue_form_token()


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Answer an editor-built form: register, reply to a survey, "
        "sign up. `errors` is empty on success; keep `statusToken` for the "
        "person (their status and cancellation link)."
    )
    def submit_form(
        self, info: strawberry.Info, input: SubmitFormInput
    ) -> FormSubmissionPayload:
        try:
            scope = guarded(info, input.site)
            _network, page = _form_of(info, input.site, input.form, input.locale)
        except ApiError as error:
            if error.code == ErrorCode.UNKNOWN_LOCALE:
                return refusal("locale", "UNKNOWN_LOCALE", error.message)
            return refusal("site", "UNKNOWN_SITE", error.message)
        if page is None:
            return refusal("form", "UNKNOWN_FORM", UNKNOWN_FORM_MESSAGE)
        with translation.override(page.locale.language_code):
            definition = services.definition_of(page)
            result = services.submit(
                page,
                answers_of(definition, input.answers),
                files={item.name: item.file for item in input.files} or None,
                form_token=input.form_token,
                honeypot=input.honeypot,
                idempotency_key=input.idempotency_key,
                invitation=input.invitation,
                caller=scope.caller,
            )
            return payload(result)

    @strawberry.mutation(
        description="Cancel a registration with the secret token of its status "
        "link: the place goes to the first person waiting, who is told."
    )
    def cancel_form_submission(
        self, info: strawberry.Info, token: str
    ) -> FormSubmissionPayload:
        info.context.private = True  # a person's own answer
        submission = services.find_submission(token)
        language = submission.language if submission else translation.get_language()
        with translation.override(language):
            return payload(services.cancel(token))
