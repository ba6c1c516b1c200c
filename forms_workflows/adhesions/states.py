"""The charter adhesion's states and the groups of them that screens ask about.

The model takes its choices and first state from here; the actions between
the states are in forms_workflows.adhesions.workflow.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AdhesionStatus(models.TextChoices):
    AWAITING_EMAIL_CONFIRMATION = (
        "awaiting_email_confirmation",
        _("awaiting e-mail confirmation"),
    )
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under review")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    REVOKED = "revoked", _("revoked")
    ANONYMISED = "anonymised", _("anonymised")


S = AdhesionStatus
# Where a new application starts: the model's default and the workflow's first state.
INITIAL = S.AWAITING_EMAIL_CONFIRMATION
OPEN_STATES = (
    S.AWAITING_EMAIL_CONFIRMATION,
    S.SUBMITTED,
    S.UNDER_REVIEW,
    S.CHANGES_REQUESTED,
)
WAITING_FOR_REVIEW = (S.SUBMITTED, S.UNDER_REVIEW)
CLOSED_STATES = (S.AWAITING_EMAIL_CONFIRMATION, S.REJECTED, S.WITHDRAWN, S.REVOKED)
