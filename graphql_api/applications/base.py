"""One base for the application mutations, as Saleor's `BaseMutation`.

A kind (`adhesions`, `proposals`) declares its error type, its payload and
the call to its service; `ApplicationMutation.mutate` does the rest, the same
way for every kind:

- the answer is marked private (an applicant's, never cached);
- the target network is resolved (an unknown one: `UNKNOWN_SITE` on `site`);
- the caller is named: the network and the client (its address, or the
  partner's API key). The services scope their idempotency keys and rate
  limits by it, so two partners, or two applicants, never see each other's
  applications through a shared key;
- messages are in the applicant's chosen language;
- the service's field errors, and a `ValidationError` it raises, become the
  kind's typed errors `{field, code, message}`, each field named as the
  partner sent it (the typed input field, or the deprecated one they used).
"""

from dataclasses import dataclass
from enum import Enum

import strawberry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from forms_workflows.forms import error_list
from forms_workflows.guards import Caller
from graphql_api.content.choices import sent_field, value_of
from graphql_api.content.sites import NetworkSite, resolve_site
from graphql_api.core.errors import ApiError

# The API's own refusal, besides the codes of each kind's form.
API_ERROR_CODES = ("UNKNOWN_SITE",)


@dataclass(frozen=True)
class Guarded:
    network: NetworkSite
    caller: Caller


def guarded(info, site: str | None) -> Guarded:
    """Resolve the target network and the caller; raise ApiError (UNKNOWN_SITE)."""
    info.context.private = True  # an applicant's answer: never cached
    network = resolve_site(info, site)
    request = info.context.request
    access = getattr(request, "api_access", None)
    if access is not None:
        # A partner's key: its submissions count against the key's quota.
        caller = Caller(
            site_id=network.site.pk,
            client=f"key:{access.public_id}",
            quota=access.submission_quota,
        )
    else:
        caller = Caller.from_request(request, network.site)
    return Guarded(network=network, caller=caller)


def message_language(language: str | None) -> str:
    """The applicant's chosen language, which is also the language of the messages."""
    return (
        language if language in dict(settings.LANGUAGES) else translation.get_language()
    )


def error_type(
    name, codes, *, description, field_description, message_description=None
):
    """A kind's error type `<name>Error` and its codes enum `<name>ErrorCode`.

    The codes are the kind's form's, plus the API's own (listed once, above).
    """
    code_enum = strawberry.enum(
        Enum(f"{name}ErrorCode", {code: code for code in (*codes, *API_ERROR_CODES)}),
        description=description,
    )

    @strawberry.type(name=f"{name}Error")
    class KindError:
        field: str | None = strawberry.field(description=field_description)
        code: code_enum
        message: str = strawberry.field(description=message_description)

        @classmethod
        def of(cls, field, code, message):
            return cls(field=field, code=code_enum(code), message=str(message))

    return KindError


def status_enum(name, statuses, description):
    """A kind's states as a GraphQL enum: `SUBMITTED: "submitted"`, …"""
    return strawberry.enum(
        Enum(name, {value.upper(): value for value in statuses.values}),
        name=name,
        description=description,
    )


def status_step_type(name, states):
    """A step of an application's public history, typed with the kind's states."""

    @strawberry.type(name=name)
    class StatusStep:
        status: states
        label: str
        at: str = strawberry.field(description="ISO 8601 date and time.")
        comment: str = strawberry.field(description="The reviewers' public comment.")

    return StatusStep


def history(application, step_type, status):
    """The steps an applicant may see, oldest first (`public_history` leaves notes out)."""
    workflow = application.workflow
    return [
        step_type(
            status=status(step["to_status"]),
            label=str(workflow.state_label(step["to_status"])),
            at=step["created_at"].isoformat(),
            comment=step["comment"],
        )
        for step in application.public_history()
    ]


class ApplicationMutation:
    """What every application mutation does; a kind declares the rest.

    A subclass sets `error_type` (from `error_type()`), its payload type and
    the payload's field for the application (`answer_field`), `typed_fields`
    (a form field -> (typed input field, deprecated input attribute)), and
    defines `perform` (call the kind's service) and `answer` (what the
    applicant gets back of the application: never personal data).
    """

    error_type: type
    payload_type: type
    answer_field: str
    typed_fields: dict = {}

    @classmethod
    def perform(cls, input, language, scope: Guarded, **options):
        """Call the kind's service; return (application or None, field errors)."""
        raise NotImplementedError

    @classmethod
    def answer(cls, application):
        raise NotImplementedError

    @classmethod
    def payload(cls, application, errors):
        answer = cls.answer(application) if application is not None else None
        return cls.payload_type(**{cls.answer_field: answer}, errors=errors)

    @classmethod
    def mutate(cls, info, input, **options):
        chosen = value_of(input.email_language) or input.language
        with translation.override(message_language(chosen)):
            try:
                scope = guarded(info, input.site)
            except ApiError as refusal:
                return cls.payload(
                    None, [cls.error_type.of("site", "UNKNOWN_SITE", refusal.message)]
                )
            language = chosen if chosen is not None else scope.network.default_locale
            try:
                application, errors = cls.perform(input, language, scope, **options)
            except ValidationError as refusal:
                application, errors = None, error_list(refusal, known=None)
            return cls.payload(
                application if not errors else None,
                [
                    cls.error_type.of(
                        sent_field(input, item.field, cls.typed_fields),
                        item.code,
                        item.message,
                    )
                    for item in errors
                ],
            )
