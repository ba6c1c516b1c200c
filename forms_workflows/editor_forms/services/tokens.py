"""What the person does with the secret link of their e-mails: cancel, confirm, unsubscribe.

Each takes the submission's status token and answers a `Result` with the new
status, or a typed error: UNKNOWN_TOKEN, INVALID_TRANSITION,
CONFIRMATION_EXPIRED.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from forms_workflows.editor_forms.models.submission import FormSubmission
from forms_workflows.editor_forms.services.submit import Result, refused
from forms_workflows.forms import error_list
from forms_workflows.machine import ErrorCode
from forms_workflows.workflow import transition

UNKNOWN_TOKEN = "UNKNOWN_TOKEN"
CONFIRMATION_EXPIRED = "CONFIRMATION_EXPIRED"
TOKEN_ERROR_CODES = (
    UNKNOWN_TOKEN,
    CONFIRMATION_EXPIRED,
    ErrorCode.INVALID_TRANSITION,
    ErrorCode.PERMISSION_DENIED,
)


def find_submission(token):
    """The live submission whose secret link carries `token`, or None."""
    if not token or len(token) > 64:
        return None
    return FormSubmission.objects.filter(
        status_token=token, anonymised_at__isnull=True
    ).first()


def _act(token, action, check=None):
    submission = find_submission(token)
    if submission is None:
        return refused(UNKNOWN_TOKEN, _("This link is not valid any more."))
    try:
        if check:
            check(submission)
        transition(submission, action)
    except ValidationError as error:
        return Result(
            submission=submission, errors=error_list(error, known=TOKEN_ERROR_CODES)
        )
    return Result(submission=submission)


def cancel(token):
    """Cancel a registration (confirmed or waiting): the place goes to the next one waiting."""
    return _act(token, "cancel")


def confirmation_deadline(submission):
    days = getattr(settings, "FORMS_WORKFLOWS_CONFIRMATION_DAYS", 7)
    return submission.created_at + timedelta(days=days)


def _not_expired(submission):
    if timezone.now() > confirmation_deadline(submission):
        raise ValidationError(
            _("This confirmation link has expired. Please sign up again."),
            code=CONFIRMATION_EXPIRED,
        )


def confirm_signup(token):
    """Confirm a sign-up's address (double opt-in): only then is it active."""
    return _act(token, "confirm_email", check=_not_expired)


def unsubscribe(token):
    """Unsubscribe in one click, from a confirmed or a pending sign-up."""
    return _act(token, "unsubscribe")
