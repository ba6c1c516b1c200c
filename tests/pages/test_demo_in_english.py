"""Every public text of the demo that has a French value has an English one.

Two ways a text is in English: a field with an `_en` twin (the labelled
projects' summaries, the networks' publisher), or a translatable page or
snippet whose English translation has the field filled.
"""

import pytest
from django.apps import apps
from django.db import models
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin

OUR_APPS = ("pages", "proposals", "forms_workflows", "partners", "graphql_api")
# Identifiers and addresses, the same in both languages, or written by
# applicants rather than editors.
NOT_TEXT = {"slug", "url_path", "draft_title", "seo_title", "search_description"}


def english_twins():
    """(model, French field, English field) for every `<name>_en` of our models."""
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        names = {field.name for field in model._meta.concrete_fields}
        for name in sorted(names):
            if name.endswith("_en") and name[:-3] in names:
                yield model, name[:-3], name


def text_fields(model):
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField, RichTextField))
        and not field.choices
        and field.name not in NOT_TEXT
        and not field.name.endswith("_en")
        and field.model is not Page
        or field.name == "title"
    ]


def translatable_models():
    for model in apps.get_models():
        if (
            model._meta.app_label in OUR_APPS
            and issubclass(model, TranslatableMixin)
            and not model._meta.abstract
        ):
            yield model


def missing_english():
    """Each French text without its English, as (model, object, field)."""
    missing = []
    for model, french, english in english_twins():
        for row in model._default_manager.exclude(**{french: ""}):
            if not getattr(row, english):
                missing.append((model.__name__, str(row), english))
    for model in translatable_models():
        if issubclass(model, Page) and model is not Page:
            rows = model.objects.live().filter(locale__language_code="fr")
        else:
            rows = model._default_manager.filter(locale__language_code="fr")
        fields = text_fields(model)
        for row in rows:
            translation = model._default_manager.filter(
                translation_key=row.translation_key, locale__language_code="en"
            ).first()
            for name in fields:
                if getattr(row, name) and not (
                    translation and getattr(translation, name)
                ):
                    missing.append((model.__name__, str(row), name))
    return missing


@pytest.mark.django_db
def test_every_french_text_of_the_demo_has_its_english(demo_content):
    twins = list(english_twins())
    assert {(model.__name__, french) for model, french, _ in twins} >= {
        ("Project", "public_summary"),
        ("NetworkSettings", "publisher"),
        ("NetworkSettings", "publication_director"),
    }

    assert missing_english() == []
