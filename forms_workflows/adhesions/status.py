"""The adhesion's status page, reached through the secret link of the e-mails.

What an applicant does there: confirm the address, answer a request for
changes, withdraw. `forms_workflows.status.status_page` finds the application
by its token and hands it to `status_view`, registered with the kind.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from forms_workflows.adhesions.forms import (
    OWN_CATEGORY_ROWS,
    CharterAdhesionForm,
    anchor,
    lines,
    own_categories_from_post,
)
from forms_workflows.forms import error_list
from forms_workflows.status import require_withdrawal_confirmed, withdraw
from forms_workflows.workflow import lock_for_edit, transition

CONFIRMATION_EXPIRED = "CONFIRMATION_EXPIRED"


def confirmation_deadline(application):
    days = getattr(settings, "FORMS_WORKFLOWS_CONFIRMATION_DAYS", 7)
    return application.created_at + timedelta(days=days)


def confirm_address(application):
    """Confirm the applicant's address, if the link is still valid."""
    if timezone.now() > confirmation_deadline(application):
        raise ValidationError(
            _("This confirmation link has expired. Please apply again."),
            code=CONFIRMATION_EXPIRED,
        )
    return transition(application, "confirm_email")


def resubmit(application, form, answer):
    """Save the applicant's edits and send the application back to review.

    One transaction: the row is locked and re-read first, so a rejection or a
    withdrawal made since the page was loaded is not undone; only the edited
    fields are written.
    """
    with transaction.atomic():
        locked = lock_for_edit(application, "resubmit")
        fields = {
            name: value
            for name, value in form.adhesion_fields().items()
            if name != "language"
        }
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*fields, "updated_at"])
        change = transition(locked, "resubmit", comment=answer)
    application.refresh_from_db()
    return change


def edit_plan_data(post):
    plan = []
    index = 0
    while f"plan_{index}_title" in post:
        if post.get(f"plan_{index}_selected"):
            plan.append(
                {
                    "title": post.get(f"plan_{index}_title", ""),
                    "actions": lines(post.get(f"plan_{index}_actions")),
                }
            )
        index += 1
    return plan + own_categories_from_post(post)


def edit_form(application, post=None):
    if post is None:
        initial = {
            name: getattr(application, name)
            for name in CharterAdhesionForm.base_fields
            if hasattr(application, name)
        }
        initial["region"] = application.region.code if application.region else ""
        return CharterAdhesionForm(initial=initial, check_guards=False)
    data = {name: post.get(name, "") for name in CharterAdhesionForm.base_fields}
    data["collaboration_plan"] = edit_plan_data(post)
    return CharterAdhesionForm(data, check_guards=False)


def status_view(request, application):
    translation.activate(application.language)
    request.LANGUAGE_CODE = application.language
    errors = []
    form = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm_email":
                confirm_address(application)
            elif action == "withdraw":
                require_withdrawal_confirmed(request.POST)
                withdraw(application)
            elif action == "resubmit":
                form = edit_form(application, request.POST)
                if form.is_valid():
                    resubmit(application, form, request.POST.get("answer", "")[:2000])
                else:
                    errors = error_list(form.errors.as_data(), known=None)
            else:
                raise Http404
        except ValidationError as error:
            errors = error_list(error, known=None)
        if not errors:
            return redirect(request.path + "?done=" + action)
    return render_status(request, application, form=form, errors=errors)


def render_status(request, application, form=None, errors=()):
    workflow = application.workflow
    allowed = {action.name for action in workflow.allowed_actions(application, None)}
    if "resubmit" in allowed and form is None:
        form = edit_form(application)
    history = [
        {
            "label": workflow.state_label(step["to_status"]),
            "at": step["created_at"],
            "comment": step["comment"],
        }
        for step in application.public_history()
    ]
    context = {
        "application": application,
        "status_label": workflow.state_label(application.status),
        "history": history,
        "allowed": allowed,
        "form": form,
        "plan": application.collaboration_plan,
        "own_rows": range(OWN_CATEGORY_ROWS),
        "errors": [(error, anchor(error)) for error in errors],
        "done": request.GET.get("done"),
        "confirmation_deadline": confirmation_deadline(application),
    }
    return TemplateResponse(request, "forms_workflows/status_page.html", context)
