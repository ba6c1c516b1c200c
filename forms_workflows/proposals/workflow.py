"""The project proposal's states, actions, roles and side effects.

draft ──submit──▶ submitted ──check_eligibility──▶ eligibility_check
eligibility_check ──start_expert_review──▶ expert_review
eligibility_check | expert_review ──send_to_commission──▶ commission
eligibility_check | expert_review ──request_changes──▶ changes_requested
changes_requested ──resubmit──▶ submitted
eligibility_check ──declare_ineligible──▶ rejected
commission ──award──▶ awarded (a LabelAward) | ──defer──▶ deferred | ──reject──▶ rejected
any open state ──withdraw──▶ withdrawn
draft | rejected | deferred | withdrawn ──anonymise──▶ anonymised

The states and moves run through the one `forms_workflows.workflow.transition`;
this module only declares them. Two roles are added to the shared ones: the
label commission (decides) and the experts (score, never move a proposal).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_workflows import registry
from forms_workflows.machine import (
    STANDARD_NOTICES,
    SYSTEM,
    Action,
    Notice,
    Recipients,
    Role,
    Workflow,
    anonymise_action,
    note_action,
    request_changes_action,
    resubmit_action,
    withdraw_action,
)
from forms_workflows.proposals.models import LabelAward, ProjectProposal
from forms_workflows.proposals.states import (  # noqa: F401  the old import path
    CLOSED_STATES,
    EDITABLE_STATES,
    INITIAL,
    OPEN_STATES,
    WAITING_FOR_REVIEW,
    ProposalStatus,
)
from forms_workflows.proposals.states import ProposalStatus as S
from forms_workflows.proposals.status import status_view
from forms_workflows.proposals.validation import validate_for_submission
from pages.signals import public_content_changed


class ProposalRole:
    APPLICANT = Role.APPLICANT
    STAFF = Role.REVIEWER
    EXPERT = "expert"
    COMMISSION = "commission"
    SYSTEM = Role.SYSTEM
    NONE = Role.NONE

    ALL = (APPLICANT, STAFF, EXPERT, COMMISSION, SYSTEM, NONE)


REVIEW_PERMISSION = "proposals.review_projectproposal"
DECIDE_PERMISSION = "proposals.decide_projectproposal"
ASSESS_PERMISSION = "proposals.assess_projectproposal"


STAFF = (ProposalRole.STAFF, ProposalRole.COMMISSION)
COMMISSION = (ProposalRole.COMMISSION,)


class ProposalWorkflow(Workflow):
    """The shared workflow, with the commission and the experts as roles."""

    def role_of(self, user):
        if user is None:
            return ProposalRole.APPLICANT
        if user is SYSTEM:
            return ProposalRole.SYSTEM
        if not getattr(user, "is_active", False):
            return ProposalRole.NONE
        # The most trusted role wins: commission members also run the process.
        if user.has_perm(DECIDE_PERMISSION):
            return ProposalRole.COMMISSION
        if user.has_perm(REVIEW_PERMISSION):
            return ProposalRole.STAFF
        if user.has_perm(ASSESS_PERMISSION):
            return ProposalRole.EXPERT
        return ProposalRole.NONE


def check_complete(proposal, change):
    """Refuse to send an incomplete proposal, whichever path asks."""
    validate_for_submission(proposal, resubmission=change.action == "resubmit")
    if change.action == "submit":
        proposal.submitted_at = timezone.now()
        proposal.save(update_fields=["submitted_at", "updated_at"])


def award_label(proposal, change):
    # The public record takes the project as the awarded proposal describes it.
    proposal.copy_to_project()
    LabelAward.objects.create(
        project=proposal.project,
        stage=proposal.stage,
        campaign=proposal.campaign,
        proposal=proposal,
        awarded_on=timezone.localdate(),
    )
    if proposal.site_id:
        # Partners' webhooks hear of it (partners.events): the project's public record.
        public_content_changed.send(
            sender=LabelAward,
            event="project.awarded",
            instance=proposal.project,
            site=proposal.site,
        )


ACTIONS = [
    Action(
        "submit",
        _("Send the proposal"),
        sources=(S.DRAFT,),
        target=S.SUBMITTED,
        roles=(ProposalRole.APPLICANT,),
        effect=check_complete,
        notify=("confirmation", "new_submission"),
    ),
    Action(
        "check_eligibility",
        _("Start the eligibility check"),
        sources=(S.SUBMITTED,),
        target=S.ELIGIBILITY_CHECK,
        roles=STAFF,
    ),
    Action(
        "start_expert_review",
        _("Eligible: send to the experts"),
        sources=(S.ELIGIBILITY_CHECK,),
        target=S.EXPERT_REVIEW,
        roles=STAFF,
    ),
    Action(
        "send_to_commission",
        _("Send to the commission"),
        sources=(S.ELIGIBILITY_CHECK, S.EXPERT_REVIEW),
        target=S.COMMISSION,
        roles=STAFF,
    ),
    request_changes_action(
        (S.ELIGIBILITY_CHECK, S.EXPERT_REVIEW), S.CHANGES_REQUESTED, STAFF
    ),
    resubmit_action((S.CHANGES_REQUESTED,), S.SUBMITTED, effect=check_complete),
    Action(
        "declare_ineligible",
        _("Not eligible"),
        sources=(S.ELIGIBILITY_CHECK,),
        target=S.REJECTED,
        roles=STAFF,
        comment_required=True,
        notify=("decision",),
        style="critical",
    ),
    Action(
        "award",
        _("Award the stage"),
        sources=(S.COMMISSION,),
        target=S.AWARDED,
        roles=COMMISSION,
        effect=award_label,
        notify=("decision",),
    ),
    Action(
        "defer",
        _("Defer to a later campaign"),
        sources=(S.COMMISSION,),
        target=S.DEFERRED,
        roles=COMMISSION,
        comment_required=True,
        notify=("decision",),
        style="warning",
    ),
    Action(
        "reject",
        _("Reject"),
        sources=(S.COMMISSION,),
        target=S.REJECTED,
        roles=COMMISSION,
        comment_required=True,
        notify=("decision",),
        style="critical",
    ),
    withdraw_action(_("Withdraw the proposal"), OPEN_STATES, S.WITHDRAWN),
    anonymise_action(CLOSED_STATES, S.ANONYMISED),
    note_action(S.choices, S.ANONYMISED, STAFF),
]

PROPOSAL_WORKFLOW = ProposalWorkflow(
    states=S.choices,
    initial=INITIAL,
    actions=ACTIONS,
    review_permission=REVIEW_PERMISSION,
    submit_notify=(),
    notices={
        **STANDARD_NOTICES,
        "draft_saved": Notice(
            Recipients.APPLICANT, _("draft saved, private link to the applicant")
        ),
        "expert_assigned": Notice(Recipients.STAFF, _("assignment, to the expert")),
    },
    open_states=OPEN_STATES,
)


def register():
    """Register the kind with the core; called from `ProposalsConfig.ready()`."""
    # The status link leads to the proposal's own page (proposals.hosted).
    registry.register(ProjectProposal, PROPOSAL_WORKFLOW, status_view=status_view)
