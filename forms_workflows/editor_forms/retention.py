"""How long a form's answers are kept: the retention period the editor chose.

Each answer is anonymised once the form's period has passed since its last
change (a cancellation, a confirmation); an unconfirmed sign-up sooner, after
the period of unconfirmed applications. The core's `anonymise_applications`
asks this module (registered with the kind) and moves each through the
workflow's `anonymise`.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from forms_workflows.editor_forms.models import (
    EditorFormPage,
    FormSubmission,
    Invitation,
)
from forms_workflows.editor_forms.states import ANONYMISABLE
from forms_workflows.editor_forms.states import SubmissionStatus as S

# The answers of a form deleted since: its period is not known any more.
ORPHAN_DAYS = 365


def unconfirmed_days():
    return getattr(settings, "FORMS_WORKFLOWS_RETENTION_DAYS", {}).get(
        "awaiting_email_confirmation", 30
    )


def due(now):
    """The answers whose form's retention period has passed at `now`."""
    condition = Q(
        form__isnull=True, status_changed_at__lt=now - timedelta(days=ORPHAN_DAYS)
    )
    for page in EditorFormPage.objects.all():
        passed = Q(
            form_id=page.pk,
            status_changed_at__lt=now - timedelta(days=page.retention_days),
        )
        dates = page.event_dates() if page.is_registration else None
        end = dates and (dates[2] or dates[1])
        if end and end > now:
            # A registration holds its place until the event is over.
            passed &= ~Q(status__in=(S.CONFIRMED, S.WAITLISTED))
        condition |= passed
    condition |= Q(
        status=S.PENDING_CONFIRMATION,
        status_changed_at__lt=now - timedelta(days=unconfirmed_days()),
    )
    return FormSubmission.objects.filter(condition, status__in=ANONYMISABLE)


def prune_invitations(now):
    """Delete the personal links sent longer ago than their form's period.

    An invitation holds a member's address: it goes with the form's
    retention, answered or not (the answers never pointed to it).
    """
    deleted = 0
    periods = dict(
        EditorFormPage.objects.values_list("translation_key", "retention_days")
    )
    for form_key, days in periods.items():
        deleted += Invitation.objects.filter(
            form_key=form_key, sent_at__lt=now - timedelta(days=days)
        ).delete()[0]
    orphans = Invitation.objects.exclude(form_key__in=list(periods)).filter(
        sent_at__lt=now - timedelta(days=ORPHAN_DAYS)
    )
    return deleted + orphans.delete()[0]


def periods_of(site=None):
    """[(form title, days)] of a network's forms, for its privacy policy."""
    pages = EditorFormPage.objects.live()
    if site is not None:
        pages = pages.descendant_of(site.root_page, inclusive=True)
    return [(page.title, page.retention_days) for page in pages.order_by("path")]
