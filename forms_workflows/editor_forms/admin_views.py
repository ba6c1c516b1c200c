"""Staff's screens of a form: its results per question, its exports, its invitations.

Reached from the "Form results" menu: the forms of the networks a reviewer
reviews (the same rule as the answers' listing), each with its summary (a
count and a bar for each choice, the answers for a text), the answers as
CSV or XLSX, a sign-up's confirmed list, and a survey's personal links.
"""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from forms_workflows.editor_forms import invitations, results, spreadsheets
from forms_workflows.editor_forms.models import (
    EditorFormPage,
    FormSubmission,
    SubmissionFile,
)
from forms_workflows.editor_forms.states import Behaviour
from forms_workflows.networks import ALL, reviewable, reviewed_site_ids

FORMATS = {"csv": spreadsheets.csv_response, "xlsx": spreadsheets.xlsx_response}


def reviewed_forms(user):
    """The form pages of the networks `user` reviews, one per form (its source copy)."""
    site_ids = reviewed_site_ids(user, FormSubmission)
    if not site_ids and site_ids is not ALL:
        raise PermissionDenied
    pages = EditorFormPage.objects.filter(alias_of__isnull=True).select_related(
        "locale"
    )
    found = []
    for page in pages.order_by("path"):
        site = page.get_site()
        if site_ids is ALL or (site and site.pk in site_ids):
            found.append(page)
    return found


def _form(request, page_id):
    page = get_object_or_404(EditorFormPage, pk=page_id)
    if page.pk not in {p.pk for p in reviewed_forms(request.user)}:
        raise PermissionDenied
    return page


def forms_index(request):
    pages = reviewed_forms(request.user)
    counts = {page.pk: results.counted(page).count() for page in pages}
    rows = [(page, counts[page.pk]) for page in pages]
    return TemplateResponse(
        request, "editor_forms/admin/forms_index.html", {"rows": rows}
    )


def form_results(request, page_id):
    page = _form(request, page_id)
    total, questions = results.summary(page)
    return TemplateResponse(
        request,
        "editor_forms/admin/results.html",
        {
            "page": page,
            "total": total,
            "questions": questions,
            "is_signup": page.behaviour == Behaviour.SIGNUP,
            "invites": page.behaviour == Behaviour.SURVEY and page.invitation_only,
        },
    )


def export_answers(request, page_id, export_format):
    page = _form(request, page_id)
    if export_format not in FORMATS:
        raise Http404
    header, rows = results.answers_table(page)
    return FORMATS[export_format](f"{slugify(page.title)}-answers", header, rows)


def export_confirmed(request, page_id, export_format):
    page = _form(request, page_id)
    if export_format not in FORMATS or page.behaviour != Behaviour.SIGNUP:
        raise Http404
    header, rows = results.confirmed_list(page)
    return FORMATS[export_format](f"{slugify(page.title)}-confirmed", header, rows)


def answer_file(request, pk):
    """Serve a file given as an answer to the reviewers of its network only."""
    stored = get_object_or_404(
        SubmissionFile.objects.select_related("submission"), pk=pk
    )
    visible = reviewable(
        request.user, FormSubmission.objects.filter(pk=stored.submission_id)
    )
    if not visible.exists():
        # The same answer as for a missing file: nothing tells it exists.
        raise Http404
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def send_invitations(request, page_id):
    page = _form(request, page_id)
    if not (page.behaviour == Behaviour.SURVEY and page.invitation_only):
        raise Http404
    addresses, invalid = invitations.parse_addresses(request.POST.get("addresses", ""))
    sent = invitations.invite(page, addresses)
    messages.success(
        request,
        _("%(sent)s invitation(s) sent; addresses already invited are skipped.")
        % {"sent": len(sent)},
    )
    if invalid:
        messages.error(request, _("Not valid, not sent: %s") % ", ".join(invalid[:20]))
    return redirect("editor_forms_formsubmission:form_results", page.pk)
