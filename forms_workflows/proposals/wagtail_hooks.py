from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from forms_workflows.proposals.access import is_expert, is_staff_reader
from forms_workflows.proposals.award_admin import LabelAwardDeleteView, LabelAwardForm
from forms_workflows.proposals.models import (
    Campaign,
    LabelAward,
    Project,
    ProjectProposal,
)
from forms_workflows.proposals.review import (
    VIEWSET_NAME,
    ProjectProposalViewSet,
    ProposalPermissionPolicy,
    ProposalsWaitingPanel,
)

register_permission_policy(ProjectProposal, ProposalPermissionPolicy(ProjectProposal))


class CampaignViewSet(ModelViewSet):
    model = Campaign
    icon = "date"
    form_fields = [
        "year",
        "referentiel",
        "opens_on",
        "closes_on",
        "pre_application_deadline",
        "complete_file_deadline",
        "review_starts_on",
        "review_ends_on",
        "commission_date",
        "deciding_body",
    ]
    list_display = ["year", "referentiel", "opens_on", "closes_on", "deciding_body"]


class ProjectViewSet(ModelViewSet):
    model = Project
    icon = "home"
    form_fields = [
        *ProjectProposal.PROJECT_FIELDS.values(),
        "public_summary",
        "public_summary_en",
    ]
    list_display = ["name", "commune", "region", "leading_body_kind"]
    list_filter = ["region", "context", "leading_body_kind"]
    search_fields = ["name", "commune", "leading_body"]
    search_backend_name = None


class LabelAwardViewSet(ModelViewSet):
    model = LabelAward
    icon = "pick"
    form_fields = ["project", "stage", "campaign", "awarded_on"]
    list_display = ["project", "stage", "campaign", "awarded_on"]
    list_filter = ["stage", "campaign"]
    delete_view_class = LabelAwardDeleteView

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model,
            form=LabelAwardForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.form_fields,
        )


class LabelViewSetGroup(ViewSetGroup):
    menu_label = _("ÉcoQuartier label")
    menu_icon = "tasks"
    menu_order = 261
    items = (
        CampaignViewSet("proposals_campaign", url_prefix="label-campaigns"),
        ProjectViewSet("proposals_project", url_prefix="label-projects"),
        LabelAwardViewSet("proposals_labelaward", url_prefix="label-awards"),
    )


@hooks.register("register_admin_viewset")
def register_project_proposals():
    return ProjectProposalViewSet(VIEWSET_NAME, url_prefix="project-proposals")


@hooks.register("register_admin_viewset")
def register_label_viewsets():
    return LabelViewSetGroup()


@hooks.register("construct_homepage_panels")
def add_proposals_panel(request, panels):
    if is_staff_reader(request.user) or is_expert(request.user):
        panels.append(ProposalsWaitingPanel(request))
