from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.widgets import Button

from graphql_api.admin_views import partner_front_end_url, partner_preview


@hooks.register("register_admin_urls")
def register_partner_preview_url():
    return [
        path(
            "partner-preview/<int:page_id>/",
            partner_preview,
            name="graphql_api_partner_preview",
        )
    ]


@hooks.register("register_page_header_buttons")
def partner_preview_button(page, user, view_name, next_url=None):
    # Offered only where a partner front end is set: a link to nothing would
    # open a refused connection.
    if (
        page.depth > 1
        and page.permissions_for_user(user).can_edit()
        and partner_front_end_url(page)
    ):
        yield Button(
            _("Preview on partner site"),
            reverse("graphql_api_partner_preview", args=[page.pk]),
            icon_name="view",
            attrs={"target": "_blank", "rel": "noopener"},
            priority=5,
        )


class PartnerPreviewMenuItem(ActionMenuItem):
    """Beside "Save draft": open the last saved revision on the partner front end."""

    label = _("Preview on partner site")
    name = "action-partner-preview"
    icon_name = "view"

    def is_shown(self, context):
        return (
            context["view"] == "edit"
            and super().is_shown(context)
            and bool(partner_front_end_url(context["page"]))
        )

    def get_url(self, parent_context):
        return reverse("graphql_api_partner_preview", args=[parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def partner_preview_menu_item():
    return PartnerPreviewMenuItem(order=5)
