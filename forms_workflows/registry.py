"""The kinds of application, as each registers itself from its `AppConfig.ready()`.

A kind is a model (a subclass of `forms_workflows.models.Application`), its
`Workflow` and the page its status link leads to. The shared machinery (the
status link, retention, notifications, the transition service through
`Model.workflow`) serves every registered kind and names none.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    model: type
    workflow: object  # forms_workflows.machine.Workflow
    # The applicant's page behind the status link: `status_view(request,
    # application)`, called by forms_workflows.status.status_page.
    status_view: Callable
    # The kind's own retention: `retention(now)` returns the applications due
    # for anonymisation; None: the states' periods of the settings.
    retention: Callable | None = None


KINDS: dict[type, Kind] = {}
APPLICATION_MODELS = []


def register(model, workflow, *, status_view, retention=None):
    """Make `model` a kind of application moved by `workflow`."""
    model.workflow = workflow
    KINDS[model] = Kind(model, workflow, status_view, retention)
    if model not in APPLICATION_MODELS:
        APPLICATION_MODELS.append(model)
    return KINDS[model]


def kind_of(obj):
    return KINDS[type(obj)]


def find_by_status_token(token):
    """The application whose secret status link carries `token`, if still live."""
    if not token or len(token) > 64:
        return None
    for model in APPLICATION_MODELS:
        found = model.objects.filter(
            status_token=token, anonymised_at__isnull=True
        ).first()
        if found:
            return found
    return None
