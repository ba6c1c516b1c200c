"""The one service that changes an application's status.

`transition()` is the only code that moves an application from one state to
another along its kind's `Workflow` (forms_workflows.machine); the hosted
pages, the API, the admin, the retention command and the tests all call it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_workflows import notifications
from forms_workflows.machine import (  # noqa: F401  re-exported for one step
    SYSTEM,
    Action,
    ErrorCode,
    Role,
    Workflow,
    run_effect,
    workflow_of,
)
from forms_workflows.models.status_log import StatusChange


def _log(obj, *, from_status, to_status, action, user, role, comment, note):
    return StatusChange.objects.create(
        content_object=obj,
        from_status=from_status,
        to_status=to_status,
        action=action,
        actor=user if getattr(user, "pk", None) else None,
        actor_role=role,
        comment=comment,
        note=note,
    )


def _queue_notifications(obj, kinds, change):
    for kind in kinds:
        notifications.queue(obj, kind, change)


@transaction.atomic
def start(obj, user=None):
    """Save a new application in the workflow's first state and log its submission."""
    wf = workflow_of(obj)
    obj.status = wf.initial
    obj.status_changed_at = timezone.now()
    obj.save()
    role = wf.role_of(user)
    change = _log(
        obj,
        from_status="",
        to_status=wf.initial,
        action="submit",
        user=user,
        role=role,
        comment="",
        note="",
    )
    _queue_notifications(obj, wf.submit_notify, change)
    return change


def lock_for_edit(obj, action):
    """Lock `obj`'s row and return the stored copy, if `action` is still possible.

    For an applicant's edits made alongside `action` (a resubmission, a draft
    save): called inside the caller's transaction, it re-reads the row under
    its lock, so a decision, a withdrawal or an anonymisation made meanwhile
    is seen and wins; the caller then saves its fields on this copy with
    `save(update_fields=...)`, never the object it loaded earlier.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_edit needs the caller's transaction")
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    spec = workflow_of(obj).action(action)
    if (
        spec is None
        or locked.status not in spec.sources
        or getattr(locked, "anonymised_at", None) is not None
    ):
        raise ValidationError(
            _("This action is not possible in the application's current state."),
            code=ErrorCode.INVALID_TRANSITION,
        )
    return locked


def transition(obj, action, user=None, comment="", note=""):
    """Move `obj` through `action` on behalf of `user`; return the log entry.

    Raises ValidationError with code INVALID_TRANSITION (not possible from the
    current state), PERMISSION_DENIED (not for this user) or COMMENT_REQUIRED.
    The row is locked, so of two reviewers acting at once the second one sees
    the first one's result and is refused.
    """
    wf = workflow_of(obj)
    role = wf.role_on(obj, user)
    comment = (comment or "").strip()
    note = (note or "").strip()
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        spec = wf.check(locked.status, action, role)
        if spec.comment_required and not comment:
            raise ValidationError(
                _("Please write a comment for the applicant."),
                code=ErrorCode.COMMENT_REQUIRED,
            )
        if spec.note_required and not note:
            raise ValidationError(
                _("Please write the internal note."), code=ErrorCode.NOTE_REQUIRED
            )
        from_status = locked.status
        to_status = spec.target or from_status
        if to_status != from_status:
            locked.status = to_status
            locked.status_changed_at = timezone.now()
            fields = ["status", "status_changed_at"]
            if any(f.name == "updated_at" for f in locked._meta.concrete_fields):
                fields.append("updated_at")
            locked.save(update_fields=fields)
        change = _log(
            locked,
            from_status=from_status,
            to_status=to_status,
            action=action,
            user=user,
            role=role,
            comment=comment,
            note=note,
        )
        run_effect(spec, locked, change)
        _queue_notifications(locked, spec.notify, change)
    # The caller's object reflects the stored row (status, side-effect links).
    obj.refresh_from_db()
    return change
