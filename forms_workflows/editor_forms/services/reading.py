"""A form's definition in its language: what every path reads (see definition.py)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext

from forms_workflows.editor_forms.definition import (
    FIRST_STEP,
    Definition,
    StepSpec,
    read_blocks,
)
from forms_workflows.editor_forms.places import places_left
from forms_workflows.editor_forms.states import Behaviour

# Bumped when what a consent block means changes in the code (none yet).
CONSENT_VERSION = "forms-2026-12"


def privacy_text(page):
    """The editor's notice, then the retention period the site enforces."""
    period = ngettext(
        "The personal data of your answers are erased %(days)s day after their last change.",
        "The personal data of your answers are erased %(days)s days after their last change.",
        page.retention_days,
    ) % {"days": page.retention_days}
    return f"{page.privacy_notice.strip()}\n\n{period}"


def definition_of(page, now=None):
    """The form's `Definition`: steps, fields, behaviour, places, dates.

    Its texts are in the page's language, whoever asks.
    """
    with translation.override(page.locale.language_code):
        return _definition(page)


def _definition(page):
    steps, fields = read_blocks(page.form_fields)
    if steps and steps[0].key == FIRST_STEP and not steps[0].label:
        steps = (StepSpec(FIRST_STEP, page.title), *steps[1:])
    registration = page.behaviour == Behaviour.REGISTRATION
    return Definition(
        page_id=page.pk,
        form_key=str(page.translation_key),
        slug=page.slug,
        title=page.title,
        locale=page.locale.language_code,
        behaviour=page.behaviour,
        steps=steps,
        fields=fields,
        privacy_notice=privacy_text(page),
        retention_days=page.retention_days,
        opens_at=page.opens_at,
        closes_at=page.effective_closes_at(),
        anonymous=page.behaviour == Behaviour.SURVEY and page.anonymous,
        invitation_only=page.behaviour == Behaviour.SURVEY and page.invitation_only,
        places=page.places if registration else None,
        places_left=places_left(page) if registration else None,
        waiting_list=registration and page.waiting_list,
        event=page.event() if registration else None,
        consent_version=CONSENT_VERSION,
        extra={
            "form_token_min_seconds": getattr(
                settings, "FORMS_WORKFLOWS_FORM_MIN_SECONDS", 3
            )
        },
    )
