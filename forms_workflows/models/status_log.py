from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusChange(models.Model):
    """One step in an application's history, whatever the kind of application.

    `comment` is shown to the applicant; `note` is for staff only.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(_("previous status"), max_length=40, blank=True)
    to_status = models.CharField(_("new status"), max_length=40)
    action = models.CharField(_("action"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_role = models.CharField(_("role"), max_length=20)
    created_at = models.DateTimeField(_("done at"), auto_now_add=True, db_index=True)
    comment = models.TextField(
        _("public comment"), blank=True, help_text=_("Shown to the applicant.")
    )
    note = models.TextField(
        _("internal note"), blank=True, help_text=_("Seen by staff only.")
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.from_status or '∅'} → {self.to_status} ({self.action})"


def erase_history_text(application):
    """Blank the comments and notes of an application's history; the steps stay.

    Comments are written to the applicant and notes about them: both quote the
    file and name people, so neither outlives the retention period.
    """
    application.status_changes.exclude(comment="", note="").update(comment="", note="")
