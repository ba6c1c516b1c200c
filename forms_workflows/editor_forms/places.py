"""A registration's places: counted on the form in every language, taken under a lock.

Every change of who holds a place (a registration, a cancellation) runs
after `lock_form(form_key)`: the form's page rows (one per language) are
locked in one order, so of two people asking for the last place one waits
for the other's commit and then finds the form full.
"""

from django.db import transaction
from wagtail.models import Page

from forms_workflows.editor_forms.models.submission import FormSubmission
from forms_workflows.editor_forms.states import SubmissionStatus as S
from forms_workflows.machine import SYSTEM
from forms_workflows.workflow import transition


def lock_form(form_key):
    """Lock every language's copy of the form; call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_form needs the caller's transaction")
    # The pages' own rows (wagtailcore_page), so that the form page itself can
    # serve through the services without importing its own model back.
    return list(
        Page.objects.select_for_update()
        .filter(translation_key=form_key)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def taken(form_key):
    return FormSubmission.objects.filter(form_key=form_key, status=S.CONFIRMED).count()


def places_left(page):
    """The places still free on `page`'s form, or None when unlimited."""
    if page.places is None:
        return None
    return max(page.places - taken(page.translation_key), 0)


def waiting(form_key):
    """The people waiting for a place, first come first served."""
    return FormSubmission.objects.filter(
        form_key=form_key, status=S.WAITLISTED
    ).order_by("created_at", "pk")


def promote_first_waiting(submission, change):
    """The effect of a cancellation: the freed place goes to the first one waiting.

    Runs inside the cancellation's transaction, after its status is written;
    the form is locked first, as a registration does.
    """
    if submission.form is None or change.from_status != S.CONFIRMED:
        return None
    lock_form(submission.form_key)
    left = places_left(submission.form)
    first = waiting(submission.form_key).first()
    if first is None or (left is not None and left <= 0):
        return None
    transition(first, "promote", user=SYSTEM)
    return first
