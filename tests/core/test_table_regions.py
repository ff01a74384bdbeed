"""Every table sits in its own labelled, focusable scroll region (docs/architecture.md, "a table on a page"), so a
wide table scrolls inside its box at 360 px instead of widening the page. The browser check opens the main pages;
this check covers every template, including pages that check does not visit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "ipsgate" / "templates"
REGION = re.compile(r'<div class="ipsgate-table-scroll" tabindex="0" role="region" aria-label="[^"]+">\s*<table\b')


def _with_tables() -> list[Path]:
    return sorted(path for path in TEMPLATES.rglob("*.html") if "<table" in path.read_text())


@pytest.mark.parametrize("path", _with_tables(), ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_each_table_is_inside_a_labelled_scroll_region(path: Path) -> None:
    text = path.read_text()
    tables = len(re.findall(r"<table\b", text))
    wrapped = len(REGION.findall(text))
    assert wrapped == tables, f"{tables - wrapped} of {tables} tables are not directly inside a labelled scroll region"


def test_the_check_finds_templates_with_tables() -> None:
    assert len(_with_tables()) > 20
