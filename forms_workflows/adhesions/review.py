"""The charter adhesions in the Wagtail admin: listing, detail, dashboard panel."""

from django.utils.translation import gettext_lazy as _

from forms_workflows.adhesions.forms import APPLICANT_FIELDS
from forms_workflows.adhesions.models import CharterAdhesion
from forms_workflows.adhesions.states import WAITING_FOR_REVIEW
from forms_workflows.review import (
    ApplicationViewSet,
    WaitingPanel,
    status_column,
    submitted_column,
    unsent_column,
)


class CharterAdhesionViewSet(ApplicationViewSet):
    model = CharterAdhesion
    menu_label = _("Charter adhesions")
    menu_order = 250
    list_related = ("region", "site")
    list_display = [
        "reference",
        "organisation_name",
        status_column(),
        "organisation_kind",
        "region",
        "site",
        submitted_column("created_at"),
        unsent_column(),
    ]
    list_filter = ["status", "created_at", "organisation_kind", "region", "site"]
    search_fields = ["reference", "organisation_name", "contact_name", "contact_email"]
    list_export = [
        "reference",
        "status",
        "created_at",
        "status_changed_at",
        *APPLICANT_FIELDS,
        "language",
    ]
    export_filename = "charter-adhesions"
    inspect_view_fields = [
        "reference",
        *APPLICANT_FIELDS,
        "language",
        "consent_version",
        "consent_given_at",
        "created_at",
        "signatory",
    ]
    inspect_empty = {"signatory": _("not yet published")}


class WaitingForReviewPanel(WaitingPanel):
    """Dashboard panel: the charter adhesions waiting for a reviewer."""

    name = "applications_waiting_for_review"
    order = 90
    template_name = "forms_workflows/admin/waiting_panel.html"
    model = CharterAdhesion
    waiting_states = WAITING_FOR_REVIEW
