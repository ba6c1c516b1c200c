"""Links from a page: to a page or an address, a call to action, a document."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock


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
