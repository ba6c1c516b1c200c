"""The experts' assessment of a proposal: assignments, reviews and scores."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_workflows.proposals.models.campaign import SCORES


class ExpertAssignment(models.Model):
    proposal = models.ForeignKey(
        "proposals.ProjectProposal",
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expert"),
        on_delete=models.CASCADE,
        related_name="proposal_assignments",
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "expert"], name="one_assignment_per_expert"
            )
        ]

    def __str__(self):
        return f"{self.expert} → {self.proposal_id}"


class Recommendation(models.TextChoices):
    AWARD = "award", _("award the stage")
    DEFER = "defer", _("defer")
    REJECT = "reject", _("reject")


class ExpertReview(models.Model):
    """One expert's assessment of one proposal."""

    assignment = models.OneToOneField(
        ExpertAssignment, on_delete=models.CASCADE, related_name="review"
    )
    site_visit_on = models.DateField(_("site visit date"), null=True, blank=True)
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices, blank=True
    )
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("expert review")
        verbose_name_plural = _("expert reviews")

    def __str__(self):
        return str(self.assignment)


class ExpertScore(models.Model):
    review = models.ForeignKey(
        ExpertReview, on_delete=models.CASCADE, related_name="scores"
    )
    commitment = models.ForeignKey(
        "pages.Commitment", on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), choices=SCORES, validators=[MinValueValidator(0)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("expert score")
        verbose_name_plural = _("expert scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "commitment"], name="one_score_per_commitment"
            )
        ]

    def __str__(self):
        return f"{self.commitment_id}: {self.score}"
