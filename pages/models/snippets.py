from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin

from pages.blocks import PlanCategoryBlock


class SearchableQuerySet(SearchableQuerySetMixin, models.QuerySet):
    pass


def unique_per_locale_taken(instance, **values):
    """Say whether another row of the instance's locale already has these values.

    The admin form has no locale field, so Django's own unique-together check
    skips constraints that include it; without this the database would refuse
    the row with an error page instead of a message beside the field.
    """
    locale_id = instance.locale_id or Locale.get_default().pk
    return (
        type(instance)
        .objects.filter(locale_id=locale_id, **values)
        .exclude(pk=instance.pk)
        .exists()
    )


class Region(TranslatableMixin, index.Indexed, models.Model):
    """An administrative region and its regional office, shared by every network."""

    name = models.CharField(_("name"), max_length=255, db_index=True)
    code = models.CharField(
        _("code"),
        max_length=20,
        db_index=True,
        help_text=_("Official short code, e.g. ARA for Auvergne-Rhône-Alpes."),
    )
    contact_name = models.CharField(
        _("contact name"),
        max_length=255,
        blank=True,
        help_text=_("The regional office to contact, e.g. DREAL Occitanie."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_("A public address of the office, never a person's private one."),
    )
    contact_url = models.URLField(_("contact web page"), blank=True)

    # Partners keep a copy in step with `updatedSince` (issue 28).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = SearchableQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_url"),
            ],
            heading=_("regional contact"),
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("code"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("code", "locale")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.code and unique_per_locale_taken(self, code=self.code):
            raise ValidationError(
                {
                    "code": ValidationError(
                        _("Another region already uses the code %(code)s."),
                        code="duplicate_region_code",
                        params={"code": self.code},
                    )
                }
            )


class OrganisationKind(models.TextChoices):
    STATE_SERVICE = "state_service", _("state service")
    LOCAL_AUTHORITY = "local_authority", _("local authority")
    SOCIAL_LANDLORD = "social_landlord", _("social landlord")
    ASSOCIATION = "association", _("association")
    COMPANY = "company", _("company")
    NETWORK = "network", _("network")


class SiteOwnedMixin(models.Model):
    """A row that belongs to one network: only that network's editors see it."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The network whose site shows this entry."),
    )

    class Meta:
        abstract = True


class Organisation(TranslatableMixin, SiteOwnedMixin, index.Indexed, models.Model):
    """A partner or member of a network, shown on its organisation page."""

    # Indexed: partners filter and sort the API's lists by these (issue 28).
    name = models.CharField(_("name"), max_length=255, db_index=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, db_index=True
    )
    logo = models.ForeignKey(
        "pages.CustomImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("website"), blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty for a national organisation."),
    )

    # Partners keep a copy in step with `updatedSince` (issue 28).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = SearchableQuerySet.as_manager()

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("logo"),
        FieldPanel("url"),
        FieldPanel("region"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("site"),
        index.FilterField("kind"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        # A network's list in one language, by name then id (the API's default
        # order and its cursors' tie-break): read in order, no sort.
        indexes = [
            models.Index(
                fields=["site", "locale", "name", "id"],
                name="organisation_list_by_name",
            )
        ]
        ordering = ["name"]

    def __str__(self):
        return self.name


class Signatory(TranslatableMixin, SiteOwnedMixin, index.Indexed, models.Model):
    """An organisation that signed a network's charter, with its collaboration plan."""

    # Indexed: partners filter and sort the API's lists by these (issue 28).
    name = models.CharField(_("name"), max_length=255, db_index=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, db_index=True
    )
    logo = models.ForeignKey(
        "pages.CustomImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty for a national organisation."),
    )
    signed_on = models.DateField(
        _("signed on"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Date of the signature."),
    )
    collaboration_plan = StreamField(
        [("category", PlanCategoryBlock())],
        verbose_name=_("collaboration plan"),
        blank=True,
        help_text=_("Categories of commitments, each with its concrete actions."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Untick when the signature is revoked: the entry stops being public."
        ),
    )

    # Partners keep a copy in step with `updatedSince` (issue 28).
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = SearchableQuerySet.as_manager()

    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("region"),
        FieldPanel("signed_on"),
        FieldPanel("is_active"),
        FieldPanel("collaboration_plan"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("site"),
        index.FilterField("is_active"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["name"]
        # A network's list in one language, by name then id (the API's default
        # order and its cursors' tie-break): a filtered page stops at its 21st
        # match instead of sorting every signatory of the network.
        indexes = [
            models.Index(
                fields=["site", "locale", "name", "id"], name="signatory_list_by_name"
            )
        ]

    def __str__(self):
        return self.name
