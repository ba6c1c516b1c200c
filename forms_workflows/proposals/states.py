"""The project proposal's states and the groups of them that screens ask about.

The model takes its choices and first state from here; the actions between
the states and the roles are in forms_workflows.proposals.workflow.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    ELIGIBILITY_CHECK = "eligibility_check", _("eligibility check")
    EXPERT_REVIEW = "expert_review", _("expert review")
    COMMISSION = "commission", _("before the commission")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    AWARDED = "awarded", _("awarded")
    DEFERRED = "deferred", _("deferred")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    ANONYMISED = "anonymised", _("anonymised")


S = ProposalStatus
# Where a new proposal starts: the model's default and the workflow's first state.
INITIAL = S.DRAFT
OPEN_STATES = (
    S.DRAFT,
    S.SUBMITTED,
    S.ELIGIBILITY_CHECK,
    S.EXPERT_REVIEW,
    S.COMMISSION,
    S.CHANGES_REQUESTED,
)
WAITING_FOR_REVIEW = (S.SUBMITTED, S.ELIGIBILITY_CHECK, S.EXPERT_REVIEW, S.COMMISSION)
CLOSED_STATES = (S.DRAFT, S.REJECTED, S.DEFERRED, S.WITHDRAWN)
EDITABLE_STATES = (S.DRAFT, S.CHANGES_REQUESTED)
