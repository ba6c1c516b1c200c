"""The hosted page of an editor-built form: step by step, no JavaScript needed.

Each step is a plain POST. The answers of the steps already passed travel in
hidden inputs and are checked again at the end by `services.submit`, the path
the API takes: the same guards, the same codes. Which step comes next is
decided on the server from the answers so far (a step, or a field, whose
condition does not hold is skipped); in the browser, `conditions.js` only
hides and shows the fields of the step on screen. Once sent, the person reads
their status (confirmed, waiting list, e-mail to confirm, received) and keeps
the link to the status page, where they cancel or confirm.
"""

import uuid

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from forms_workflows import guards
from forms_workflows.editor_forms import services
from forms_workflows.editor_forms.models import FormSubmission
from forms_workflows.editor_forms.services.submit import CLOSED_MESSAGES
from forms_workflows.editor_forms.states import Behaviour, PublicStatus
from forms_workflows.editor_forms.validation import _conditions_view, visible_fields

SENT_SESSION_KEY = "editor_forms_sent"
SKIPPED = ("form_token", "idempotency_key", "step", "action", "csrfmiddlewaretoken")


def serve(page, request):
    """Answer a visitor of `page` (an EditorFormPage); never kept by a cache."""
    with translation.override(page.locale.language_code):
        response = _serve(page, request)
        if hasattr(response, "render"):
            response.render()  # in the page's language, inside the override
    add_never_cache_headers(response)
    return response


def _serve(page, request):
    definition = services.definition_of(page)
    if request.method == "POST":
        return _posted(page, definition, request)
    reference = request.GET.get("sent")
    if reference and reference in request.session.get(SENT_SESSION_KEY, []):
        submission = FormSubmission.objects.filter(reference=reference).first()
        if submission is not None:
            return _sent(page, request, submission)
    closed = page.closed_reason()
    if closed:
        return render_step(page, definition, request, {}, None, closed=closed)
    return render_step(page, definition, request, {}, first_step(definition, {}))


# --- the answers and the steps --------------------------------------------------


def posted_answers(definition, post):
    """{name: value} of the fields POSTed (hidden or shown); lists for multiple choices."""
    answers = {}
    for spec in definition.fields:
        if spec.kind == "file" or spec.name not in post:
            continue
        if spec.kind == "multiple_choice":
            answers[spec.name] = [v for v in post.getlist(spec.name) if v]
        else:
            answers[spec.name] = post.get(spec.name, "")
    return answers


def shown_steps(definition, answers):
    """The steps shown for `answers`, in order: a step with no field shown is skipped."""
    view = _conditions_view(definition, answers)
    steps = {spec.step for spec in visible_fields(definition, view)}
    # A field whose own condition waits for an answer of its step counts too.
    steps |= {
        spec.step
        for spec in definition.fields
        if spec.condition
        and definition.field(spec.condition.field)
        and definition.field(spec.condition.field).step == spec.step
    }
    return [
        step
        for step in definition.steps
        if step.key in steps and (step.condition is None or step.condition.holds(view))
    ]


def first_step(definition, answers):
    steps = shown_steps(definition, answers)
    return steps[0].key if steps else None


def neighbour(definition, answers, current, offset):
    keys = [step.key for step in shown_steps(definition, answers)]
    if current not in keys:
        return keys[0] if keys else None
    index = keys.index(current) + offset
    return keys[index] if 0 <= index < len(keys) else None


def asked_on(definition, answers, spec):
    """The step a field is asked on: its own, but a file on the last step shown.

    A browser sends a file once: chosen on an earlier step, it would be lost
    by the time the form is sent.
    """
    if spec.kind != "file":
        return spec.step
    steps = shown_steps(definition, answers)
    return steps[-1].key if steps else spec.step


def step_fields(definition, answers, step):
    """The fields of `step` to show: those of the step whose condition may hold.

    A condition on an earlier step's answer is decided here; one on an answer
    of the same step is left to the browser (and to the server at the end).
    """
    view = _conditions_view(definition, answers)
    fields = []
    for spec in definition.fields:
        if asked_on(definition, answers, spec) != step:
            continue
        condition = spec.condition
        if condition:
            origin = definition.field(condition.field)
            if origin and origin.step != step and not condition.holds(view):
                continue
        fields.append(spec)
    return fields


def step_errors(definition, answers, files, step):
    """The errors of the fields of `step` (the others are checked at their turn)."""
    _cleaned, errors = services.validate_answers(definition, answers, files)
    names = {
        spec.name
        for spec in definition.fields
        if asked_on(definition, answers, spec) == step
    }
    return [error for error in errors if error.field in names]


