"""Snippet admin: one viewset per snippet, Organisation and Signatory scoped by site."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    HistoryView,
    SnippetViewSet,
    UsageView,
)

from pages import (
    localize_buttons,
    translation_guard,
    translation_moderation,
    visibility,
)
from pages.forms import SiteScopedAdminForm
from pages.models import (
    Commitment,
    Dimension,
    Organisation,
    Referentiel,
    Region,
    Signatory,
)
from pages.permissions import SiteScopedPermissionPolicy, sites_for_user

# Registered before the viewsets so that every admin view, chooser and listing
# asks the site-aware policy rather than the plain model one.
register_permission_policy(Organisation, SiteScopedPermissionPolicy(Organisation))
register_permission_policy(Signatory, SiteScopedPermissionPolicy(Signatory))


class InstancePermissionMixin:
    """Refuse to open a row of another site even by typing its URL."""

    instance_action = "change"

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.instance_action, instance
        ):
            raise PermissionDenied
        return instance


class ScopedEditView(InstancePermissionMixin, EditView):
    pass


class ScopedDeleteView(InstancePermissionMixin, DeleteView):
    instance_action = "delete"


class ScopedHistoryView(InstancePermissionMixin, HistoryView):
    pass


class ScopedUsageView(InstancePermissionMixin, UsageView):
    pass


def rows_of_users_sites(queryset, user):
    if user.is_superuser:
        return queryset
    return queryset.filter(site__in=sites_for_user(user))


class ScopedChooserMixin:
    """Offer only the user's own network's rows in choosers (e.g. partners)."""

    def get_object_list(self):
        return rows_of_users_sites(super().get_object_list(), self.request.user)


class ScopedChooseView(ScopedChooserMixin, ChooseView):
    pass


class ScopedChooseResultsView(ScopedChooserMixin, ChooseResultsView):
    pass


class ScopedChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView


class ListedSnippetViewSet(SnippetViewSet):
    """A listing in a constant number of queries, whatever its number of rows."""

    @property
    def breadcrumbs_items(self):
        # Wagtail's own are translated once, when the viewsets are registered,
        # in the language active then (French): "Accueil" for English users too.
        items = [{"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")}]
        if (
            getattr(settings, "WAGTAILSNIPPETS_MENU_SHOW_ALL", False)
            or not self.get_menu_item_is_registered()
        ):
            items.append(
                {"url": reverse_lazy("wagtailsnippets:index"), "label": _("Snippets")}
            )
        return items

    # The foreign keys the listing shows, loaded with the rows.
    list_select_related = ("locale",)

    # The listing's search box filters the rows in the database: the search
    # backend's SQLite index answered 500 ("no such column: name") for a
    # search limited to `search_fields`.
    search_backend_name = None

    def get_queryset(self, request):
        return localize_buttons.with_translation_state(
            self.model._default_manager.select_related(*self.list_select_related)
        )


class SiteScopedSnippetViewSet(ListedSnippetViewSet):
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    chooser_viewset_class = ScopedChooserViewSet

    def get_queryset(self, request):
        return rows_of_users_sites(super().get_queryset(request), request.user)

    def get_edit_handler(self):
        return ObjectList(
            self.model.panels, base_form_class=SiteScopedAdminForm
        ).bind_to_model(self.model)


class OrganisationViewSet(SiteScopedSnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "site", "region", "locale"]
    list_filter = ["kind", "site", "locale"]
    search_fields = ["name"]
    list_select_related = ("locale", "site", "region")


class SignatoryViewSet(SiteScopedSnippetViewSet):
    model = Signatory
    icon = "doc-full-inverse"
    menu_label = _("Signatories")
    list_display = ["name", "kind", "signed_on", "is_active", "site", "locale"]
    list_filter = ["is_active", "kind", "site", "locale"]
    search_fields = ["name"]
    list_select_related = ("locale", "site")


class RegionViewSet(ListedSnippetViewSet):
    model = Region
    icon = "site"
    menu_label = _("Regions")
    list_display = ["name", "code", "contact_name", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "code"]


class ReferentielViewSet(ListedSnippetViewSet):
    model = Referentiel
    icon = "list-ol"
    menu_label = _("Référentiels")
    list_display = ["title", "version", "is_current", "locale"]
    list_filter = ["is_current", "locale"]


class DimensionViewSet(ListedSnippetViewSet):
    model = Dimension
    icon = "folder-open-inverse"
    menu_label = _("Dimensions")
    list_display = ["__str__", "referentiel", "locale"]
    list_filter = ["referentiel", "locale"]
    list_select_related = ("locale", "referentiel")


class CommitmentViewSet(ListedSnippetViewSet):
    model = Commitment
    icon = "tick"
    menu_label = _("Commitments")
    list_display = ["__str__", "dimension", "locale"]
    list_filter = ["dimension__referentiel", "locale"]
    search_fields = ["title"]
    list_select_related = ("locale", "dimension")


# Registered one by one so that they all sit under the admin's Snippets menu,
# where the editors' guide sends editors.
for viewset in (
    OrganisationViewSet,
    SignatoryViewSet,
    RegionViewSet,
    ReferentielViewSet,
    DimensionViewSet,
    CommitmentViewSet,
):
    register_snippet(viewset)


# localize_buttons imports Wagtail Localize's hooks, registering them: swap them now.
localize_buttons.replace_hooks(hooks)


@hooks.register("construct_explorer_page_queryset")
def explorer_translation_state(parent_page, pages, request):
    return localize_buttons.with_translation_state(pages)


# Ahead of Wagtail Localize's URLs, which answer the same paths unguarded.
@hooks.register("register_admin_urls", order=-1)
def register_translation_guard_urls():
    return translation_guard.urlpatterns()


@hooks.register("register_admin_urls", order=-1)
def register_translation_moderation_urls():
    return translation_moderation.urlpatterns()


# Ahead of Wagtail Localize's own hook, which would publish the translation.
hooks.register(
    "before_edit_page", translation_moderation.refuse_direct_publish, order=-1
)

# A translated page reaches its moderators from its header and listing menus.
hooks.register("register_page_header_buttons", translation_moderation.header_button)
hooks.register(
    "register_page_listing_more_buttons", translation_moderation.header_button
)


@hooks.register("before_serve_page")
def refuse_expired_page(page, request, serve_args, serve_kwargs):
    """Answer 404 for a page past its expiry date, before the cron unpublishes it.

    Wagtail serves any live page; `publish_scheduled` only unpublishes it at its
    next run. Previews do not pass here: an editor still sees the draft.
    """
    if visibility.is_expired(page):
        raise Http404
