"""The body of home, content and programme pages: text, images, quotes, figures."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from pages.blocks.links import CallToActionBlock, DocumentBlock, PageLinkBlock


class HeadingBlock(blocks.StructBlock):
    """A section title; the level lets partners keep their document outline."""

    text = blocks.CharBlock(label=_("text"), max_length=255)
    level = blocks.ChoiceBlock(
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")],
        default="h2",
        label=_("level"),
        help_text=_("H2 for a section, H3 and H4 for its subsections."),
    )

    class Meta:
        icon = "title"
        label = _("heading")
        description = _("A section title.")
        preview_value = {"text": "Les missions du réseau", "level": "h2"}


class ImageBlock(blocks.StructBlock):
    """An image with the alt text screen readers need, and an optional caption."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        max_length=255,
        help_text=_(
            "Describe what the image shows for people who cannot see it. Required."
        ),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    def clean(self, value):
        value = super().clean(value)
        # Checked here rather than with required=True so that the editor reads
        # why the field matters, not a bare "This field is required".
        if value.get("image") and not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        _("Add an alternative text describing the image."),
                        code="missing_alt_text",
                    )
                }
            )
        return value

    class Meta:
        icon = "image"
        label = _("image")
        description = _("An image with its alternative text and a caption.")


class QuoteBlock(blocks.StructBlock):
    """A quotation and who said it."""

    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(
        label=_("attribution"), required=False, max_length=255
    )

    class Meta:
        icon = "openquote"
        label = _("quote")
        description = _("A quotation and who said it.")
        preview_value = {
            "text": "Un quartier durable se construit avec ses habitants.",
            "attribution": "Une élue",
        }


class KeyFigureBlock(blocks.StructBlock):
    """A dated, sourced figure: counts differ by source and year, so both are kept."""

    value = blocks.DecimalBlock(label=_("value"), decimal_places=2)
    unit = blocks.CharBlock(
        label=_("unit"),
        required=False,
        max_length=50,
        help_text=_("For example: %, km², local authorities."),
    )
    label = blocks.CharBlock(
        label=_("label"),
        max_length=255,
        help_text=_("What the figure counts, e.g. volunteers."),
    )
    date = blocks.DateBlock(
        label=_("date"),
        required=False,
        help_text=_("When the figure was true. Required."),
    )
    source = blocks.CharBlock(
        label=_("source"),
        required=False,
        max_length=255,
        help_text=_("Who published the figure."),
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("date"):
            raise StructBlockValidationError(
                block_errors={
                    "date": ValidationError(
                        _("A key figure needs the date at which it was true."),
                        code="missing_date",
                    )
                }
            )
        return value

    class Meta:
        icon = "table"
        label = _("key figure")
        description = _("A dated, sourced figure, e.g. 2,000 volunteers in 2024.")
        preview_value = {
            "value": "2000",
            "unit": "",
            "label": "bénévoles",
            "date": "2024-01-01",
            "source": "CNLRQ",
        }


class StakeholderRoleBlock(blocks.StructBlock):
    """What one kind of stakeholder does, with examples of who they are."""

    name = blocks.CharBlock(label=_("name"), max_length=255)
    description = blocks.RichTextBlock(
        label=_("description"), features=["bold", "italic", "link", "ul"]
    )
    examples = blocks.ListBlock(
        blocks.CharBlock(max_length=255), label=_("examples"), required=False
    )

    class Meta:
        icon = "group"
        label = _("stakeholder role")
        description = _("What one kind of stakeholder does, with examples.")
        preview_value = {
            "name": "Habitants",
            "description": "<p>Ils participent à la gestion de leur quartier.</p>",
            "examples": ["Locataires", "Associations de résidents"],
        }


class BaseStreamBlock(blocks.StreamBlock):
    """The body of home and content pages."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(icon="pilcrow", label=_("paragraph"))
    image = ImageBlock()
    quote = QuoteBlock()
    key_figures = blocks.ListBlock(
        KeyFigureBlock(), icon="table", label=_("key figures")
    )
    stakeholder_roles = blocks.ListBlock(
        StakeholderRoleBlock(), icon="group", label=_("stakeholder roles")
    )
    call_to_action = CallToActionBlock()
    document = DocumentBlock()
    page_link = PageLinkBlock()
    embed = EmbedBlock(
        icon="media",
        label=_("embed"),
        help_text=_("Address of a video or post, e.g. on YouTube or Vimeo."),
    )
    table = TableBlock(icon="table", label=_("table"))
