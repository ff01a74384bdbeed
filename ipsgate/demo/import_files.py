"""Files for trying the bulk import in the demo (issue 21), written beside the demo database: a caseload of 20 new
people for teamleader1's team with 3 rows that have problems, the same file corrected, a prison release list
that moves two people's expected release dates, and a caseload file for people already in the service (a referral
accepted, a job goal changed, referral details that an import does not change). The columns are the import's
caseload and release-list templates (`ipsgate.imports.kinds`; the demo sits beside the imports app, not above it, so
they are written out here and `tests/imports/test_demo_files.py` checks the files against the import). Written
through `core.spreadsheet`, the one CSV writer."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from ipsgate.core.choices import Role, SiteKind
from ipsgate.core.models import Site, User
from ipsgate.core.scoping import sites_for, specialists_for
from ipsgate.core.spreadsheet import csv_response
from ipsgate.journey.models import VocationalProfile
from ipsgate.people.choices import CustodyStatus
from ipsgate.people.models import Episode, Participant

CASELOAD_HEADINGS = (
    "Prison number", "First name", "Last name", "Date of birth", "Site", "Custody status", "Expected release date",
    "Specialist", "Referral source", "Referral date", "Referrer name", "Wants paid work", "Accepted", "Job goal",
)  # fmt: skip
UPDATE_HEADINGS = ("Prison number", "Referrer name", "Accepted", "Job goal")
GOALS = ("Work outdoors, maybe landscaping", "Cooking in a busy kitchen", "Driving, once I have my licence back")
NAMES = (
    ("Adam", "Brook"), ("Bella", "Carter"), ("Callum", "Doyle"), ("Dina", "Evans"), ("Eli", "Fraser"),
    ("Fay", "Gill"), ("Gus", "Hart"), ("Hana", "Ives"), ("Ivan", "Jones"), ("Jade", "Khan"),
    ("Kyle", "Lowe"), ("Lena", "Moss"), ("Milo", "Nash"), ("Nina", "Owen"), ("Omar", "Price"),
    ("Pia", "Quinn"), ("Ravi", "Reed"), ("Sara", "Shaw"), ("Tom", "Tate"), ("Uma", "Vale"),
)  # fmt: skip
# Row numbers in the file (the headings are row 1) and what is wrong with each.
BAD_ROWS = {5: "date of birth 31/02/1990", 9: "specialist 'specialist9' does not exist", 14: "prison number 'D90X4'"}


def directory() -> Path:
    return Path(settings.VAR_DIR) / "demo-imports"


def _write(path: Path, rows: list[list[str]]) -> None:
    path.write_bytes(csv_response(rows, filename=path.name).content)


def write_import_files(*, today: datetime.date) -> list[Path]:
    """The three files, for teamleader1's team's prisons and specialists. Returns their paths."""
    leader = User.objects.filter(username="teamleader1", role=Role.TEAM_LEADER).first()
    if leader is None:
        return []
    prisons = list(sites_for(leader).filter(kind=SiteKind.PRISON).order_by("name"))
    specialists = list(specialists_for(leader).order_by("username"))
    if not prisons or not specialists:
        return []
    taken = set(Participant.objects.filter(prison_number__startswith="D9").values_list("prison_number", flat=True))
    numbers = [n for n in (f"D9{i:03d}XA" for i in range(1, 200)) if n not in taken][: len(NAMES)]
    good: list[list[str]] = []
    for index, ((given, family), number) in enumerate(zip(NAMES, numbers, strict=True)):
        prison = prisons[index % len(prisons)]
        good.append(
            [
                number,
                given,
                family,
                f"{1975 + index}-0{1 + index % 9}-1{index % 9}",
                prison.prison_code,
                "In custody",
                (today + datetime.timedelta(days=30 + 7 * index)).strftime("%d/%m/%Y"),
                specialists[index % len(specialists)].username,
                "Prison mental health in-reach team",
                (today - datetime.timedelta(days=3 + index)).isoformat(),
                "In-reach nurse",
                "yes",
                "yes" if index % 3 else "no",
                GOALS[index % len(GOALS)] if index % 4 == 1 and index % 3 else "",  # accepted people only
            ]  # fmt: skip
        )
    bad = [list(row) for row in good]
    bad[5 - 2][3] = "31/02/1990"
    bad[9 - 2][7] = "specialist9"
    bad[14 - 2][0] = "D90X4"
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "caseload-20-people-3-problems.csv", folder / "caseload-20-people.csv"]
    _write(paths[0], [list(CASELOAD_HEADINGS), *bad])
    _write(paths[1], [list(CASELOAD_HEADINGS), *good])
    moving = list(
        Participant.objects.visible_to(leader)
        .filter(custody_status=CustodyStatus.IN_CUSTODY, current_site__in=prisons, expected_release_date__gt=today)
        .filter(~Q(prison_number=""), episodes__end_date__isnull=True, allocated_specialist__isnull=False)
        .order_by("expected_release_date", "pk")[:2]
    )
    release_rows = [["Prison number", "Expected release date", "Release type"]]
    for person, shift in zip(moving, (14, -7), strict=False):
        expected = person.expected_release_date or today
        new_date = max(expected + datetime.timedelta(days=shift), today + datetime.timedelta(days=1))
        release_rows.append([person.prison_number, new_date.isoformat(), "Conditional release date"])
    release_rows.append(["Z9999ZZ", (today + datetime.timedelta(days=60)).isoformat(), "Conditional release date"])
    paths.append(folder / "release-list.csv")
    _write(paths[2], release_rows)
    paths.append(folder / "caseload-updates.csv")
    _write(paths[3], [list(UPDATE_HEADINGS), *_update_rows(leader, prisons)])
    return paths


def _update_rows(leader: User, prisons: list[Site]) -> list[list[str]]:
    """People already in the service: one whose latest referral awaits a decision (the file accepts it), one
    supported person with a new job goal, and one whose file names another referrer (noted, not changed)."""
    people = (
        Participant.objects.visible_to(leader)
        .filter(current_site__in=prisons, allocated_specialist__isnull=False)
        .exclude(prison_number="")
        .order_by("prison_number")
    )
    open_episode = Exists(Episode.objects.filter(participant=OuterRef("pk"), end_date__isnull=True))
    rows: list[list[str]] = []
    for person in people.filter(~open_episode, referrals__outcome="").distinct():
        latest = person.referrals.first()  # newest first
        if latest is not None and not latest.outcome:
            rows.append([person.prison_number, "", "yes", ""])
            break
    supported = list(people.filter(open_episode)[:2])
    if supported:
        profile = VocationalProfile.objects.filter(participant=supported[0]).first()
        goal = next(g for g in GOALS if profile is None or g != profile.job_goal)
        rows.append([supported[0].prison_number, "", "", goal])
    if len(supported) > 1:
        rows.append([supported[1].prison_number, "A different referrer", "", ""])
    return rows
