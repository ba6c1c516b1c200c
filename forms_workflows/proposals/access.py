"""Who may read which proposal: staff all of them, an expert only those assigned.

The admin listing, the file view and the API all scope through `visible_to`.
"""

from forms_workflows.proposals.models import ProjectProposal
from forms_workflows.proposals.workflow import (
    ASSESS_PERMISSION,
    DECIDE_PERMISSION,
    REVIEW_PERMISSION,
)

STAFF_PERMISSIONS = (
    REVIEW_PERMISSION,
    DECIDE_PERMISSION,
    "proposals.view_projectproposal",
)


def is_staff_reader(user):
    return bool(
        user
        and user.is_active
        and any(user.has_perm(permission) for permission in STAFF_PERMISSIONS)
    )


def is_expert(user):
    return bool(user and user.is_active and user.has_perm(ASSESS_PERMISSION))


def visible_to(user, queryset=None):
    """The proposals `user` may read."""
    queryset = ProjectProposal.objects.all() if queryset is None else queryset
    if is_staff_reader(user):
        return queryset
    if is_expert(user):
        return queryset.filter(assignments__expert=user)
    return queryset.none()


def can_read(user, proposal):
    return visible_to(user, ProjectProposal.objects.filter(pk=proposal.pk)).exists()
