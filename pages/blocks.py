"""StreamField blocks shared by the page types and snippets of the `pages` app."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

__all__ = [
    "AgendaItemBlock",
    "BaseStreamBlock",
    "CallToActionBlock",
    "DocumentBlock",
    "HeadingBlock",
    "ImageBlock",
    "KeyFigureBlock",
    "LabelStageBlock",
    "MissionBlock",
    "MissionsStreamBlock",
    "PageLinkBlock",
    "PlanCategoryBlock",
    "QuoteBlock",
    "StakeholderRoleBlock",
    "TrainingSessionBlock",
]


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


class LinkBlock(blocks.StructBlock):
    """A link to a page of this site or to an external address."""

    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("external address"), required=False)

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise StructBlockValidationError(
                non_block_errors=[
                    ValidationError(
                        _("Choose a page or enter an external address (only one)."),
                        code="invalid_link",
                    )
                ]
            )
        return value

    class Meta:
        icon = "link"
        label = _("link")


class CallToActionBlock(blocks.StructBlock):
    """A highlighted invitation to act, with one button."""

    title = blocks.CharBlock(label=_("title"), max_length=255)
    text = blocks.TextBlock(label=_("text"), required=False)
    link = LinkBlock(label=_("link"))
    label = blocks.CharBlock(
        label=_("button label"), max_length=100, help_text=_("For example: Join us.")
    )

    class Meta:
        icon = "pick"
        label = _("call to action")
        description = _("A highlighted invitation to act, with a button.")


class DocumentBlock(blocks.StructBlock):
    """A downloadable document, such as a report in PDF."""

    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("title"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to use the document's own title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("document")
        description = _("A file to download, such as a PDF report.")


class PageLinkBlock(blocks.StructBlock):
    """A link to another page of the site."""

    page = blocks.PageChooserBlock(label=_("page"))
    label = blocks.CharBlock(
        label=_("label"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to use the page's title."),
    )

    class Meta:
        icon = "doc-empty-inverse"
        label = _("page link")
        description = _("A link to another page of the site.")


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
