"""What an applicant does from the status page: confirm, answer, withdraw."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_workflows.workflow import transition

CONFIRMATION_EXPIRED = "CONFIRMATION_EXPIRED"


def confirmation_deadline(application):
    days = getattr(settings, "FORMS_WORKFLOWS_CONFIRMATION_DAYS", 7)
    return application.created_at + timedelta(days=days)


def confirm_address(application):
    """Confirm the applicant's address, if the link is still valid."""
    if timezone.now() > confirmation_deadline(application):
        raise ValidationError(
            _("This confirmation link has expired. Please apply again."),
            code=CONFIRMATION_EXPIRED,
        )
    return transition(application, "confirm_email")


def withdraw(application, reason=""):
    return transition(application, "withdraw", comment=reason)


@transaction.atomic
def resubmit(application, form, answer):
    """Save the applicant's edits and send the application back to review."""
    for name, value in form.adhesion_fields().items():
        if name != "language":
            setattr(application, name, value)
    application.save()
    return transition(application, "resubmit", comment=answer)
