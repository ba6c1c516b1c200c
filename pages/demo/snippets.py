"""The snippet half of the demo loader: regions, référentiel, organisations, signatories."""

from pages.demo.bilingual import pick
from pages.demo.translation import translate
from pages.models import (
    Commitment,
    Dimension,
    Organisation,
    Referentiel,
    Region,
    Signatory,
)


class SnippetLoader:
    """Mixed into the loader, which provides `french`, `english`, `count` and `field_values`."""

    def ensure_snippet(self, model, lookup, data, key, skip=()):
        """Return the French `model` instance found by `lookup`, creating and translating it.

        `lookup` holds the natural key (e.g. site and name); `data` the other
        fields, with `{fr, en}` pairs. Both languages share `key`, so their
        StreamField blocks share their ids.
        """
        instance = model.objects.filter(locale=self.french, **lookup).first()
        if instance is None:
            values, _tags, missing = self.field_values(model, data, "fr", key, skip)
            if missing:
                raise LookupError(f"{key}: unknown reference in {', '.join(missing)}")
            instance = model(locale=self.french, **lookup, **values)
            instance.full_clean(exclude=["translation_key"])
            instance.save()
            self.count(True, f"{model._meta.model_name} {key}")
        if not instance.has_translation(self.english):
            values, _tags, _missing = self.field_values(model, data, "en", key, skip)
            translate(instance, model(**lookup, **values))
            self.count(True, f"  translation of {key}")
        return instance

    def load_regions(self, regions):
        for data in regions:
            fields = {name: value for name, value in data.items() if name != "code"}
            self.ensure_snippet(
                Region, {"code": data["code"]}, fields, key=f"region/{data['code']}"
            )

    def load_referentiels(self, referentiels):
        for data in referentiels:
            key = f"referentiel/{data['version']}"
            referentiel = self.ensure_snippet(
                Referentiel,
                {"version": data["version"]},
                data,
                key,
                skip=("version", "dimensions"),
            )
            for dimension_data in data.get("dimensions", []):
                self.load_dimension(referentiel, dimension_data, key)

    def load_dimension(self, referentiel, data, key):
        key = f"{key}/{data['number']}"
        dimension = self.ensure_snippet(
            Dimension,
            {"referentiel": referentiel, "number": data["number"]},
            data,
            key,
            skip=("number", "commitments"),
        )
        for commitment in data.get("commitments", []):
            self.ensure_snippet(
                Commitment,
                {"dimension": dimension, "number": commitment["number"]},
                commitment,
                f"{key}/{commitment['number']}",
                skip=("number",),
            )

    def load_organisations(self, site, organisations):
        for data in organisations:
            name = pick(data["name"], "fr")
            self.ensure_snippet(
                Organisation,
                {"site": site, "name": name},
                data,
                f"{site.hostname}/organisation/{name}",
                skip=("name",),
            )

    def load_signatories(self, site, signatories):
        for data in signatories:
            name = pick(data["name"], "fr")
            self.ensure_snippet(
                Signatory,
                {"site": site, "name": name},
                data,
                f"{site.hostname}/signatory/{name}",
                skip=("name",),
            )
