"""A team (leader, two specialists, one prison) and another team's prison and specialist, for the import tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from openpyxl import Workbook

from ipsgate.core.models import Site, User
from tests import factories

CASELOAD_HEADINGS = (
    "Prison number",
    "First name",
    "Last name",
    "Date of birth",
    "Site",
    "Custody status",
    "Expected release date",
    "Specialist",
    "Referral source",
    "Referral date",
    "Referrer name",
    "Wants paid work",
    "Accepted",
)


@dataclass
class Team:
    leader: User
    specialist: User
    prison: Site
    other_prison: Site
    other_specialist: User
    manager: User


@pytest.fixture
def team(db) -> Team:
    prison = factories.SiteFactory.create(name="HMP Hillside", prison_code="HIL")
    other_prison = factories.SiteFactory.create(name="HMP Lowmoor", prison_code="LOW")
    leader = factories.TeamLeaderFactory.create(site=prison, username="leader")
    own_team = factories.TeamFactory.create(leader=leader, sites=[prison])
    specialist = factories.SpecialistFactory.create(site=prison, username="sam.spec", team=own_team)
    other_leader = factories.TeamLeaderFactory.create(site=other_prison)
    other_specialist = factories.SpecialistFactory.create(site=other_prison, username="olly.other")
    other_team = factories.TeamFactory.create(leader=other_leader, sites=[other_prison])
    other_specialist.team = other_team
    other_specialist.save()
    return Team(
        leader=leader,
        specialist=specialist,
        prison=prison,
        other_prison=other_prison,
        other_specialist=other_specialist,
        manager=factories.ServiceManagerFactory.create(),
    )


def csv_bytes(rows: Sequence[Sequence[object]], *, encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))  # type: ignore[union-attr]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def caseload_row(number: str, given: str = "Sam", *, site: str = "HIL", specialist: str = "sam.spec", **over: str):
    values = {
        "Prison number": number,
        "First name": given,
        "Last name": "Example",
        "Date of birth": "1990-03-27",
        "Site": site,
        "Custody status": "In custody",
        "Expected release date": "2030-01-15",
        "Specialist": specialist,
        "Referral source": "Prison mental health in-reach team",
        "Referral date": "2026-01-02",
        "Referrer name": "A Nurse",
        "Wants paid work": "yes",
        "Accepted": "yes",
        **over,
    }
    return [values[h] for h in CASELOAD_HEADINGS]
