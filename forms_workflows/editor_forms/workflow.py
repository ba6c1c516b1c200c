"""The states, actions and e-mails of a submission to an editor-built form.

received ──confirm_place──▶ confirmed          (registration, a place left)
received ──waitlist──▶ waitlisted               (registration, full)
waitlisted ──promote──▶ confirmed               (a place freed up)
confirmed | waitlisted ──cancel──▶ cancelled    (the person, or staff)
received ──ask_confirmation──▶ pending_confirmation ──confirm_email──▶ confirmed  (sign-up)
confirmed | pending_confirmation ──unsubscribe──▶ unsubscribed
confirmed ──remind──▶ confirmed                 (the day before the event)
any but anonymised ──anonymise──▶ anonymised    (after the form's retention period)
A survey's answer stays received.
"""

from django.utils.translation import gettext_lazy as _

from forms_workflows import registry
from forms_workflows.editor_forms.models import FormSubmission
from forms_workflows.editor_forms.places import promote_first_waiting
from forms_workflows.editor_forms.retention import due
from forms_workflows.editor_forms.states import ANONYMISABLE, INITIAL, OPEN_STATES
from forms_workflows.editor_forms.states import SubmissionStatus as S
from forms_workflows.editor_forms.status import status_view
from forms_workflows.machine import (
    Action,
    Notice,
    Recipients,
    Role,
    Workflow,
    anonymise_action,
    note_action,
)

NOTICES = {
    "registered": Notice(
        Recipients.APPLICANT, _("registration confirmed, with the event")
    ),
    "waitlisted": Notice(Recipients.APPLICANT, _("put on the waiting list")),
    "promoted": Notice(
        Recipients.APPLICANT, _("place freed up: registration confirmed")
    ),
    "cancelled": Notice(Recipients.APPLICANT, _("registration cancelled")),
    "reminder": Notice(Recipients.APPLICANT, _("reminder the day before the event")),
    "confirmation": Notice(Recipients.APPLICANT, _("link to confirm the address")),
    "subscribed": Notice(Recipients.APPLICANT, _("sign-up confirmed")),
}

ACTIONS = [
    Action(
        "confirm_place",
        _("Confirm the place"),
        sources=(S.RECEIVED,),
        target=S.CONFIRMED,
        roles=(Role.SYSTEM,),
        notify=("registered",),
    ),
    Action(
        "waitlist",
        _("Put on the waiting list"),
        sources=(S.RECEIVED,),
        target=S.WAITLISTED,
        roles=(Role.SYSTEM,),
        notify=("waitlisted",),
    ),
    Action(
        "promote",
        _("Give a freed place"),
        sources=(S.WAITLISTED,),
        target=S.CONFIRMED,
        roles=(Role.SYSTEM, Role.REVIEWER),
        notify=("promoted",),
    ),
    Action(
        "cancel",
        _("Cancel the registration"),
        sources=(S.CONFIRMED, S.WAITLISTED),
        target=S.CANCELLED,
        roles=(Role.APPLICANT, Role.REVIEWER),
        # The freed place goes to the first person waiting, in this transaction.
        effect=promote_first_waiting,
        notify=("cancelled",),
        style="critical",
    ),
    Action(
        "ask_confirmation",
        _("Send the confirmation link"),
        sources=(S.RECEIVED,),
        target=S.PENDING_CONFIRMATION,
        roles=(Role.SYSTEM,),
        notify=("confirmation",),
    ),
    Action(
        "confirm_email",
        _("Confirm the e-mail address"),
        sources=(S.PENDING_CONFIRMATION,),
        target=S.CONFIRMED,
        roles=(Role.APPLICANT,),
        notify=("subscribed",),
    ),
    Action(
        "unsubscribe",
        _("Unsubscribe"),
        sources=(S.CONFIRMED, S.PENDING_CONFIRMATION),
        target=S.UNSUBSCRIBED,
        roles=(Role.APPLICANT, Role.REVIEWER),
        style="critical",
    ),
    Action(
        "remind",
        _("Remind of the event"),
        sources=(S.CONFIRMED,),
        target=None,
        roles=(Role.SYSTEM,),
        effect="mark_reminded",
        notify=("reminder",),
    ),
    anonymise_action(ANONYMISABLE, S.ANONYMISED),
    note_action(S.choices, S.ANONYMISED, (Role.REVIEWER,)),
]

SUBMISSION_WORKFLOW = Workflow(
    states=S.choices,
    initial=INITIAL,
    actions=ACTIONS,
    review_permission="editor_forms.review_formsubmission",
    notices=NOTICES,
    open_states=OPEN_STATES,
    network_scoped=True,
)


def register():
    """Register the kind with the core; called from the app's `ready()`."""
    registry.register(
        FormSubmission, SUBMISSION_WORKFLOW, status_view=status_view, retention=due
    )
