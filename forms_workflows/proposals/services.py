"""Save a proposal's draft and send it: the path shared by the hosted pages and the API.

Everything is checked before anything is written; the rows and the files of one
call are written in one transaction, and files written by a call that fails are
deleted, so a refused call leaves no trace and no orphan file.

The first time a draft is saved with a contact address, the e-mail carrying its
secret link is recorded in the same transaction (`draft_saved`, sent by the
notification task after the commit, retried if the mail server fails); it is
never owed twice for one proposal.
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_workflows import guards, notifications
from forms_workflows.forms import FieldError, error_list
from forms_workflows.proposals.forms import (
    CONSENT_VERSION,
    ERROR_CODES,
    ProposalDraftForm,
)
from forms_workflows.proposals.models import (
    Campaign,
    Project,
    ProjectProposal,
    ProposalAnswer,
    ProposalAttachment,
)
from forms_workflows.proposals.validation import campaign_closed_error
from forms_workflows.proposals.workflow import ProposalStatus
from forms_workflows.workflow import transition

logger = logging.getLogger(__name__)

RATE_SCOPE = "project_proposal"
DRAFT_SAVED = "draft_saved"


@dataclass
class Outcome:
    proposal: ProjectProposal | None = None
    errors: list[FieldError] = field(default_factory=list)
    created: bool = False
    form: ProposalDraftForm | None = None


def errors_of(error):
    return error_list(error, known=ERROR_CODES)


def refusal(message, code, field=None):
    return Outcome(errors=[FieldError(field, code, str(message))])


def open_campaign(year=None, today=None):
    today = today or timezone.localdate()
    campaigns = Campaign.objects.select_related("referentiel")
    if year:
        return campaigns.filter(year=year).first()
    return campaigns.filter(opens_on__lte=today, closes_on__gte=today).first()


def commitments_of(campaign):
    from pages.models import Commitment

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
    project = proposal.project
    data = {
        "project_name": project.name,
        "commune": project.commune,
        "region": project.region.code if project.region_id else "",
        "context": project.context,
        "area_hectares": project.area_hectares or "",
        "homes": project.homes if project.homes is not None else "",
        "leading_body": project.leading_body,
        "leading_body_kind": project.leading_body_kind,
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


class _Written:
    """The files stored during one call, deleted again if the call fails."""

    def __init__(self):
        self.names = []

    def forget_on_failure(self):
        for name in self.names:
            ProposalAttachment.file.field.storage.delete(name)


def _write(proposal, form, written, replaced):
    project = proposal.project
    for name, value in form.project_fields().items():
        setattr(project, name, value)
    project.save()
    proposal.project = project
    for name, value in form.proposal_fields().items():
        setattr(proposal, name, value)
    if form.cleaned_data.get("consent") and proposal.consent_given_at is None:
        proposal.consent_version = CONSENT_VERSION
        proposal.consent_given_at = timezone.now()
    proposal.save()
    for number, item in form.cleaned_data.get("answers", {}).items():
        ProposalAnswer.objects.update_or_create(
            proposal=proposal,
            commitment=form.commitments[number],
            defaults={
                "answer": item["answer"],
                "self_assessment": item["self_assessment"],
            },
        )
    for kind, uploaded, content_type in form.checked_uploads:
        if kind in ("plan", "charter"):
            # One plan and one charter: a new one replaces the previous one.
            for old in proposal.attachments.filter(kind=kind):
                replaced.append(old.file.name)
                old.delete()
        uploaded.seek(0)
        attachment = ProposalAttachment(
            proposal=proposal,
            kind=kind,
            original_name=(uploaded.name or kind)[-255:],
            content_type=content_type,
            size=uploaded.size,
        )
        attachment.file.save(uploaded.name or kind, uploaded, save=False)
        written.names.append(attachment.file.name)
        attachment.save()


def save_draft(
    data,
    uploads=None,
    *,
    token=None,
    previous_token=None,
    year=None,
    site=None,
    ip="",
    idempotency_key=None,
    submit=False,
    check_guards=True,
):
    """Create or update a draft from `data`; with `submit`, send it in the same call.

    `token` is the secret of the applicant's own proposal (to continue a
    draft); `previous_token` that of an earlier proposal of the same project
    (to apply for its next stage).
    """
    idempotency_key = (idempotency_key or "").strip()[:100] or None
    if idempotency_key and not token:
        previous = ProjectProposal.objects.filter(
            idempotency_key=idempotency_key
        ).first()
        if previous:
            return Outcome(proposal=previous)
    proposal = None
    if token:
        proposal = find_by_token(token)
        if proposal is None:
            return refusal(_("This proposal was not found."), "NOT_FOUND", "token")
        if not proposal.is_editable:
            return refusal(
                _("This proposal can no longer be changed."), "NOT_EDITABLE", "token"
            )
        campaign = proposal.campaign
    else:
        try:
            if check_guards:
                guards.check_rate_limit(RATE_SCOPE, ip)
                guards.check_honeypot(data.get(guards.HONEYPOT_FIELD))
                guards.check_form_token(data.get("form_token"))
        except ValidationError as error:
            return Outcome(errors=errors_of(error))
        campaign = open_campaign(year)
        if campaign is None or not campaign.is_open():
            return Outcome(errors=errors_of(campaign_closed_error()))

    form = ProposalDraftForm(
        data, commitments=commitments_of(campaign), uploads=uploads or {}
    )
    if not form.is_valid():
        return Outcome(errors=errors_of(form.errors.as_data()), form=form)

    created = proposal is None
    if created:
        project = Project()
        if previous_token:
            earlier = find_by_token(previous_token)
            if earlier is None:
                return refusal(
                    _("The earlier proposal was not found."),
                    "NOT_FOUND",
                    "previousToken",
                )
            project = earlier.project
            if project.proposals.filter(campaign=campaign).exists():
                return refusal(
                    _("This project already has a proposal in this campaign."),
                    "ALREADY_APPLIED",
                    "previousToken",
                )
        proposal = ProjectProposal(
            project=project,
            campaign=campaign,
            site=site,
            reference=ProjectProposal.next_reference(campaign.year),
            idempotency_key=idempotency_key,
            status_changed_at=timezone.now(),
        )

    written, replaced = _Written(), []
    try:
        with transaction.atomic():
            _write(proposal, form, written, replaced)
            if submit:
                transition(
                    proposal,
                    "resubmit" if proposal.status == "changes_requested" else "submit",
                )
            else:
                owe_draft_link(proposal)
    except ValidationError as error:
        written.forget_on_failure()
        if created:
            proposal.pk = None
        return Outcome(errors=errors_of(error), form=form)
    except IntegrityError:
        written.forget_on_failure()
        return refusal(
            _("The proposal could not be saved; please send it again."), "INVALID"
        )
    except BaseException:
        written.forget_on_failure()
        raise
    for name in replaced:
        transaction.on_commit(
            lambda name=name: ProposalAttachment.file.field.storage.delete(name)
        )
    if created and check_guards:
        guards.count_submission(RATE_SCOPE, ip)
        logger.info("project proposal %s saved", proposal.reference)
    return Outcome(proposal=proposal, created=created, form=form)


def owe_draft_link(proposal):
    """Record, once per proposal, the e-mail that gives a draft's applicant its link.

    Owed the first time the draft is saved with a contact address (usually its
    creation); never again, whatever the later saves change. A proposal sent in
    the call that creates it gets the confirmation instead, which carries the link.
    """
    if proposal.status != ProposalStatus.DRAFT or not proposal.contact_email:
        return None
    if proposal.notifications.filter(kind=DRAFT_SAVED).exists():
        return None
    return notifications.queue(proposal, DRAFT_SAVED)


def mailed_link(proposal):
    """The latest e-mail owed to the applicant (each carries their link), or None."""
    return (
        proposal.notifications.filter(kind__in=notifications.APPLICANT_KINDS)
        .order_by("-created_at", "-pk")
        .first()
    )


def submit(proposal):
    """Send a stored draft (or the changes asked for); every missing item is listed."""
    action = "resubmit" if proposal.status == "changes_requested" else "submit"
    try:
        transition(proposal, action)
    except ValidationError as error:
        return Outcome(proposal=proposal, errors=errors_of(error))
    return Outcome(proposal=proposal)
