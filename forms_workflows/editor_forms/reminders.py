"""The reminder the day before: each confirmed registration is told once.

`manage.py remind_registrations` runs every hour (deploy/systemd/cms-hourly):
a registration whose event starts within the next day and that was not
reminded yet gets the `reminder` e-mail, through the workflow (its log says
so, and `reminded_at` keeps it from going twice).
"""

from datetime import timedelta

from django.utils import timezone

from forms_workflows.editor_forms.models import EditorFormPage, FormSubmission
from forms_workflows.editor_forms.states import Behaviour
from forms_workflows.editor_forms.states import SubmissionStatus as S
from forms_workflows.machine import SYSTEM
from forms_workflows.workflow import transition

AHEAD = timedelta(days=1)


def due(now=None):
    """The confirmed registrations to remind now."""
    now = now or timezone.now()
    forms = []
    for page in EditorFormPage.objects.filter(behaviour=Behaviour.REGISTRATION):
        start = page.event_start()
        if start and now < start <= now + AHEAD:
            forms.append(page.pk)
    return FormSubmission.objects.filter(
        form__in=forms, status=S.CONFIRMED, reminded_at__isnull=True
    ).order_by("pk")


def remind_due(now=None):
    """Send every reminder due; return the submissions reminded."""
    done = []
    for submission in due(now):
        transition(submission, "remind", user=SYSTEM)
        done.append(submission)
    return done
