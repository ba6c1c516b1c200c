"""The states of a submission to an editor-built form, and the groups screens ask about.

One kind holds the three behaviours; each uses some of the states:

- registration: confirmed, or waitlisted until a place frees up; cancelled;
- survey: received;
- sign-up: pending_confirmation until the e-mailed link is followed, then
  confirmed; unsubscribed.

The model takes its choices and first state from here; the actions between
the states are in forms_workflows.editor_forms.workflow.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Behaviour(models.TextChoices):
    REGISTRATION = "registration", _("registration for an event or a training")
    SURVEY = "survey", _("survey")
    SIGNUP = "signup", _("sign-up with confirmation")


class SubmissionStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    PENDING_CONFIRMATION = "pending_confirmation", _("awaiting e-mail confirmation")
    CONFIRMED = "confirmed", _("confirmed")
    WAITLISTED = "waitlisted", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")
    UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
    ANONYMISED = "anonymised", _("anonymised")


S = SubmissionStatus
# Every submission is first received (logged as sent), then placed by the
# service according to the form's behaviour: confirmed, waitlisted, pending.
INITIAL = S.RECEIVED
# Holding a place (registration) or a subscription (sign-up).
ACTIVE_STATES = (S.CONFIRMED,)
OPEN_STATES = (S.RECEIVED, S.PENDING_CONFIRMATION, S.CONFIRMED, S.WAITLISTED)
CLOSED_STATES = (S.CANCELLED, S.UNSUBSCRIBED)
# What the retention period of the form applies to: every state but anonymised.
ANONYMISABLE = (*OPEN_STATES, *CLOSED_STATES)


class PublicStatus:
    """What `submit` answers: the API's FormSubmissionStatus values."""

    CONFIRMED = "CONFIRMED"
    WAITLISTED = "WAITLISTED"
    PENDING_CONFIRMATION = "PENDING_CONFIRMATION"
    RECEIVED = "RECEIVED"
    CANCELLED = "CANCELLED"
    UNSUBSCRIBED = "UNSUBSCRIBED"

    BY_STATE = {
        S.CONFIRMED: CONFIRMED,
        S.WAITLISTED: WAITLISTED,
        S.PENDING_CONFIRMATION: PENDING_CONFIRMATION,
        S.RECEIVED: RECEIVED,
        S.CANCELLED: CANCELLED,
        S.UNSUBSCRIBED: UNSUBSCRIBED,
    }
