"""The proposal form's steps and the référentiel in the applicant's language.

Read by the hosted form and by the API's form definition, so it lives apart
from the hosted views (the API never imports a view module).
"""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from pages.models import Dimension


def translated(item):
    """The référentiel's item in the page's language when translated, else as it is.

    A campaign points at the French référentiel; its English translation has the
    same numbers, so an English applicant reads the English dimensions and
    commitments.
    """

    locale = Locale.objects.filter(language_code=translation.get_language()).first()
    if locale is None or item.locale_id == locale.pk:
        return item
    return item.get_translation_or_none(locale) or item


def steps_of(campaign):
    """[(key, label)] of the form's steps for `campaign`'s référentiel."""

    steps = [("project", _("The project")), ("note", _("Presentation note"))]
    for dimension in Dimension.objects.filter(
        referentiel_id=campaign.referentiel_id
    ).order_by("number"):
        steps.append((f"dimension-{dimension.number}", translated(dimension).title))
    steps += [("files", _("Plan and files")), ("send", _("Check and send"))]
    return steps
