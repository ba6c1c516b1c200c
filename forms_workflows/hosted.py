"""Serve the hosted adhesion form page: plain HTML forms, no JavaScript needed."""

import uuid

from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from forms_workflows import guards
from forms_workflows.forms import CharterAdhesionForm, FieldError
from forms_workflows.models.form_page import CONFIRMATION_SESSION_KEY
from forms_workflows.submission import submit_adhesion

OWN_CATEGORY_ROWS = 2
SIMPLE_FIELDS = [
    "organisation_name",
    "organisation_kind",
    "organisation_address",
    "region",
    "website",
    "registration_number",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "signatory_name",
    "signatory_title",
    "form_token",
    guards.HONEYPOT_FIELD,
]


def proposed_categories(charter_page):
    return [
        {
            "title": block.value["title"],
            "actions": [str(action) for action in block.value["actions"]],
        }
        for block in charter_page.plan_categories
        if block.block_type == "category"
    ]


def lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def plan_from_post(post, proposed):
    """Build the collaboration plan (as the API receives it) from the form's rows."""
    plan = []
    for index, category in enumerate(proposed):
        if post.get(f"plan_{index}_selected"):
            plan.append(
                {
                    "title": category["title"],
                    "actions": lines(post.get(f"plan_{index}_actions")),
                }
            )
    for index in range(OWN_CATEGORY_ROWS):
        title = post.get(f"own_{index}_title", "").strip()
        actions = lines(post.get(f"own_{index}_actions"))
        if title or actions:
            plan.append({"title": title, "actions": actions})
    return plan


def plan_rows(proposed, post=None):
    """What the plan fieldset shows: proposed categories, then blank rows of one's own."""
    rows = []
    for index, category in enumerate(proposed):
        rows.append(
            {
                "index": index,
                "title": category["title"],
                "selected": bool(post and post.get(f"plan_{index}_selected")),
                "actions": post.get(f"plan_{index}_actions")
                if post
                else "\n".join(category["actions"]),
            }
        )
    own = [
        {
            "index": index,
            "title": post.get(f"own_{index}_title", "") if post else "",
            "actions": post.get(f"own_{index}_actions", "") if post else "",
        }
        for index in range(OWN_CATEGORY_ROWS)
    ]
    return rows, own


def form_data(page, post):
    data = {name: post.get(name, "") for name in SIMPLE_FIELDS}
    data["consent"] = post.get("consent") == "on"
    data["language"] = page.locale.language_code
    data["collaboration_plan"] = plan_from_post(
        post, proposed_categories(page.charter_page)
    )
    return data


def render_form(page, request, form=None, errors=(), status=200):
    post = request.POST if request.method == "POST" else None
    if form is None:
        form = CharterAdhesionForm(
            initial={"language": page.locale.language_code}, auto_id="id_%s"
        )
    proposed_rows, own_rows = plan_rows(proposed_categories(page.charter_page), post)
    context = {
        "page": page,
        "self": page,
        "form": form,
        "errors": errors,
        "form_token": guards.reissue_form_token(post.get("form_token"))
        if post
        else guards.issue_form_token(),
        "idempotency_key": (post or {}).get("idempotency_key") or uuid.uuid4().hex,
        "honeypot_field": guards.HONEYPOT_FIELD,
        "proposed_rows": proposed_rows,
        "own_rows": own_rows,
        "consent": bool(post and post.get("consent")),
    }
    return TemplateResponse(
        request, "forms_workflows/adhesion_form_page.html", context, status=status
    )


def anchor(error: FieldError):
    """The id of the control an error summary entry links to."""
    if error.field is None:
        return "adhesion-form"
    snake = "".join("_" + c.lower() if c.isupper() else c for c in error.field)
    return f"id_{snake}"


def field_label(form, error: FieldError):
    """The name of the field an error is about, as its label reads, for the summary."""
    if error.field is None or form is None:
        return ""
    name = anchor(error).removeprefix("id_")
    field = form.fields.get(name)
    return str(field.label) if field is not None and field.label else ""


def serve_adhesion_form(page, request):
    # Every display carries fresh CSRF and timing tokens: never from a cache.
    response = _serve_adhesion_form(page, request)
    add_never_cache_headers(response)
    return response


def _serve_adhesion_form(page, request):
    if request.method == "POST":
        submission = submit_adhesion(
            form_data(page, request.POST),
            charter_page=page.charter_page,
            ip=guards.client_ip(request),
            idempotency_key=request.POST.get("idempotency_key"),
        )
        if submission.adhesion:
            return page.redirect_to_confirmation(request, submission.adhesion)
        errors = [
            (error, anchor(error), field_label(submission.form, error))
            for error in submission.errors
        ]
        return render_form(
            page,
            request,
            form=submission.form,
            errors=errors,
            status=429 if submission.rate_limited else 200,
        )
    if request.GET.get("sent") and request.session.get(CONFIRMATION_SESSION_KEY):
        from forms_workflows.models import CharterAdhesion

        adhesion = CharterAdhesion.objects.filter(
            reference=request.session[CONFIRMATION_SESSION_KEY]
        ).first()
        if adhesion:
            return page.confirmation_response(request, adhesion)
    return render_form(page, request)
