"""The person's papers as files: the print page's own template rendered to PDF by WeasyPrint (no browser on the
server), and a DOCX written with python-docx from the same frozen content. Both carry only what the issued version
holds: no internal id, no staff-only note. Free text goes in as text: HTML escapes it, WeasyPrint and Word show it
as typed (markup or a leading "=" is never interpreted)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from . import texts
from .models import PaperVersion

STYLESHEET = Path(settings.BASE_DIR) / "static" / "ipsgate" / "papers.css"


def document_context(version: PaperVersion, *, person_name: str) -> dict[str, Any]:
    """What every format shows, in the version's language (call inside `translation.override`)."""
    issued = timezone.localtime(version.issued_at).date()
    return {
        "version": version,
        "language": version.language,
        "title": str(texts.TITLES[version.kind]),
        "person_name": person_name,
        "issued_line": str(texts.ISSUED_ON) % {"date": formats.date_format(issued, "j F Y")},
        "parts": version.content,
        "is_letter": version.kind == "letter",
        "letter_agreed": str(texts.LETTER_AGREED),
        "letter_signed": str(texts.LETTER_SIGNED),
        "letter_date": str(texts.LETTER_DATE),
    }


def render_html(version: PaperVersion, *, person_name: str, for_pdf: bool, extra: dict[str, Any] | None = None) -> str:
    with translation.override(version.language):
        context = document_context(version, person_name=person_name) | {"for_pdf": for_pdf} | (extra or {})
        return render_to_string("papers/document.html", context)


def render_pdf(version: PaperVersion, *, person_name: str) -> bytes:
    """The print page's template, through WeasyPrint, with the same stylesheet (its print rules: A4, margins)."""
    from weasyprint import CSS, HTML  # imported here: it loads pango, which only the download needs

    html = render_html(version, person_name=person_name, for_pdf=True)
    document = HTML(string=html, base_url=str(STYLESHEET.parent))
    pdf: bytes = document.write_pdf(stylesheets=[CSS(filename=str(STYLESHEET))])
    return pdf


def render_docx(version: PaperVersion, *, person_name: str) -> bytes:
    from docx import Document
    from docx.shared import Pt

    with translation.override(version.language):
        context = document_context(version, person_name=person_name)
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(14)
    properties = document.core_properties
    properties.title = context["title"]
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.language = version.language
    document.add_heading(context["title"], level=0)
    document.add_paragraph(person_name)
    for part in context["parts"]:
        document.add_heading(part["heading"], level=1)
        for line in part["lines"]:
            document.add_paragraph(line)
    if context["is_letter"]:
        document.add_paragraph(context["letter_agreed"])
        document.add_paragraph(f"{context['letter_signed']} ____________________")
        document.add_paragraph(f"{context['letter_date']} ____________________")
    document.add_paragraph(context["issued_line"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
