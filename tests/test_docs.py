"""The repository explains itself: README and docs/ link only to files inside the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
DOCUMENTS = [PROJECT_DIR / "README.md", PROJECT_DIR / "CONTRIBUTING.md", *sorted((PROJECT_DIR / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
LOCAL_ADDRESSES = ("http://127.0.0.1", "http://localhost")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(PROJECT_DIR)))
def test_links_stay_inside_the_repository(document: Path):
    problems = []
    for target in LINK.findall(document.read_text()):
        if target.startswith(LOCAL_ADDRESSES) or target.startswith("#"):
            continue
        if "://" in target or target.startswith("mailto:"):
            problems.append(f"{target}: outside the repository")
            continue
        path = (document.parent / target.split("#")[0]).resolve()
        if not path.is_relative_to(PROJECT_DIR) or not path.exists():
            problems.append(f"{target}: no such file in the repository")
    assert not problems, f"{document.name}: " + "; ".join(problems)


def test_every_document_is_checked():
    assert len(DOCUMENTS) >= 5
