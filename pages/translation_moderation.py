"""Send a page's translation through its network's moderation workflow.

Wagtail Localize's translation editor offers "Publish" to those who may publish
and nothing else to editors: nothing sends a translation to the moderators. This
view, offered in the page's header and listing menus for a translated page,
saves the translated strings as a draft and starts the page's workflow on it, as
"Submit for moderation" does for a French page; the moderators then approve
(which publishes) or send it back, from their dashboard.

The translation editor's own "Publish" would skip the workflow: for a page a
workflow governs, `refuse_direct_publish` (a `before_edit_page` hook) turns it
into a saved draft and sends the user to the submission screen instead, and
`publish_goes_through_moderation` tells the editor's template to hide the button.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import Button
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page
from wagtail_localize.models import Translation

URL_NAME = "pages_submit_translation_for_moderation"


def is_translation(page):
    """Not in the default language (read from the page's locale, loaded with listings)."""
    return page.locale.language_code != get_supported_content_language_variant(
        settings.LANGUAGE_CODE
    )


def can_submit(page, user):
    """A translation (not the default language) its editor may edit, with a workflow."""
    return (
        is_translation(page)
        and page.permissions_for_user(user).can_edit()
        and page.get_workflow() is not None
        and not page.workflow_in_progress
    )


def translation_of(page):
    """The enabled Wagtail Localize translation whose target is this page, if any."""
    return Translation.objects.filter(
        source__object_id=page.translation_key,
        target_locale_id=page.locale_id,
        enabled=True,
    ).first()


def publish_goes_through_moderation(page):
    """A translated page under a workflow is published by approving it, never directly."""
    return (
        isinstance(page, Page)
        and is_translation(page)
        and page.get_workflow() is not None
    )


class _KeepRevisionContentOnly(Exception):
    pass


def save_translated_draft(page, user):
    """Turn the strings typed in the translation editor into a draft revision.

    They live in Wagtail Localize's tables until then; without this, the
    moderators would approve the page as it was before the translation. Its
    `save_target(publish=False)` also writes the draft into the page's own row,
    which the public site and the API read: so it runs in a savepoint that is
    rolled back, and only the revision's content is kept, saved as Wagtail's
    "Save draft" does (the row keeps the published version).
    """
    translation = translation_of(page)
    if translation is None:
        if page.latest_revision is None or not page.has_unpublished_changes:
            page.save_revision(user=user, log_action=True)
        return
    try:
        with transaction.atomic():
            translation.save_target(user=user, publish=False)
            content = Page.objects.get(pk=page.pk).latest_revision.content
            raise _KeepRevisionContentOnly
    except _KeepRevisionContentOnly:
        pass
    page.refresh_from_db()
    page.with_content_json(content).save_revision(user=user, log_action=True)
    page.refresh_from_db()


def submit_translation_for_moderation(request, page_id):
    page = get_object_or_404(Page, pk=page_id).specific
    if not can_submit(page, request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            save_translated_draft(page, request.user)
        except ValidationError:
            messages.error(
                request,
                _(
                    "The translation cannot be saved as it is: correct it in the "
                    "translation editor, then submit it again."
                ),
            )
            return redirect("wagtailadmin_pages:edit", page.pk)
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


def refuse_direct_publish(request, page):
    """Send the translation editor's "Publish" to the moderation workflow instead."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    if not publish_goes_through_moderation(page) or translation_of(page) is None:
        return None
    if page.workflow_in_progress:
        messages.warning(
            request,
            _(
                "This translation is awaiting moderation: a moderator publishes it "
                "by approving it from the dashboard."
            ),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    if not can_submit(page.specific, request.user):
        raise PermissionDenied
    messages.info(
        request,
        _(
            "Translations of this network are published by its moderation "
            "workflow: submit this one for moderation."
        ),
    )
    return redirect(URL_NAME, page.pk)


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
