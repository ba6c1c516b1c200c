"""Spreadsheet exports of what the public typed: no cell may run as a formula.

A spreadsheet opening a CSV runs a cell that starts with "=", "+", "-" or "@"
(tab and carriage return too, in some) as a formula: an organisation named
`=HYPERLINK(...)` would act on the reviewer's computer. Wagtail turns such
cells into text in XLSX exports only; CSV cells get a leading apostrophe,
which spreadsheets read as "this is text" (OWASP's CSV injection advice).
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Return `value` so that no spreadsheet runs it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class FormulaSafeExportMixin:
    """For a Wagtail index view with `list_export`: CSV cells never start a formula."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            value = neutralise_formula(value)
        return value
