"""Review of project proposals in the Wagtail admin, on the shared review screens.

Staff and the commission read every proposal; an expert reads only those
assigned to them (listing, detail, files and scoring form all scope through
`access.visible_to`). Status moves go through the shared transition view.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column

from forms_workflows import notifications
from forms_workflows.proposals import scoring
from forms_workflows.proposals.access import is_expert, visible_to
from forms_workflows.proposals.chart import render_svg
from forms_workflows.proposals.models import (
    SCORES,
    ExpertAssignment,
    ProjectProposal,
    Recommendation,
)
from forms_workflows.proposals.services import commitments_of
from forms_workflows.proposals.workflow import (
    ASSESS_PERMISSION,
    WAITING_FOR_REVIEW,
    ProposalRole,
)
from forms_workflows.review import (
    ApplicationInspectView,
    ApplicationViewSet,
    ReviewPermissionPolicy,
    WaitingPanel,
    status_column,
    submitted_column,
    unsent_column,
)

VIEWSET_NAME = "proposals_projectproposal"


# The roles this kind adds to the shared ones, as the history names them.
ROLE_LABELS = {
    ProposalRole.COMMISSION: _("label commission"),
    ProposalRole.EXPERT: _("expert"),
}


class ProposalPermissionPolicy(ReviewPermissionPolicy):
    """Staff and experts may view (experts only their own); nobody edits."""

    def user_has_permission(self, user, action):
        return super().user_has_permission(user, action) or (
            action == "view" and is_expert(user)
        )

    def visible(self, user, queryset):
        """Staff and the commission read every proposal, an expert those assigned."""
        return visible_to(user, queryset)


def runs_the_review(user):
    return ProjectProposal.workflow.role_of(user) in (
        ProposalRole.STAFF,
        ProposalRole.COMMISSION,
    )


def visible_or_404(user, pk):
    proposal = (
        visible_to(user, ProjectProposal.objects.select_related("project", "campaign"))
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal


class ProposalInspectView(ApplicationInspectView):
    template_name = "proposals/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal = self.object
        user = self.request.user
        for step in context["history"]:
            step["role_label"] = ROLE_LABELS.get(
                step["change"].actor_role, step["role_label"]
            )
        assignments = list(
            proposal.assignments.select_related("expert", "review").order_by("pk")
        )
        context.update(
            {
                "answers": proposal.answers.select_related(
                    "commitment", "commitment__dimension"
                ),
                "attachments": proposal.attachments.all(),
                "assignments": assignments,
                "chart": render_svg(proposal),
                "can_assign": runs_the_review(user),
                "candidate_experts": get_user_model()
                .objects.filter(
                    Q(groups__permissions__codename="assess_projectproposal")
                    | Q(user_permissions__codename="assess_projectproposal"),
                    is_active=True,
                )
                .exclude(pk__in=[a.expert_id for a in assignments])
                .distinct()
                .order_by("username")
                if runs_the_review(user)
                else [],
                "my_assignment": next(
                    (a for a in assignments if a.expert_id == user.pk), None
                ),
            }
        )
        return context


@require_POST
def assign_expert(request, pk):
    if not runs_the_review(request.user):
        raise PermissionDenied
    proposal = visible_or_404(request.user, pk)
    expert = get_user_model().objects.filter(pk=request.POST.get("expert")).first()
    if expert is None or not expert.has_perm(ASSESS_PERMISSION):
        messages.error(request, _("Choose an expert."))
    else:
        with transaction.atomic():
            _assignment, created = ExpertAssignment.objects.get_or_create(
                proposal=proposal, expert=expert
            )
            if created:
                notifications.queue(proposal, "expert_assigned", to=expert)
        messages.success(request, _("Expert assigned."))
    return redirect(f"{VIEWSET_NAME}:inspect", proposal.pk)


class ExpertReviewForm(forms.Form):
    site_visit_on = forms.DateField(
        label=_("Site visit date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=[("", "—"), *Recommendation.choices]
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=4000, widget=forms.Textarea
    )

    def __init__(self, *args, commitments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.commitments = list(commitments)
        for commitment in self.commitments:
            self.fields[f"score_{commitment.number}"] = forms.TypedChoiceField(
                label=_("Score, commitment %(number)s") % {"number": commitment.number},
                choices=[("", "—")] + [(str(v), label) for v, label in SCORES],
                coerce=int,
            )
            self.fields[f"comment_{commitment.number}"] = forms.CharField(
                label=_("Comment, commitment %(number)s")
                % {"number": commitment.number},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )


def score_proposal(request, pk):
    """The assigned expert's scoring form: a score and a comment per commitment."""
    proposal = visible_or_404(request.user, pk)
    assignment = proposal.assignments.filter(expert=request.user).first()
    if assignment is None:
        raise Http404
    commitments = commitments_of(proposal.campaign)
    review = getattr(assignment, "review", None)
    initial = {}
    if review:
        initial = {
            "site_visit_on": review.site_visit_on,
            "recommendation": review.recommendation,
            "summary": review.summary,
        }
        for score in review.scores.select_related("commitment"):
            initial[f"score_{score.commitment.number}"] = score.score
            initial[f"comment_{score.commitment.number}"] = score.comment
    form = ExpertReviewForm(
        request.POST or None, initial=initial, commitments=commitments
    )
    locked = not scoring.can_change_review(proposal)
    if locked:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            scoring.save_expert_review(assignment, form.cleaned_data, commitments)
        except ValidationError as error:
            form.add_error(None, error)
            locked = True
        else:
            messages.success(request, _("Your review has been saved."))
            return redirect(f"{VIEWSET_NAME}:inspect", proposal.pk)
    # Each commitment's score beside its text and what the applicant answered.
    answers = {answer.commitment_id: answer for answer in proposal.answers.all()}
    items = [
        {
            "commitment": commitment.localized,
            "answer": answers.get(commitment.pk),
            "score": form[f"score_{commitment.number}"],
            "comment": form[f"comment_{commitment.number}"],
        }
        for commitment in commitments
    ]
    general = [form[name] for name in ("site_visit_on", "recommendation", "summary")]
    return TemplateResponse(
        request,
        "proposals/admin/score.html",
        {
            "proposal": proposal,
            "form": form,
            "general": general,
            "items": items,
            "commitments": commitments,
            "locked": locked,
        },
    )


