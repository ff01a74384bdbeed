"""Export → import round trips: the partner directory's own CSV and XLSX exports read back give the same records."""

from __future__ import annotations

import datetime

import pytest

from ipsgate.imports.kinds import CREATE, UNCHANGED, UPDATE
from ipsgate.imports.services import import_file, import_preview
from ipsgate.partners.exports import directory_csv, directory_xlsx, partner_row
from ipsgate.partners.models import Partner
from ipsgate.partners.services import partner_save


def directory(team) -> list[Partner]:
    partner_save(
        actor=team.leader,
        data={
            "name": "Leeds Housing Advice",
            "kind": "voluntary",
            "areas": "LS9, Leeds",
            "eligibility": "Anyone leaving prison",
            "how_to_refer": "Phone first",
            "contact_name": "Jo Bloggs",
            "phone": "0113 000 0000",
            "email": "jo@example.org",
            "website": "https://example.org",
            "opening_hours": "Mon to Fri",
            "community_mental_health_team": False,
        },
        pathways=["ACCOMMODATION", "FINANCE_AND_ID"],
        prisons=[team.prison],
    )
    partner_save(
        actor=team.leader,
        data={
            "name": "Closed Debt Help",
            "kind": "nhs",
            "areas": "LS1",
            "closed_on": datetime.date(2026, 1, 5),
            "community_mental_health_team": True,  # issue 18: counted with the health page's CMHT referrals
        },
        pathways=["HEALTH"],
        prisons=[],
    )
    return list(Partner.objects.order_by("name"))


def rows_of(partners) -> list[list[str]]:
    return [partner_row(p) for p in Partner.objects.filter(pk__in=[p.pk for p in partners]).order_by("name")]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_partner_directory_export_imports_back_unchanged(team, file_format):
    partners = directory(team)
    if file_format == "csv":
        data = directory_csv(partners, filename="partners").content
    else:
        data = directory_xlsx(partners, filename="partners", note="About").content
    preview = import_preview(actor=team.leader, kind="partners", file_name=f"partners.{file_format}", data=data)
    assert preview.ok, [(e.row, e.column, e.message) for e in preview.errors]
    assert [r.action for r in preview.results] == [UNCHANGED, UNCHANGED]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_partner_directory_export_recreates_the_same_partners(team, file_format):
    partners = directory(team)
    before = rows_of(partners)
    if file_format == "csv":
        data = directory_csv(partners, filename="partners").content
    else:
        data = directory_xlsx(partners, filename="partners", note="About").content
    Partner.objects.all().delete()
    done = import_file(actor=team.leader, kind="partners", file_name=f"partners.{file_format}", data=data)
    assert [r.action for r in done.results] == [CREATE, CREATE]
    assert rows_of(Partner.objects.all()) == before


def test_a_changed_cell_updates_only_that_partner(team):
    partners = directory(team)
    response = directory_csv(partners, filename="partners")
    data = response.content.decode().replace("Phone first", "Email first").encode()
    done = import_file(actor=team.leader, kind="partners", file_name="partners.csv", data=data)
    assert [r.action for r in done.results] == [UNCHANGED, UPDATE]
    assert Partner.objects.get(name="Leeds Housing Advice").how_to_refer == "Email first"


def test_the_community_mental_health_team_mark_round_trips_and_can_be_changed(team):
    partners = directory(team)
    text = directory_csv(partners, filename="partners").content.decode()
    assert text.splitlines()[0].endswith(",Community mental health team")
    lines = text.splitlines()
    assert lines[1].startswith("Closed Debt Help,") and lines[1].endswith(",Yes")  # by name: before "Leeds ..."
    lines[1] = lines[1].removesuffix(",Yes") + ",No"
    done = import_file(actor=team.leader, kind="partners", file_name="partners.csv", data="\n".join(lines).encode())
    assert not done.refused and not done.errors, (done.refused, [(e.row, e.column, e.message) for e in done.errors])
    assert [r.action for r in done.results] == [UPDATE, UNCHANGED]
    assert not Partner.objects.get(name="Closed Debt Help").community_mental_health_team
