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


class Recipients:
    """Who an e-mail of a workflow goes to (see notifications.queue)."""

    APPLICANT = "applicant"  # the contact address, in the applicant's language
    REVIEWERS = "reviewers"  # the network's reviewers, each in the language they chose
    STAFF = "staff"  # one staff user named by the caller: queue(..., to=user)


@dataclass(frozen=True)
class Notice:
    """One kind of e-mail a workflow sends: to whom, and what the admin calls it.

    Its text is the template `{app_label}/email/{model_name}_{kind}.txt` (and
    `..._subject.txt`), found in the kind's own templates.
    """

    recipients: str
    label: str


# The e-mails every kind so far sends, under the names their templates carry.
STANDARD_NOTICES = {
    "confirmation": Notice(
        Recipients.APPLICANT, _("confirmation link to the applicant")
    ),
    "decision": Notice(Recipients.APPLICANT, _("decision to the applicant")),
    "new_submission": Notice(
        Recipients.REVIEWERS, _("new application to the reviewers")
    ),
    "resubmitted": Notice(Recipients.REVIEWERS, _("changes sent, to the reviewers")),
}


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
    # Notification kinds queued in the same transaction: keys of the
    # workflow's `notices` (see notifications.py).
    notify: tuple[str, ...] = ()
    # "primary", "warning" or "critical": how the admin draws the button.
    style: str = "primary"


# The moves every kind has so far, declared once; a kind passes its states.


def request_changes_action(sources, target, roles):
    """Staff send the application back to the applicant, saying what to change."""
    return Action(
        "request_changes",
        _("Request changes"),
        sources=sources,
        target=target,
        roles=roles,
        comment_required=True,
        notify=("decision",),
        style="warning",
    )


def resubmit_action(sources, target, effect=None):
    """The applicant sends the changes asked for; the reviewers hear of it."""
    return Action(
        "resubmit",
        _("Send the changes"),
        sources=sources,
        target=target,
        roles=(Role.APPLICANT,),
        effect=effect,
        notify=("resubmitted",),
    )


def withdraw_action(label, sources, target):
    """The applicant withdraws an open application: final."""
    return Action(
        "withdraw",
        label,
        sources=sources,
        target=target,
        roles=(Role.APPLICANT,),
        style="critical",
    )


def anonymise_action(sources, target):
    """The retention command erases a closed application's personal data."""
    return Action(
        "anonymise",
        _("Anonymise"),
        sources=sources,
        target=target,
        roles=(Role.SYSTEM,),
        effect="erase_personal_data",
    )


def note_action(states, anonymised, roles):
    """Staff's internal note, in any state but `anonymised`: the status stays."""
    return Action(
        "add_note",
        _("Add an internal note"),
        sources=tuple(value for value, _label in states if value != anonymised),
        target=None,
        roles=roles,
        note_required=True,
        style="secondary",
    )


@dataclass
class Workflow:
    """The states and actions of one kind of application."""

    states: Iterable[tuple[str, str]]
    initial: str
    actions: Iterable[Action]
    review_permission: str  # "app_label.codename"
    submit_notify: tuple[str, ...] = ()
    # The e-mails this kind sends, by kind: recipients and admin label.
    notices: dict[str, Notice] = field(default_factory=dict)
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
            assert set(action.notify) <= set(self.notices), action.name
        assert set(self.submit_notify) <= set(self.notices)

    def notices_to(self, recipients):
        """The kinds of e-mail this workflow sends to `recipients`."""
        return tuple(
            kind
            for kind, notice in self.notices.items()
            if notice.recipients == recipients
        )

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
