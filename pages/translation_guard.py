"""Only let editors submit translations of what they may edit.

Wagtail Localize's "Translate" and "Sync" views check only its own `submit_translation`
permission, so an editor of one network could create English copies inside
another network's tree. These subclasses add the page permission (pages) and
the site-aware snippet policy (snippets); `wagtail_hooks.py` mounts them on
Wagtail Localize's own URLs, ahead of its views.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail.models import Page
from wagtail.permissions import policy_registry
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
)
from wagtail_localize.views.update_translations import UpdateTranslationsView

from pages.translation_moderation import publish_goes_through_moderation


def user_can_edit(user, instance):
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_edit()
    policy = policy_registry.get_by_type(type(instance))
    return policy.user_has_permission_for_instance(user, "change", instance)


class GuardedPageTranslationView(SubmitPageTranslationView):
    def get_object(self):
        page = super().get_object()
        if not user_can_edit(self.request.user, page):
            raise PermissionDenied
        return page


class GuardedSnippetTranslationView(SubmitSnippetTranslationView):
    def get_object(self):
        instance = super().get_object()
        if not user_can_edit(self.request.user, instance):
            raise PermissionDenied
        return instance


class GuardedUpdateTranslationsView(UpdateTranslationsView):
    """Syncing pushes the source's changes into its translations: same rule.

    Its "Publish immediately" would publish every translation without the
    network's moderation workflow: for such a page it is never ticked.
    """

    def get_object(self):
        source = super().get_object()
        if not user_can_edit(self.request.user, source.get_source_instance()):
            raise PermissionDenied
        return source

    def get_form(self):
        form = super().get_form()
        source = self.object.get_source_instance()
        translations = source.get_translations() if isinstance(source, Page) else []
        if any(publish_goes_through_moderation(page) for page in translations):
            field = form.fields["publish_translations"]
            field.disabled = True
            field.initial = False
            field.widget = forms.HiddenInput()
        return form


def urlpatterns():
    # Same paths as Wagtail Localize's; `pages/wagtail_hooks.py` registers
    # them with a lower order than Wagtail Localize's, so these views answer.
    return [
        path(
            "localize/submit/page/<int:page_id>/",
            GuardedPageTranslationView.as_view(),
        ),
        path(
            "localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/",
            GuardedSnippetTranslationView.as_view(),
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            GuardedUpdateTranslationsView.as_view(),
        ),
    ]
