"""The form page editors build: its fields, steps, privacy, dates and behaviour.

A page like the others: translated with wagtail-localize (labels translated,
names and limits kept), published through the network's moderation workflow.
Its French and English copies are one form: they share a `translation_key`,
and so their places and their answers.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from forms_workflows.editor_forms.blocks import FIELD_BLOCKS
from forms_workflows.editor_forms.definition import EventSpec, read_blocks
from forms_workflows.editor_forms.states import Behaviour
from forms_workflows.editor_forms.validation import definition_problems
from pages.models import EventStatus, TrainingPage

MAX_RETENTION_DAYS = 3 * 365


class ClosedReason:
    """Why a form takes no answer now: stable codes, also the API's error codes."""

    NOT_YET_OPEN = "FORM_NOT_YET_OPEN"
    CLOSED = "FORM_CLOSED"
    EVENT_STARTED = "EVENT_STARTED"
    FULL = "EVENT_FULL"


class EditorFormPage(Page):
    """A form an editor builds: a registration, a survey or a sign-up."""

    introduction = RichTextField(_("introduction"), blank=True)
    behaviour = models.CharField(
        _("behaviour"),
        max_length=20,
        choices=Behaviour.choices,
        default=Behaviour.REGISTRATION,
        help_text=_("What the form does with the answers it receives."),
    )
    form_fields = StreamField(
        FIELD_BLOCKS,
        verbose_name=_("fields"),
        help_text=_("The questions, in order; a step block starts a new page."),
    )
    privacy_notice = models.TextField(
        _("privacy notice"),
        help_text=_("What the answers are used for and who reads them."),
    )
    retention_days = models.PositiveIntegerField(
        _("retention period (days)"),
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text=_(
            "After this many days, the personal data of each answer are erased; "
            "the privacy policy states it."
        ),
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("A registration also closes when the event starts."),
    )
    confirmation_text = RichTextField(
        _("confirmation text"),
        blank=True,
        help_text=_("Shown once the form is sent."),
    )
    # Registration
    event_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("event or training"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    session_number = models.PositiveSmallIntegerField(
        _("session of the training"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("For a training: which of its sessions, 1 for the first."),
    )
    places = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )
    waiting_list = models.BooleanField(
        _("waiting list"),
        default=True,
        help_text=_("Once the places are taken, people can wait for one."),
    )
    # Survey
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_(
            "No address nor identity is stored with the answers: no e-mail, "
            "phone or file field."
        ),
    )
    invitation_only = models.BooleanField(
        _("only with a personal link"),
        default=False,
        help_text=_("Each invited member answers once, through the link e-mailed."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("behaviour"),
        FieldPanel("form_fields"),
        MultiFieldPanel(
            [
                PageChooserPanel(
                    "event_page", ["pages.EventPage", "pages.TrainingPage"]
                ),
                FieldPanel("session_number"),
                FieldRowPanel([FieldPanel("places"), FieldPanel("waiting_list")]),
            ],
            heading=_("registration"),
        ),
        MultiFieldPanel(
            [FieldPanel("anonymous"), FieldPanel("invitation_only")],
            heading=_("survey"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])],
            heading=_("dates"),
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_notice"), FieldPanel("retention_days")],
            heading=_("privacy"),
        ),
        FieldPanel("confirmation_text"),
    ]
    parent_page_types = ["pages.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("form page")
        verbose_name_plural = _("form pages")

    def clean(self):
        super().clean()
        steps, fields = read_blocks(self.form_fields)
        problems = definition_problems(self, steps, fields)
        if problems:
            raise ValidationError(problems)

    # --- what the services and the event page read -----------------------------

    @property
    def is_registration(self):
        return self.behaviour == Behaviour.REGISTRATION

    def event_dates(self):
        """(title, start, end, place, address, page) of what a registration is for."""
        event = self.event_page.specific if self.event_page_id else None
        if event is None:
            return None
        if isinstance(event, TrainingPage):  # one of its sessions
            sessions = [block.value for block in event.sessions]
            index = (self.session_number or 1) - 1
            if not 0 <= index < len(sessions):
                return (event.title, None, None, "", "", event)
            session = sessions[index]
            return (
                event.title,
                session["start"],
                session["end"],
                session["place"],
                session.get("address") or "",
                event,
            )
        return (event.title, event.start, event.end, event.place, event.address, event)

    def definition_fields(self):
        """The form's fields (FieldSpec), as the blocks define them now."""
        return read_blocks(self.form_fields)[1]

    def event(self):
        """What a registration is for, as an EventSpec, or None."""
        dates = self.event_dates()
        if dates is None:
            return None
        title, start, end, place, address, page = dates
        return EventSpec(
            title=title,
            start=start,
            end=end,
            place=place,
            address=address,
            url=page.get_full_url() or "",
        )

    def event_start(self):
        dates = self.event_dates()
        return dates[1] if dates else None

    def closed_reason(self, now=None):
        """Why no answer is taken now (a ClosedReason code), or None when open.

        A full registration with a waiting list stays open: new people wait.
        """
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return ClosedReason.NOT_YET_OPEN
        if self.closes_at and now >= self.closes_at:
            return ClosedReason.CLOSED
        if self.is_registration:
            dates = self.event_dates()
            if dates and getattr(dates[5], "status", None) == EventStatus.CANCELLED:
                return ClosedReason.CLOSED
            start = dates[1] if dates else None
            if start and now >= start:
                return ClosedReason.EVENT_STARTED
        return None

    def effective_closes_at(self):
        """When answers stop: the closing date, or the event's start if sooner."""
        dates = [self.closes_at]
        if self.is_registration:
            dates.append(self.event_start())
        dates = [d for d in dates if d]
        return min(dates) if dates else None
