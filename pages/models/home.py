from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from pages.blocks import BaseStreamBlock

from .indexing import text_fields


class HomePage(Page):
    """The root page of one network's site, in one language."""

    introduction = RichTextField(_("introduction"), blank=True)
    body = StreamField(
        BaseStreamBlock(),
        verbose_name=_("body"),
        blank=True,
        help_text=_("The home page's sections: text, images, figures, links…"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + text_fields("introduction", "body")
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
