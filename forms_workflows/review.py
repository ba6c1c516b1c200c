"""Review in the Wagtail admin: listing, detail with history, transition buttons.

Reviewers read applications and move them through `workflow.transition()`;
nobody edits an applicant's answers or deletes an application in the admin.
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

from forms_workflows.adhesion_workflow import WAITING_FOR_REVIEW
from forms_workflows.exports import FormulaSafeExportMixin
from forms_workflows.machine import Role
from forms_workflows.models import CharterAdhesion, Notification
from forms_workflows.networks import ALL, covers, reviewable, reviewed_site_ids
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

    # Per row, only the networks the user reviews (see networks.py).
    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and covers(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return reviewable(user, self.model._default_manager.all())


class UnsentColumn(Column):
    cell_template_name = "forms_workflows/admin/unsent_cell.html"


class ReviewableMixin:
    """A single-application view of the admin: another network's answers 404."""

    def get_base_object_queryset(self):
        everything = self.model._default_manager.all()
        if not ReviewPermissionPolicy(self.model).user_has_permission(
            self.request.user, "view"
        ):
            return everything  # the view's permission check refuses them (403)
        return reviewable(self.request.user, everything)

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

    # What each row shows besides itself, fetched with it.
    related = ("region", "site")

    def scoped(self, queryset):
        """The rows of `queryset` the user may see: a kind may have its own rule."""
        return reviewable(self.request.user, queryset)

    # The listing, its search, filters and CSV/XLSX exports all start here.
    def get_base_queryset(self):
        unsent = ~Q(notifications__status=Notification.Status.SENT)
        return self.scoped(
            super()
            .get_base_queryset()
            .select_related(*self.related)
            .annotate(unsent_notifications=Count("notifications", filter=unsent))
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
    # What an empty field says, rather than "None".
    EMPTY = {"signatory": _("not yet published")}

    def get_field_display_value(self, field_name, field):
        if isinstance(field, models.DateTimeField):
            # Wagtail prints the stored UTC; the history beside it is local time.
            value = getattr(self.object, field_name)
            if value is not None:
                return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
        value = super().get_field_display_value(field_name, field)
        if value is None or value == "":
            return self.EMPTY.get(field_name, "—")
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
        policy = ReviewPermissionPolicy(model)
        if not policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        # Another network's application answers as a missing one would.
        obj = get_object_or_404(reviewable(request.user, model.objects.all()), pk=pk)
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


class CharterAdhesionViewSet(ModelViewSet):
    model = CharterAdhesion
    icon = "form"
    menu_label = _("Charter adhesions")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    # Never used: the policy grants nobody "add" or "change".
    form_fields = ["organisation_name"]
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    history_view_class = ApplicationHistoryView
    usage_view_class = ApplicationUsageView
    list_display = [
        "reference",
        "organisation_name",
        Column("get_status_display", label=_("status"), sort_key="status"),
        "organisation_kind",
        "region",
        "site",
        DateColumn("created_at", label=_("submitted at"), sort_key="created_at"),
        UnsentColumn("unsent_notifications", label=_("unsent e-mails")),
    ]
    list_filter = ["status", "created_at", "organisation_kind", "region", "site"]
    search_fields = ["reference", "organisation_name", "contact_name", "contact_email"]
    search_backend_name = None
    ordering = ["-created_at"]
    list_export = [
        "reference",
        "status",
        "created_at",
        "status_changed_at",
        "organisation_name",
        "organisation_kind",
        "organisation_address",
        "region",
        "website",
        "registration_number",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "signatory_name",
        "signatory_title",
        "language",
    ]
    export_filename = "charter-adhesions"
    inspect_view_fields = [
        "reference",
        "organisation_name",
        "organisation_kind",
        "organisation_address",
        "region",
        "website",
        "registration_number",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "signatory_name",
        "signatory_title",
        "language",
        "consent_version",
        "consent_given_at",
        "created_at",
        "signatory",
    ]

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

    def __init__(self, request):
        self.request = request

    def scoped(self, queryset):
        """The rows of `queryset` the user may see: a kind may have its own rule."""
        return reviewable(self.request.user, queryset)

    def get_context_data(self, parent_context):
        waiting = self.scoped(self.model.objects.filter(status__in=self.waiting_states))
        return {
            "count": waiting.count(),
            self.list_name: waiting.order_by(self.oldest_first)[:10],
        }


class WaitingForReviewPanel(WaitingPanel):
    """Dashboard panel: the charter adhesions waiting for a reviewer."""

    name = "applications_waiting_for_review"
    order = 90
    template_name = "forms_workflows/admin/waiting_panel.html"
    model = CharterAdhesion
    waiting_states = WAITING_FOR_REVIEW
