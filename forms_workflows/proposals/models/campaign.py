"""The label's yearly calls, its stages and its scale of scores."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STAGES = [
    (1, _("stage 1: in project")),
    (2, _("stage 2: under construction")),
    (3, _("stage 3: delivered")),
    (4, _("stage 4: confirmed")),
]
SCORES = [(0, "0"), (1, "1"), (2, "2"), (3, "3")]


class DecidingBody(models.TextChoices):
    REGIONAL = "regional", _("regional commission")
    NATIONAL = "national", _("national commission")


class Campaign(models.Model):
    """One annual call in which projects apply for a stage of the label."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    referentiel = models.ForeignKey(
        "pages.Referentiel",
        verbose_name=_("référentiel version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opens_on = models.DateField(_("opening date"))
    closes_on = models.DateField(_("closing date"))
    pre_application_deadline = models.DateField(
        _("pre-application deadline"), null=True, blank=True
    )
    complete_file_deadline = models.DateField(
        _("complete file deadline"), null=True, blank=True
    )
    review_starts_on = models.DateField(_("review period start"), null=True, blank=True)
    review_ends_on = models.DateField(_("review period end"), null=True, blank=True)
    commission_date = models.DateField(_("commission date"), null=True, blank=True)
    deciding_body = models.CharField(
        _("deciding body"),
        max_length=20,
        choices=DecidingBody.choices,
        default=DecidingBody.REGIONAL,
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)

    def is_open(self, day=None):
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on
