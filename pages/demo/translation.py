"""Create an English translation through Wagtail Localize, from demo strings.

The English page or snippet is made the way an editor would make it: a
translation source from the French instance, one string translation per
segment, then `save_target`. Later edits of the French source then sync as
they would for any other translation.
"""

import json
from collections import defaultdict

from wagtail.models import DraftStateMixin, Locale
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import OverridableSegmentValue, StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


def _strings_by_path(instance):
    strings = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            strings[segment.path].append(segment.string.data)
    return strings


def _override_english_links(source, english_instance, english):
    """Point the English version's links where the English build points them.

    Page choosers are synchronised (same page in both languages) unless a
    translator overrides them; the demo overrides them with the English page.
    """
    english_values = {
        segment.path: segment.data
        for segment in extract_segments(english_instance)
        if isinstance(segment, OverridableSegmentValue)
    }
    segments = OverridableSegment.objects.filter(source=source).select_related(
        "context"
    )
    for segment in segments:
        value = english_values.get(segment.context.path)
        if value is not None and value != segment.data:
            SegmentOverride.objects.update_or_create(
                locale=english,
                context=segment.context,
                defaults={"data_json": json.dumps(value)},
            )


def translate(source_instance, english_instance, user=None):
    """Translate `source_instance` (French) into English with the strings of `english_instance`.

    `english_instance` is an unsaved copy built from the same data in English, with the
    same block ids, so each French segment finds its English counterpart by path.
    """
    english = Locale.objects.get(language_code="en")
    english_strings = _strings_by_path(english_instance)
    source, _ = TranslationSource.update_or_create_from_instance(source_instance)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=english, defaults={"enabled": True}
    )
    position = defaultdict(int)
    segments = (
        StringSegment.objects.filter(source=source)
        .select_related("string", "context")
        .order_by("order")
    )
    for segment in segments:
        path = segment.context.path
        candidates = english_strings.get(path, [])
        index = position[path]
        position[path] += 1
        if index >= len(candidates):
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=english,
            context=segment.context,
            defaults={"data": candidates[index]},
        )
    mismatched = sorted(
        path
        for path in set(position) | set(english_strings)
        if position[path] != len(english_strings.get(path, []))
    )
    if mismatched:
        # Rich text is matched paragraph by paragraph: both languages need the
        # same structure, or English sentences would land in the wrong place.
        raise ValueError(
            f"{source_instance}: French and English differ in shape at {mismatched}"
        )
    _override_english_links(source, english_instance, english)
    if isinstance(source_instance, DraftStateMixin):
        # Wagtail Localize would publish on commit, from the instance it held
        # then; a page whose children are translated in the same transaction
        # would lose its child count. Publish the fresh revision now instead.
        translation.save_target(user=user, publish=False)
        target = source_instance.get_translation(english)
        target.get_latest_revision().publish(user=user)
    else:
        translation.save_target(user=user, publish=True)
    return source_instance.get_translation(english)
