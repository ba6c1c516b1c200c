"""Send a stored draft, or the changes asked for, through the workflow."""

from django.core.exceptions import ValidationError

from forms_workflows.proposals.services.outcome import Outcome, errors_of
from forms_workflows.workflow import transition


def submit(proposal):
    """Send a stored draft (or the changes asked for); every missing item is listed."""
    action = "resubmit" if proposal.status == "changes_requested" else "submit"
    try:
        transition(proposal, action)
    except ValidationError as error:
        return Outcome(proposal=proposal, errors=errors_of(error))
    return Outcome(proposal=proposal)
