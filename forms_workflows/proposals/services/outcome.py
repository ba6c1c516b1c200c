"""What a service call answers: the proposal, or errors with stable codes."""

from dataclasses import dataclass, field

from forms_workflows.forms import FieldError, error_list
from forms_workflows.proposals.forms import ERROR_CODES, ProposalDraftForm
from forms_workflows.proposals.models import ProjectProposal


@dataclass
class Outcome:
    proposal: ProjectProposal | None = None
    errors: list[FieldError] = field(default_factory=list)
    created: bool = False
    form: ProposalDraftForm | None = None


def errors_of(error):
    return error_list(error, known=ERROR_CODES)


def refusal(message, code, field=None):
    return Outcome(errors=[FieldError(field, code, str(message))])
