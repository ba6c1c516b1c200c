from wagtail import hooks
from wagtail.permissions import register_permission_policy

from forms_workflows.adhesions.models import CharterAdhesion
from forms_workflows.adhesions.review import (
    CharterAdhesionViewSet,
    WaitingForReviewPanel,
)
from forms_workflows.review import ReviewPermissionPolicy

register_permission_policy(CharterAdhesion, ReviewPermissionPolicy(CharterAdhesion))


@hooks.register("register_admin_viewset")
def register_charter_adhesions():
    return CharterAdhesionViewSet(
        "forms_workflows_charteradhesion", url_prefix="charter-adhesions"
    )


@hooks.register("construct_homepage_panels")
def add_waiting_for_review_panel(request, panels):
    if request.user.has_perm(CharterAdhesionViewSet.model.workflow.review_permission):
        panels.append(WaitingForReviewPanel(request))
