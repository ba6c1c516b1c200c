"""Fields of a `pages` row that an application's decision holds.

`pages` knows nothing of applications (DESIGN.md: dependencies point down); the
app whose workflow publishes a row registers here which of its fields the
workflow decides, and for which rows. The snippet forms show those fields
read-only, so they change only through that workflow and its log (a
signatory's `is_active` through the adhesion's "revoke", for instance).
"""

_rules = []


def register(model, fields, applies):
    """Hold `fields` of the `model` rows for which `applies(row)` is true."""
    _rules.append((model, tuple(fields), applies))


def decided_fields(instance):
    """The names of the fields of `instance` that only a workflow may change."""
    if instance is None or instance.pk is None:
        return set()
    held = set()
    for model, fields, applies in _rules:
        if isinstance(instance, model) and applies(instance):
            held.update(fields)
    return held
