"""The one service that changes an application's status.

Every kind of application (a charter adhesion today, a project proposal next)
declares a `Workflow`: its states, its actions (from which states, for which
roles, to which state) and what happens alongside (side effects, e-mails).
`transition()` is the only code that moves an application from one state to
another; the hosted pages, the API, the admin, the retention command and the
tests all call it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role:
    """Who asks for a transition; derived from the `user` given to `transition`."""

    APPLICANT = "applicant"  # no user: the holder of the secret status link
    REVIEWER = "reviewer"  # a user holding the workflow's review permission
    SYSTEM = "system"  # scheduled jobs, e.g. the retention command
    NONE = "none"  # a signed-in user without the permission

    ALL = (APPLICANT, REVIEWER, SYSTEM, NONE)
    LABELS = {
        APPLICANT: _("applicant"),
        REVIEWER: _("reviewer"),
        SYSTEM: _("system"),
        NONE: _("no role"),
    }


class _SystemActor:
    """The actor of scheduled jobs: `transition(obj, "anonymise", user=SYSTEM)`."""

    pk = None
    is_authenticated = False

    def __repr__(self):
        return "SYSTEM"


SYSTEM = _SystemActor()


class ErrorCode:
    INVALID_TRANSITION = "INVALID_TRANSITION"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    COMMENT_REQUIRED = "COMMENT_REQUIRED"
    NOTE_REQUIRED = "NOTE_REQUIRED"


@dataclass(frozen=True)
class Action:
    """One arrow of the state machine."""

    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the status stays (a note, for instance)
    roles: tuple[str, ...]
    comment_required: bool = False
    note_required: bool = False
    # Called inside the transaction, after the status is written.
    effect: Callable | None = None
    # Notification kinds queued in the same transaction (see notifications.py).
    notify: tuple[str, ...] = ()
    # "primary", "warning" or "critical": how the admin draws the button.
    style: str = "primary"


@dataclass
class Workflow:
    """The states and actions of one kind of application."""

    states: Iterable[tuple[str, str]]
    initial: str
    actions: Iterable[Action]
    review_permission: str  # "app_label.codename"
    submit_notify: tuple[str, ...] = ()
    open_states: tuple[str, ...] = ()
    # The application belongs to one network (its `site`): a reviewer acts only
    # on the networks they review (see networks.py).
    network_scoped: bool = False
    _actions: dict[str, Action] = field(init=False, repr=False)

    def __post_init__(self):
        self.states = tuple(self.states)
        self._actions = {action.name: action for action in self.actions}
        known = {value for value, _label in self.states}
        for action in self._actions.values():
            assert set(action.sources) <= known, action.name
            assert action.target is None or action.target in known, action.name

    @property
    def action_names(self):
        return tuple(self._actions)

    def action(self, name):
        return self._actions.get(name)

    def action_label(self, name):
        if name == "submit":
            return _("Application sent")
        action = self._actions.get(name)
        return action.label if action else name

    def state_label(self, value):
        return dict(self.states).get(value, value)

    def role_of(self, user):
        if user is None:
            return Role.APPLICANT
        if user is SYSTEM:
            return Role.SYSTEM
        if getattr(user, "is_active", False) and user.has_perm(self.review_permission):
            return Role.REVIEWER
        return Role.NONE

    def role_on(self, obj, user):
        """The role of `user` on this application: a reviewer of another network has none."""
        role = self.role_of(user)
        if role == Role.REVIEWER and self.network_scoped:
            from forms_workflows.networks import covers

            if not covers(user, obj):
                return Role.NONE
        return role

    def check(self, status, action_name, role):
        """Return the action if `role` may do it from `status`, else raise."""
        action = self._actions.get(action_name)
        if action is None or status not in action.sources:
            raise ValidationError(
                _("This action is not possible in the application's current state."),
                code=ErrorCode.INVALID_TRANSITION,
            )
        if role not in action.roles:
            raise ValidationError(
                _("You are not allowed to do this."),
                code=ErrorCode.PERMISSION_DENIED,
            )
        return action

    def allowed_actions(self, obj, user):
        """The actions `user` may take on `obj` now, e.g. to draw admin buttons."""
        role = self.role_on(obj, user)
        return [
            action
            for action in self._actions.values()
            if obj.status in action.sources and role in action.roles
        ]


def workflow_of(obj) -> Workflow:
    return type(obj).workflow


def _log(obj, *, from_status, to_status, action, user, role, comment, note):
    from forms_workflows.models import StatusChange

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
    from forms_workflows import notifications

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
        if spec.effect:
            spec.effect(locked, change)
        _queue_notifications(locked, spec.notify, change)
    # The caller's object reflects the stored row (status, side-effect links).
    obj.refresh_from_db()
    return change
