"""Admin screens beyond the viewsets: a secret shown once, the delivery log, resend."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin.views.generic import CreateView, InspectView
from wagtail.log_actions import log

from partners import keys, webhooks
from partners.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

MANAGE_ENDPOINTS = "partners.change_webhookendpoint"


class SecretOnceCreateView(CreateView):
    """Save the new row with a fresh secret and show the secret on this page only."""

    def issue_secret(self, instance) -> str:
        raise NotImplementedError

    def form_valid(self, form):
        self.form = form
        with transaction.atomic():
            instance = form.save(commit=False)
            secret = self.issue_secret(instance)
            instance.save()
            form.save_m2m()
            log(instance=instance, action="wagtail.create", content_changed=True)
        self.object = instance
        return TemplateResponse(
            self.request,
            "partners/secret_once.html",
            {
                "object": instance,
                "secret": secret,
                "index_url": self.get_success_url(),
                "header_title": str(instance),
            },
        )


class ApiKeyCreateView(SecretOnceCreateView):
    def issue_secret(self, instance):
        return keys.issue_secret(instance)


class ApiKeyInspectView(InspectView):
    def get_object(self, queryset=None):
        key = super().get_object(queryset)
        # Requests are counted in the shared cache first: show the day as it stands.
        keys.flush_use([key.pk])
        return key


class WebhookEndpointCreateView(SecretOnceCreateView):
    def issue_secret(self, instance):
        instance.secret = webhooks.new_secret()
        return instance.secret


def _endpoint_for(request, endpoint_id):
    if not request.user.has_perm(MANAGE_ENDPOINTS):
        raise PermissionDenied
    return get_object_or_404(WebhookEndpoint, pk=endpoint_id)


def deliveries(request, endpoint_id):
    """The endpoint's deliveries, newest first, each with its attempts."""
    endpoint = _endpoint_for(request, endpoint_id)
    listed = (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .prefetch_related("attempts")
        .order_by("-pk")[:200]
    )
    return TemplateResponse(
        request,
        "partners/deliveries.html",
        {
            "endpoint": endpoint,
            "deliveries": listed,
            "failed": DeliveryStatus.FAILED,
            "header_title": _("Deliveries to %(url)s") % {"url": endpoint.url},
        },
    )


@require_POST
def resend_delivery(request, endpoint_id, delivery_id):
    endpoint = _endpoint_for(request, endpoint_id)
    with transaction.atomic():
        webhooks.resend(
            WebhookDelivery.objects.filter(endpoint=endpoint, pk=delivery_id)
        )
    messages.success(request, _("The delivery will be sent again."))
    return redirect("partners_webhook_deliveries", endpoint.pk)


@require_POST
def resend_failed(request, endpoint_id):
    endpoint = _endpoint_for(request, endpoint_id)
    with transaction.atomic():
        count = webhooks.resend(
            WebhookDelivery.objects.filter(
                endpoint=endpoint, status=DeliveryStatus.FAILED
            )
        )
    messages.success(
        request, _("%(count)s failed deliveries will be sent again.") % {"count": count}
    )
    return redirect("partners_webhook_deliveries", endpoint.pk)
