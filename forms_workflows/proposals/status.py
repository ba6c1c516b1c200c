"""The proposal's status link leads to its own follow-up page (proposals.hosted)."""

from django.shortcuts import redirect


def status_view(request, proposal):
    return redirect(proposal.follow_up_path())
