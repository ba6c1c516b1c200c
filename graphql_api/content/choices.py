"""Fixed choices as GraphQL enums, so partners' code generators give them types.

Each enum's values are the model's choice values upper-cased (`state_service`
is `STATE_SERVICE`), like the status enums. Region codes and site keys stay
strings: they are data, validated with their own codes.
"""

from enum import Enum

import strawberry

from forms_workflows.proposals.models import LeadingBodyKind, ProjectContext
from pages.models.programme import EventStatus
from pages.models.snippets import OrganisationKind

LANGUAGES = ("fr", "en")


def choice_enum(name, values, description):
    return strawberry.enum(
        Enum(name, {value.upper(): value for value in values}),
        name=name,
        description=description,
    )


OrganisationKindEnum = choice_enum(
    "OrganisationKind", OrganisationKind.values, "The kind of an organisation."
)
LanguageEnum = choice_enum(
    "Language", LANGUAGES, "A language of the applications' e-mails."
)
EventStatusEnum = choice_enum(
    "EventStatus",
    EventStatus.values,
    "Where an event stands: a scheduled event that has ended reads PAST.",
)
ProjectContextEnum = choice_enum(
    "ProjectContext", ProjectContext.values, "Where a project lies."
)
LeadingBodyKindEnum = choice_enum(
    "LeadingBodyKind", LeadingBodyKind.values, "The kind of body leading a project."
)


def value_of(member):
    """The model's value of an enum member, or None."""
    return None if member is None else member.value


def deprecated_for(replacement):
    return f"Use `{replacement}`; this String is removed in API version 3."


def superseded(replacement):
    return f"Use `{replacement}`; kept for version 2's partners."


def sent_field(data, field, replaced):
    """Name the input field a partner sent: the typed one, unless they used the old.

    `replaced` maps an error's field to (typed input name, deprecated attribute).
    """
    if field in replaced:
        typed, old = replaced[field]
        if getattr(data, old) in ("", None):
            return typed
    return field
