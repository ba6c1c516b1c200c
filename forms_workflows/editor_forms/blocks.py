"""The blocks an editor builds a form with: one per kind of field, and a step break.

Every field block carries a `name` (what the answer is stored and sent
under), its label, help text, whether it is required, its limits and an
optional condition: "shown only when an earlier answer has this value".
Names and values are `RegexBlock`s, never `CharBlock`s: wagtail-localize
translates the labels and keeps the names, so an answer means the same in
every language of the form.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

NAME_REGEX = r"^[a-z][a-z0-9_]{0,39}$"
VALUE_REGEX = r"^[A-Za-z0-9_\-]{1,60}$"

# The file types an editor may accept, as (MIME type, label).
FILE_TYPES = [
    ("application/pdf", "PDF"),
    ("image/jpeg", "JPEG"),
    ("image/png", "PNG"),
    ("application/vnd.oasis.opendocument.text", "ODT"),
    (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "DOCX",
    ),
    ("application/vnd.oasis.opendocument.spreadsheet", "ODS"),
    ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
]
MAX_FILE_SIZE_MB = 10


def name_block(**kwargs):
    return blocks.RegexBlock(
        regex=NAME_REGEX,
        error_messages={
            "invalid": _(
                "Lower-case letters, digits and underscores, starting with a letter."
            )
        },
        **kwargs,
    )


def value_block(**kwargs):
    return blocks.RegexBlock(
        regex=VALUE_REGEX,
        error_messages={"invalid": _("Letters, digits, hyphens and underscores only.")},
        **kwargs,
    )


class ConditionBlock(blocks.StructBlock):
    """Shown only when the earlier field `field` was answered `value`."""

    field = name_block(
        required=False,
        label=_("shown only when the field"),
        help_text=_("The name of an earlier field. Leave empty: always shown."),
    )
    value = value_block(
        required=False,
        label=_("has the answer"),
        help_text=_("A choice's value, or yes / no for a yes/no question."),
    )

    class Meta:
        label = _("condition")
        collapsed = True


class FieldBlock(blocks.StructBlock):
    """What every field has; a subclass adds its limits."""

    name = name_block(
        label=_("name"),
        help_text=_(
            "What the answer is stored under, e.g. dietary_needs. Never change "
            "it once answers are in: they keep the old name."
        ),
    )
    label = blocks.CharBlock(label=_("label"), max_length=255)
    help_text = blocks.CharBlock(label=_("help text"), required=False, max_length=500)
    required = blocks.BooleanBlock(label=_("required"), required=False, default=True)
    shown_when = ConditionBlock()

    # The kind partners read in the form's definition (FormFieldKind).
    kind = ""

    class Meta:
        icon = "form"


class ShortTextBlock(FieldBlock):
    kind = "text"
    max_length = blocks.IntegerBlock(
        label=_("maximum length"), min_value=1, max_value=1000, default=255
    )

    class Meta:
        label = _("short text")
        icon = "pilcrow"


class LongTextBlock(FieldBlock):
    kind = "long_text"
    max_length = blocks.IntegerBlock(
        label=_("maximum length"), min_value=1, max_value=10000, default=2000
    )

    class Meta:
        label = _("long text")
        icon = "doc-full"


class EmailFieldBlock(FieldBlock):
    kind = "email"

    class Meta:
        label = _("e-mail address")
        icon = "mail"
        help_text = _("The first e-mail field is the address the form writes to.")


class PhoneBlock(FieldBlock):
    kind = "phone"

    class Meta:
        label = _("phone number")
        icon = "mobile-alt"


class NumberBlock(FieldBlock):
    kind = "integer"
    min_value = blocks.IntegerBlock(label=_("smallest"), required=False)
    max_value = blocks.IntegerBlock(label=_("largest"), required=False)

    class Meta:
        label = _("number")
        icon = "order"


class DateFieldBlock(FieldBlock):
    kind = "date"
    earliest = blocks.DateBlock(label=_("earliest"), required=False)
    latest = blocks.DateBlock(label=_("latest"), required=False)

    class Meta:
        label = _("date")
        icon = "date"


class ChoiceOptionBlock(blocks.StructBlock):
    value = value_block(
        label=_("value"), help_text=_("Stored and exported, e.g. yes_lunch.")
    )
    label = blocks.CharBlock(label=_("label"), max_length=255)

    class Meta:
        label = _("choice")
        icon = "tick"


class ChoiceBlock(FieldBlock):
    kind = "choice"
    choices = blocks.ListBlock(ChoiceOptionBlock(), label=_("choices"), min_num=2)

    class Meta:
        label = _("single choice")
        icon = "radio-full"


class MultipleChoiceBlock(FieldBlock):
    kind = "multiple_choice"
    choices = blocks.ListBlock(ChoiceOptionBlock(), label=_("choices"), min_num=2)
    max_choices = blocks.IntegerBlock(
        label=_("most choices"), required=False, min_value=1
    )

    class Meta:
        label = _("multiple choice")
        icon = "list-ul"


class YesNoBlock(FieldBlock):
    kind = "boolean"

    class Meta:
        label = _("yes / no")
        icon = "tick-inverse"


class FileFieldBlock(FieldBlock):
    kind = "file"
    file_types = blocks.MultipleChoiceBlock(
        choices=FILE_TYPES, label=_("accepted types"), default=["application/pdf"]
    )
    max_size_mb = blocks.IntegerBlock(
        label=_("largest size (MB)"), min_value=1, max_value=MAX_FILE_SIZE_MB, default=5
    )

    class Meta:
        label = _("file")
        icon = "doc-empty"


class ConsentBlock(FieldBlock):
    """A box to tick: its label is the text the person agrees to."""

    kind = "consent"

    class Meta:
        label = _("consent")
        icon = "success"


class StepBlock(blocks.StructBlock):
    """Starts a new step of the form: the fields after it, up to the next step."""

    key = name_block(label=_("key"), help_text=_("e.g. practical_details."))
    label = blocks.CharBlock(label=_("title of the step"), max_length=255)
    shown_when = ConditionBlock()

    class Meta:
        label = _("new step")
        icon = "arrow-right"


FIELD_BLOCKS = [
    ("step", StepBlock()),
    ("text", ShortTextBlock()),
    ("long_text", LongTextBlock()),
    ("email", EmailFieldBlock()),
    ("phone", PhoneBlock()),
    ("number", NumberBlock()),
    ("date", DateFieldBlock()),
    ("choice", ChoiceBlock()),
    ("multiple_choice", MultipleChoiceBlock()),
    ("yes_no", YesNoBlock()),
    ("file", FileFieldBlock()),
    ("consent", ConsentBlock()),
]
