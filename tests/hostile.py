"""Hostile text for the export tests: names a spreadsheet would run as formulas, and an independent check (not
`ipsgate.core.spreadsheet`) of whether a cell as written would still be read as one."""

from __future__ import annotations

# Each would be a live formula in Excel or LibreOffice if written as is.
HOSTILE_NAMES = (
    '=HYPERLINK("http://x")',
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "  +SUM(1,1)",
    "-2+3",
    "@SUM(1,1)",
    "\uff1dHYPERLINK(1)",  # full-width equals sign
)

_STARTS = set("=+-@\uff1d\uff0b\uff0d\uff20")


def live_formula(cell: object) -> bool:
    """Would a spreadsheet read this cell as a formula? Only text can be one; an apostrophe first makes it text."""
    if not isinstance(cell, str) or not cell:
        return False
    if cell[0] in "\t\r\n":
        return True
    return cell.lstrip()[:1] in _STARTS
