"""The parts of an editor-built form's definition that the built-in forms lack."""

from datetime import datetime
from enum import Enum

import strawberry


@strawberry.enum(name="FormBehaviour", description="What a form does with answers.")
class FormBehaviour(Enum):
    REGISTRATION = "registration"
    SURVEY = "survey"
    SIGNUP = "signup"


@strawberry.type(
    name="FormEvent", description="The event or training session a registration is for."
)
class FormEvent:
    title: str
    start: datetime | None
    end: datetime | None
    place: str
    address: str
    url: str = strawberry.field(description="The event's page on the network's site.")


@strawberry.type(
    name="FormCondition",
    description="Shown only when the earlier field `field` was answered `value` "
    "(a choice's value, or yes/no); the server checks it too.",
)
class FormCondition:
    field: str
    value: str
