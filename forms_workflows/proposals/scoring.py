"""An expert's review of a proposal: written while the proposal is open, then frozen.

The commission decides on the scores it read; a score changed afterwards would
make the decision's record say something else than what was decided. The
proposal's row is locked as `transition()` locks it, so a review saved while
the commission decides is either in before the decision or refused.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from forms_workflows.proposals.models import ExpertReview, ExpertScore, ProjectProposal
from forms_workflows.proposals.workflow import OPEN_STATES

SCORES_LOCKED = "SCORES_LOCKED"


def scores_locked_error():
    return ValidationError(
        _("The proposal has been decided: its reviews can no longer be changed."),
        code=SCORES_LOCKED,
    )


def can_change_review(proposal):
    return proposal.status in OPEN_STATES


@transaction.atomic
def save_expert_review(assignment, data, commitments):
    """Write the expert's review and scores, or raise SCORES_LOCKED once decided."""
    proposal = ProjectProposal.objects.select_for_update().get(
        pk=assignment.proposal_id
    )
    if not can_change_review(proposal):
        raise scores_locked_error()
    review, _created = ExpertReview.objects.update_or_create(
        assignment=assignment,
        defaults={
            "site_visit_on": data["site_visit_on"],
            "recommendation": data["recommendation"],
            "summary": data["summary"],
        },
    )
    for commitment in commitments:
        ExpertScore.objects.update_or_create(
            review=review,
            commitment=commitment,
            defaults={
                "score": data[f"score_{commitment.number}"],
                "comment": data[f"comment_{commitment.number}"],
            },
        )
    return review
