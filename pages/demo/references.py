"""Resolve the `@kind:key` references of the demo data to French instances."""

import re

from wagtail.models import Page

from pages.models import Organisation, Region

REFERENCE = re.compile(r"^@(image|document|region|organisation|page):(.+)$")


class MissingReference(LookupError):
    """The referenced item does not exist yet (e.g. a page created later)."""


class References:
    def __init__(self, french):
        self.french = french
        self.images = {}
        self.documents = {}
        self.site = None
        self.home = None

    def resolve(self, value):
        """Return `value` with every reference string replaced by its instance."""
        if isinstance(value, str):
            match = REFERENCE.match(value)
            return self.lookup(*match.groups()) if match else value
        if isinstance(value, dict):
            return {key: self.resolve(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
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
