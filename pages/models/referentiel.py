from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index

from .snippets import SearchableQuerySet, unique_per_locale_taken


class Referentiel(TranslatableMixin, index.Indexed, models.Model):
    """One version of the ÉcoQuartier référentiel; projects answer its commitments."""

    version = models.CharField(
        _("version"), max_length=20, help_text=_("For example: 2016.")
    )
    title = models.CharField(_("title"), max_length=255)
    description = RichTextField(_("description"), blank=True)
    is_current = models.BooleanField(
        _("current version"),
        default=False,
        help_text=_(
            "The version that new project proposals answer. Only one version "
            "is current: ticking this box unticks the previous one."
        ),
    )

    objects = SearchableQuerySet.as_manager()

    panels = [
        FieldPanel("version"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("is_current"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("version"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("référentiel")
        verbose_name_plural = _("référentiels")
        ordering = ["-version"]
        unique_together = [("translation_key", "locale"), ("version", "locale")]

    def __str__(self):
        return f"{self.title} ({self.version})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Proposals answer one version at a time: making this one current
        # retires the previous current version of the same language.
        if self.is_current:
            Referentiel.objects.filter(
                locale_id=self.locale_id, is_current=True
            ).exclude(pk=self.pk).update(is_current=False)

    def clean(self):
        super().clean()
        if self.version and unique_per_locale_taken(self, version=self.version):
            raise ValidationError(
                {
                    "version": ValidationError(
                        _("Version %(version)s of the référentiel already exists."),
                        code="duplicate_referentiel_version",
                        params={"version": self.version},
                    )
                }
            )


class Dimension(TranslatableMixin, index.Indexed, models.Model):
    """One of the dimensions that group a référentiel's commitments."""

    referentiel = models.ForeignKey(
        Referentiel,
        verbose_name=_("référentiel"),
        on_delete=models.CASCADE,
        related_name="dimensions",
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1)]
    )
    title = models.CharField(_("title"), max_length=255)
    description = RichTextField(_("description"), blank=True)

    objects = SearchableQuerySet.as_manager()

    panels = [
        FieldPanel("referentiel"),
        FieldPanel("number"),
        FieldPanel("title"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["referentiel", "number"]
        unique_together = [("translation_key", "locale"), ("referentiel", "number")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Commitment(TranslatableMixin, index.Indexed, models.Model):
    """One of the numbered commitments a project answers, within a dimension."""

    dimension = models.ForeignKey(
        Dimension,
        verbose_name=_("dimension"),
        on_delete=models.CASCADE,
        related_name="commitments",
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("From 1 to 20, unique within the référentiel."),
    )
    title = models.CharField(_("title"), max_length=255)
    description = RichTextField(_("description"), blank=True)

    objects = SearchableQuerySet.as_manager()

    panels = [
        FieldPanel("dimension"),
        FieldPanel("number"),
        FieldPanel("title"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["dimension__referentiel", "number"]
        unique_together = [("translation_key", "locale"), ("dimension", "number")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def clean(self):
        super().clean()
        # Numbers run 1–20 across the whole référentiel, not per dimension,
        # which a database constraint on this table alone cannot express.
        if self.dimension_id and self.number:
            taken = (
                Commitment.objects.filter(
                    dimension__referentiel_id=self.dimension.referentiel_id,
                    number=self.number,
                )
                .exclude(pk=self.pk)
                .exists()
            )
            if taken:
                raise ValidationError(
                    {
                        "number": ValidationError(
                            _("This référentiel already has a commitment %(number)s."),
                            code="duplicate_commitment_number",
                            params={"number": self.number},
                        )
                    }
                )
