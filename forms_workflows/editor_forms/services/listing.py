"""Which forms a network has, which are open, and the registrations of an event.

Apart from `reading.py`: the form page serves itself through the services,
which must not import the page's model back (listing does, and nothing the
page imports imports listing).
"""

from django.utils import timezone

from forms_workflows.editor_forms.models import EditorFormPage
from forms_workflows.editor_forms.places import places_left
from forms_workflows.editor_forms.states import Behaviour
from pages import visibility


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
