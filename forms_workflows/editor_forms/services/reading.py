"""Which forms a network has open, and each one's definition in a language."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import ngettext

from forms_workflows.editor_forms.definition import (
    FIRST_STEP,
    Definition,
    StepSpec,
    read_blocks,
)
from forms_workflows.editor_forms.models import EditorFormPage
from forms_workflows.editor_forms.places import places_left
from forms_workflows.editor_forms.states import Behaviour
from pages import visibility

# Bumped when what a consent block means changes in the code (none yet).
CONSENT_VERSION = "forms-2026-12"


def network_forms(site, locale=None):
    """The public form pages of `site` (a wagtail Site), in `locale` if given.

    A network's pages stand under its root page in the default language; their
    translations stand under the translated home pages: found by key.
    """
    keys = EditorFormPage.objects.descendant_of(
        site.root_page, inclusive=False
    ).values_list("translation_key", flat=True)
    pages = EditorFormPage.objects.filter(translation_key__in=keys)
    if locale is not None:
        pages = pages.filter(locale=locale)
    return visibility.public(pages).order_by("path")


def open_forms(site, locale=None, now=None):
    """The network's forms that take answers now, in `locale`."""
    now = now or timezone.now()
    return [
        page for page in network_forms(site, locale) if page.closed_reason(now) is None
    ]


def registrations_for(event_page):
    """[(form page, places left or None)] of the public registrations for an event
    or a training, in the event page's language: what its page and the API show."""
    pages = visibility.public(
        EditorFormPage.objects.filter(
            behaviour=Behaviour.REGISTRATION,
            event_page__translation_key=event_page.translation_key,
            locale_id=event_page.locale_id,
        )
    ).order_by("path")
    return [(page, places_left(page)) for page in pages]


def find_form(site, slug, locale=None):
    """The public form page of `site` called `slug` (in `locale`), or None."""
    return network_forms(site, locale).filter(slug=slug).first()


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
