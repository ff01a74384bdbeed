"""The one spreadsheet-cell guard (`core.spreadsheet`): what it neutralises, what it leaves alone, the name
validator built on it, and a scan of the source showing that nothing else in ipsgate writes CSV or XLSX."""

from __future__ import annotations

import ast
import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

import ipsgate
from ipsgate.core.spreadsheet import (
    Sheet,
    csv_response,
    formula_start_validator,
    guard,
    looks_like_formula,
    xlsx_response,
)
from tests.hostile import HOSTILE_NAMES, live_formula


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 113 000", "'+44 113 000"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("\tplain", "'\tplain"),  # a leading tab is refused whatever follows
        ("   =1+1", "'   =1+1"),
        ("\u00a0=1+1", "'\u00a0=1+1"),  # a no-break space is white space too
        ("\uff1d1+1", "'\uff1d1+1"),  # full-width equals
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20SUM(1)", "'\uff20SUM(1)"),
        # Left alone: ordinary text, formula characters later in the text, plain numbers as text, numbers.
        ("Aire Foods", "Aire Foods"),
        ("Marks & Spencer = quality", "Marks & Spencer = quality"),
        ("O'Neill", "O'Neill"),
        ("", ""),
        ("-3", "-3"),
        ("-2.5", "-2.5"),
        ("+7", "+7"),
        ("<5", "<5"),
        ("–", "–"),  # an en dash, which the dashboard shows for "no figure"
        (-3, -3),
        (-2.5, -2.5),
        (Decimal("-1.25"), Decimal("-1.25")),
        (0, 0),
        (None, None),
    ],
)
def test_guard(value, expected):
    assert guard(value) == expected
    if isinstance(value, str):
        assert looks_like_formula(value) == (expected != value)


@given(st.text(max_size=30))
def test_no_guarded_text_is_a_live_formula_and_safe_text_is_unchanged(text):
    guarded = guard(text)
    assert isinstance(guarded, str)
    assert not live_formula(guarded) or guarded.lstrip("-+").replace(".", "", 1).isdigit()
    if not live_formula(text):
        assert guarded == text


@given(st.integers() | st.floats(allow_nan=False) | st.decimals(allow_nan=False))
def test_numbers_written_as_numbers_are_never_changed(number):
    assert guard(number) is number


@pytest.mark.parametrize("hostile", [*HOSTILE_NAMES, "\uff20x", "-", "-3", "+44"])
def test_the_name_validator_refuses_a_formula_start_and_names_the_field(hostile):
    with pytest.raises(ValidationError) as caught:
        formula_start_validator("The employer's name")(hostile)
    assert caught.value.messages == ["The employer's name must not start with =, +, - or @"]


@pytest.mark.parametrize("name", ["Aire Foods", "O'Neill", "Jean-Luc", "Anne-Marie Smith", "Zoë", "3M"])
def test_the_name_validator_accepts_ordinary_names(name):
    formula_start_validator("The person's name")(name)


def test_csv_and_xlsx_responses_guard_every_cell():
    rows: list[list[object]] = [["Heading", "=heading"], *[[name, -3] for name in HOSTILE_NAMES]]
    response = csv_response(rows, filename="out.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="out.csv"'
    written = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    assert written[0] == ["Heading", "'=heading"]
    assert [r[1] for r in written[1:]] == ["-3"] * len(HOSTILE_NAMES)
    assert not any(live_formula(cell) for row in written for cell in row if cell != "-3")

    response = xlsx_response([Sheet("A: sheet/with?odd*name", rows, heading_rows=1)], filename="out.xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["A  sheet with odd name"]
    cells = [cell for row in workbook.worksheets[0].iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    assert [c.value for c in cells if c.column == 2][1:] == [-3] * len(HOSTILE_NAMES)  # numbers stay numbers
    assert workbook.worksheets[0]["A1"].font.bold


def test_a_download_filename_cannot_break_out_of_its_header():
    response = csv_response([["x"]], filename='a"; b=c\r\n.csv')
    assert response["Content-Disposition"] == 'attachment; filename="a---b-c--.csv"'


# --- Nothing else writes spreadsheets -----------------------------------------------------------------------

SPREADSHEET_MODULE = Path(ipsgate.__file__).parent / "core" / "spreadsheet.py"
# The bulk import (issue 21) reads uploaded CSV and XLSX files with tablib and openpyxl; it writes none.
READER_MODULE = Path(ipsgate.__file__).parent / "imports" / "reading.py"
WRITER_MODULES = {"openpyxl", "xlsxwriter", "xlwt", "odf", "tablib"}  # pandas is caught by its to_csv, to_excel
WRITER_CALLS = {"writer", "DictWriter", "to_csv", "to_excel"}


def _writers_in(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import | ast.ImportFrom):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"imports {m}" for m in modules if m.split(".")[0] in WRITER_MODULES]
            if isinstance(node, ast.ImportFrom) and node.module == "csv":
                found += [f"imports csv.{a.name}" for a in node.names if a.name in WRITER_CALLS]
        elif isinstance(node, ast.Attribute) and node.attr in WRITER_CALLS:
            owner = node.value.id if isinstance(node.value, ast.Name) else ""
            if owner == "csv" or node.attr in ("to_csv", "to_excel"):
                found.append(f"calls {owner or '…'}.{node.attr}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and ("text/csv" in node.value or "spreadsheetml" in node.value)
        ):
            found.append(f"sets the content type {node.value!r}")
    return found


def test_only_core_spreadsheet_writes_csv_or_xlsx():
    """Every CSV and XLSX the service produces goes through `core.spreadsheet`, so through its guard: a new export
    that writes its own fails here."""
    root = Path(ipsgate.__file__).parent
    offenders = {
        str(path.relative_to(root)): found
        for path in sorted(root.rglob("*.py"))
        if path not in (SPREADSHEET_MODULE, READER_MODULE)
        and "migrations" not in path.parts
        and (found := _writers_in(path))
    }
    assert offenders == {}
    assert _writers_in(SPREADSHEET_MODULE)  # the scan does find writers where they are


def test_the_import_reader_only_reads():
    """`imports/reading.py` may import the readers (tablib, openpyxl's load_workbook) but writes nothing: no csv
    writer, no workbook saved, no dataset exported, no spreadsheet content type."""
    found = _writers_in(READER_MODULE)
    assert sorted(found) == ["imports openpyxl", "imports tablib", "imports tablib.core"]
    text = READER_MODULE.read_text()
    tree = ast.parse(text)
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "openpyxl"
        for alias in node.names
    }
    assert imported == {"load_workbook"}
    called = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert not called & {"save", "export", "writer", "writerow", "writerows", "Workbook"}
