"""CSV and XLSX downloads of the dashboard's tables. They write the same cells the page shows, so small-number
suppression carries over; XLSX keeps shown numbers as numbers. Both are written by `core.spreadsheet`, whose
guard makes any text a spreadsheet could run as a formula inert."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpResponse

from ipsgate.core import spreadsheet

from .tables import Table


def csv_response(table: Table, *, filename: str) -> HttpResponse:
    rows = [table.columns, *([cell.text for cell in row] for row in table.rows)]
    return spreadsheet.csv_response(rows, filename=f"{filename}.csv")


def xlsx_response(tables: list[Table], *, filename: str, notes: list[str]) -> HttpResponse:
    """One workbook, a sheet per table (title, column headings, rows, definition), and a first "About" sheet."""
    sheets = [spreadsheet.Sheet("About", [[line] for line in notes])]
    for table in tables:
        rows: list[Sequence[object]] = [table.columns, *([c.value for c in row] for row in table.rows)]
        rows += [[], [table.definition]]
        sheets.append(spreadsheet.Sheet(table.sheet or table.title, rows, heading_rows=1))
    return spreadsheet.xlsx_response(sheets, filename=f"{filename}.xlsx")
