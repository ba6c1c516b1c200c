"""The numbered missions of a network's missions page."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError


class MissionBlock(blocks.StructBlock):
    """One numbered mission of a network."""

    number = blocks.IntegerBlock(label=_("number"), min_value=1)
    title = blocks.CharBlock(label=_("title"), max_length=255)
    text = blocks.RichTextBlock(label=_("text"))

    class Meta:
        icon = "list-ol"
        label = _("mission")
        description = _("One numbered mission: number, title and text.")
        preview_value = {
            "number": 1,
            "title": "Porte-parole",
            "text": "<p>Porter la voix des organismes membres.</p>",
        }


class MissionsStreamBlock(blocks.StreamBlock):
    """The missions of a missions page; two missions cannot share a number."""

    mission = MissionBlock()

    def clean(self, value):
        value = super().clean(value)
        seen = set()
        errors = {}
        for index, child in enumerate(value):
            number = child.value.get("number")
            if number in seen:
                errors[index] = StructBlockValidationError(
                    block_errors={
                        "number": ValidationError(
                            _(
                                "Mission number %(number)s is already used on this page."
                            ),
                            code="duplicate_mission_number",
                            params={"number": number},
                        )
                    }
                )
            seen.add(number)
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value
