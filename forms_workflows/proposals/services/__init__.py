"""Save a proposal's draft and send it: the path shared by the hosted pages and the API.

`drafts` saves (and may send in the same call), `submit` sends a stored draft,
`reading` finds what the pages and the API show; each answers an `Outcome`.
"""

from forms_workflows.proposals.services.drafts import (
    DRAFT_SAVED,
    NOT_EDITABLE_MESSAGE,
    RATE_SCOPE,
    SAVE_RATE_SCOPE,
    mailed_link,
    not_editable,
    owe_draft_link,
    save_draft,
)
from forms_workflows.proposals.services.outcome import Outcome, errors_of, refusal
from forms_workflows.proposals.services.reading import (
    commitments_of,
    find_by_token,
    open_campaign,
    overlay,
    stored_data,
)
from forms_workflows.proposals.services.submit import submit

__all__ = [
    "DRAFT_SAVED",
    "NOT_EDITABLE_MESSAGE",
    "RATE_SCOPE",
    "SAVE_RATE_SCOPE",
    "Outcome",
    "commitments_of",
    "errors_of",
    "find_by_token",
    "mailed_link",
    "not_editable",
    "open_campaign",
    "overlay",
    "owe_draft_link",
    "refusal",
    "save_draft",
    "stored_data",
    "submit",
]