def _posted(page, definition, request):
    post = request.POST
    answers = posted_answers(definition, post)
    files = {name: request.FILES[name] for name in request.FILES}
    current = post.get("step") or first_step(definition, answers)
    action = post.get("action", "send")
    if action == "back":
        previous = neighbour(definition, answers, current, -1) or current
        return render_step(page, definition, request, answers, previous)
    errors = step_errors(definition, answers, files, current)
    following = neighbour(definition, answers, current, +1)
    if errors or (action == "next" and following):
        return render_step(
            page, definition, request, answers, current if errors else following, errors
        )
    result = services.submit(
        page,
        answers,
        files=files,
        form_token=post.get("form_token"),
        honeypot=post.get(guards.HONEYPOT_FIELD, ""),
        idempotency_key=post.get("idempotency_key"),
        invitation=request.GET.get("invitation") or post.get("invitation"),
        ip=guards.client_ip(request),
    )
    if result.errors:
        at = next(
            (
                asked_on(definition, answers, spec)
                for error in result.errors
                for spec in definition.fields
                if spec.name == error.field
            ),
            current,
        )
        return render_step(
            page,
            definition,
            request,
            answers,
            at,
            result.errors,
            status=429 if result.rate_limited else 200,
        )
    sent = request.session.get(SENT_SESSION_KEY, [])[-9:]
    request.session[SENT_SESSION_KEY] = [*sent, result.submission.reference]
    # Relative to the request: the browser stays on the host and port it used.
    return redirect(f"{page.get_url(request)}?sent={result.submission.reference}")


# --- rendering ------------------------------------------------------------------


def anchor(definition, error):
    spec = definition.field(error.field) if error.field else None
    if spec is None:
        return "editor-form"
    if spec.kind in ("choice", "multiple_choice", "boolean"):
        return f"id_{spec.name}_0"
    return f"id_{spec.name}"


def render_step(
    page, definition, request, answers, step, errors=(), closed=None, status=200
):
    post = request.POST if request.method == "POST" else None
    keys = [s.key for s in shown_steps(definition, answers)]
    fields = step_fields(definition, answers, step) if step else []
    shown = {spec.name for spec in fields}
    by_field = {error.field: error for error in errors if error.field}
    context = {
        "page": page,
        "self": page,
        "definition": definition,
        "closed": closed,
        "closed_message": CLOSED_MESSAGES[closed]() if closed else "",
        "step": definition.step(step) if step else None,
        "step_number": keys.index(step) + 1 if step in keys else 1,
        "step_count": len(keys),
        "is_first": not keys or step == keys[0],
        "is_last": not keys or step == keys[-1],
        "fields": [
            {
                "spec": spec,
                "value": answers.get(spec.name),
                "error": by_field.get(spec.name),
            }
            for spec in fields
        ],
        "carried": [
            (name, value)
            for name, values in answers.items()
            if name not in shown
            for value in (values if isinstance(values, list) else [values])
        ],
        "errors": [
            (error, anchor(definition, error), _label(definition, error))
            for error in errors
        ],
        "has_files": any(spec.kind == "file" for spec in fields),
        "form_token": guards.reissue_form_token(post.get("form_token"))
        if post
        else guards.issue_form_token(),
        "idempotency_key": (post or {}).get("idempotency_key") or uuid.uuid4().hex,
        "honeypot_field": guards.HONEYPOT_FIELD,
        "invitation": request.GET.get("invitation")
        or (post or {}).get("invitation", ""),
    }
    return TemplateResponse(
        request, "editor_forms/form_page.html", context, status=status
    )


def _label(definition, error):
    spec = definition.field(error.field) if error.field else None
    return spec.label if spec else ""


def status_path(submission):
    """The status page, relative: the browser stays on the host it used."""
    return reverse("forms_workflows:status", args=[submission.status_token])


def _sent(page, request, submission):
    status = PublicStatus.BY_STATE.get(submission.status, "")
    context = {
        "page": page,
        "self": page,
        "submission": submission,
        "status": status,
        "status_label": submission.workflow.state_label(submission.status),
        # A survey's answer has nothing left to do: no link to keep.
        "status_link": status_path(submission)
        if submission.behaviour != Behaviour.SURVEY
        else "",
        "definition": services.definition_of(page),
    }
    return TemplateResponse(request, "editor_forms/form_sent.html", context)