class ProjectProposalViewSet(ApplicationViewSet):
    model = ProjectProposal
    menu_label = _("Project proposals")
    menu_order = 260
    list_related = ("project", "project__region", "campaign")
    inspect_view_class = ProposalInspectView
    list_display = [
        "reference",
        "project_name",
        status_column(),
        Column("stage", label=_("stage"), sort_key="stage"),
        "campaign",
        submitted_column("submitted_at"),
        unsent_column(),
    ]
    list_filter = ["status", "campaign", "stage", "region", "submitted_at"]
    search_fields = ["reference", "project_name", "commune", "contact_name"]
    list_export = [
        "reference",
        "status",
        "campaign",
        "stage",
        "project_name",
        "submitted_at",
        "contact_name",
        "contact_email",
        "language",
    ]
    export_filename = "project-proposals"
    inspect_view_fields = [
        "reference",
        "project",
        *ProjectProposal.PROJECT_FIELDS,
        "campaign",
        "stage",
        "presentation_note",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "language",
        "consent_version",
        "consent_given_at",
        "submitted_at",
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("assign/<int:pk>/", assign_expert, name="assign"),
            path("score/<int:pk>/", score_proposal, name="score"),
        ]


class ProposalsWaitingPanel(WaitingPanel):
    """Dashboard panel: the proposals in review."""

    name = "proposals_waiting_for_review"
    order = 91
    template_name = "proposals/admin/waiting_panel.html"
    model = ProjectProposal
    waiting_states = WAITING_FOR_REVIEW
    oldest_first = "submitted_at"
    list_name = "proposals"
    related = ("project",)

    def get_context_data(self, parent_context):
        return {
            **super().get_context_data(parent_context),
            "index_url": reverse(f"{VIEWSET_NAME}:index"),
        }
