"""What an applicant does from the status page: confirm, answer, withdraw."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_workflows.workflow import lock_for_edit, transition

CONFIRMATION_EXPIRED = "CONFIRMATION_EXPIRED"
WITHDRAWAL_NOT_CONFIRMED = "WITHDRAWAL_NOT_CONFIRMED"


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


def require_withdrawal_confirmed(post):
    """Withdrawing is final: the applicant ticks a box first (no JavaScript needed)."""
    if not post.get("confirm_withdraw"):
        raise ValidationError(
            _("Tick the box to confirm that you withdraw: this cannot be undone."),
            code=WITHDRAWAL_NOT_CONFIRMED,
        )


def withdraw(application, reason=""):
    return transition(application, "withdraw", comment=reason)


def resubmit(application, form, answer):
    """Save the applicant's edits and send the application back to review.

    One transaction: the row is locked and re-read first, so a rejection or a
    withdrawal made since the page was loaded is not undone; only the edited
    fields are written.
    """
    with transaction.atomic():
        locked = lock_for_edit(application, "resubmit")
        fields = {
            name: value
            for name, value in form.adhesion_fields().items()
            if name != "language"
        }
        for name, value in fields.items():
            setattr(locked, name, value)
        changed = list(fields)
        if any(f.name == "updated_at" for f in locked._meta.concrete_fields):
            changed.append("updated_at")
        locked.save(update_fields=changed)
        change = transition(locked, "resubmit", comment=answer)
    application.refresh_from_db()
    return change
