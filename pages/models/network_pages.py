from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from pages.blocks import KeyFigureBlock, MissionsStreamBlock

from .content import INTRODUCTION_HELP
from .indexing import text_fields


class MissionsPage(Page):
    """A network's numbered missions, in the order the network presents them."""

    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=INTRODUCTION_HELP,
    )
    missions = StreamField(
        MissionsStreamBlock(),
        verbose_name=_("missions"),
        blank=True,
        help_text=_("One block per mission; each number may appear only once."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("missions"),
    ]
    search_fields = Page.search_fields + text_fields("introduction", "missions")
    parent_page_types = ["pages.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("missions page")


class OrganisationPage(Page):
    """How a network is organised: purpose, steering, partners, members, regions."""

    purpose = RichTextField(
        _("purpose"), blank=True, help_text=_("What the network is for, in short.")
    )
    missions = StreamField(
        [("mission", blocks.CharBlock(icon="list-ul", label=_("mission")))],
        verbose_name=_("missions"),
        blank=True,
        help_text=_("The network's missions, one short sentence each."),
    )
    steering = RichTextField(
        _("steering"),
        blank=True,
        help_text=_("Who leads the network and who assists it."),
    )
    partners = StreamField(
        [
            (
                "partner",
                SnippetChooserBlock(
                    "pages.Organisation", icon="group", label=_("partner")
                ),
            )
        ],
        verbose_name=_("partners"),
        blank=True,
        help_text=_("Choose among the network's organisations (Snippets)."),
    )
    membership_figures = StreamField(
        [("figure", KeyFigureBlock())],
        verbose_name=_("membership figures"),
        blank=True,
        help_text=_("Dated member counts, to show how the network grew."),
    )
    regional_structure = RichTextField(
        _("regional structure"),
        blank=True,
        help_text=_("How the network works in the regions, and since when."),
    )
    regions = StreamField(
        [
            (
                "region",
                SnippetChooserBlock("pages.Region", icon="site", label=_("region")),
            )
        ],
        verbose_name=_("regions"),
        blank=True,
        help_text=_("The regions where the network has a contact."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("purpose"),
        FieldPanel("missions"),
        FieldPanel("steering"),
        FieldPanel("partners"),
        FieldPanel("membership_figures"),
        FieldPanel("regional_structure"),
        FieldPanel("regions"),
    ]
    search_fields = Page.search_fields + text_fields(
        "purpose", "missions", "steering", "regional_structure"
    )
    parent_page_types = ["pages.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("organisation page")
