"""The services of editor-built forms; the package's docstring is their interface."""

from forms_workflows.editor_forms.services.reading import (
    definition_of,
    find_form,
    network_forms,
    open_forms,
    registrations_for,
)
from forms_workflows.editor_forms.services.submit import Result, submit
from forms_workflows.editor_forms.services.tokens import (
    cancel,
    confirm_signup,
    find_submission,
    unsubscribe,
)
from forms_workflows.editor_forms.validation import ERROR_CODES, validate_answers

__all__ = [
    "ERROR_CODES",
    "Result",
    "cancel",
    "confirm_signup",
    "definition_of",
    "find_form",
    "find_submission",
    "network_forms",
    "open_forms",
    "registrations_for",
    "submit",
    "unsubscribe",
    "validate_answers",
]
