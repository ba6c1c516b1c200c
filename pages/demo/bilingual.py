"""Demo data is written once with both languages side by side: `{fr: …, en: …}`."""

import uuid

LANGS = ("fr", "en")


def is_pair(value):
    return isinstance(value, dict) and set(value) == set(LANGS)


def pick(value, lang):
    """Return `value` with every `{fr, en}` pair replaced by its `lang` side."""
    if is_pair(value):
        return value[lang]
    if isinstance(value, dict):
        return {key: pick(item, lang) for key, item in value.items()}
    if isinstance(value, list):
        return [pick(item, lang) for item in value]
    return value


def block_id(*parts):
    """Return a stable block id, so the French and English builds share their paths."""
    return str(
        uuid.uuid5(uuid.NAMESPACE_URL, "quartiers-demo:" + ":".join(map(str, parts)))
    )
