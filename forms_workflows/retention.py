"""Erase the personal data of applications closed for longer than their retention."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from forms_workflows.machine import SYSTEM
from forms_workflows.registry import APPLICATION_MODELS, KINDS
from forms_workflows.workflow import transition


def due_for_anonymisation(model, now=None):
    """The applications of `model` whose retention period has passed.

    A kind with its own periods (editor-built forms: each form says how
    long) registered a `retention`; the others keep the states' periods.
    """
    now = now or timezone.now()
    own = KINDS[model].retention
    if own is not None:
        return own(now)
    days_by_state = getattr(settings, "FORMS_WORKFLOWS_RETENTION_DAYS", {})
    anonymisable = model.workflow.action("anonymise").sources
    due = model.objects.none()
    for state, days in days_by_state.items():
        if state in anonymisable and days is not None:
            due |= model.objects.filter(
                status=state, status_changed_at__lt=now - timedelta(days=days)
            )
    return due


def anonymise_due(now=None, dry_run=False):
    """Anonymise every application due, through the transition log; return them."""
    done = []
    for model in APPLICATION_MODELS:
        for application in due_for_anonymisation(model, now).order_by("pk"):
            if not dry_run:
                transition(application, "anonymise", user=SYSTEM)
            done.append(application)
    return done
