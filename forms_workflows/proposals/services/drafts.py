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

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_workflows import guards, idempotency, notifications
from forms_workflows.machine import Recipients
from forms_workflows.proposals.files import check_storage
from forms_workflows.proposals.forms import CONSENT_VERSION, ProposalDraftForm
from forms_workflows.proposals.models import (
    Project,
    ProjectProposal,
    ProposalAnswer,
    ProposalAttachment,
)
from forms_workflows.proposals.services.outcome import Outcome, errors_of, refusal
from forms_workflows.proposals.services.reading import (
    commitments_of,
    find_by_token,
    open_campaign,
)
from forms_workflows.proposals.states import ProposalStatus
from forms_workflows.proposals.validation import campaign_closed_error
from forms_workflows.workflow import lock_for_edit, transition

logger = logging.getLogger(__name__)

RATE_SCOPE = "project_proposal"
SAVE_RATE_SCOPE = "project_proposal_save"
DRAFT_SAVED = "draft_saved"


def save_rate_limit():
    """Saves of existing drafts per address and window (each may carry files)."""
    return getattr(settings, "PROPOSALS_SAVE_RATE_LIMIT", 120)


class _Written:
    """The files stored during one call, deleted again if the call fails."""

    def __init__(self):
        self.names = []

    def forget_on_failure(self):
        for name in self.names:
            ProposalAttachment.file.field.storage.delete(name)


def described_project(form):
    """The form's project fields, as the proposal keeps them."""
    shared = form.project_fields()
    return {own: shared[name] for own, name in ProjectProposal.PROJECT_FIELDS.items()}


def _write(proposal, form, written, replaced):
    """Write the form onto `proposal` (locked, or new) with explicit fields."""
    fields = {**described_project(form), **form.proposal_fields()}
    for name, value in fields.items():
        setattr(proposal, name, value)
    changed = list(fields)
    if form.cleaned_data.get("consent") and proposal.consent_given_at is None:
        proposal.consent_version = CONSENT_VERSION
        proposal.consent_given_at = timezone.now()
        changed += ["consent_version", "consent_given_at"]
    if proposal.pk is None:
        proposal.save()
    else:
        proposal.save(update_fields=[*changed, "updated_at"])
    for number, item in form.cleaned_data.get("answers", {}).items():
        ProposalAnswer.objects.update_or_create(
            proposal=proposal,
            commitment=form.commitments[number],
            defaults={
                "answer": item["answer"],
                "self_assessment": item["self_assessment"],
            },
        )
    sent = {kind for kind, _uploaded, _type in form.checked_uploads}
    # A plan, a charter or a set of illustrations replaces the stored one.
    for old in proposal.attachments.filter(kind__in=sent):
        replaced.append(old.file.name)
        old.delete()
    for kind, uploaded, content_type in form.checked_uploads:
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


NOT_EDITABLE_MESSAGE = _("This proposal can no longer be changed.")


def not_editable():
    return ValidationError(
        {"token": ValidationError(NOT_EDITABLE_MESSAGE, code="NOT_EDITABLE")}
    )


def _new_proposal(form, campaign, site, previous_token, scoped_key, fingerprint):
    """The unsaved proposal (and, for a new project, its project row)."""
    if previous_token:
        earlier = find_by_token(previous_token)
        if earlier is None:
            raise ValidationError(
                {
                    "previousToken": ValidationError(
                        _("The earlier proposal was not found."), code="NOT_FOUND"
                    )
                }
            )
        project = earlier.project
        if project.proposals.filter(campaign=campaign).exists():
            raise ValidationError(
                {
                    "previousToken": ValidationError(
                        _("This project already has a proposal in this campaign."),
                        code="ALREADY_APPLIED",
                    )
                }
            )
    else:
        # A new project: its row is private (no award) until a stage is awarded.
        project = Project.objects.create(**form.project_fields())
    return ProjectProposal(
        project=project,
        campaign=campaign,
        site=site,
        reference=ProjectProposal.next_reference(campaign.year),
        idempotency_key=scoped_key,
        idempotency_fingerprint=fingerprint if scoped_key else "",
        status_changed_at=timezone.now(),
    )


