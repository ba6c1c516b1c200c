"""Resolve the `@kind:key` references of the demo data to French instances.

`@days-from-today:N HH:MM` is a date and time N days after the day `load_demo`
runs (Paris time), so that the demo always has upcoming events.
"""

import datetime
import re

from django.utils import timezone
from wagtail.models import Page

from pages.models import Organisation, Region

REFERENCE = re.compile(r"^@(image|document|region|organisation|page):(.+)$")
RELATIVE_DATE = re.compile(r"^@days-from-today:(-?\d+) (\d\d):(\d\d)$")


def days_from_today(days, hour, minute):
    day = timezone.localdate() + datetime.timedelta(days=int(days))
    moment = datetime.datetime.combine(day, datetime.time(int(hour), int(minute)))
    return timezone.make_aware(moment)


class MissingReference(LookupError):
    """The referenced item does not exist yet (e.g. a page created later)."""


class References:
    def __init__(self, french):
        self.french = french
        self.images = {}
        self.documents = {}
        self.site = None
        self.home = None

    def resolve(self, value, lang="fr"):
        """Return `value` with every reference string replaced by its instance.

        In English, a page reference is the English page once it exists.
        """
        if isinstance(value, str):
            if relative := RELATIVE_DATE.match(value):
                return days_from_today(*relative.groups())
            match = REFERENCE.match(value)
            if not match:
                return value
            instance = self.lookup(*match.groups())
            if lang != "fr" and isinstance(instance, Page):
                translated = instance.get_translations().filter(
                    locale__language_code=lang
                )
                instance = translated.specific().first() or instance
            return instance
        if isinstance(value, dict):
            return {key: self.resolve(item, lang) for key, item in value.items()}
        if isinstance(value, list):
            return [self.resolve(item, lang) for item in value]
        return value

    def lookup(self, kind, key):
        if kind == "image":
            return self.images[key]
        if kind == "document":
            return self.documents[key]
        if kind == "region":
            found = Region.objects.filter(code=key, locale=self.french)
        elif kind == "organisation":
            found = Organisation.objects.filter(
                site=self.site, name=key, locale=self.french
            )
        elif self.home is None:
            raise MissingReference(f"@{kind}:{key}")
        else:
            found = Page.objects.descendant_of(self.home, inclusive=True).filter(
                slug=key, locale=self.french
            )
        instance = found.first()
        if instance is None:
            raise MissingReference(f"@{kind}:{key}")
        return instance.specific if kind == "page" else instance
