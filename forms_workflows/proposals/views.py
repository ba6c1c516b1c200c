"""The permission-checked file view and the applicant's follow-up page."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from forms_workflows.proposals.access import visible_to
from forms_workflows.proposals.models import ProjectProposal, ProposalAttachment


@never_cache
@login_required(login_url="wagtailadmin_login")
def attachment(request, pk):
    """Serve one attachment to staff or to an expert assigned to its proposal."""
    item = get_object_or_404(
        ProposalAttachment.objects.select_related("proposal"), pk=pk
    )
    if not visible_to(
        request.user, ProjectProposal.objects.filter(pk=item.proposal_id)
    ).exists():
        # The same answer as for a missing file: nothing tells it exists.
        raise Http404
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=item.original_name,
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