def _save(proposal, form, *, new, written, replaced, submit):
    """One transaction: lock the row, re-check it, check storage, write, send."""
    with transaction.atomic():
        if new is not None:
            proposal = new()
        else:
            # Re-read under the lock: a withdrawal, a decision or the retention
            # command's anonymisation made meanwhile wins over this save.
            action = "resubmit" if proposal.status == "changes_requested" else "submit"
            try:
                proposal = lock_for_edit(proposal, action)
            except ValidationError:
                raise not_editable() from None
        check_storage(
            proposal.attachments.all() if proposal.pk else [], form.checked_uploads
        )
        _write(proposal, form, written, replaced)
        if submit:
            transition(
                proposal,
                "resubmit" if proposal.status == "changes_requested" else "submit",
            )
        else:
            owe_draft_link(proposal)
    return proposal


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
    caller=None,
):
    """Create or update a draft from `data`; with `submit`, send it in the same call.

    `token` is the secret of the applicant's own proposal (to continue a
    draft); `previous_token` that of an earlier proposal of the same project
    (to apply for its next stage). `caller` (by default the site and `ip`)
    scopes the idempotency key and the rate limits.
    """
    if caller is None:
        caller = guards.Caller(site_id=getattr(site, "pk", None), client=f"ip:{ip}")
    give_back = []
    try:
        outcome = _save_draft(
            data,
            uploads or {},
            token=token,
            previous_token=previous_token,
            year=year,
            site=site,
            caller=caller,
            idempotency_key=idempotency_key,
            submit=submit,
            check_guards=check_guards,
            give_back=give_back,
        )
    except BaseException:
        for release in give_back:
            release()
        raise
    if not outcome.created:  # refused, or a replay: no new draft took the slot
        for release in give_back:
            release()
    return outcome


def _save_draft(
    data,
    uploads,
    *,
    token,
    previous_token,
    year,
    site,
    caller,
    idempotency_key,
    submit,
    check_guards,
    give_back,
):
    proposal = None
    scoped_key = fingerprint = None
    if token:
        proposal = find_by_token(token)
        if proposal is None:
            return refusal(_("This proposal was not found."), "NOT_FOUND", "token")
        if not proposal.is_editable:
            return refusal(NOT_EDITABLE_MESSAGE, "NOT_EDITABLE", "token")
        campaign = proposal.campaign
        try:
            if check_guards:
                # Every save may carry files: saves with a token are counted too.
                caller.take_slot(SAVE_RATE_SCOPE, limit=save_rate_limit())
        except ValidationError as error:
            return Outcome(errors=errors_of(error))
    else:
        key = idempotency.clean_key(idempotency_key)
        scoped_key = caller.scope(key) if key else None
        fingerprint = idempotency.fingerprint(
            data,
            uploads,
            previous_token=previous_token,
            year=year,
            submit=submit,
        )
        try:
            previous = idempotency.replay(
                ProjectProposal.objects.all(), scoped_key, fingerprint
            )
            if previous:
                return Outcome(proposal=previous)
            if check_guards:
                give_back.append(caller.take_slot(RATE_SCOPE))
                guards.check_honeypot(data.get(guards.HONEYPOT_FIELD))
                guards.check_form_token(data.get("form_token"))
        except ValidationError as error:
            return Outcome(errors=errors_of(error))
        campaign = open_campaign(year)
        if campaign is None or not campaign.is_open():
            return Outcome(errors=errors_of(campaign_closed_error()))

    form = ProposalDraftForm(
        data, commitments=commitments_of(campaign), uploads=uploads
    )
    if not form.is_valid():
        return Outcome(errors=errors_of(form.errors.as_data()), form=form)
    if proposal is None and check_guards:
        try:
            give_back.append(
                guards.spend_form_token(data.get("form_token"), request_key=scoped_key)
            )
        except ValidationError as error:
            return Outcome(errors=errors_of(error), form=form)

    created = proposal is None

    def new():
        return _new_proposal(
            form, campaign, site, previous_token, scoped_key, fingerprint
        )

    written, replaced = _Written(), []
    try:
        proposal = _save(
            proposal,
            form,
            new=new if created else None,
            written=written,
            replaced=replaced,
            submit=submit,
        )
    except ValidationError as error:
        written.forget_on_failure()
        return Outcome(errors=errors_of(error), form=form)
    except IntegrityError:
        written.forget_on_failure()
        if scoped_key:
            try:
                previous = idempotency.replay(
                    ProjectProposal.objects.all(), scoped_key, fingerprint
                )
            except ValidationError as error:
                return Outcome(errors=errors_of(error), form=form)
            if previous:  # the same request, retried while the first was running
                return Outcome(proposal=previous, form=form)
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
    if created:
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
        proposal.notifications.filter(
            kind__in=proposal.workflow.notices_to(Recipients.APPLICANT)
        )
        .order_by("-created_at", "-pk")
        .first()
    )
