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
    stage = models.PositiveSmallIntegerField(_("stage"), choices=STAGES)
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
    awarded_on = models.DateField(_("awarded on"), default=timezone.localdate)

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
