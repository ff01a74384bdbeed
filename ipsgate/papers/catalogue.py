"""The Welsh catalogue check (issue 19): every participant-facing string of the papers has a Welsh entry that is
neither empty nor fuzzy, and the compiled catalogue (`django.mo`, what Django reads) matches the `.po` file.

The strings are the messages of `papers.texts` and the `{% translate "..." %}` tags of the papers' document
templates. Compiling uses polib (pure Python), so no gettext tools are needed on a machine."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings

from . import texts

LANGUAGE = "cy"
PO_FILE = Path(settings.BASE_DIR) / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
TEMPLATES = Path(settings.BASE_DIR) / "templates" / "papers"
PARTICIPANT_TEMPLATES = ("document.html",)  # staff pages stay English
TRANSLATE_TAG = re.compile(r"""{%\s*(?:translate|trans)\s+"((?:[^"\\]|\\.)*)"\s*%}""")


def template_messages() -> list[str]:
    found: list[str] = []
    for name in PARTICIPANT_TEMPLATES:
        found += TRANSLATE_TAG.findall((TEMPLATES / name).read_text(encoding="utf-8"))
    return found


def participant_messages() -> list[str]:
    """Every participant-facing message, once each, in the order first seen."""
    return list(dict.fromkeys([*texts.MESSAGES, *template_messages()]))


@dataclass(frozen=True)
class Problem:
    msgid: str
    reason: str

    def __str__(self) -> str:
        return f"{self.reason}: {self.msgid!r}"


def check(po_file: Path = PO_FILE, mo_file: Path = MO_FILE) -> list[Problem]:
    """Untranslated, fuzzy or missing entries, and a compiled catalogue that does not match the `.po`."""
    catalogue = polib.pofile(str(po_file))
    entries = {entry.msgid: entry for entry in catalogue if not entry.obsolete}
    problems: list[Problem] = []
    for msgid in participant_messages():
        entry = entries.get(msgid)
        if entry is None:
            problems.append(Problem(msgid, "missing from the Welsh catalogue"))
        elif entry.fuzzy:
            problems.append(Problem(msgid, "fuzzy (needs checking)"))
        elif not entry.msgstr.strip():
            problems.append(Problem(msgid, "untranslated"))
    if problems:
        return problems
    if not mo_file.exists():
        return [Problem(str(mo_file.name), "not compiled: run `ipsgate translations --compile`")]
    compiled = {entry.msgid: entry.msgstr for entry in polib.mofile(str(mo_file)) if entry.msgid}
    wanted = {e.msgid: e.msgstr for e in catalogue.translated_entries() if e.msgid}
    if compiled != wanted:
        return [Problem(str(mo_file.name), "out of date with django.po: run `ipsgate translations --compile`")]
    return []


def compile_catalogue(po_file: Path = PO_FILE, mo_file: Path = MO_FILE) -> None:
    polib.pofile(str(po_file)).save_as_mofile(str(mo_file))
