"""Reading an uploaded file into rows of text, or refusing it with a message a person can act on.

The library: tablib (with openpyxl, read-only, for XLSX). The import needs a file turned into a header and rows of
cells, and nothing more: the checks on each row are the service's own forms and services (`kinds.py`), so the
row-level machinery of django-import-export (its Resources, widgets and admin screens, which validate and save
through the model rather than through our forms and services) would be a second set of rules to keep in step.
tablib is the small, well-kept reader underneath django-import-export: one call reads CSV or XLSX, and for XLSX it
opens the workbook with openpyxl in read-only mode.

Before tablib builds its rows, a streaming pass (a `csv.reader`, or openpyxl's read-only row iterator) counts the
rows and stops at the first one past the limit, so a 50,001-row file is refused without its rows ever being held
in memory; the same pass notes the cells a spreadsheet would run as formulas (in XLSX with formulas kept, as
tablib reads the cached values).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

import tablib  # type: ignore[import-untyped]
from openpyxl import load_workbook
from tablib.core import InvalidDimensions  # type: ignore[import-untyped]

from ipsgate.core.spreadsheet import starts_like_formula

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
ACCEPTED = (".csv", ".xlsx")


class FileRefused(Exception):
    """The whole file is refused; nothing was read into the service."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The file's headings and its non-blank rows as text, each with its row number in the file (headings: 1)."""

    headers: list[str]
    rows: list[tuple[int, list[str]]]
    formula_cells: list[tuple[int, int]] = field(default_factory=list)  # (row number, column index)


def heading_key(text: str) -> str:
    """Headings match whatever their case and spacing: "Prison number", "prison_number", "PRISON  NUMBER"."""
    return re.sub(r"[\s_]+", "", text).lower()


def cell_text(value: object) -> str:
    """A cell as the text a person typed: dates as YYYY-MM-DD, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _too_many_rows() -> FileRefused:
    return FileRefused(
        f"The file has more than {MAX_ROWS:,} rows. Split it into files of {MAX_ROWS:,} rows or fewer and upload "
        "each one"
    )


def _scan(rows: Iterable[Iterable[object]]) -> tuple[list[int], list[tuple[int, int]]]:
    """One streaming pass: the file row numbers of the non-blank data rows, and the formula cells. Stops (refusing
    the file) at the first data row past the limit, so the rest of the file is never read."""
    numbers: list[int] = []
    formulas: list[tuple[int, int]] = []
    for index, row in enumerate(rows):
        number = index + 1
        cells = ["" if value is None else value for value in row]
        for column, value in enumerate(cells):
            if isinstance(value, str) and starts_like_formula(value):
                formulas.append((number, column))
        if index == 0:
            continue
        if any(cell_text(value).strip() for value in cells):
            numbers.append(number)
            if len(numbers) > MAX_ROWS:
                raise _too_many_rows()
    return numbers, formulas


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without the byte-order mark Excel writes), else Windows-1252 (Excel's "CSV" on Windows)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileRefused(
            'The file\'s text could not be read. Save it as "CSV UTF-8" from your spreadsheet program and upload it '
            "again"
        ) from None


def _rows_from_dataset(dataset: tablib.Dataset, numbers: list[int] | None) -> list[tuple[int, list[str]]]:
    rows: list[tuple[int, list[str]]] = []
    for index, row in enumerate(dataset):
        cells = [cell_text(value) for value in row]
        if not any(cell.strip() for cell in cells):
            continue
        number = numbers[len(rows)] if numbers is not None else index + 2
        rows.append((number, cells))
    return rows


def _dimension_refusal() -> FileRefused:
    return FileRefused(
        "A row has more cells than there are column headings. Give every column a heading in the first row, or "
        "delete the cells to the right of the last heading"
    )


def read_csv(data: bytes) -> Table:
    text = decode_csv(data)
    numbers, formulas = _scan(csv.reader(io.StringIO(text)))
    dataset = tablib.Dataset()
    try:
        dataset.load(io.StringIO(text), format="csv")
    except (InvalidDimensions, csv.Error):
        raise _dimension_refusal() from None
    headers = [cell_text(h) for h in (dataset.headers or [])]
    return Table(headers=headers, rows=_rows_from_dataset(dataset, numbers), formula_cells=formulas)


def _xlsx_rows(data: bytes) -> Iterator[tuple[object, ...]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        yield from workbook.active.iter_rows(values_only=True)  # type: ignore[union-attr]
    finally:
        workbook.close()


NOT_A_WORKBOOK = (
    "The file is not an Excel workbook that can be read. Open it in your spreadsheet program, save it as an Excel "
    "workbook (.xlsx) or as CSV, and upload it again"
)


def read_xlsx(data: bytes) -> Table:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileRefused(NOT_A_WORKBOOK)
    try:
        _, formulas = _scan(_xlsx_rows(data))
        dataset = tablib.Dataset()
        dataset.load(io.BytesIO(data), format="xlsx")
    except FileRefused:
        raise
    except InvalidDimensions:
        raise _dimension_refusal() from None
    except Exception:  # noqa: BLE001 - a damaged workbook fails in many ways inside openpyxl; each is "not a workbook"
        raise FileRefused(NOT_A_WORKBOOK) from None
    headers = [cell_text(h) for h in (dataset.headers or [])]
    return Table(headers=headers, rows=_rows_from_dataset(dataset, None), formula_cells=formulas)


def read_table(name: str, data: bytes) -> Table:
    """The file's headings and rows, or `FileRefused` saying why not and what to do."""
    if len(data) > MAX_BYTES:
        raise FileRefused(
            f"The file is {len(data) / 1024 / 1024:.1f} MB. Upload a file of {MAX_BYTES // 1024 // 1024} MB or less, "
            "splitting it into several files if you need to"
        )
    if not data:
        raise FileRefused("The file is empty. Upload a file with a row of column headings and a row per record")
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPTED:
        raise FileRefused(
            "The file must be a CSV file (.csv) or an Excel workbook (.xlsx). Save it in one of those formats from "
            "your spreadsheet program and upload it again"
        )
    table = read_csv(data) if suffix == ".csv" else read_xlsx(data)
    # Columns with no heading and nothing in them (a spreadsheet's trailing commas) are dropped.
    while table.headers and not table.headers[-1].strip():
        last = len(table.headers) - 1
        if any(len(cells) > last and cells[last].strip() for _, cells in table.rows):
            break
        table.headers.pop()
        for _, cells in table.rows:
            del cells[last:]
    if not any(h.strip() for h in table.headers):
        raise FileRefused("The first row must hold the column headings. Use the template for this kind of import")
    return table
