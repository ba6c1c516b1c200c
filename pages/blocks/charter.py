"""The collaboration plan of the charter and of each signatory."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class PlanCategoryBlock(blocks.StructBlock):
    """A category of commitments of a collaboration plan, with its actions."""

    title = blocks.CharBlock(label=_("title"), max_length=255)
    actions = blocks.ListBlock(
        blocks.CharBlock(max_length=500), label=_("actions"), required=False
    )

    class Meta:
        icon = "list-ul"
        label = _("plan category")
        description = _("A category of commitments and its concrete actions.")
        preview_value = {
            "title": "Former ensemble",
            "actions": ["Organiser des ateliers communs"],
        }
