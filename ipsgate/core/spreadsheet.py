"""Every CSV and XLSX the service produces is written here, so that every text cell passes one guard against
spreadsheet formula injection (OWASP "CSV injection").

A spreadsheet program reads a cell as a formula when its text starts with =, + , - or @ (and some read the
full-width forms ＝ ＋ － ＠ the same way), and also when that character follows a tab, a carriage return, a
line feed or other leading white space. A formula can fetch a web address, run a command through DDE or quietly
send the sheet's other cells somewhere. `guard` makes such text inert by putting an apostrophe in front of it,
which spreadsheets treat as "this is text" and do not show. Numbers written as numbers (an `int`, a `float`, a
`Decimal`) are left alone, negative ones included, and so is text that is nothing but a plain number such as
"-3" or "-2.5", which a spreadsheet reads as that number and never as a formula.

`formula_start_validator` refuses the same leading characters in names at input, so that names stay inert
wherever else they go (the guard still runs on every export).

This module imports no domain app: every app may use it. Nothing else in ipsgate writes CSV or XLSX
(`tests/core/test_spreadsheet.py` checks the source for other writers).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

# =, +, -, @ and their full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20).
FORMULA_CHARACTERS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
# A spreadsheet also starts reading a formula after these, even with nothing else in front of them.
CONTROL_STARTS = frozenset("\t\r\n")
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def starts_like_formula(text: str) -> bool:
    """True when `text` starts with a tab, carriage return or line feed, or its first character after any
    leading white space is =, +, -, @ or a full-width form of one."""
    if not text:
        return False
    return text[0] in CONTROL_STARTS or text.lstrip()[:1] in FORMULA_CHARACTERS


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula: it starts like one and is not simply a number
    ("-3" is the number minus three)."""
    return starts_like_formula(text) and not PLAIN_NUMBER.fullmatch(text)


def guard(value: object) -> object:
    """The one guard for a spreadsheet cell: text that could be read as a formula gets an apostrophe in front;
    numbers, dates, empty cells and other text are returned unchanged."""
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def guard_row(values: Iterable[object]) -> list[object]:
    return [guard(value) for value in values]


def formula_start_validator(field_label: str) -> Callable[[str], None]:
    """A form-field validator refusing text that a spreadsheet would read as a formula. `field_label` names the
    field in the message, e.g. "The employer's name"."""

    def validate(value: str) -> None:
        if isinstance(value, str) and starts_like_formula(value):  # no name starts with -3 either
            raise ValidationError(f"{field_label} must not start with =, +, - or @", code="formula_start")

    return validate


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    safe_name = re.sub(r"[^A-Za-z0-9._-]", "-", filename)
    response["Content-Disposition"] = f'attachment; filename="{safe_name}"'
    return response


def csv_response(rows: Iterable[Sequence[object]], *, filename: str) -> HttpResponse:
    """A CSV download (UTF-8), every cell through `guard`. `filename` includes ".csv"."""
    response = HttpResponse(content_type=CSV_TYPE)
    writer = csv.writer(response)
    for row in rows:
        writer.writerow(guard_row(row))
    return _attachment(response, filename)


@dataclass
class Sheet:
    """One worksheet: its rows in order; the first `heading_rows` rows are bold."""

    title: str
    rows: Sequence[Sequence[object]] = field(default_factory=list)
    heading_rows: int = 0


def sheet_title(title: str, used: set[str]) -> str:
    """A worksheet name Excel accepts (at most 31 characters, none of []:*?/\\), unique within the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "Sheet"
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def xlsx_response(sheets: Sequence[Sheet], *, filename: str) -> HttpResponse:
    """An XLSX download, a worksheet per `Sheet`, every cell through `guard`. `filename` includes ".xlsx"."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # a new workbook starts with one empty sheet
    used: set[str] = set()
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet_title(sheet.title, used))
        for index, row in enumerate(sheet.rows):
            worksheet.append(guard_row("" if value is None else value for value in row))
            if index < sheet.heading_rows:
                for cell in worksheet[index + 1]:
                    cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)
