"""What the hosted pages and the API read: the open campaign, a proposal by its
secret token, and a proposal's answers as form data."""

from django.utils import timezone

from forms_workflows.proposals.models import Campaign, ProjectProposal
from pages.models import Commitment


def open_campaign(year=None, today=None):
    today = today or timezone.localdate()
    campaigns = Campaign.objects.select_related("referentiel")
    if year:
        return campaigns.filter(year=year).first()
    return campaigns.filter(opens_on__lte=today, closes_on__gte=today).first()


def commitments_of(campaign):
    return Commitment.objects.filter(
        dimension__referentiel_id=campaign.referentiel_id
    ).order_by("number")


def find_by_token(token):
    if not token or len(token) > 64:
        return None
    return (
        ProjectProposal.objects.select_related("project", "campaign")
        .filter(status_token=token, anonymised_at__isnull=True)
        .first()
    )


def stored_data(proposal):
    """The form data of what is stored: each step overlays its own fields."""
    data = {
        "project_name": proposal.project_name,
        "commune": proposal.commune,
        "region": proposal.region.code if proposal.region_id else "",
        "context": proposal.context,
        "area_hectares": proposal.area_hectares or "",
        "homes": proposal.homes if proposal.homes is not None else "",
        "leading_body": proposal.leading_body,
        "leading_body_kind": proposal.leading_body_kind,
        "stage": str(proposal.stage),
        "presentation_note": proposal.presentation_note,
        "contact_name": proposal.contact_name,
        "contact_role": proposal.contact_role,
        "contact_email": proposal.contact_email,
        "contact_phone": proposal.contact_phone,
        "consent": proposal.consent_given_at is not None,
        "language": proposal.language,
    }
    data["answers"] = {
        answer.commitment.number: {
            "answer": answer.answer,
            "self_assessment": answer.self_assessment,
        }
        for answer in proposal.answers.select_related("commitment")
    }
    return data


def overlay(proposal, data):
    """Stored data with the non-empty values of `data` over it (answers by number)."""
    merged = stored_data(proposal)
    answers = merged.pop("answers")
    answers.update(data.get("answers") or {})
    merged.update({k: v for k, v in data.items() if v not in ("", None, False, {})})
    merged["answers"] = answers
    return merged
