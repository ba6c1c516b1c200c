from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_workflows.adhesions.states import INITIAL, AdhesionStatus
from forms_workflows.models.application import Application, status_field
from pages.models.snippets import OrganisationKind


class CharterAdhesion(Application):
    """An organisation's application to sign a network's partners' charter."""

    REFERENCE_PREFIX = "ADH"
    PERSONAL_FIELDS = (
        "organisation_address",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "signatory_name",
        "signatory_title",
    )
    # Published with the signatory, or kept for the record.
    NOT_PERSONAL_FIELDS = (
        *Application.NOT_PERSONAL_FIELDS,
        "organisation_name",
        "organisation_kind",
        "website",
        "registration_number",
        "collaboration_plan",
        "language",
    )

    status = status_field(AdhesionStatus, INITIAL)
    charter_page = models.ForeignKey(
        "pages.CharterPage",
        verbose_name=_("charter"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("network"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation_name = models.CharField(_("organisation name"), max_length=255)
    organisation_kind = models.CharField(
        _("organisation kind"), max_length=30, choices=OrganisationKind.choices
    )
    organisation_address = models.TextField(_("postal address"), max_length=500)
    region = models.ForeignKey(
        "pages.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), max_length=200, blank=True)
    registration_number = models.CharField(
        _("registration number"), max_length=50, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"), max_length=254)
    signatory_name = models.CharField(_("person who signs"), max_length=150)
    signatory_title = models.CharField(
        _("title of the person who signs"), max_length=150
    )
    collaboration_plan = models.JSONField(
        _("collaboration plan"),
        default=list,
        help_text=_("Categories of commitments, each with its actions."),
    )
    consent_given_at = models.DateTimeField(_("consent given at"))
    language = models.CharField(_("applicant's language"), max_length=10)
    signatory = models.ForeignKey(
        "pages.Signatory",
        verbose_name=_("published signatory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        verbose_name = _("charter adhesion")
        verbose_name_plural = _("charter adhesions")
        ordering = ["-created_at"]
        permissions = [("review_charteradhesion", _("Can review charter adhesions"))]

    def __str__(self):
        return f"{self.reference} {self.organisation_name}"
