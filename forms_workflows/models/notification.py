from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An e-mail owed to someone about an application, kept until it is sent.

    Rows are written in the transaction that changes the application, so a
    failing mail server never loses one; the task retries the unsent ones.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    status_change = models.ForeignKey(
        "forms_workflows.StatusChange",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=40)
    recipients = models.JSONField(_("recipients"), default=list)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["status"]),
        ]

    def __str__(self):
        return f"{self.kind_label} ({self.get_status_display()})"

    @property
    def kind_label(self):
        """What the admin calls this e-mail: its workflow's label for the kind."""
        model = ContentType.objects.get_for_id(self.content_type_id).model_class()
        workflow = getattr(model, "workflow", None)
        notice = workflow.notices.get(self.kind) if workflow else None
        return notice.label if notice else self.kind
