from django.contrib.auth.models import Permission
from django.forms import modelform_factory
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from partners import admin_views
from partners.forms import ApiKeyForm, WebhookEndpointForm
from partners.models import ApiKey, WebhookEndpoint


class ApiKeyViewSet(ModelViewSet):
    model = ApiKey
    icon = "key"
    form_fields = [
        "name",
        "organisation",
        "sites",
        "allowed_origins",
        "read_rate",
        "submission_quota",
        "expires_at",
    ]
    list_display = ["name", "organisation", "public_id", "last_used_at", "revoked_at"]
    search_fields = ["name", "organisation", "public_id"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "name",
        "organisation",
        "public_id",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
        "read_rate",
        "submission_quota",
        "allowed_origins",
        "daily_use",
    ]
    add_view_class = admin_views.ApiKeyCreateView
    inspect_view_class = admin_views.ApiKeyInspectView

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model,
            form=ApiKeyForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.form_fields,
        )


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link"
    form_fields = ["site", "url", "events", "description", "owner_email", "is_enabled"]
    list_display = ["url", "site", "is_enabled", "failing_since", "delivery_log"]
    add_view_class = admin_views.WebhookEndpointCreateView

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model,
            form=WebhookEndpointForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.form_fields,
        )


class PartnersViewSetGroup(ViewSetGroup):
    menu_label = _("Partners")
    menu_icon = "key"
    menu_order = 270
    items = (
        ApiKeyViewSet("partners_apikey", url_prefix="api-keys"),
        WebhookEndpointViewSet("partners_webhookendpoint", url_prefix="webhooks"),
    )


@hooks.register("register_admin_viewset")
def register_partners():
    return PartnersViewSetGroup()


@hooks.register("register_admin_urls")
def register_delivery_urls():
    return [
        path(
            "webhooks/<int:endpoint_id>/deliveries/",
            admin_views.deliveries,
            name="partners_webhook_deliveries",
        ),
        path(
            "webhooks/<int:endpoint_id>/deliveries/<int:delivery_id>/resend/",
            admin_views.resend_delivery,
            name="partners_webhook_resend",
        ),
        path(
            "webhooks/<int:endpoint_id>/deliveries/resend-failed/",
            admin_views.resend_failed,
            name="partners_webhook_resend_failed",
        ),
    ]


@hooks.register("register_permissions")
def register_partner_permissions():
    return Permission.objects.filter(
        content_type__app_label="partners",
        codename__in=[
            "add_apikey",
            "change_apikey",
            "delete_apikey",
            "add_webhookendpoint",
            "change_webhookendpoint",
            "delete_webhookendpoint",
        ],
    )
