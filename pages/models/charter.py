from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from pages.blocks import PlanCategoryBlock

from .indexing import text_fields
from .snippets import Signatory


class CharterPage(Page):
    """The partners' charter of a network; the adhesion form page sits beneath it."""

    preamble = RichTextField(
        _("preamble"),
        blank=True,
        help_text=_("Why the charter exists and what it aims at."),
    )
    commitments = StreamField(
        [("commitment", blocks.RichTextBlock(icon="tick", label=_("commitment")))],
        verbose_name=_("commitments"),
        blank=True,
        help_text=_("What every signatory commits to, one block per commitment."),
    )
    signature_clause = RichTextField(
        _("signature clause"),
        blank=True,
        help_text=_("What signing means, e.g. joining the national commission."),
    )
    plan_categories = StreamField(
        [("category", PlanCategoryBlock())],
        verbose_name=_("proposed plan categories"),
        blank=True,
        help_text=_(
            "Categories of commitments proposed to applicants for their "
            "collaboration plan, with example actions."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("preamble"),
        FieldPanel("commitments"),
        FieldPanel("signature_clause"),
        FieldPanel("plan_categories"),
        HelpPanel(
            content=_(
                "Signatories are managed under Snippets › Signatories; the page "
                "lists the active ones of its site. Add the adhesion form as a "
                "child page of this page."
            ),
            heading=_("signatories and adhesion form"),
        ),
    ]
    search_fields = Page.search_fields + text_fields(
        "preamble", "commitments", "signature_clause"
    )
    parent_page_types = ["pages.HomePage"]

    class Meta:
        verbose_name = _("charter page")

    def signatories(self):
        """Return the active signatories of this page's site, in its locale."""
        site = self.get_site()
        if site is None:
            return Signatory.objects.none()
        return Signatory.objects.filter(
            site=site, locale_id=self.locale_id, is_active=True
        ).order_by("name")
