"""What an object puts in the public index: its words, per language and field."""

import html
import re
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Manager
from django.utils.encoding import force_str
from wagtail.models import Locale, Page
from wagtail.search.index import RelatedFields, SearchField

from pages.search.analysis import analyse
from pages.search.models import IndexedTerm, Weight

# Only what the public searches: pages and the snippets the API lists. The
# admin keeps Wagtail's own index for everything else.
INDEXED_MODELS = {
    "wagtailcore.page",
    "pages.signatory",
    "pages.organisation",
    "wagtaildocs.document",
}
TITLE_FIELDS = {"title", "name"}
INTRODUCTION_FIELDS = {"introduction", "search_description"}
TAG = re.compile(r"<[^>]+>")
# Positions jump between two values of a field, so that a phrase never spans
# the end of one paragraph and the start of the next.
VALUE_GAP = 10


def root_model(model):
    """Return the model at the top of the model's inheritance: Page for a page type."""
    while model._meta.parents:
        model = next(iter(model._meta.parents))
    return model


def is_indexed(model) -> bool:
    return root_model(model)._meta.label_lower in INDEXED_MODELS


def content_type_of(model):
    return ContentType.objects.get_for_model(root_model(model))


def all_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def weight_of(field_name: str) -> Weight:
    if field_name in TITLE_FIELDS:
        return Weight.TITLE
    if field_name in INTRODUCTION_FIELDS:
        return Weight.INTRODUCTION
    return Weight.BODY


def flatten(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in flatten(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in flatten(item)]
    return [html.unescape(TAG.sub(" ", force_str(value)))]


def field_values(obj, fields, weight=None):
    """Yield (weight, text) for each searchable value, related objects' included."""
    for field in fields:
        if isinstance(field, SearchField):
            for text in flatten(field.get_value(obj)):
                yield (
                    weight if weight is not None else weight_of(field.field_name),
                    text,
                )
        elif isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            related = related.all() if isinstance(related, Manager) else [related]
            for item in related:
                yield from field_values(item, field.fields, Weight.BODY)


def object_rows(content_type, obj, languages) -> list[IndexedTerm]:
    values = list(field_values(obj, obj.get_search_fields()))
    if isinstance(obj, Page) and obj.search_description:
        values.append((Weight.INTRODUCTION, obj.search_description))
    rows = []
    for language in languages:
        found = {}
        position = defaultdict(int)
        for weight, text in values:
            for term, word in analyse(text, language):
                entry = found.setdefault((weight, term), [word, []])
                entry[1].append(position[weight])
                position[weight] += 1
            position[weight] += VALUE_GAP
        rows.extend(
            IndexedTerm(
                content_type=content_type,
                object_id=obj.pk,
                language=language,
                field=weight,
                term=term,
                word=word[:64],
                positions=" ".join(map(str, places)),
            )
            for (weight, term), (word, places) in found.items()
        )
    return rows


def index_objects(model, objects) -> None:
    """Replace the index's terms of these objects; drafts and unpublished pages leave it."""
    if not is_indexed(model):
        return
    objects = list(objects)
    content_type = content_type_of(model)
    IndexedTerm.objects.filter(
        content_type=content_type, object_id__in=[obj.pk for obj in objects]
    ).delete()
    languages = dict(Locale.objects.values_list("pk", "language_code"))
    rows = []
    for obj in objects:
        if isinstance(obj, Page) and not obj.live:
            continue
        locale_id = getattr(obj, "locale_id", None)
        # An object without a language (a document) is searched in every language.
        wanted = [languages[locale_id]] if locale_id in languages else all_languages()
        rows.extend(object_rows(content_type, obj, wanted))
    IndexedTerm.objects.bulk_create(rows, batch_size=500)


def unindex_object(obj) -> None:
    if is_indexed(type(obj)):
        IndexedTerm.objects.filter(
            content_type=content_type_of(type(obj)), object_id=obj.pk
        ).delete()


def reset_index() -> None:
    IndexedTerm.objects.all().delete()
