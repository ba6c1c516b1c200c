"""The page behind a form submission's secret link: where it stands, and what to do.

Confirm a sign-up's address, cancel a registration, unsubscribe: each a POST
(a mail scanner following the link changes nothing), each through the
services in `services/tokens.py`. `forms_workflows.status.status_page` finds
the submission by its token and hands it to `status_view`.
"""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation

from forms_workflows.editor_forms.services import tokens
from forms_workflows.editor_forms.states import SubmissionStatus as S

# The person's actions offered here, with the service each calls.
PERSON_ACTIONS = ("cancel", "confirm_email", "unsubscribe")


def _service(action):
    return {
        "cancel": tokens.cancel,
        "confirm_email": tokens.confirm_signup,
        "unsubscribe": tokens.unsubscribe,
    }[action]


def status_view(request, submission):
    translation.activate(submission.language)
    request.LANGUAGE_CODE = submission.language
    errors = []
    if request.method == "POST":
        action = request.POST.get("action")
        if action in PERSON_ACTIONS:
            result = _service(action)(submission.status_token)
            if not result.errors:
                return redirect(request.path + "?done=1")
            errors = result.errors
    workflow = submission.workflow
    allowed = {a.name for a in workflow.allowed_actions(submission, None)} & set(
        PERSON_ACTIONS
    )
    if submission.status == S.CONFIRMED and submission.behaviour == "signup":
        allowed.discard("cancel")
    context = {
        "submission": submission,
        "form_page": submission.form,
        "status_label": workflow.state_label(submission.status),
        "allowed": allowed,
        "errors": errors,
        "done": request.GET.get("done") == "1",
        "page": submission.form,
    }
    return TemplateResponse(request, "editor_forms/status_page.html", context)
