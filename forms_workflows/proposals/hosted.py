"""The hosted proposal form: several steps, no JavaScript, the draft saved at each step.

`/proposals/new/` starts a draft (guards: honeypot, timing token, rate limit);
`/proposals/<token>/` is the applicant's secret link: it continues the draft
step by step, sends it, shows where it stands and lets the applicant withdraw.
Every step goes through `services.save_draft`, the same path as the API. Each
step of a draft shows the secret link as text, and says whether it was e-mailed.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from forms_workflows import guards
from forms_workflows.forms import error_list
from forms_workflows.guards import client_ip
from forms_workflows.proposals import services
from forms_workflows.proposals.forms import ProposalDraftForm
from forms_workflows.proposals.models import ProjectProposal
from forms_workflows.proposals.steps import steps_of, translated
from forms_workflows.proposals.validation import missing_items
from forms_workflows.status import require_withdrawal_confirmed
from forms_workflows.workflow import transition

PROJECT_FIELDS = (
    *ProjectProposal.PROJECT_FIELDS,
    "stage",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "consent",
    "language",
)


def anchor(error):
    if error.field is None:
        return "proposal-form"
    parts = error.field.split(".")
    if parts[0] == "answers" and len(parts) == 3:
        kind = "answer" if parts[2] == "answer" else "self"
        return f"id_{kind}_{parts[1]}"
    snake = "".join("_" + c.lower() if c.isupper() else c for c in error.field)
    return f"id_{snake}"


def posted_step_data(post, step, commitments):
    if step == "project":
        data = {name: post.get(name, "") for name in PROJECT_FIELDS}
        data["consent"] = bool(post.get("consent"))
        data[guards.HONEYPOT_FIELD] = post.get(guards.HONEYPOT_FIELD, "")
        data["form_token"] = post.get("form_token", "")
        return data
    if step == "note":
        return {"presentation_note": post.get("presentation_note", "")}
    if step.startswith("dimension-"):
        return {
            "answers": {
                c.number: {
                    "answer": post.get(f"answer_{c.number}", ""),
                    "self_assessment": post.get(f"self_{c.number}", ""),
                }
                for c in commitments
                if f"answer_{c.number}" in post
            }
        }
    return {}


def uploads_of(request):
    files = request.FILES
    uploads = {
        "plan": files.getlist("plan"),
        "charter": files.getlist("charter"),
        "illustration": files.getlist("illustrations"),
    }
    return {kind: items for kind, items in uploads.items() if items}


def summary_label(form, error):
    """The field an error is about, named as the applicant reads it."""
    parts = (error.field or "").split(".")
    if parts[0] == "answers" and len(parts) == 3:
        return _("Commitment %(number)s") % {"number": parts[1]}
    name = anchor(error).removeprefix("id_")
    field = form.fields.get(name) if form is not None else None
    return str(field.label) if field is not None and field.label else ""


def render(request, context):
    form = context.get("form")
    context["errors"] = [
        (e, anchor(e), summary_label(form, e)) for e in context.get("errors", ())
    ]
    return TemplateResponse(request, "proposals/hosted_form.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def start(request):
    campaign = services.open_campaign()
    steps = steps_of(campaign) if campaign else []
    context = {"campaign": campaign, "steps": steps, "step": "project", "index": 1}
    # The language of the page the applicant opened is the one they read in.
    form = ProposalDraftForm(initial={"language": translation.get_language()})
    errors = []
    if request.method == "POST" and campaign:
        data = posted_step_data(request.POST, "project", [])
        outcome = services.save_draft(
            data,
            previous_token=request.POST.get("previous_token", "").strip()[:64] or None,
            # the network whose site took the proposal: its links point back there
            site=Site.find_for_request(request),
            ip=client_ip(request),
            idempotency_key=request.POST.get("idempotency_key"),
        )
        if not outcome.errors:
            url = reverse("proposals:follow_up", args=[outcome.proposal.status_token])
            return redirect(f"{url}?step=note&saved=1")
        errors, form = outcome.errors, outcome.form or form
    context.update(
        {
            "form": form,
            "errors": errors,
            "form_token": guards.reissue_form_token(request.POST.get("form_token"))
            if request.method == "POST"
            else guards.issue_form_token(),
            "honeypot": guards.HONEYPOT_FIELD,
        }
    )
    return render(request, context)


@never_cache
@require_http_methods(["GET", "POST"])
def follow_up(request, token):
    proposal = services.find_by_token(token)
    if proposal is None:
        raise Http404
    translation.activate(proposal.language)
    request.LANGUAGE_CODE = proposal.language
    steps = steps_of(proposal.campaign)
    keys = [key for key, _label in steps]
    step = request.GET.get("step") or (
        resume_step(proposal) if proposal.is_editable else ""
    )
    if step and (step not in keys or not proposal.is_editable):
        step = ""
    errors = []
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "withdraw":
            try:
                require_withdrawal_confirmed(request.POST)
            except ValidationError as error:
                # a page-only code: not one of the API's documented ones
                errors = error_list(error, known=None)
            else:
                try:
                    transition(proposal, "withdraw")
                except ValidationError as error:
                    errors = services.errors_of(error)
                else:
                    return redirect(request.path + "?done=withdraw")
        elif action in ("save", "submit") and proposal.is_editable and step:
            commitments = list(services.commitments_of(proposal.campaign))
            data = services.stored_data(proposal)
            step_data = posted_step_data(request.POST, step, commitments)
            data["answers"].update(step_data.pop("answers", {}))
            data.update(step_data)
            outcome = services.save_draft(
                data,
                uploads_of(request),
                token=token,
                site=proposal.site,
                ip=client_ip(request),
            )
            errors = outcome.errors
            if not errors and action == "submit":
                errors = services.submit(outcome.proposal).errors
                if not errors:
                    return redirect(request.path + "?done=submit")
            if not errors:
                following = keys[min(keys.index(step) + 1, len(keys) - 1)]
                return redirect(f"{request.path}?step={following}&saved=1")
        else:
            raise Http404
    return render(request, step_context(request, proposal, steps, step, errors))


def resume_step(proposal):
    """Where the secret link takes the applicant back: the first step still missing
    something, or the last one (the recap and the send button) once complete."""
    missing = missing_items(proposal)
    numbers = {
        c.number: c.dimension.number
        for c in services.commitments_of(proposal.campaign).select_related("dimension")
    }
    order = [key for key, _label in steps_of(proposal.campaign)]
    wanted = []
    for field in missing:
        head = (field or "").split(".")[0]
        if field is None:
            continue
        if head == "answers":
            number = int(field.split(".")[1])
            wanted.append(f"dimension-{numbers.get(number, 1)}")
        elif head in ("plan", "charter", "illustration", "illustrations"):
            wanted.append("files")
        elif head == "presentationNote":
            wanted.append("note")
        else:
            wanted.append("project")
    wanted = [key for key in wanted if key in order]
    return min(wanted, key=order.index) if wanted else "send"


def recap(proposal):
    """[(label, value)] of what the proposal will send, as the reviewers will read it."""
    rows = []
    for name in PROJECT_FIELDS:
        if name in ("consent",):
            continue
        field = proposal._meta.get_field(name)
        display = getattr(proposal, f"get_{name}_display", None)
        value = display() if display else getattr(proposal, name)
        if name == "language":
            value = dict(settings.LANGUAGES).get(value, value)
        elif name == "region" and value is not None:
            value = translated(value)
        rows.append((capfirst(field.verbose_name), value))
    return rows


def step_context(request, proposal, steps, step, errors):
    keys = [key for key, _label in steps]
    workflow = proposal.workflow
    context = {
        "proposal": proposal,
        "campaign": proposal.campaign,
        "steps": steps,
        "step": step,
        "index": keys.index(step) + 1 if step else None,
        "errors": errors,
        "saved": request.GET.get("saved"),
        "done": request.GET.get("done"),
        "status_label": workflow.state_label(proposal.status),
        "allowed": {a.name for a in workflow.allowed_actions(proposal, None)},
        "history": [
            {
                "label": workflow.state_label(item["to_status"]),
                "at": item["created_at"],
                "comment": item["comment"],
            }
            for item in proposal.public_history()
        ],
    }
    if step in ("project", "note"):
        context["form"] = ProposalDraftForm(initial=services.stored_data(proposal))
    elif step.startswith("dimension-"):
        answers = services.stored_data(proposal)["answers"]
        number = int(step.split("-", 1)[1])
        context["commitments"] = [
            (translated(c), answers.get(c.number, {}))
            for c in services.commitments_of(proposal.campaign).filter(
                dimension__number=number
            )
        ]
        context["scores"] = range(4)
    elif step == "files":
        context["attachments"] = proposal.attachments.all()
    elif step == "send":
        missing = missing_items(proposal)
        context["missing"] = (
            services.errors_of(ValidationError(missing)) if missing else []
        )
        # What will be sent, read back before the final button.
        answers = services.stored_data(proposal)["answers"]
        context["recap"] = recap(proposal)
        context["recap_answers"] = [
            (translated(c), answers.get(c.number, {}))
            for c in services.commitments_of(proposal.campaign)
        ]
        context["attachments"] = proposal.attachments.all()
    if step:
        # The address this page is served at: the one the applicant must keep.
        context["secret_link"] = request.build_absolute_uri(proposal.follow_up_path())
        context["link_mail"] = services.mailed_link(proposal)
    return context
