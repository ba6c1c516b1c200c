"""Take in a charter adhesion: the path shared by the hosted page and the API."""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_workflows import guards, idempotency, workflow
from forms_workflows.adhesions.forms import (
    CONSENT_VERSION,
    ERROR_CODES,
    CharterAdhesionForm,
)
from forms_workflows.adhesions.models.adhesion import CharterAdhesion
from forms_workflows.forms import FieldError
from forms_workflows.forms import error_list as form_error_list

logger = logging.getLogger(__name__)

RATE_SCOPE = "charter_adhesion"
NO_CHARTER_MESSAGE = _("This network has no charter.")


@dataclass
class Submission:
    adhesion: CharterAdhesion | None = None
    errors: list[FieldError] = field(default_factory=list)
    created: bool = False
    form: CharterAdhesionForm | None = None

    @property
    def rate_limited(self):
        return any(e.code == guards.GuardCode.RATE_LIMITED for e in self.errors)


def submit_adhesion(data, *, charter_page, ip="", idempotency_key=None, caller=None):
    """Validate `data` and write the application with its first log entry.

    A known idempotency key of the same caller returns the application it
    made, untouched; the same key with another body is refused.
    """
    site = charter_page.get_site()
    if caller is None:
        caller = guards.Caller(site_id=getattr(site, "pk", None), client=f"ip:{ip}")
    key = idempotency.clean_key(idempotency_key)
    scoped_key = caller.scope(key) if key else None
    request_fingerprint = idempotency.fingerprint(data, charter=charter_page.pk)
    try:
        previous = idempotency.replay(
            CharterAdhesion.objects.all(), scoped_key, request_fingerprint
        )
        if previous:
            return Submission(adhesion=previous)
        give_back_slot = caller.take_slot(RATE_SCOPE)
    except ValidationError as error:
        return Submission(errors=form_error_list(error, known=ERROR_CODES))
    form = CharterAdhesionForm(data)
    if not form.is_valid():
        give_back_slot()
        return Submission(
            errors=form_error_list(form.errors.as_data(), known=ERROR_CODES), form=form
        )
    try:
        give_back_token = guards.spend_form_token(
            form.cleaned_data.get("form_token"), request_key=scoped_key
        )
    except ValidationError as error:
        give_back_slot()
        return Submission(errors=form_error_list(error, known=ERROR_CODES), form=form)

    fields = form.adhesion_fields()
    for _attempt in range(5):
        adhesion = CharterAdhesion(
            **fields,
            charter_page=charter_page,
            site=site,
            consent_version=CONSENT_VERSION,
            consent_given_at=timezone.now(),
            idempotency_key=scoped_key,
            idempotency_fingerprint=request_fingerprint if scoped_key else "",
        )
        try:
            with transaction.atomic():
                # taken in the transaction that saves it: the number is locked
                # until the application is committed (models/reference.py)
                adhesion.reference = CharterAdhesion.next_reference()
                workflow.start(adhesion)
        except IntegrityError:
            try:
                previous = idempotency.replay(
                    CharterAdhesion.objects.all(), scoped_key, request_fingerprint
                )
            except ValidationError as error:
                give_back_slot()
                give_back_token()
                return Submission(
                    errors=form_error_list(error, known=ERROR_CODES), form=form
                )
            if previous:  # the same request, retried while the first was running
                give_back_slot()
                give_back_token()
                return Submission(adhesion=previous)
            continue  # a reference made outside the counter (an import): the next one
        logger.info("charter adhesion %s received", adhesion.reference)
        return Submission(adhesion=adhesion, created=True, form=form)
    give_back_slot()
    give_back_token()
    raise RuntimeError("could not allocate a reference")
