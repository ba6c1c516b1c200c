"""Review in the Wagtail admin: listing, detail with history, transition buttons.

Reviewers read applications and move them through `workflow.transition()`;
nobody edits an applicant's answers or deletes an application in the admin.
Each kind declares an `ApplicationViewSet` (its columns, filters and fields) and
a `ReviewPermissionPolicy`, whose `visible()` is the kind's one rule for who
reads which rows: the listing, its exports, the detail, history and usage
views, the transition view and the dashboard panel all ask it.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import HistoryView, IndexView, InspectView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from forms_workflows.exports import FormulaSafeExportMixin
from forms_workflows.machine import Role
from forms_workflows.models.notification import Notification
from forms_workflows.networks import ALL, reviewable, reviewed_site_ids
from forms_workflows.workflow import transition

READ_ONLY_ACTIONS = {"view"}


class ReviewPermissionPolicy(ModelPermissionPolicy):
    """Viewing needs the view or review permission; adding, editing, deleting: never."""

    def user_has_permission(self, user, action):
        if action not in READ_ONLY_ACTIONS:
            return False
        return user.has_perm(self._get_permission_name("view")) or user.has_perm(
            self.model.workflow.review_permission
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def visible(self, user, queryset):
        """The rows of `queryset` that `user` may read: by default, those of the
        networks they review (networks.py); a kind may have its own rule."""
        return reviewable(user, queryset)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and self.visible(
                user, self.model._default_manager.filter(pk=instance.pk)
            ).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.visible(user, self.model._default_manager.all())


def visible(user, queryset):
    """The rows of `queryset` that `user` may read, by the rule of their kind."""
    return policy_registry.get_by_type(queryset.model).visible(user, queryset)


class UnsentColumn(Column):
    cell_template_name = "forms_workflows/admin/unsent_cell.html"


# The columns every kind's listing has.
def status_column():
    return Column("get_status_display", label=_("status"), sort_key="status")


def submitted_column(field_name):
    return DateColumn(field_name, label=_("submitted at"), sort_key=field_name)


def unsent_column():
    return UnsentColumn("unsent_notifications", label=_("unsent e-mails"))


class ReviewableMixin:
    """A single-application view of the admin: a row the user may not read 404s."""

    def get_base_object_queryset(self):
        everything = self.model._default_manager.all()
        if not self.permission_policy.user_has_permission(self.request.user, "view"):
            return everything  # the view's permission check refuses them (403)
        return self.permission_policy.visible(self.request.user, everything)

    def get_object(self, queryset=None):
        return get_object_or_404(
            self.get_base_object_queryset(), pk=unquote(str(self.pk))
        )


class ApplicationHistoryView(ReviewableMixin, HistoryView):
    pass


class ApplicationUsageView(ReviewableMixin, UsageView):
    pass


class ApplicationIndexView(FormulaSafeExportMixin, IndexView):
    """A kind's listing: the rows the user may review, with their unsent e-mails."""

    # What each row shows besides itself, fetched with it (the viewset's
    # `list_related`).
    related = ()

    # The listing, its search, filters and CSV/XLSX exports all start here.
    def get_base_queryset(self):
        unsent = ~Q(notifications__status=Notification.Status.SENT)
        return self.permission_policy.visible(
            self.request.user,
            super()
            .get_base_queryset()
            .select_related(*self.related)
            .annotate(unsent_notifications=Count("notifications", filter=unsent)),
        )

    @cached_property
    def filters(self):
        filterset = super().filters
        # The network filter offers the networks the reviewer reviews, never
        # another network's name.
        if filterset and "site" in filterset.form.fields:
            site_ids = reviewed_site_ids(self.request.user, self.model)
            if site_ids is not ALL:
                field = filterset.form.fields["site"]
                field.queryset = field.queryset.filter(pk__in=site_ids)
        return filterset


class ApplicationInspectView(ReviewableMixin, InspectView):
    template_name = "forms_workflows/admin/inspect.html"
    # What an empty field says, rather than "None" (the viewset's `inspect_empty`).
    empty = {}

    def get_field_display_value(self, field_name, field):
        if isinstance(field, models.DateTimeField):
            # Wagtail prints the stored UTC; the history beside it is local time.
            value = getattr(self.object, field_name)
            if value is not None:
                return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return self.empty.get(field_name, "—")
        return value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        workflow = obj.workflow
        context.update(
            {
                "status_label": workflow.state_label(obj.status),
                "history": [
                    {
                        "change": change,
                        "from_label": workflow.state_label(change.from_status)
                        if change.from_status
                        else "",
                        "to_label": workflow.state_label(change.to_status),
                        "action_label": workflow.action_label(change.action),
                        "role_label": Role.LABELS.get(
                            change.actor_role, change.actor_role
                        ),
                    }
                    for change in obj.status_changes.select_related("actor").order_by(
                        "created_at", "pk"
                    )
                ],
                "actions": workflow.allowed_actions(obj, self.request.user),
                "unsent": obj.notifications.exclude(status=Notification.Status.SENT),
                "transition_url": self.url_helper_transition(obj),
            }
        )
        return context

    def url_helper_transition(self, obj):
        meta = obj._meta
        return reverse(f"{meta.app_label}_{meta.model_name}:transition", args=[obj.pk])


def make_transition_view(model):
    @require_POST
    def transition_view(request, pk):
        policy = policy_registry.get_by_type(model)
        if not policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        # A row the user may not read answers as a missing one would.
        obj = get_object_or_404(
            policy.visible(request.user, model.objects.all()), pk=pk
        )
        try:
            transition(
                obj,
                request.POST.get("action", ""),
                user=request.user,
                comment=request.POST.get("comment", "")[:4000],
                note=request.POST.get("note", "")[:4000],
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(reference)s is now: %(status)s")
                % {
                    "reference": obj.reference,
                    "status": obj.workflow.state_label(obj.status),
                },
            )
        meta = model._meta
        return redirect(f"{meta.app_label}_{meta.model_name}:inspect", obj.pk)

    return transition_view


class ApplicationViewSet(ModelViewSet):
    """A kind's review screens: listing, detail, history, transitions; read-only.

    A kind declares its model, menu, columns, filters, exports and fields.
    """

    icon = "form"
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    # Never used: the policy grants nobody "add" or "change".
    form_fields = ["reference"]
    search_backend_name = None
    ordering = ["-created_at"]
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    history_view_class = ApplicationHistoryView
    usage_view_class = ApplicationUsageView
    # What each listed row shows besides itself, fetched with it.
    list_related = ()
    # What an empty field of the detail says, by field name.
    inspect_empty = {}

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(related=self.list_related, **kwargs)

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(empty=self.inspect_empty, **kwargs)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "transition/<int:pk>/",
                make_transition_view(self.model),
                name="transition",
            )
        ]


class WaitingPanel(Component):
    """Dashboard panel: a kind's applications waiting for a reviewer, oldest first."""

    model = None
    waiting_states = ()
    oldest_first = "created_at"
    list_name = "applications"  # the template's name for the list
    related = ()  # what each row shows besides itself, fetched with it

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        waiting = visible(
            self.request.user,
            self.model.objects.filter(status__in=self.waiting_states).select_related(
                *self.related
            ),
        )
        return {
            "count": waiting.count(),
            self.list_name: waiting.order_by(self.oldest_first)[:10],
        }
