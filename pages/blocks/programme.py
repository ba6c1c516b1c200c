"""The programme pages' own fields: agenda, training sessions, label stages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class AgendaItemBlock(blocks.StructBlock):
    """One slot of an event's programme."""

    time = blocks.TimeBlock(label=_("time"))
    title = blocks.CharBlock(label=_("title"), max_length=255)
    speaker = blocks.CharBlock(label=_("speaker"), required=False, max_length=255)
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "time"
        label = _("agenda item")
        description = _("One slot of the programme: time, title, speaker.")
        preview_value = {"time": "09:30", "title": "Accueil", "speaker": ""}


class TrainingSessionBlock(blocks.StructBlock):
    """One session of a training, with its dates and place."""

    start = blocks.DateTimeBlock(label=_("start"))
    end = blocks.DateTimeBlock(label=_("end"))
    place = blocks.CharBlock(label=_("place"), max_length=255)
    address = blocks.TextBlock(label=_("address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if value.get("start") and value.get("end") and value["end"] <= value["start"]:
            raise StructBlockValidationError(
                block_errors={
                    "end": ValidationError(
                        _("The end must be after the start."), code="end_before_start"
                    )
                }
            )
        return value

    class Meta:
        icon = "date"
        label = _("training session")
        description = _("One session: start, end and place.")


class LabelStageBlock(blocks.StructBlock):
    """A stage of the label, reached one after the other."""

    number = blocks.IntegerBlock(label=_("number"), min_value=1)
    name = blocks.CharBlock(label=_("name"), max_length=255)
    summary = blocks.TextBlock(label=_("summary"))
    criteria = blocks.ListBlock(
        blocks.CharBlock(max_length=500), label=_("criteria"), required=False
    )

    class Meta:
        icon = "tick-inverse"
        label = _("label stage")
        description = _("A stage of the label with its criteria.")
        preview_value = {
            "number": 1,
            "name": "En projet",
            "summary": "La collectivité signe la charte.",
            "criteria": ["Charte signée"],
        }
