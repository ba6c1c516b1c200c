"""Build the demo sites from the YAML files in `data/`: idempotent, French then English."""

from pathlib import Path

import yaml
from django.apps import apps
from django.db import transaction
from wagtail.models import Locale, Page, Site

from pages.demo.bilingual import block_id, pick
from pages.demo.translation import translate

DATA_DIR = Path(__file__).parent / "data"


def read(name):
    with open(DATA_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def with_block_ids(value, *path):
    """Give every StreamField block of `value` a stable id derived from its position."""
    if isinstance(value, list):
        return [with_block_ids(item, *path, index) for index, item in enumerate(value)]
    if isinstance(value, dict):
        result = {key: with_block_ids(item, *path, key) for key, item in value.items()}
        if "type" in value and "value" in value and "id" not in value:
            result["id"] = block_id(*path)
        return result
    return value


class DemoContentLoader:
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
        root = Page.get_first_root_node()
        self.remove_wagtail_welcome_page(root)
        for site_data in read("sites.yaml")["sites"]:
            home = self.ensure_page(root, site_data["home"], key=site_data["key"])
            self.ensure_site(site_data, home)
        return self.created

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
        site = Site.objects.filter(
            hostname=data["hostname"], port=data.get("port", 80)
        ).first()
        if site is None:
            site = Site(hostname=data["hostname"], port=data.get("port", 80))
        site.root_page = home
        site.site_name = pick(data["name"], "fr")
        site.is_default_site = bool(data.get("default", False))
        site.save()
        return site

    def model_for(self, type_name):
        return apps.get_model("pages", type_name)

    def build(self, model, data, lang, key):
        """Return an unsaved `model` instance holding `data` in `lang`."""
        values = pick(with_block_ids(data.get("fields", {}), key), lang)
        return model(
            title=pick(data["title"], lang), slug=pick(data["slug"], lang), **values
        )

    def ensure_page(self, parent, data, key):
        model = self.model_for(data["type"])
        slug = pick(data["slug"], "fr")
        page = (
            parent.get_children()
            .filter(slug=slug, locale=self.french)
            .specific()
            .first()
        )
        if page is None:
            page = self.build(model, data, "fr", key)
            page.locale = self.french
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.created += 1
            self.log(f"  + {data['type']} {slug}")
        if not page.has_translation(self.english):
            translate(page, self.build(model, data, "en", key))
            self.created += 1
        for index, child in enumerate(data.get("children", [])):
            self.ensure_page(page, child, key=f"{key}/{index}")
        return page
