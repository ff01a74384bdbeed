"""The partner directory as CSV and XLSX (issue 18 §4). The columns are the ones the bulk import will read back.

There is no shared spreadsheet-cell guard in `core` yet, so `safe_cell` is the guard for these files: text that a
spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return) is prefixed with an
apostrophe, which spreadsheets show as plain text. Move it to `core` when a second app needs it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from .models import Partner

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = (
    "Name",
    "Kind",
    "Pathways",
    "Prison codes",
    "Prisons",
    "Areas",
    "Who they take",
    "How to refer",
    "Named contact",
    "Phone",
    "Email",
    "Website",
    "Referral form",
    "Opening hours",
    "Status",
    "Closed on",
)


def safe_cell(value: object) -> object:
    """A cell a spreadsheet will not run: formula-like text gets a leading apostrophe; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def partner_row(partner: Partner) -> list[str]:
    """One partner as the export's cells (uses the prefetched pathways and prisons)."""
    prisons = list(partner.prisons.all())
    return [
        partner.name,
        partner.get_kind_display(),
        "; ".join(p.get_pathway_display() for p in partner.pathways.all()),
        "; ".join(site.prison_code for site in prisons),
        "; ".join(site.name for site in prisons),
        partner.areas,
        partner.eligibility,
        partner.how_to_refer,
        partner.contact_name,
        partner.phone,
        partner.email,
        partner.website,
        partner.referral_form,
        partner.opening_hours,
        "Active" if partner.is_active else "Closed",
        partner.closed_on.isoformat() if partner.closed_on else "",
    ]


def directory_csv(partners: Iterable[Partner], *, filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    for partner in partners:
        writer.writerow([safe_cell(cell) for cell in partner_row(partner)])
    return response


def directory_xlsx(partners: Iterable[Partner], *, filename: str, note: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "Partners"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for partner in partners:
        sheet.append([safe_cell(cell) for cell in partner_row(partner)])
    about = workbook.create_sheet("About")
    about.append([safe_cell(note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
