"""Reading a file: each accepted encoding and format, each refused kind of file, formula cells, the row limit."""

from __future__ import annotations

import datetime
import io
import zipfile
from unittest import mock

import pytest
import tablib  # type: ignore[import-untyped]

from ipsgate.imports import reading
from ipsgate.imports.kinds import parse_date
from ipsgate.imports.reading import FileRefused, heading_key, read_table

from .conftest import csv_bytes, xlsx_bytes

ROWS = [["Prison number", "First name"], ["A1234BC", "Zoë O’Brien"], ["A1234BD", "Renée"]]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf8.csv", csv_bytes(ROWS)),
        ("bom.csv", b"\xef\xbb\xbf" + csv_bytes(ROWS)),
        ("windows.csv", csv_bytes(ROWS, encoding="cp1252")),
        ("book.XLSX", xlsx_bytes(ROWS)),
    ],
    ids=["utf-8", "utf-8 with BOM", "windows-1252", "xlsx"],
)
def test_each_accepted_encoding_and_format_reads_the_same(name, data):
    table = read_table(name, data)
    assert table.headers == ["Prison number", "First name"]
    assert table.rows == [(2, ["A1234BC", "Zoë O’Brien"]), (3, ["A1234BD", "Renée"])]


def test_blank_rows_are_skipped_but_row_numbers_stay_those_of_the_file():
    table = read_table("gaps.csv", csv_bytes([ROWS[0], ROWS[1], [], ["", ""], ROWS[2]]))
    assert [number for number, _ in table.rows] == [2, 5]


def test_xlsx_dates_and_whole_numbers_read_as_typed():
    table = read_table("d.xlsx", xlsx_bytes([["Date", "N"], [datetime.date(2027, 3, 14), 12.0]]))
    assert table.rows == [(2, ["2027-03-14", "12"])]


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("notes.txt", b"a,b\n1,2\n", "must be a CSV file (.csv) or an Excel workbook (.xlsx)"),
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "must be a CSV file (.csv) or an Excel workbook (.xlsx)"),
        ("fake.xlsx", b"this is not a workbook", "not an Excel workbook that can be read"),
        ("empty.csv", b"", "The file is empty"),
    ],
    ids=["text file", "old Excel format", "not a workbook", "empty"],
)
def test_refused_files_say_why(name, data, says):
    with pytest.raises(FileRefused) as refused:
        read_table(name, data)
    assert says in refused.value.message


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(FileRefused, match="not an Excel workbook"):
        read_table("zip.xlsx", buffer.getvalue())


def test_a_file_over_10_mb_is_refused_before_it_is_read():
    with mock.patch.object(reading, "read_csv") as read_csv, pytest.raises(FileRefused, match="10 MB or less"):
        read_table("big.csv", b"x" * (reading.MAX_BYTES + 1))
    read_csv.assert_not_called()


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused():
    with pytest.raises(FileRefused, match="CSV UTF-8"):
        read_table("odd.csv", b"a,b\n\x81\x8d,\x8f\n")


def test_50001_rows_are_refused_without_loading_them_into_rows():
    """The streaming count stops at the first row past the limit; tablib never builds the rows."""
    lines = ["Prison number,Expected release date"] + ["A1234BC,2030-01-01"] * (reading.MAX_ROWS + 1)
    data = ("\n".join(lines) + "\n").encode()
    with (
        mock.patch.object(tablib.Dataset, "load", side_effect=AssertionError("the rows were loaded")) as load,
        pytest.raises(FileRefused, match="more than 50,000 rows"),
    ):
        read_table("huge.csv", data)
    load.assert_not_called()


def test_the_count_stops_reading_at_the_limit():
    seen = 0

    def rows():
        nonlocal seen
        yield ["heading"]
        while True:
            seen += 1
            yield ["x"]

    with pytest.raises(FileRefused):
        reading._scan(rows())
    assert seen == reading.MAX_ROWS + 1


def test_50000_rows_are_accepted():
    lines = ["A"] + ["x"] * reading.MAX_ROWS
    assert len(read_table("max.csv", ("\n".join(lines)).encode()).rows) == reading.MAX_ROWS


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tName", "\rName"])
def test_formula_cells_are_found_with_row_and_column(cell):
    table = read_table("f.csv", csv_bytes([["Prison number", "First name"], ["A1234BC", cell]]))
    assert table.formula_cells == [(2, 1)]


def test_formula_cells_in_a_workbook_are_found_although_tablib_reads_cached_values():
    table = read_table("f.xlsx", xlsx_bytes([["Prison number", "First name"], ["A1234BC", "=1+1"]]))
    assert table.formula_cells == [(2, 1)]


def test_a_row_longer_than_the_headings_is_refused():
    with pytest.raises(FileRefused, match="more cells than there are column headings"):
        read_table("wide.csv", b"A,B\n1,2,3\n")


@pytest.mark.parametrize(
    "heading", ["Prison number", "prison number", "PRISON  NUMBER", " prison_number ", "PrisonNumber"]
)
def test_headings_match_whatever_their_case_and_spacing(heading):
    assert heading_key(heading) == heading_key("Prison number")


@pytest.mark.parametrize(
    ("text", "day"), [("2027-03-14", (2027, 3, 14)), ("14/03/2027", (2027, 3, 14)), ("4/3/2027", (2027, 3, 4))]
)
def test_dates_in_either_form(text, day):
    assert parse_date(text) == datetime.date(*day)


@pytest.mark.parametrize("text", ["03/14/2027", "14-03-2027", "2027/03/14", "14 March 2027", "2027-02-30"])
def test_other_dates_are_not_read(text):
    with pytest.raises(ValueError):
        parse_date(text)
