"""The project proposal's models: Django reads the app's models here."""

from forms_workflows.models.application import new_status_token  # noqa: F401  migration 0001's path

from .campaign import SCORES, STAGES, Campaign, DecidingBody
from .experts import ExpertAssignment, ExpertReview, ExpertScore, Recommendation
from .label import LabelAward
from .project import LeadingBodyKind, Project, ProjectContext, ProjectDescription
from .proposal import (
    AttachmentKind,
    ProjectProposal,
    ProposalAnswer,
    ProposalAttachment,
    delete_attachments,
)

__all__ = [
    "SCORES",
    "STAGES",
    "AttachmentKind",
    "Campaign",
    "DecidingBody",
    "ExpertAssignment",
    "ExpertReview",
    "ExpertScore",
    "LabelAward",
    "LeadingBodyKind",
    "Project",
    "ProjectContext",
    "ProjectDescription",
    "ProjectProposal",
    "ProposalAnswer",
    "ProposalAttachment",
    "Recommendation",
    "delete_attachments",
]
