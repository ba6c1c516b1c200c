"""What a proposal needs before it can be sent: every missing item, each with its code."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_workflows.proposals.files import check_total
from forms_workflows.proposals.forms import presentation_note_limit
from pages.models import Commitment

CAMPAIGN_CLOSED = "CAMPAIGN_CLOSED"
STAGE_ORDER = "STAGE_ORDER"

REQUIRED_PROJECT_FIELDS = {
    "commune": _("Give the commune of the project."),
    "region": _("Choose the region of the project."),
    "context": _("Choose the context of the project."),
    "leading_body": _("Name the body that leads the project."),
    "leading_body_kind": _("Choose the kind of the leading body."),
}
REQUIRED_PROPOSAL_FIELDS = {
    "presentation_note": _("Write the presentation note."),
    "contact_name": _("Give the name of the contact person."),
    "contact_email": _("Give the contact person's e-mail address."),
}
API_NAMES = {
    "leading_body": "leadingBody",
    "leading_body_kind": "leadingBodyKind",
    "presentation_note": "presentationNote",
    "contact_name": "contactName",
    "contact_email": "contactEmail",
}


def campaign_closed_error():
    return ValidationError(
        _("The campaign is not open for proposals today."), code=CAMPAIGN_CLOSED
    )


def missing_items(proposal, today=None, resubmission=None):
    """Return {field: [ValidationError]} of everything that stops `proposal` being sent.

    A fresh proposal is sent while its campaign is open; the changes asked for
    by the reviewers are sent whenever they ask, which is mostly after the
    closing date (`resubmission`, by default: the proposal awaits changes).
    """
    today = today or timezone.localdate()
    if resubmission is None:
        resubmission = proposal.status == "changes_requested"
    errors = {}

    def add(field, message, code="required", **params):
        errors.setdefault(field, []).append(
            ValidationError(message, code=code, params=params or None)
        )

    campaign = proposal.campaign
    if not resubmission and not campaign.is_open(today):
        errors.setdefault(None, []).append(campaign_closed_error())
    for name, message in REQUIRED_PROJECT_FIELDS.items():
        if not getattr(proposal, name if name != "region" else "region_id"):
            add(API_NAMES.get(name, name), message)
    for name, message in REQUIRED_PROPOSAL_FIELDS.items():
        if not getattr(proposal, name).strip():
            add(API_NAMES.get(name, name), message)
    if len(proposal.presentation_note) > presentation_note_limit():
        add("presentationNote", _("The presentation note is too long."), "max_length")
    if proposal.consent_given_at is None:
        add("consent", _("Please accept the privacy notice."))

    answers = {answer.commitment_id: answer for answer in proposal.answers.all()}

    for commitment in Commitment.objects.filter(
        dimension__referentiel_id=campaign.referentiel_id
    ).order_by("number"):
        answer = answers.get(commitment.pk)
        if answer is None or not answer.answer.strip():
            add(
                f"answers.{commitment.number}.answer",
                _("Answer commitment %(number)s."),
                number=commitment.number,
            )
        if answer is None or answer.self_assessment is None:
            add(
                f"answers.{commitment.number}.selfAssessment",
                _("Assess commitment %(number)s from 0 to 3."),
                number=commitment.number,
            )

    kinds = [attachment.kind for attachment in proposal.attachments.all()]
    if "plan" not in kinds:
        add("plan", _("Attach the site plan as a PDF."))
    if proposal.stage == 1 and "charter" not in kinds:
        add("charter", _("Attach the signed ÉcoQuartier charter as a PDF."))
    try:
        check_total(attachment.size for attachment in proposal.attachments.all())
    except ValidationError as error:
        errors.setdefault("attachments", []).append(error)

    if proposal.stage > 1:
        reached = proposal.project.highest_stage(before=campaign)
        if reached < proposal.stage - 1:
            add(
                "stage",
                _(
                    "A project applies for stage %(stage)s once it holds stage %(previous)s."
                ),
                STAGE_ORDER,
                stage=proposal.stage,
                previous=proposal.stage - 1,
            )
    return errors


def validate_for_submission(proposal, today=None, resubmission=None):
    errors = missing_items(proposal, today, resubmission)
    if errors:
        raise ValidationError(errors)
