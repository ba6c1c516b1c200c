"""The admin's forms for keys and endpoints."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from partners import webhooks
from partners.models import WebhookEvent


class ApiKeyForm(WagtailAdminModelForm):
    revoke = forms.BooleanField(
        label=_("Revoke this key"),
        required=False,
        help_text=_("Refused at once on every server. This cannot be undone."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None or self.instance.revoked_at:
            del self.fields["revoke"]

    def clean_allowed_origins(self):
        origins = self.cleaned_data["allowed_origins"].split()
        for origin in origins:
            if not origin.startswith(("https://", "http://")) or origin.count("/") > 2:
                raise forms.ValidationError(
                    _(
                        "Give each origin as scheme and host, e.g. https://partner.example."
                    ),
                    code="INVALID_ORIGIN",
                )
        return "\n".join(origin.rstrip("/") for origin in origins)

    def save(self, commit=True):
        if self.cleaned_data.get("revoke") and not self.instance.revoked_at:
            self.instance.revoked_at = timezone.now()
        return super().save(commit)


class WebhookEndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=_("events"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        webhooks.validate_url(url)
        return url
