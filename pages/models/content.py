from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from pages import visibility
from pages.blocks import BaseStreamBlock

from .indexing import text_fields

INTRODUCTION_HELP = _("One or two sentences shown in lists and at the top of the page.")


class ContentPage(Page):
    """A generic page of text, images, figures and links."""

    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=INTRODUCTION_HELP,
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + text_fields("introduction", "body")
    parent_page_types = ["pages.HomePage", "pages.ContentPage"]
    subpage_types = ["pages.ContentPage"]

    class Meta:
        verbose_name = _("content page")


class NewsIndexPage(Page):
    """The list of a network's news articles."""

    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=INTRODUCTION_HELP,
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + text_fields("introduction")
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.NewsPage"]

    class Meta:
        verbose_name = _("news index page")

    def articles(self):
        """Return the public articles, newest first."""
        articles = visibility.public(NewsPage.objects.child_of(self))
        return articles.order_by("-date", "-pk")


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "pages.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsPage(Page):
    """A dated news article."""

    date = models.DateField(
        _("date"), db_index=True, help_text=_("Publication date shown to readers.")
    )
    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=INTRODUCTION_HELP,
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(
        through=NewsPageTag,
        blank=True,
        verbose_name=_("tags"),
        help_text=_("Keywords that group related articles."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("tags"),
    ]
    search_fields = (
        Page.search_fields
        + text_fields("introduction", "body")
        + [index.FilterField("date")]
    )
    parent_page_types = ["pages.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news page")
