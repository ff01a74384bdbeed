"""CSV and XLSX downloads of the dashboard's tables. They write the same cells the page shows, so small-number
suppression carries over; XLSX keeps shown numbers as numbers."""

from __future__ import annotations

import csv
import io
import re

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from .tables import Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe(value: object) -> object:
    """Neutralise spreadsheet formula injection in text cells (a label starting with =, +, - or @)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def csv_response(table: Table, *, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_safe(cell.text) for cell in row])
    return response


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip()
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def xlsx_response(tables: list[Table], *, filename: str, notes: list[str]) -> HttpResponse:
    """One workbook, a sheet per table (title, column headings, rows, definition), and a first "About" sheet."""
    workbook = Workbook()
    about = workbook.worksheets[0]  # a new workbook starts with one sheet
    about.title = "About"
    for line in notes:
        about.append([line])
    used = {"About"}
    for table in tables:
        sheet = workbook.create_sheet(_sheet_title(table.sheet or table.title, used))
        sheet.append(table.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_safe(cell.value) if cell.value is not None else "" for cell in row])
        sheet.append([])
        sheet.append([table.definition])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
