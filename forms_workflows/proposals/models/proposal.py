"""The project proposal, a kind of application, with its answers and files."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from forms_workflows.models.application import Application, status_field
from forms_workflows.proposals.files import private_storage
from forms_workflows.proposals.models.campaign import SCORES, STAGES, Campaign
from forms_workflows.proposals.models.experts import ExpertReview, ExpertScore
from forms_workflows.proposals.models.project import Project, ProjectDescription
from forms_workflows.proposals.states import INITIAL, ProposalStatus


class ProjectProposal(ProjectDescription, Application):
    """A project's file for one stage in one campaign."""

    REFERENCE_PREFIX = "PRJ"
    PERSONAL_FIELDS = (
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "presentation_note",
    )
    # The project as described (the public record once labelled) and the record.
    NOT_PERSONAL_FIELDS = (
        *Application.NOT_PERSONAL_FIELDS,
        "project_name",
        "commune",
        "context",
        "leading_body",
        "leading_body_kind",
        "language",
    )
    # {field of the proposal: field of the project it is copied to on award}
    PROJECT_FIELDS = {
        "project_name": "name",
        "commune": "commune",
        "region": "region",
        "context": "context",
        "area_hectares": "area_hectares",
        "homes": "homes",
        "leading_body": "leading_body",
        "leading_body_kind": "leading_body_kind",
    }

    status = status_field(ProposalStatus, INITIAL)
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stage = models.PositiveSmallIntegerField(_("stage applied for"), choices=STAGES)
    # The project as this proposal describes it. The shared `Project` row (the
    # public record once labelled) takes these values only when a stage is
    # awarded: a draft never renames a labelled project.
    project_name = models.CharField(
        _("name of the project"), max_length=255, default=""
    )
    presentation_note = models.TextField(_("presentation note"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), max_length=254, blank=True)
    consent_given_at = models.DateTimeField(_("consent given at"), null=True)
    language = models.CharField(_("applicant's language"), max_length=10, default="fr")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ExpertAssignment",
        related_name="assigned_proposals",
        blank=True,
    )

    class Meta:
        verbose_name = _("project proposal")
        verbose_name_plural = _("project proposals")
        ordering = ["-created_at"]
        permissions = [
            ("review_projectproposal", _("Can run the review of project proposals")),
            ("decide_projectproposal", _("Can decide on project proposals")),
            ("assess_projectproposal", _("Can assess assigned project proposals")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "campaign"], name="one_proposal_per_campaign"
            )
        ]

    def __str__(self):
        return f"{self.reference} {self.project_name}"

    def follow_up_path(self):
        """The applicant's secret page, in their language."""
        with translation.override(self.language):
            return reverse("proposals:follow_up", args=[self.status_token])

    def follow_up_url(self):
        root = self.site.root_url if self.site_id else None
        return (root or settings.WAGTAILADMIN_BASE_URL).rstrip("/") + (
            self.follow_up_path()
        )

    def copy_to_project(self):
        """Write this proposal's description of the project onto the shared row."""
        project = self.project
        for own, shared in self.PROJECT_FIELDS.items():
            setattr(project, shared, getattr(self, own))
        project.save(update_fields=list(self.PROJECT_FIELDS.values()))

    @property
    def is_editable(self):
        return self.status in ("draft", "changes_requested")

    @property
    def draft_retention_days(self):
        """Days an unsent draft is kept (`FORMS_WORKFLOWS_RETENTION_DAYS`), or None."""
        days_by_state = getattr(settings, "FORMS_WORKFLOWS_RETENTION_DAYS", {})
        return days_by_state.get(ProposalStatus.DRAFT)

    @property
    def draft_erased_from(self):
        """The day from which this draft, if still unsent, may be erased; or None.

        The retention command counts from the status's last change: for a
        draft, the moment it was started (later saves do not move it).
        """
        days = self.draft_retention_days
        if days is None or self.status != ProposalStatus.DRAFT:
            return None
        started = self.status_changed_at or self.created_at
        return timezone.localdate(started + timedelta(days=days))

    def erase_related_personal_data(self):
        """The answers' text, every file, the experts' free text; the public record stays.

        The reference, the states, the scores and, if the project is labelled,
        its public record stay; an unlabelled project loses its free text too.
        """
        self.answers.exclude(answer="").update(answer="")
        delete_attachments(self.attachments.all())
        ExpertReview.objects.filter(assignment__proposal=self).update(summary="")
        ExpertScore.objects.filter(review__assignment__proposal=self).update(comment="")
        project = self.project
        others = project.proposals.exclude(pk=self.pk).filter(anonymised_at=None)
        if not project.awards.exists() and not others.exists():
            project.leading_body = ""
            project.public_summary = project.public_summary_en = ""
            project.save(
                update_fields=["leading_body", "public_summary", "public_summary_en"]
            )


class ProposalAnswer(models.Model):
    """The applicant's answer to one commitment, with a self-assessment."""

    proposal = models.ForeignKey(
        ProjectProposal, on_delete=models.CASCADE, related_name="answers"
    )
    commitment = models.ForeignKey(
        "pages.Commitment",
        verbose_name=_("commitment"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer = models.TextField(_("answer"), blank=True)
    self_assessment = models.PositiveSmallIntegerField(
        _("self-assessment"),
        choices=SCORES,
        null=True,
        blank=True,
        validators=[MaxValueValidator(3)],
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["commitment__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "commitment"], name="one_answer_per_commitment"
            )
        ]

    def __str__(self):
        return f"{self.proposal_id}: {self.commitment_id}"


class AttachmentKind(models.TextChoices):
    PLAN = "plan", _("site plan")
    CHARTER = "charter", _("signed ÉcoQuartier charter")
    ILLUSTRATION = "illustration", _("illustration")


class ProposalAttachment(models.Model):
    """A file of the proposal; stored privately, served through a checked view."""

    proposal = models.ForeignKey(
        ProjectProposal, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="proposals/%Y/"
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["kind", "pk"]

    def __str__(self):
        return self.original_name


def delete_attachments(attachments):
    """Delete attachments: the rows now, their files once the deletion is committed.

    Deleting the files only after the commit keeps them if the transaction
    rolls back, so no row ever points to a missing file.
    """
    storage = ProposalAttachment.file.field.storage
    names = [name for name in attachments.values_list("file", flat=True) if name]
    attachments.delete()
    for name in names:
        transaction.on_commit(lambda name=name: storage.delete(name))
