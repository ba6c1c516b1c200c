"""Take in a charter adhesion: the path shared by the hosted page and the API."""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms_workflows import guards, workflow
from forms_workflows.forms import CONSENT_VERSION, CharterAdhesionForm, FieldError
from forms_workflows.forms import error_list as form_error_list
from forms_workflows.models import CharterAdhesion

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


def existing(idempotency_key):
    if not idempotency_key:
        return None
    return CharterAdhesion.objects.filter(idempotency_key=idempotency_key).first()


def submit_adhesion(data, *, charter_page, ip, idempotency_key=None):
    """Validate `data` and write the application with its first log entry.

    A known idempotency key returns the application it made, untouched.
    """
    idempotency_key = (idempotency_key or "").strip()[:100] or None
    previous = existing(idempotency_key)
    if previous:
        return Submission(adhesion=previous)
    try:
        guards.check_rate_limit(RATE_SCOPE, ip)
    except ValidationError as error:
        return Submission(errors=form_error_list(error))
    form = CharterAdhesionForm(data)
    if not form.is_valid():
        return Submission(errors=form_error_list(form.errors.as_data()), form=form)

    fields = form.adhesion_fields()
    for _attempt in range(5):
        adhesion = CharterAdhesion(
            **fields,
            reference=CharterAdhesion.next_reference(),
            charter_page=charter_page,
            site=charter_page.get_site(),
            consent_version=CONSENT_VERSION,
            consent_given_at=timezone.now(),
            idempotency_key=idempotency_key,
        )
        try:
            with transaction.atomic():
                workflow.start(adhesion)
        except IntegrityError:
            previous = existing(idempotency_key)
            if previous:  # the same request, retried while the first was running
                return Submission(adhesion=previous)
            continue  # another application took the reference: take the next one
        guards.count_submission(RATE_SCOPE, ip)
        logger.info("charter adhesion %s received", adhesion.reference)
        return Submission(adhesion=adhesion, created=True, form=form)
    raise RuntimeError("could not allocate a reference")
