from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from pages import visibility
from pages.blocks import (
    AgendaItemBlock,
    BaseStreamBlock,
    LabelStageBlock,
    TrainingSessionBlock,
)

from .content import INTRODUCTION_HELP
from .indexing import text_fields


def region_field(help_text):
    return models.ForeignKey(
        "pages.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


class EventIndexPage(Page):
    """The list of a network's events."""

    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=INTRODUCTION_HELP,
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + text_fields("introduction")
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.EventPage"]

    class Meta:
        verbose_name = _("event index page")

    def events(self):
        """Return the public events, soonest first."""
        return visibility.public(EventPage.objects.child_of(self)).order_by("start")


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")
    PAST = "past", _("past")


class EventPage(Page):
    """A meeting, seminar or visit, with its agenda."""

    # Indexed: partners filter and sort events by their dates (issue 28).
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(
        _("end"), db_index=True, help_text=_("Must be after the start.")
    )
    place = models.CharField(
        _("place"),
        max_length=255,
        blank=True,
        help_text=_("Name of the venue, e.g. Grande Arche de la Défense."),
    )
    address = models.TextField(_("address"), blank=True)
    region = region_field(_("Leave empty for a national event."))
    agenda = StreamField(
        [("item", AgendaItemBlock())],
        verbose_name=_("agenda"),
        blank=True,
        help_text=_("The programme of the day, slot by slot."),
    )
    registration_url = models.URLField(
        _("registration link"),
        blank=True,
        help_text=_("Address of the registration form, starting with https://."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("status"),
            ],
            heading=_("dates"),
        ),
        MultiFieldPanel(
            [FieldPanel("place"), FieldPanel("address"), FieldPanel("region")],
            heading=_("place"),
        ),
        FieldPanel("registration_url"),
        FieldPanel("agenda"),
        FieldPanel("body"),
    ]
    search_fields = (
        Page.search_fields
        + text_fields("place", "agenda", "body")
        + [index.FilterField("start"), index.FilterField("status")]
    )
    parent_page_types = ["pages.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event page")

    @property
    def current_status(self) -> str:
        """The status as the public sees it: a scheduled event that has ended is past.

        Editors need not come back to mark an event past; a cancelled one stays
        cancelled.
        """
        if (
            self.status == EventStatus.SCHEDULED
            and self.end
            and self.end < timezone.now()
        ):
            return EventStatus.PAST
        return self.status

    def get_current_status_display(self) -> str:
        return EventStatus(self.current_status).label

    @staticmethod
    def with_current_status(queryset, status):
        """Narrow `queryset` to the events whose current status is `status`."""
        now = timezone.now()
        scheduled = Q(status=EventStatus.SCHEDULED)
        if status == EventStatus.PAST:
            return queryset.filter(
                Q(status=EventStatus.PAST) | (scheduled & Q(end__lt=now))
            )
        if status == EventStatus.SCHEDULED:
            return queryset.filter(scheduled & Q(end__gte=now))
        return queryset.filter(status=status)

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError(
                {
                    "end": ValidationError(
                        _("The end must be after the start."), code="end_before_start"
                    )
                }
            )


class TrainingIndexPage(Page):
    """The list of a network's trainings."""

    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=INTRODUCTION_HELP,
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + text_fields("introduction")
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.TrainingPage"]

    class Meta:
        verbose_name = _("training index page")

    def trainings(self):
        """Return the public trainings, in the editors' order."""
        return visibility.public(TrainingPage.objects.child_of(self))


class TrainingPage(Page):
    """A training on one topic, given in one or several sessions."""

    topic = models.CharField(
        _("topic"),
        max_length=255,
        db_index=True,
        help_text=_("For example: financing."),
    )
    audience = models.CharField(
        _("audience"),
        max_length=255,
        blank=True,
        help_text=_("Who the training is for, e.g. elected officials."),
    )
    region = region_field(_("Leave empty for a national training."))
    sessions = StreamField(
        [("session", TrainingSessionBlock())],
        verbose_name=_("sessions"),
        blank=True,
        help_text=_("Each session's dates and place."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("topic"),
        FieldPanel("audience"),
        FieldPanel("region"),
        FieldPanel("sessions"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + text_fields("topic", "audience", "body")
    parent_page_types = ["pages.TrainingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("training page")


class LabelProgrammePage(Page):
    """The label's stages and how pilot local authorities are chosen."""

    introduction = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=INTRODUCTION_HELP,
    )
    stages = StreamField(
        [("stage", LabelStageBlock())],
        verbose_name=_("stages"),
        blank=True,
        help_text=_("The label's stages in the order they are reached."),
    )
    pilot_criteria = StreamField(
        [("criterion", blocks.CharBlock(icon="tick", label=_("criterion")))],
        verbose_name=_("pilot selection criteria"),
        blank=True,
        help_text=_("How pilot local authorities are chosen, one criterion each."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("stages"),
        FieldPanel("pilot_criteria"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + text_fields("introduction", "stages", "body")
    parent_page_types = ["pages.HomePage"]

    class Meta:
        verbose_name = _("label programme page")
