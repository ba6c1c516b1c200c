"""Spreadsheet exports of what the public typed: no cell may run as a formula.

A spreadsheet opening a CSV runs a cell that starts with "=", "+", "-" or "@"
(tab and carriage return too, in some) as a formula: an organisation named
`=HYPERLINK(...)` would act on the reviewer's computer. Wagtail turns such
cells into text in XLSX exports only; CSV cells get a leading apostrophe,
which spreadsheets read as "this is text" (OWASP's CSV injection advice).

A reviewer reads the export, not the database: a field with choices shows its
label in the exporting user's language, times are the site's local time to
the second, and the CSV starts with a UTF-8 byte order mark, without which
spreadsheet software reads "Société" as "SociÃ©tÃ©".
"""

import datetime

from django.conf import settings
from django.utils import timezone, translation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise_formula(value):
    """Return `value` so that no spreadsheet runs it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def local_time(value):
    """An aware datetime as the site's wall-clock time, to the second, naive."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def language_name(code):
    return str(dict(settings.LANGUAGES).get(code, code))


class FormulaSafeExportMixin:
    """For a Wagtail index view with `list_export`: CSV cells never start a formula.

    Also: labels rather than codes, local times, a BOM (see the module's text).
    """

    def get_preprocess_function(self, field, value, export_format):
        if isinstance(value, datetime.datetime):
            if export_format == self.FORMAT_CSV:
                return lambda value: local_time(value).isoformat(sep=" ")
            return local_time
        return super().get_preprocess_function(field, value, export_format)

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for field in row:
            display = getattr(item, f"get_{field}_display", None)
            if display is not None:
                row[field] = str(display())
            elif field == "language":
                row[field] = language_name(row[field])
        return row

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            value = neutralise_formula(value)
        return value

    def write_csv_response(self, queryset):
        # The rows are written while the response streams, after the view has
        # left the user's language: keep it for them.
        self.export_language = translation.get_language()
        return super().write_csv_response(queryset)

    def stream_csv(self, queryset):
        yield BOM
        with translation.override(self.export_language):
            yield from super().stream_csv(queryset)
