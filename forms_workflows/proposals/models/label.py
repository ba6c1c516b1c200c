"""A stage of the label awarded to a project: the public record."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_workflows.proposals.models.campaign import STAGES, Campaign
from forms_workflows.proposals.models.project import Project
from forms_workflows.proposals.models.proposal import ProjectProposal


class LabelAward(models.Model):
    """A stage of the label awarded to a project; the public record."""

    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("project"),
    )
    # Indexed: partners filter and sort the labelled projects by these (issue 28).
    stage = models.PositiveSmallIntegerField(_("stage"), choices=STAGES, db_index=True)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("campaign"),
    )
    proposal = models.OneToOneField(
        ProjectProposal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award",
    )
    awarded_on = models.DateField(
        _("awarded on"), default=timezone.localdate, db_index=True
    )
    # Partners keep a copy in step with `updatedSince`.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("label award")
        verbose_name_plural = _("label awards")
        ordering = ["-awarded_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "stage"], name="one_award_per_stage"
            )
        ]

    def __str__(self):
        return f"{self.project.name}: {self.get_stage_display()} ({self.campaign})"
