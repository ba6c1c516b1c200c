"""The neighbourhood project: lasts across campaigns; public once labelled."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LeadingBodyKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    INTERCOMMUNALITY = "intercommunality", _("intercommunality")
    PUBLIC_DEVELOPMENT_BODY = "public_development_body", _("public development body")
    DEVELOPMENT_COMPANY = "development_company", _("development company")
    ASSOCIATION = "association", _("association")
    COLLECTIVE = "collective", _("collective")
    CITIZENS = "citizens", _("citizens")


class ProjectContext(models.TextChoices):
    URBAN = "urban", _("urban")
    SUBURBAN = "suburban", _("suburban")
    RURAL = "rural", _("rural")


class ProjectDescription(models.Model):
    """Where a project is and what it is: kept on the project, and on each
    proposal as that proposal describes it."""

    commune = models.CharField(_("commune"), max_length=255, blank=True)
    region = models.ForeignKey(
        "pages.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    context = models.CharField(
        _("context"), max_length=20, choices=ProjectContext.choices, blank=True
    )
    area_hectares = models.DecimalField(
        _("area (hectares)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    homes = models.PositiveIntegerField(_("number of homes"), null=True, blank=True)
    leading_body = models.CharField(_("leading body"), max_length=255, blank=True)
    leading_body_kind = models.CharField(
        _("kind of leading body"),
        max_length=30,
        choices=LeadingBodyKind.choices,
        blank=True,
    )

    class Meta:
        abstract = True


class Project(ProjectDescription):
    """A neighbourhood project; it lasts across campaigns and stages."""

    # Indexed: partners filter and sort the labelled projects by name (issue 28).
    name = models.CharField(_("name"), max_length=255, db_index=True)
    public_summary = models.TextField(
        _("public summary"),
        max_length=1000,
        blank=True,
        help_text=_("Shown on the list of labelled projects."),
    )
    public_summary_en = models.TextField(
        _("public summary, in English"),
        max_length=1000,
        blank=True,
        help_text=_("For English readers; the French summary when empty."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # A labelled project's public fields change here: `updatedSince` reads it.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.commune})"

    def public_summary_in(self, language_code):
        """The public summary for readers of a language, French when not translated."""
        if language_code == "en" and self.public_summary_en:
            return self.public_summary_en
        return self.public_summary

    def highest_stage(self, before=None):
        """The highest stage awarded, optionally in campaigns before `before`."""
        awards = self.awards.all()
        if before is not None:
            awards = awards.filter(campaign__year__lt=before.year)
        return awards.aggregate(top=models.Max("stage"))["top"] or 0
