"""The admin's "Preview on partner site": a token for the latest revision."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from wagtail.models import Page

from graphql_api.content.preview import make_preview_token
from pages.models import NetworkSettings


def partner_front_end_url(page) -> str:
    site = page.get_site()
    network = NetworkSettings.objects.filter(site=site).first() if site else None
    return getattr(network, "front_end_url", "") or ""


def partner_preview(request, page_id):
    """Redirect an editor to the partner front end, showing the page's draft."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    # A GET changes nothing: a page never saved from the editor has no revision
    # to show, and making one here would add a version nobody wrote.
    revision = page.latest_revision
    if revision is None:
        messages.error(
            request,
            _("Save a draft of this page first: the preview shows the last saved one."),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    front_end = partner_front_end_url(page)
    if not front_end:
        messages.error(
            request,
            _("This site has no partner front end URL in its network settings."),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    query = urlencode({"previewToken": make_preview_token(revision), "pageId": page.pk})
    return redirect(f"{front_end.rstrip('/')}/preview?{query}")
