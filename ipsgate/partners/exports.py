"""The partner directory as CSV and XLSX (issue 18 §4). The columns are the ones the bulk import will read back.
Every cell goes through the one spreadsheet guard (`core.spreadsheet`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse

from ipsgate.core.spreadsheet import Sheet, csv_response, guard, xlsx_response

from .models import Partner

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
    "Community mental health team",
)


def safe_cell(value: object) -> object:
    """A cell a spreadsheet will not run: the one guard (`core.spreadsheet.guard`)."""
    return guard(value)


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
        "Yes" if partner.community_mental_health_team else "No",
    ]


def directory_csv(partners: Iterable[Partner], *, filename: str) -> HttpResponse:
    return csv_response([COLUMNS, *(partner_row(partner) for partner in partners)], filename=f"{filename}.csv")


def directory_xlsx(partners: Iterable[Partner], *, filename: str, note: str) -> HttpResponse:
    sheets = [
        Sheet("Partners", [COLUMNS, *(partner_row(partner) for partner in partners)], heading_rows=1),
        Sheet("About", [[note]]),
    ]
    return xlsx_response(sheets, filename=f"{filename}.xlsx")
