"""A table of answers as CSV (with a BOM) or XLSX, no cell ever run as a formula.

The rules are the core's (`forms_workflows.exports`): labels rather than
codes, local times, a BOM so that spreadsheets read the accents, a leading
apostrophe before anything a spreadsheet would run.
"""

import csv
import datetime
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from forms_workflows.exports import BOM, FORMULA_STARTS, neutralise_formula

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _text(value):
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    return "" if value is None else value


def csv_response(filename, header, rows):
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow([neutralise_formula(str(cell)) for cell in header])
    for row in rows:
        writer.writerow([neutralise_formula(_text(cell)) for cell in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx_cell(sheet, value):
    """openpyxl stores a string starting with "=" as a formula: typed as text instead."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def xlsx_response(filename, header, rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([str(cell) for cell in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, cell) for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
