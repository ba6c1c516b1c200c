"""API keys, webhook endpoints, their deliveries and each attempt to send one."""

import uuid

from django.contrib.admin import display as admin_display
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site


class ApiKey(models.Model):
    """A partner's key: which networks it reads, from which origins, how fast.

    Only a hash of the secret is kept; `public_id` is part of the secret and
    names the key in logs and the admin without revealing it.
    """

    name = models.CharField(_("name"), max_length=100)
    organisation = models.CharField(_("partner organisation"), max_length=200)
    sites = models.ManyToManyField(
        Site,
        verbose_name=_("networks"),
        related_name="+",
        help_text=_("The networks whose content this key may read."),
    )
    allowed_origins = models.TextField(
        _("allowed origins"),
        blank=True,
        help_text=_(
            "Browser origins allowed to call the API with this key, one a line, "
            "e.g. https://partner.example. Leave empty for server-side use only."
        ),
    )
    read_rate = models.PositiveIntegerField(
        _("read rate (requests per minute)"), default=600
    )
    submission_quota = models.PositiveIntegerField(
        _("submission quota (applications per hour)"), default=20
    )
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    public_id = models.CharField(_("public id"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["organisation", "name"]

    def __str__(self):
        return f"{self.name} ({self.public_id})"

    @property
    def origins(self) -> list[str]:
        return [line.strip().rstrip("/") for line in self.allowed_origins.split()]

    @admin_display(description=_("requests per day"))
    def daily_use(self) -> str:
        days = self.usage.all()[:30]
        return ", ".join(
            f"{use.day.isoformat()}: {use.requests}" for use in days
        ) or str(_("not used yet"))

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > now
        )


class ApiKeyDailyUse(models.Model):
    """Requests made with a key on one day: a count, nothing about who sent them."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="usage")
    day = models.DateField(_("day"))
    requests = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("API key daily use")
        verbose_name_plural = _("API key daily use")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["key", "day"], name="one_count_per_day")
        ]

    def __str__(self):
        return f"{self.day}: {self.requests}"


class WebhookEvent(models.TextChoices):
    PAGE_PUBLISHED = "page.published", _("page published")
    PAGE_UNPUBLISHED = "page.unpublished", _("page unpublished")
    PAGE_DELETED = "page.deleted", _("page deleted")
    PAGE_MOVED = "page.moved", _("page moved")
    SIGNATORY_PUBLISHED = "signatory.published", _("signatory published")
    SIGNATORY_WITHDRAWN = "signatory.withdrawn", _("signatory withdrawn")
    PROJECT_AWARDED = "project.awarded", _("project awarded")
    FORM_PUBLISHED = "form.published", _("form published")


def new_message_id():
    return f"msg_{uuid.uuid4().hex}"


class WebhookEndpoint(models.Model):
    """A partner's URL told of one network's public changes."""

    site = models.ForeignKey(
        Site, verbose_name=_("network"), on_delete=models.CASCADE, related_name="+"
    )
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    description = models.CharField(_("description"), max_length=255, blank=True)
    owner_email = models.EmailField(
        _("owner's e-mail"),
        help_text=_("Told when the endpoint is disabled after failing for days."),
    )
    is_enabled = models.BooleanField(_("enabled"), default=True)
    secret = models.CharField(max_length=100, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # Since when every attempt failed; cleared by any success.
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["site", "url"]

    def __str__(self):
        return self.url

    @admin_display(description=_("delivery log"))
    def delivery_log(self):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("partners_webhook_deliveries", args=[self.pk]),
            _("Deliveries"),
        )


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


class WebhookDelivery(models.Model):
    """One event for one endpoint, written in the transaction that made the change."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # The `webhook-id` header: the same for every attempt, so receivers drop repeats.
    message_id = models.CharField(
        _("webhook id"),
        max_length=40,
        unique=True,
        default=new_message_id,
    )
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    # What the order of deliveries is kept for: e.g. "page:12".
    subject = models.CharField(_("subject"), max_length=60)
    payload = models.JSONField(_("payload"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When a worker may next take it; a worker taking it moves this past its
    # time-out, so a worker killed mid-delivery leaves it due again.
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event} {self.message_id}"


class WebhookAttempt(models.Model):
    """One try to send a delivery: when, the answer or the network error, how long."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempts"
    )
    started_at = models.DateTimeField(_("started at"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True)
    error = models.CharField(_("error"), max_length=255, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        ordering = ["started_at", "pk"]

    def __str__(self):
        return f"{self.status_code or self.error} ({self.duration_ms} ms)"

    @property
    def succeeded(self):
        return self.status_code is not None and 200 <= self.status_code < 300
