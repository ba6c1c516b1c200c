"""Adjust the props Wagtail Localize's translation editor (a React component) reads.

Used by our override of `wagtail_localize/admin/edit_translation.html`.
"""

import datetime
import json
import re

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.formats import date_format

from pages.translation_moderation import (
    URL_NAME,
    can_submit,
    publish_goes_through_moderation,
)

register = template.Library()

MONTHS = (
    "January February March April May June July August September October "
    "November December"
).split()
# Wagtail Localize writes its dates with strftime("%-d %B %Y"): the C locale's
# English month names, whatever the admin's language ("Traduit … 28 November").
STRFTIME_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")


def in_active_language(text):
    """Rewrite the English dates Wagtail Localize wrote into the active language."""
    if not text:
        return text

    def localised(match):
        day, month, year = match.groups()
        when = datetime.date(int(year), MONTHS.index(month) + 1, int(day))
        return date_format(when, "j F Y")

    return STRFTIME_DATE.sub(localised, text)


@register.filter
def translation_editor_props(props, instance):
    """Hide "Publish" and "Convert to alias page" where the network's workflow publishes.

    The alias would replace the translation with a copy of the French page; with
    "Publish" gone it became the footer's main button. Dates in the user's language.
    """
    data = json.loads(props)
    if publish_goes_through_moderation(instance):
        data["perms"]["canPublish"] = False
        data["links"]["convertToAliasUrl"] = None
    data["object"]["lastPublishedDate"] = in_active_language(
        data["object"].get("lastPublishedDate")
    )
    for string_translation in data.get("initialStringTranslations", []):
        string_translation["comment"] = in_active_language(
            string_translation.get("comment")
        )
    return json.dumps(data, cls=DjangoJSONEncoder)


@register.simple_tag
def translation_submission_url(instance, user):
    """Where this user submits the translation for moderation, or "" if they cannot."""
    if publish_goes_through_moderation(instance) and can_submit(instance, user):
        return reverse(URL_NAME, args=[instance.pk])
    return ""
