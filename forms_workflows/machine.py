"""The state machine as data: roles, actions and the workflow of a kind.

Every kind of application (a charter adhesion, a project proposal) declares a
`Workflow`: its states, its actions (from which states, for which roles, to
which state) and what happens alongside (side effects, e-mails). The service
that moves an application through it is `forms_workflows.workflow`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forms_workflows.networks import covers


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
    # Called inside the transaction, after the status is written: a function
    # `effect(application, change)`, or the name of the application's method
    # that takes the change (as Hypha's workflows name "create_revision").
    effect: Callable | str | None = None
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
        self.actions = tuple(self.actions)
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


def run_effect(action, obj, change):
    """Run `action`'s effect on `obj`, whether a function or a method's name."""
    if isinstance(action.effect, str):
        getattr(obj, action.effect)(change)
    elif action.effect:
        action.effect(obj, change)


def workflow_of(obj) -> Workflow:
    return type(obj).workflow
