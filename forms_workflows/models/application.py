"""What every kind of application is: the abstract `Application` model.

A kind (a charter adhesion, a project proposal) subclasses it, declares its
reference prefix and which of its fields are personal, and registers itself
with `forms_workflows.registry` from `AppConfig.ready()`. Only the fields whose
definition is the same in every kind stand here, so that no migration follows
from the move; `status`, `site`, `contact_name`, `contact_email`, `language`,
`consent_given_at` and `created_at` differ from kind to kind and stay on each.
"""

import secrets

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_workflows.models.reference import take_reference
from forms_workflows.models.status_log import erase_history_text


def new_status_token():
    return secrets.token_urlsafe(32)


def status_field(status, initial):
    """A kind's `status`: its choices and first state from the kind's states.py."""
    return models.CharField(
        _("status"),
        max_length=40,
        choices=status.choices,
        default=initial,
        db_index=True,
    )


class Application(models.Model):
    """An application moved through its kind's `Workflow` (`Model.workflow`)."""

    # The start of the kind's references, e.g. "ADH" for ADH-2026-0001.
    REFERENCE_PREFIX = ""
    # Every text field the applicant fills in is in one of these two lists
    # (tests/forms_workflows/test_application_model.py checks it): the personal
    # ones are blanked by `erase_personal_data()`, the others outlive it.
    PERSONAL_FIELDS: tuple[str, ...] = ()
    NOT_PERSONAL_FIELDS: tuple[str, ...] = ("reference", "status", "consent_version")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True)
    contact_role = models.CharField(_("contact's role"), max_length=150, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20)
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
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    status_changes = GenericRelation("forms_workflows.StatusChange")
    notifications = GenericRelation("forms_workflows.Notification")

    class Meta:
        abstract = True

    @classmethod
    def next_reference(cls, year=None):
        """Take the next reference of the year, e.g. ADH-2026-0001 (models/reference.py)."""
        year = year or timezone.localdate().year
        return take_reference(f"{cls.REFERENCE_PREFIX}-{year}-", cls)

    def erase_personal_data(self, change=None):
        """Blank every personal field, the history's text and the e-mail recipients.

        The workflow's `anonymise` action calls it (its effect names this
        method); a kind erases what it keeps elsewhere in
        `erase_related_personal_data()`.
        """
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
        self.erase_related_personal_data()
        erase_history_text(self)
        self.notifications.update(recipients=[])

    def erase_related_personal_data(self):
        """Erase what the kind keeps about a person outside this row."""

    def notification_headers(self, notification):
        """Extra headers of an e-mail about this application (none by default)."""
        return {}

    def notification_attachments(self, notification):
        """Files attached to an e-mail: [(name, content, MIME type)] (none by default)."""
        return []

    def public_history(self):
        """The steps an applicant may see, with the public comments only.

        Steps that only carry an internal note (an action that requires one)
        are staff's: they are left out.
        """
        internal = [a.name for a in type(self).workflow.actions if a.note_required]
        return list(
            self.status_changes.exclude(action__in=internal)
            .order_by("created_at", "pk")
            .values("to_status", "action", "created_at", "comment")
        )
