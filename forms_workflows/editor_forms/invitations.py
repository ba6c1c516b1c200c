"""Personal links to a survey: one answer per invited member.

Staff paste the members' addresses; each gets an e-mail, in the form's
language, with the survey's address and a secret `invitation` parameter. The
answer given through it is never linked to the invitation: only the
invitation's `answered` flag is set (see models/submission.py).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from forms_workflows.editor_forms.models import Invitation
from forms_workflows.notifications import render_text

INVITATION_PARAMETER = "invitation"
MAX_INVITATIONS = 2000


def parse_addresses(text):
    """(valid addresses, invalid entries) of a pasted list, one per line or comma."""
    entries = [part.strip().lower() for part in text.replace(",", "\n").splitlines()]
    valid, invalid = [], []
    for entry in filter(None, entries):
        try:
            validate_email(entry)
        except ValidationError:
            invalid.append(entry)
            continue
        if entry not in valid:
            valid.append(entry)
    return valid[:MAX_INVITATIONS], invalid


def invitation_url(page, invitation):
    return (
        f"{page.get_full_url()}?{urlencode({INVITATION_PARAMETER: invitation.token})}"
    )


def invite(page, addresses):
    """Create the invitations not sent yet and e-mail them; return those sent."""
    sent = []
    for address in addresses:
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    form_key=page.translation_key, email=address
                )
        except IntegrityError:
            continue  # invited already: one link per member
        send(page, invitation)
        sent.append(invitation)
    return sent


def send(page, invitation):
    context = {
        "page": page,
        "url": invitation_url(page, invitation),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    with translation.override(page.locale.language_code):
        subject = render_text("editor_forms/email/invitation_subject.txt", context)
        body = render_text("editor_forms/email/invitation.txt", context)
    EmailMessage(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
        headers={"Content-Language": page.locale.language_code},
    ).send(fail_silently=False)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
