"""The services of editor-built forms; the kind's package docstring is their interface.

`listing` (which forms a network has) is imported as a module, not from here:
the form page serves itself through these services, and listing imports the
page's model.
"""

from forms_workflows.editor_forms.services.reading import definition_of
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
    "find_submission",
    "submit",
    "unsubscribe",
    "validate_answers",
]
