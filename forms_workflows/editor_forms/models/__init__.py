from .form_page import ClosedReason, EditorFormPage
from .submission import FormSubmission, Invitation, SubmissionFile

__all__ = [
    "ClosedReason",
    "EditorFormPage",
    "FormSubmission",
    "Invitation",
    "SubmissionFile",
]
