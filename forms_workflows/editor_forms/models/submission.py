"""A submission to an editor-built form: the answers, as JSON checked against the form.

The answers are stored by field name, as the form's definition names them.
What identifies a person is kept apart (`contact_email`, `contact_name`) and
never for an anonymous survey.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_workflows.editor_forms.ics import ICS_NAME, ICS_TYPE, event_ics
from forms_workflows.editor_forms.states import INITIAL, Behaviour, SubmissionStatus
from forms_workflows.models.application import (
    Application,
    new_status_token,
    status_field,
)
from forms_workflows.proposals.files import private_storage

# The e-mails that carry the event as an .ics file.
EVENT_NOTICES = ("registered", "promoted", "reminder")


def unsubscribe_url(submission):
    """The one-click unsubscribe address of a sign-up (List-Unsubscribe)."""
    root = submission.site.root_url if submission.site else None
    path = reverse("editor_forms:unsubscribe", args=[submission.status_token])
    return (root or settings.WAGTAILADMIN_BASE_URL).rstrip("/") + path


# The kinds of answer that say who someone is or what they wrote: erased on
# anonymisation. Choices, yes/no, numbers and dates outlive it for the results.
PERSONAL_ANSWER_KINDS = ("text", "long_text", "email", "phone", "file")


class FormSubmission(Application):
    """One person's (or an anonymous) answers to a form."""

    REFERENCE_PREFIX = "FRM"
    PERSONAL_FIELDS = ("contact_name", "contact_role", "contact_email", "contact_phone")
    # `answers`: on anonymisation `erase_related_personal_data` keeps only the
    # answers of kinds that are not personal (PERSONAL_ANSWER_KINDS).
    NOT_PERSONAL_FIELDS = (
        *Application.NOT_PERSONAL_FIELDS,
        "behaviour",
        "language",
        "answers",
        "answer_kinds",
    )

    status = status_field(SubmissionStatus, INITIAL)
    form = models.ForeignKey(
        "editor_forms.EditorFormPage",
        verbose_name=_("form"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    # The form in every language: its translation key. Places are counted on it.
    form_key = models.UUIDField(_("form key"), db_index=True, editable=False)
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("network"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    behaviour = models.CharField(
        _("behaviour"), max_length=20, choices=Behaviour.choices
    )
    contact_name = models.CharField(_("name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=10)
    answers = models.JSONField(_("answers"), default=dict)
    # The kind of each answer when it was given (the form may change after).
    answer_kinds = models.JSONField(default=dict, editable=False)
    consent_given_at = models.DateTimeField(
        _("consent given at"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("form answer")
        verbose_name_plural = _("form answers")
        ordering = ["-created_at"]
        permissions = [("review_formsubmission", _("Can read and manage form answers"))]
        indexes = [models.Index(fields=["form_key", "status", "created_at"])]

    def __str__(self):
        return self.reference

    @property
    def form_title(self):
        return self.form.title if self.form else self.reference

    @property
    def event(self):
        """What a registration is for (an EventSpec), or None."""
        return (
            self.form.event()
            if self.form and self.behaviour == Behaviour.REGISTRATION
            else None
        )

    def mark_reminded(self, change):
        """The effect of `remind`: the reminder goes once."""
        self.reminded_at = change.created_at
        self.save(update_fields=["reminded_at", "updated_at"])

    def notification_attachments(self, notification):
        if notification.kind not in EVENT_NOTICES:
            return []
        content = event_ics(self)
        return [(ICS_NAME, content, ICS_TYPE)] if content else []

    def notification_headers(self, notification):
        if self.behaviour != Behaviour.SIGNUP or notification.kind != "subscribed":
            return {}
        # RFC 8058: the mail client unsubscribes with one POST, no page to read.
        return {
            "List-Unsubscribe": f"<{unsubscribe_url(self)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }

    def erase_related_personal_data(self):
        kept = {
            name: value
            for name, value in self.answers.items()
            if self.answer_kinds.get(name) not in PERSONAL_ANSWER_KINDS
        }
        for stored in self.files.all():
            stored.file.delete(save=False)
            stored.delete()
        type(self).objects.filter(pk=self.pk).update(answers=kept)
        self.answers = kept


class SubmissionFile(models.Model):
    """A file given as the answer to a file field; private, never public."""

    submission = models.ForeignKey(
        FormSubmission, on_delete=models.CASCADE, related_name="files"
    )
    field_name = models.CharField(_("field"), max_length=40)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="editor_forms/%Y/"
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))

    class Meta:
        verbose_name = _("answer file")

    def __str__(self):
        return self.original_name


class Invitation(models.Model):
    """A personal link to a survey: one answer per invited member.

    It is never linked to the answer given: an anonymous survey stays
    anonymous, and `answered` keeps no time that could match an answer's.
    """

    form_key = models.UUIDField(_("form key"), db_index=True)
    email = models.EmailField(_("e-mail"), max_length=254)
    token = models.CharField(
        max_length=64, unique=True, default=new_status_token, editable=False
    )
    answered = models.BooleanField(_("answered"), default=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["form_key", "email"], name="editor_forms_one_invitation"
            )
        ]

    def __str__(self):
        return self.email
