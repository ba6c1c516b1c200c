import secrets

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_workflows.adhesions.states import INITIAL, AdhesionStatus
from forms_workflows.models.reference import take_reference
from forms_workflows.models.status_log import erase_history_text
from pages.models.snippets import OrganisationKind


def new_status_token():
    return secrets.token_urlsafe(32)


class CharterAdhesion(models.Model):
    """An organisation's application to sign a network's partners' charter."""

    PERSONAL_FIELDS = (
        "organisation_address",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_phone",
        "signatory_name",
        "signatory_title",
    )

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status = models.CharField(
        _("status"),
        max_length=40,
        choices=AdhesionStatus.choices,
        default=INITIAL,
        db_index=True,
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True)
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
    contact_role = models.CharField(_("contact's role"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), max_length=254)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    signatory_name = models.CharField(_("person who signs"), max_length=150)
    signatory_title = models.CharField(
        _("title of the person who signs"), max_length=150
    )
    collaboration_plan = models.JSONField(
        _("collaboration plan"),
        default=list,
        help_text=_("Categories of commitments, each with its actions."),
    )
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consent_given_at = models.DateTimeField(_("consent given at"))
    language = models.CharField(_("applicant's language"), max_length=10)
    status_token = models.CharField(
        max_length=64, unique=True, default=new_status_token, editable=False
    )
    idempotency_key = models.CharField(
        max_length=100, unique=True, null=True, blank=True, editable=False
    )
    # The hash of the request that made this one, to refuse a key's reuse.
    idempotency_fingerprint = models.CharField(
        max_length=64, blank=True, default="", editable=False
    )
    signatory = models.ForeignKey(
        "pages.Signatory",
        verbose_name=_("published signatory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    status_changes = GenericRelation("forms_workflows.StatusChange")
    notifications = GenericRelation("forms_workflows.Notification")

    class Meta:
        verbose_name = _("charter adhesion")
        verbose_name_plural = _("charter adhesions")
        ordering = ["-created_at"]
        permissions = [("review_charteradhesion", _("Can review charter adhesions"))]

    def __str__(self):
        return f"{self.reference} {self.organisation_name}"

    @classmethod
    def next_reference(cls, year=None):
        """Take the next reference of the year, e.g. ADH-2026-0001 (see `reference`)."""
        year = year or timezone.localdate().year
        return take_reference(f"ADH-{year}-", cls)

    def erase_personal_data(self):
        """Blank every personal field, the history's text and the e-mail recipients."""
        for name in self.PERSONAL_FIELDS:
            setattr(self, name, "")
        self.status_token = new_status_token()
        self.idempotency_key = None
        self.anonymised_at = timezone.now()
        self.save(
            update_fields=[
                *self.PERSONAL_FIELDS,
                "status_token",
                "idempotency_key",
                "anonymised_at",
                "updated_at",
            ]
        )
        erase_history_text(self)
        self.notifications.update(recipients=[])

    def public_history(self):
        """The steps an applicant may see, with the public comments only."""
        return list(
            self.status_changes.order_by("created_at", "pk").values(
                "to_status", "action", "created_at", "comment"
            )
        )
