"""A form's definition as data: its steps and fields, read from the editor's blocks.

`definition_of(page)` is what every path reads: the hosted pages, the API's
`form(...)` (the same `FormDefinition` as `adhesionForm`, with the behaviour,
places left, closing date and steps), the validation of answers and the
exports. Adding a field in the admin changes this data, never a schema.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

# The step of the fields placed before any step block.
FIRST_STEP = "answers"


@dataclass(frozen=True)
class Condition:
    """Shown only when the earlier field `field` was answered `value`."""

    field: str
    value: str

    def holds(self, answers):
        answer = answers.get(self.field)
        if isinstance(answer, list):
            return self.value in answer
        if isinstance(answer, bool):
            return self.value == ("yes" if answer else "no")
        return answer is not None and str(answer) == self.value


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str  # FormFieldKind values: text, long_text, email, phone, integer, ...
    label: str
    help_text: str = ""
    required: bool = False
    step: str = FIRST_STEP
    condition: Condition | None = None
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    earliest: date | None = None
    latest: date | None = None
    choices: tuple[Choice, ...] = ()
    max_items: int | None = None
    file_types: tuple[str, ...] = ()
    max_file_size: int | None = None  # bytes

    @property
    def choice_values(self):
        return tuple(choice.value for choice in self.choices)

    def choice_label(self, value):
        return next((c.label for c in self.choices if c.value == value), value)


@dataclass(frozen=True)
class StepSpec:
    key: str
    label: str
    condition: Condition | None = None


@dataclass(frozen=True)
class EventSpec:
    """What a registration is for: the event's or the training session's dates."""

    title: str
    start: datetime | None
    end: datetime | None
    place: str = ""
    address: str = ""
    url: str = ""


@dataclass(frozen=True)
class Definition:
    """Everything a partner needs to render and send one form."""

    page_id: int
    form_key: str  # the same in every language of the form (translation key)
    slug: str
    title: str
    locale: str
    behaviour: str
    steps: tuple[StepSpec, ...]
    fields: tuple[FieldSpec, ...]
    privacy_notice: str
    retention_days: int
    opens_at: datetime | None
    closes_at: datetime | None
    anonymous: bool = False
    invitation_only: bool = False
    places: int | None = None
    places_left: int | None = None
    waiting_list: bool = False
    event: EventSpec | None = None
    consent_version: str = ""
    extra: dict = field(default_factory=dict)

    def field(self, name):
        return next((f for f in self.fields if f.name == name), None)

    def step(self, key):
        return next((s for s in self.steps if s.key == key), None)

    @property
    def contact_field(self):
        """The first e-mail field: the address confirmations and links go to."""
        return next((f for f in self.fields if f.kind == "email"), None)


def _condition(value):
    value = value or {}
    if value.get("field") and value.get("value"):
        return Condition(value["field"], value["value"])
    return None


def _day(value):
    """A block's date, also when given as text (stream data set from Python)."""
    return (
        date.fromisoformat(value) if isinstance(value, str) and value else value or None
    )


def _field_spec(block_type, kind, value, step):
    spec = {
        "name": value["name"],
        "kind": kind,
        "label": str(value["label"]),
        "help_text": str(value.get("help_text") or ""),
        # A consent is always required: an unticked box is no consent.
        "required": bool(value.get("required")) or block_type == "consent",
        "step": step,
        "condition": _condition(value.get("shown_when")),
    }
    if "max_length" in value:
        spec["max_length"] = value["max_length"]
    if block_type == "number":
        spec["min_value"] = value.get("min_value")
        spec["max_value"] = value.get("max_value")
    if block_type == "date":
        spec["earliest"] = _day(value.get("earliest"))
        spec["latest"] = _day(value.get("latest"))
    if "choices" in value:
        spec["choices"] = tuple(
            Choice(item["value"], str(item["label"])) for item in value["choices"]
        )
    if block_type == "multiple_choice":
        spec["max_items"] = value.get("max_choices")
    if block_type == "file":
        spec["file_types"] = tuple(value.get("file_types") or ())
        spec["max_file_size"] = (value.get("max_size_mb") or 1) * 1024 * 1024
    return FieldSpec(**spec)


def read_blocks(stream):
    """The steps and fields of an editor's StreamField, in order."""
    steps, fields = [], []
    current = FIRST_STEP
    for child in stream:
        value = child.value
        if child.block_type == "step":
            current = value["key"]
            steps.append(
                StepSpec(current, str(value["label"]), _condition(value["shown_when"]))
            )
            continue
        kind = child.block.kind
        fields.append(_field_spec(child.block_type, kind, value, current))
    if any(f.step == FIRST_STEP for f in fields) or not steps:
        steps.insert(0, StepSpec(FIRST_STEP, ""))
    return tuple(steps), tuple(fields)
