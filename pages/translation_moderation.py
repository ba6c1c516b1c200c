"""Send a page's translation through its network's moderation workflow.

Wagtail Localize's translation editor offers "Publish" to those who may publish
and only "Save" to editors: nothing sends a translation to the moderators. This
view, offered in the page's header and listing menus for a translated page,
starts the page's workflow on the translation's latest saved version, as
"Submit for moderation" does for a French page; the moderators then approve
(which publishes) or send it back, from their dashboard.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import Button
from wagtail.models import Locale, Page

URL_NAME = "pages_submit_translation_for_moderation"


def can_submit(page, user):
    """A translation (not the default language) its editor may edit, with a workflow."""
    return (
        page.locale_id != Locale.get_default().pk
        and page.permissions_for_user(user).can_edit()
        and page.get_workflow() is not None
        and not page.workflow_in_progress
    )


def submit_translation_for_moderation(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_submit(page, request.user):
        raise PermissionDenied
    if request.method == "POST":
        if page.latest_revision is None or not page.has_unpublished_changes:
            page.save_revision(user=request.user, log_action=True)
        page.get_workflow().start(page, request.user)
        messages.success(
            request,
            _("The translation “%(title)s” was submitted for moderation.")
            % {"title": page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return TemplateResponse(
        request, "pages/admin/submit_translation.html", {"page": page}
    )


def header_button(page, user, view_name=None, next_url=None):
    if page.pk and can_submit(page, user):
        yield Button(
            gettext_lazy("Submit translation for moderation"),
            reverse(URL_NAME, args=[page.pk]),
            icon_name="resubmit",
            priority=15,
        )


def urlpatterns():
    return [
        path(
            "pages/<int:page_id>/submit-translation/",
            submit_translation_for_moderation,
            name=URL_NAME,
        )
    ]
