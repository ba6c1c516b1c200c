"""The applicant's status page, reached through the secret link of the e-mails."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forms_workflows import follow_up
from forms_workflows.forms import CharterAdhesionForm, error_list
from forms_workflows.models.form_page import (
    OWN_CATEGORY_ROWS,
    anchor,
    lines,
    own_categories_from_post,
)
from forms_workflows.registry import find_by_status_token, kind_of


def find_application(token):
    return find_by_status_token(token)


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


@never_cache
@require_http_methods(["GET", "POST"])
def status_page(request, token):
    application = find_application(token)
    if application is None:
        raise Http404
    own_status_page = kind_of(application).status_path
    if own_status_page:
        return redirect(own_status_page(application))
    translation.activate(application.language)
    request.LANGUAGE_CODE = application.language
    errors = []
    form = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm_email":
                follow_up.confirm_address(application)
            elif action == "withdraw":
                follow_up.require_withdrawal_confirmed(request.POST)
                follow_up.withdraw(application)
            elif action == "resubmit":
                form = edit_form(application, request.POST)
                if form.is_valid():
                    follow_up.resubmit(
                        application, form, request.POST.get("answer", "")[:2000]
                    )
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
        "confirmation_deadline": follow_up.confirmation_deadline(application),
    }
    return TemplateResponse(request, "forms_workflows/status_page.html", context)
