"""Take in a submission to an editor-built form: the path of the hosted pages and the API.

Guards first (idempotency, rate limit, honeypot, timing token), then the
answers against the form's definition, then, in one transaction, the
submission is written in its first state and placed according to the form's
behaviour through the workflow: a registration confirmed or waitlisted under
the form's lock, a sign-up waiting for its confirmation, a survey received.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forms_workflows import guards, idempotency, workflow
from forms_workflows.editor_forms.models.submission import (
    FormSubmission,
    Invitation,
    SubmissionFile,
)
from forms_workflows.editor_forms.places import lock_form, places_left
from forms_workflows.editor_forms.services.reading import CONSENT_VERSION, definition_of
from forms_workflows.editor_forms.states import Behaviour, PublicStatus
from forms_workflows.editor_forms.states import SubmissionStatus as S
from forms_workflows.editor_forms.validation import ERROR_CODES, validate_answers
from forms_workflows.forms import FieldError, error_list
from forms_workflows.machine import SYSTEM

logger = logging.getLogger(__name__)

RATE_SCOPE = "editor_form"
# A short-text field with one of these names gives the person's name.
NAME_FIELDS = ("name", "full_name")


@dataclass
class Result:
    """What `submit`, `cancel`, `confirm_signup` and `unsubscribe` answer."""

    submission: FormSubmission | None = None
    errors: list[FieldError] = field(default_factory=list)
    created: bool = False

    @property
    def status(self):
        """CONFIRMED, WAITLISTED, PENDING_CONFIRMATION, RECEIVED, ... or None."""
        if self.submission is None:
            return None
        return PublicStatus.BY_STATE.get(self.submission.status)

    @property
    def status_token(self):
        return self.submission.status_token if self.submission else None

    @property
    def rate_limited(self):
        return any(e.code == guards.GuardCode.RATE_LIMITED for e in self.errors)


def refused(code, message, name=None):
    return Result(errors=[FieldError(name, code, str(message))])


CLOSED_MESSAGES = {
    "FORM_NOT_YET_OPEN": lambda: _("This form is not open yet."),
    "FORM_CLOSED": lambda: _("This form is closed."),
    "EVENT_STARTED": lambda: _("Registrations closed when the event started."),
    "EVENT_FULL": lambda: _("There are no places left."),
}


def _anonymous_replay_key(scoped_key):
    return f"editor_forms:idempotency:{scoped_key}"


def _replay(page, anonymous, scoped_key, request_fingerprint):
    """The submission this caller's request already made, or None; raise if another body.

    An anonymous survey keeps no key in its row (a keyed hash of the client's
    address would be one): the cache holds it as long as a form token lives.
    """
    if not scoped_key:
        return None
    if not anonymous:
        return idempotency.replay(
            FormSubmission.objects.all(), scoped_key, request_fingerprint
        )
    kept = cache.get(_anonymous_replay_key(scoped_key))
    if kept is None:
        return None
    if kept["fingerprint"] != request_fingerprint:
        raise idempotency.key_reused()
    return FormSubmission.objects.filter(pk=kept["pk"]).first()


def submit(
    page,
    answers,
    *,
    files=None,
    form_token=None,
    honeypot="",
    idempotency_key=None,
    invitation=None,
    ip="",
    caller=None,
    now=None,
):
    """Check and write one submission to `page`'s form; return a `Result`.

    `answers` maps field names to raw values (a list for a multiple choice),
    `files` file field names to uploads, `invitation` the token of a personal
    link. A retried request (same caller, same idempotency key and answers)
    gets back what the first one made.
    """
    now = now or timezone.now()
    definition = definition_of(page, now)
    site = page.get_site()
    if caller is None:
        caller = guards.Caller(site_id=getattr(site, "pk", None), client=f"ip:{ip}")
    key = idempotency.clean_key(idempotency_key)
    scoped_key = caller.scope(key) if key else None
    request_fingerprint = idempotency.fingerprint(
        answers,
        uploads={name: [f] for name, f in (files or {}).items()},
        form=page.pk,
        invitation=invitation,
    )
    try:
        previous = _replay(page, definition.anonymous, scoped_key, request_fingerprint)
        if previous:
            return Result(submission=previous)
    except ValidationError as error:
        return Result(errors=error_list(error, known=ERROR_CODES))
    reason = page.closed_reason(now)
    if reason:
        return refused(reason, CLOSED_MESSAGES[reason]())
    try:
        give_back_slot = caller.take_slot(RATE_SCOPE)
    except ValidationError as error:
        return Result(errors=error_list(error, known=ERROR_CODES))
    try:
        guards.check_honeypot(honeypot)
        guards.check_form_token(form_token)
    except ValidationError as error:
        give_back_slot()
        return Result(errors=error_list(error, known=ERROR_CODES))
    cleaned, errors = validate_answers(definition, answers, files)
    if errors:
        give_back_slot()
        return Result(errors=errors)
    try:
        give_back_token = guards.spend_form_token(form_token, request_key=scoped_key)
    except ValidationError as error:
        give_back_slot()
        return Result(errors=error_list(error, known=ERROR_CODES))
    try:
        result = _write(
            page,
            definition,
            cleaned,
            files or {},
            invitation,
            site,
            scoped_key,
            request_fingerprint,
        )
    except IntegrityError:
        # The same request, retried while the first was running, made it.
        result = None
        try:
            previous = _replay(
                page, definition.anonymous, scoped_key, request_fingerprint
            )
        except ValidationError as error:
            previous, result = None, Result(errors=error_list(error, known=ERROR_CODES))
        if previous:
            result = Result(submission=previous)
        if result is None:
            raise
    if not result.created:
        give_back_slot()
        give_back_token()
    elif definition.anonymous and scoped_key:
        cache.set(
            _anonymous_replay_key(scoped_key),
            {"pk": result.submission.pk, "fingerprint": request_fingerprint},
            timeout=getattr(settings, "FORMS_WORKFLOWS_FORM_MAX_SECONDS", 24 * 3600),
        )
    return result


def _identity(definition, cleaned):
    if definition.anonymous:
        return "", ""
    contact = definition.contact_field
    email = cleaned.get(contact.name, "") if contact else ""
    name = next(
        (cleaned[n] for n in NAME_FIELDS if isinstance(cleaned.get(n), str)), ""
    )
    return email, name[:150]


def _already_registered(definition, email):
    return FormSubmission.objects.filter(
        form_key=definition.form_key,
        contact_email=email,
        status__in=(S.CONFIRMED, S.WAITLISTED),
    ).exists()


@transaction.atomic
def _write(
    page,
    definition,
    cleaned,
    files,
    invitation_token,
    site,
    scoped_key,
    request_fingerprint,
):
    """Write the submission and place it; a refusal rolls everything back."""
    behaviour = definition.behaviour
    if behaviour == Behaviour.REGISTRATION:
        lock_form(page.translation_key)
    invitation = None
    if definition.invitation_only:
        invitation = (
            Invitation.objects.select_for_update()
            .filter(form_key=page.translation_key, token=invitation_token or "")
            .first()
        )
        if invitation is None:
            return refused(
                "INVITATION_REQUIRED",
                _("This survey is answered through the personal link e-mailed to you."),
            )
        if invitation.answered:
            return refused(
                "INVITATION_USED", _("This personal link was already used to answer.")
            )
    email, name = _identity(definition, cleaned)
    if behaviour == Behaviour.REGISTRATION:
        if _already_registered(definition, email):
            return refused(
                "ALREADY_REGISTERED",
                _("This address is already registered."),
                definition.contact_field.name,
            )
        left = places_left(page)
        if left == 0 and not page.waiting_list:
            return refused("EVENT_FULL", CLOSED_MESSAGES["EVENT_FULL"]())
    kinds = {spec.name: spec.kind for spec in definition.fields if spec.name in cleaned}
    submission = FormSubmission(
        form=page,
        form_key=page.translation_key,
        site=site,
        behaviour=behaviour,
        contact_email=email,
        contact_name=name,
        language=definition.locale,
        answers={n: v for n, v in cleaned.items() if kinds[n] != "file"},
        answer_kinds=kinds,
        consent_version=CONSENT_VERSION,
        consent_given_at=timezone.now()
        if any(k == "consent" for k in kinds.values())
        else None,
        idempotency_key=None if definition.anonymous else scoped_key,
        idempotency_fingerprint=request_fingerprint
        if scoped_key and not definition.anonymous
        else "",
    )
    submission.reference = FormSubmission.next_reference()
    workflow.start(submission)
    for name, upload in files.items():
        if name in cleaned:
            stored = SubmissionFile(
                submission=submission,
                field_name=name,
                original_name=cleaned[name]["name"],
                content_type=cleaned[name]["content_type"],
                size=cleaned[name]["size"],
            )
            stored.file.save(upload.name, upload, save=True)
    if behaviour == Behaviour.REGISTRATION:
        left = places_left(page)
        action = "confirm_place" if left is None or left > 0 else "waitlist"
        workflow.transition(submission, action, user=SYSTEM)
    elif behaviour == Behaviour.SIGNUP:
        workflow.transition(submission, "ask_confirmation", user=SYSTEM)
    if invitation is not None:
        invitation.answered = True
        invitation.save(update_fields=["answered"])
    logger.info("form submission %s received", submission.reference)
    return Result(submission=submission, created=True)
