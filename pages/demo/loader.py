"""Build the demo sites from the YAML files in `data/`: idempotent, French then English.

Every item (page or snippet) is looked up by a natural key; what exists is left
alone, what is missing is created in French and translated into English through
Wagtail Localize, as an editor would.
"""

import os
from pathlib import Path

import yaml
from django.apps import apps
from django.db import transaction
from taggit.managers import TaggableManager
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Site

from pages.collections import ensure_collection, network_collection_name, place_media
from pages.demo.bilingual import pick
from pages.demo.legal import LEGAL_PAGES
from pages.demo.media import ensure_document, ensure_image
from pages.demo.references import MissingReference, References
from pages.demo.snippets import SnippetLoader
from pages.demo.streams import stream_data
from pages.demo.translation import translate
from pages.models import NetworkSettings
from pages.permissions import create_site_groups

DATA_DIR = Path(__file__).parent / "data"


def read(name):
    """Return the content of `data/<name>`, or an empty dict if there is none."""
    path = DATA_DIR / name
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


class DemoContentLoader(SnippetLoader):
    """Create what is missing, never a second copy of what exists."""

    def __init__(self, stdout=None):
        self.stdout = stdout
        self.created = 0

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    @transaction.atomic
    def run(self):
        self.french = Locale.objects.get_or_create(language_code="fr")[0]
        self.english = Locale.objects.get_or_create(language_code="en")[0]
        self.references = References(self.french)
        root = Page.get_first_root_node()
        self.remove_wagtail_welcome_page(root)
        self.load_media(read("media.yaml"))
        self.load_regions(read("regions.yaml").get("regions", []))
        self.load_referentiels(read("referentiel.yaml").get("referentiels", []))
        for site_data in read("sites.yaml")["sites"]:
            self.load_site(root, site_data)
        # Each network's images and documents into its collection, as an
        # existing installation's are by the migration.
        place_media(apps)
        self.file_logos()
        return self.created

    def file_logos(self):
        """Put each network's logo in its collection: settings are not in the
        reference index that `place_media` reads, so it sees a logo as unused."""
        for network in NetworkSettings.objects.exclude(logo=None).select_related(
            "logo"
        ):
            collection = ensure_collection(apps, network_collection_name(network.key))
            type(network.logo).objects.filter(pk=network.logo_id).update(
                collection=collection
            )

    def load_media(self, data):
        for item in data.get("images", []):
            image, created = ensure_image(item)
            self.references.images[item["key"]] = image
            self.count(created, f"image {item['key']}")
        for item in data.get("documents", []):
            document, created = ensure_document(item)
            self.references.documents[item["key"]] = document
            self.count(created, f"document {item['key']}")

    def load_site(self, root, data):
        key = data["key"]
        self.deferred = []
        # Until the home page exists, its page references wait (see `deferred`).
        self.references.site = Site.objects.filter(hostname=data["hostname"]).first()
        self.references.home = None
        home = self.ensure_page(root, data["home"], key=key)
        site = self.ensure_site(data, home)
        self.references.site, self.references.home = site, home
        network = self.ensure_settings(site, key, data.get("settings", {}))
        content = read(f"{key}.yaml")
        self.load_organisations(site, content.get("organisations", []))
        self.load_signatories(site, content.get("signatories", []))
        for child in content.get("pages", []):
            self.ensure_page(home, child, key=key)
        self.complete_deferred_fields()
        self.load_legal_pages(home, network, data.get("settings", {}), key)
        self.ensure_groups(site, key)

    def count(self, created, label):
        if created:
            self.created += 1
            self.log(f"  + {label}")

    def remove_wagtail_welcome_page(self, root):
        """Delete the placeholder page Wagtail's first migration creates."""
        welcome = root.get_children().filter(
            content_type__app_label="wagtailcore",
            content_type__model="page",
            slug="home",
        )
        for page in welcome:
            Site.objects.filter(root_page=page).delete()
            page.delete()

    def ensure_site(self, data, home):
        # `make demo` serves on $PORT: the sites' links (e-mails, previews) say so.
        port = int(os.environ.get("DEMO_SITE_PORT") or data.get("port", 80))
        site = Site.objects.filter(hostname=data["hostname"]).first()
        if site is None:
            site = Site(hostname=data["hostname"])
            self.count(True, f"site {data['key']}")
        site.port = port
        site.root_page = home
        site.site_name = pick(data["name"], "fr")
        site.is_default_site = bool(data.get("default", False))
        site.save()
        return site

    def ensure_settings(self, site, key, data):
        values = {"key": key, **data}
        if "logo" in values:
            values["logo"] = self.references.resolve(values["logo"])
        network, created = NetworkSettings.objects.get_or_create(
            site=site, defaults=values
        )
        self.count(created, f"settings {key}")
        # English details added to the demo after a network was loaded.
        english = [
            name
            for name, value in data.items()
            if name.endswith("_en") and value and not getattr(network, name)
        ]
        if english:
            for name in english:
                setattr(network, name, data[name])
            network.save(update_fields=english)
        # No partner front end runs with `make demo`: the admin offers "Preview
        # on partner site" only once one is set, e.g. the example partner site
        # (examples/partner-site) for the club with DEMO_PARTNER_URL.
        front_end_url = os.environ.get("DEMO_PARTNER_URL", "") if key == "club" else ""
        if front_end_url or network.front_end_url.endswith(".localhost:3000/"):
            network.front_end_url = front_end_url
            network.save(update_fields=["front_end_url"])
        return network

    def load_legal_pages(self, home, network, details, key):
        """Give the network its legal pages, linked from the footer by its settings."""
        for field, build in LEGAL_PAGES.items():
            data = {**build(details), "show_in_menus": False}
            page = self.ensure_page(home, data, key=key)
            if getattr(network, f"{field}_id") is None:
                setattr(network, field, page)
                network.save(update_fields=[field])

    def ensure_groups(self, site, key):
        """Give the site its editors' and moderators' groups and moderation workflow."""
        create_site_groups(site, key)

    def field_values(self, model, fields, lang, key, skip=()):
        """Return `(values, tags, missing)` for `model` from `fields` in `lang`.

        `missing` names the fields that refer to something not created yet.
        """
        values, tags, missing = {}, {}, []
        for name, raw in fields.items():
            if name in skip:
                continue
            field = model._meta.get_field(name)
            try:
                value = self.references.resolve(pick(raw, lang), lang)
            except MissingReference:
                missing.append(name)
                continue
            if isinstance(field, StreamField):
                value = stream_data(field.stream_block, value, key, name)
            if isinstance(field, TaggableManager):
                tags[name] = value
            else:
                values[name] = value
        return values, tags, missing

    def build(self, model, data, lang, key, skip=()):
        """Return an unsaved `model` page holding `data` in `lang`, and its missing fields."""
        values, tags, missing = self.field_values(
            model, data.get("fields", {}), lang, key, skip
        )
        page = model(
            title=pick(data["title"], lang), slug=pick(data["slug"], lang), **values
        )
        for name, names in tags.items():
            getattr(page, name).add(*names)
        return page, missing

    def ensure_page(self, parent, data, key):
        model = apps.get_model("pages", data["type"])
        slug = pick(data["slug"], "fr")
        key = key if parent.is_root() else f"{key}/{slug}"
        page = (
            parent.get_children()
            .filter(slug=slug, locale=self.french)
            .specific()
            .first()
        )
        if page is None:
            page, missing = self.build(model, data, "fr", key)
            page.locale = self.french
            # The home's own sections make the main menu, unless told otherwise.
            page.show_in_menus = data.get("show_in_menus", parent.depth == 2)
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.count(True, f"{data['type']} {slug}")
            if missing:
                self.deferred.append((page, data, key, missing))
        if not page.has_translation(self.english):
            self.translate_page(page, data, key)
        for child in data.get("children", []):
            self.ensure_page(page, child, key=key)
        return page

    def translate_page(self, page, data, key, new=True):
        english, _missing = self.build(type(page), data, "en", key)
        translation = translate(page, english)
        # Tags are not translatable segments: the translation gets the English ones.
        english_tags = {
            name: getattr(english, name).names()
            for name, field in self.tag_fields(type(page))
        }
        if any(english_tags.values()):
            for name, names in english_tags.items():
                getattr(translation, name).set(names, clear=True)
            translation.save_revision().publish()
        self.count(new, f"  translation of {page.slug}")

    def tag_fields(self, model):
        return [
            (field.name, field)
            for field in model._meta.get_fields()
            if isinstance(field, TaggableManager)
        ]

    def complete_deferred_fields(self):
        """Fill the fields that referred to pages created after their own page."""
        for page, data, key, missing in self.deferred:
            page = page.specific_class.objects.get(pk=page.pk)
            fields = {name: data["fields"][name] for name in missing}
            values, _tags, still_missing = self.field_values(
                type(page), fields, "fr", key
            )
            if still_missing:
                raise MissingReference(f"{page.slug}: {', '.join(still_missing)}")
            for name, value in values.items():
                setattr(page, name, value)
            page.save_revision().publish()
            self.translate_page(page, data, key, new=False)
        self.deferred = []
