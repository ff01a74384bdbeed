"""Synthetic services: the small demo service (`ipsgate demo`) and national-scale data (`ipsgate generate`).

Everything is drawn from one seeded random generator and dated relative to one `as_of` day, so the
same seed and day always give the same data. Rows are written with `bulk_create` in batches, so
100,000 participants are practical. All names are invented.
"""

from __future__ import annotations

import json
import random
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import accumulate, combinations
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction

from ipsgate.advice.models import ConvictionRecord
from ipsgate.core.choices import Role, SiteKind
from ipsgate.core.models import Site, Team, User
from ipsgate.core.services import configuration_permissions
from ipsgate.demo import employers_generator
from ipsgate.demo.advice_generator import write_better_off_checks
from ipsgate.demo.journey_generator import write_demo_scenarios, write_journey
from ipsgate.demo.mentoring_generator import write_demo_mentors
from ipsgate.demo.mentoring_value_generator import write_demo_mentoring_through_the_gate
from ipsgate.demo.outcomes_generator import write_outcome_scenarios
from ipsgate.demo.papers_generator import write_demo_papers
from ipsgate.demo.partners_generator import write_demo_partners, write_demo_referrals
from ipsgate.demo.planning_generator import write_planning_for_everyone, write_planning_scenarios
from ipsgate.demo.privacy_generator import write_data_protection
from ipsgate.demo.rows import bulk_load, insert_instances
from ipsgate.demo.rows import insert_rows as _insert_rows
from ipsgate.demo.rows import write_rows as _write_rows
from ipsgate.demo.service_accounts import write_demo_service_accounts
from ipsgate.jobs.models import Job
from ipsgate.journey.choices import ContactMode, ContactTopic, ContactWith
from ipsgate.journey.models import SupportContact
from ipsgate.people.choices import ClosureReason, CustodyStatus, ReferralOutcome, ReferralSource
from ipsgate.people.models import Episode, Participant, Referral
from ipsgate.rules.calendar import add_months
from ipsgate.rules.disclosure import Disposal

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 - published demo log-in, created only by `ipsgate demo`
BATCH_SIZE = 2000

GIVEN_NAMES = [
    "Aaron",
    "Abdul",
    "Adam",
    "Aiden",
    "Ali",
    "Amir",
    "Andre",
    "Andrew",
    "Anthony",
    "Ashley",
    "Ben",
    "Billy",
    "Bradley",
    "Callum",
    "Carl",
    "Chris",
    "Connor",
    "Craig",
    "Daniel",
    "Darren",
    "Darnell",
    "David",
    "Dean",
    "Declan",
    "Dwayne",
    "Elliot",
    "Emmanuel",
    "Gary",
    "Grant",
    "Harvey",
    "Imran",
    "Jack",
    "Jake",
    "Jamal",
    "James",
    "Jamie",
    "Jason",
    "Jermaine",
    "Joel",
    "John",
    "Jordan",
    "Joseph",
    "Kai",
    "Karl",
    "Kieran",
    "Kyle",
    "Lee",
    "Leon",
    "Liam",
    "Luke",
    "Marcus",
    "Mark",
    "Martin",
    "Mason",
    "Michael",
    "Mohammed",
    "Nathan",
    "Neil",
    "Omar",
    "Paul",
    "Reece",
    "Richard",
    "Ricky",
    "Robert",
    "Ryan",
    "Sam",
    "Scott",
    "Sean",
    "Shane",
    "Simon",
    "Stephen",
    "Steven",
    "Stuart",
    "Terry",
    "Thomas",
    "Tom",
    "Tony",
    "Tyrone",
    "Wayne",
    "Zak",
    "Amy",
    "Chloe",
    "Claire",
    "Danielle",
    "Emma",
    "Gemma",
    "Jade",
    "Kayleigh",
    "Kelly",
    "Laura",
    "Leanne",
    "Lisa",
    "Nicola",
    "Rachel",
    "Sarah",
    "Stacey",
    "Tanya",
    "Zoe",
]
FAMILY_NAMES = [
    "Ahmed",
    "Ali",
    "Allen",
    "Atkinson",
    "Bailey",
    "Baker",
    "Barnes",
    "Bell",
    "Bennett",
    "Brown",
    "Butler",
    "Campbell",
    "Carter",
    "Clarke",
    "Collins",
    "Cooper",
    "Cox",
    "Davies",
    "Dixon",
    "Edwards",
    "Ellis",
    "Evans",
    "Fisher",
    "Foster",
    "Fox",
    "Gray",
    "Green",
    "Griffiths",
    "Hall",
    "Harris",
    "Harrison",
    "Hill",
    "Holmes",
    "Hughes",
    "Hussain",
    "Jackson",
    "James",
    "Johnson",
    "Jones",
    "Kaur",
    "Kelly",
    "Khan",
    "King",
    "Knight",
    "Lee",
    "Lewis",
    "Marshall",
    "Martin",
    "Mason",
    "Matthews",
    "Miller",
    "Mitchell",
    "Moore",
    "Morgan",
    "Morris",
    "Murphy",
    "Murray",
    "Owen",
    "Palmer",
    "Parker",
    "Patel",
    "Phillips",
    "Powell",
    "Price",
    "Reid",
    "Richards",
    "Roberts",
    "Robinson",
    "Rogers",
    "Russell",
    "Scott",
    "Shaw",
    "Simpson",
    "Singh",
    "Smith",
    "Stevens",
    "Taylor",
    "Thomas",
    "Thompson",
    "Turner",
    "Walker",
    "Ward",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]
PREFERRED = {
    "Michael": "Mick",
    "Anthony": "Tony",
    "Robert": "Rob",
    "Daniel": "Dan",
    "Christopher": "Chris",
    "Thomas": "Tommy",
    "Joseph": "Joe",
    "Samuel": "Sam",
    "Nicola": "Nicky",
    "Stephen": "Steve",
}
EMPLOYERS = (
    ("Northern Logistics Ltd", "Warehouse operative"),
    ("Greenway Landscapes", "Grounds maintenance operative"),
    ("The Corner Kitchen", "Kitchen porter"),
    ("Brightside Construction", "Labourer (CSCS)"),
    ("CleanSweep Facilities", "Cleaning operative"),
    ("Aire Valley Recycling", "Recycling sorter"),
    ("Pennine Removals", "Removals driver's mate"),
    ("Fresh Bake Bakery", "Production operative"),
    ("City Cycle Repairs", "Bike mechanic trainee"),
    ("Harbour Café", "Barista"),
    ("Moorside Garden Centre", "Retail assistant"),
    ("Ridings Car Wash", "Valeter"),
    ("Westgate Print", "Print finisher"),
    ("Calder Scaffolding", "Scaffolder trainee"),
    ("Kirkgate Market Traders", "Market stall assistant"),
    ("Millstone Kitchens", "Fitter's mate"),
)
REFERRERS = (
    "Dr A. Okafor",
    "Sam Whitfield RMN",
    "Priya Shah",
    "Tom Hargreaves",
    "Beth Lowe RMN",
    "Kwame Mensah",
)


@dataclass(frozen=True)
class SiteSpec:
    name: str
    kind: SiteKind
    prison_code: str = ""


@dataclass(frozen=True)
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    role: Role
    site: str | None  # site name
    team: str | None  # team name


DEMO_SITES = (
    SiteSpec("HMP Leeds", SiteKind.PRISON, "LEI"),
    SiteSpec("HMP Hull", SiteKind.PRISON, "HLI"),
    SiteSpec("HMP Humber", SiteKind.PRISON, "HMI"),
    SiteSpec("Leeds Probation Delivery Unit", SiteKind.PROBATION_OFFICE),
    SiteSpec("Leeds IPS Community Team", SiteKind.COMMUNITY_TEAM),
)
DEMO_TEAM = "Yorkshire IPS Through the Gate"
DEMO_STAFF = (
    StaffSpec("specialist1", "Aisha", "Rahman", Role.SPECIALIST, "HMP Leeds", DEMO_TEAM),
    StaffSpec("specialist2", "Gareth", "Pryce", Role.SPECIALIST, "HMP Hull", DEMO_TEAM),
    StaffSpec("specialist3", "Nadia", "Kowalski", Role.SPECIALIST, "Leeds IPS Community Team", DEMO_TEAM),
    StaffSpec("specialist4", "Owen", "Fairclough", Role.SPECIALIST, "HMP Humber", DEMO_TEAM),
    StaffSpec("specialist5", "Grace", "Adeyemi", Role.SPECIALIST, "Leeds Probation Delivery Unit", DEMO_TEAM),
    StaffSpec("specialist6", "Tariq", "Mahmood", Role.SPECIALIST, "HMP Leeds", DEMO_TEAM),
    StaffSpec("teamleader1", "Helen", "Marsh", Role.TEAM_LEADER, "Leeds IPS Community Team", None),
    StaffSpec("manager1", "Robert", "Ashworth", Role.SERVICE_MANAGER, None, None),
    StaffSpec("clinician1", "Femi", "Oladipo", Role.CLINICIAN, "HMP Leeds", None),
    StaffSpec("probation1", "Claire", "Denholm", Role.PROBATION_PRACTITIONER, "Leeds Probation Delivery Unit", None),
    StaffSpec("analyst1", "Ian", "Cho", Role.ANALYST, None, None),
    StaffSpec("admin1", "Megan", "Doyle", Role.ADMINISTRATOR, None, None),
    # Peer mentors' own accounts (issue 17 §2), linked to their mentor records by `write_demo_mentors`.
    StaffSpec("mentor1", "Sam", "Okafor", Role.MENTOR, None, None),
    StaffSpec("mentor2", "Dev", "Patel", Role.MENTOR, None, None),
)

SOURCE_BOUNDS = (60, 70, 85, 95)  # referral sources in ReferralSource order: 60%, 10%, 15%, 10%, 5%

# Share of participants at each stage of the journey.
STAGE_WEIGHTS = (
    ("referred", 10),
    ("engaged_pre_release", 27),
    ("just_released", 12),
    ("job_searching", 22),
    ("in_work", 16),
    ("closed", 10),
    ("not_accepted", 3),
)


@dataclass
class GenerateSummary:
    sites: int = 0
    staff: int = 0
    participants: int = 0
    referrals: int = 0
    episodes: int = 0
    contacts: int = 0
    jobs: int = 0
    profiles: int = 0
    employers: int = 0
    vacancies: int = 0
    applications: int = 0
    employer_contacts: int = 0
    staff_logins: list[StaffSpec] = field(default_factory=list)


T = TypeVar("T", bound=models.Model)


def _batched(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Builder:
    """Draws the service from one random generator; the order of draws fixes the data for a seed."""

    def __init__(self, *, seed: int, as_of: date, contacts_per_person: float) -> None:
        self.rng = random.Random(seed)
        self.as_of = as_of
        self.contacts_per_person = contacts_per_person
        self.prison_numbers: set[str] = set()
        self.employer_ids: dict[str, int] = {}  # employer name → id, for the jobs written in batches

    def prison_number(self) -> str:
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        while True:
            number = (
                self.rng.choice(letters)
                + f"{self.rng.randrange(10000):04d}"
                + self.rng.choice(letters)
                + self.rng.choice(letters)
            )
            if number not in self.prison_numbers:
                self.prison_numbers.add(number)
                return number

    def days_ago(self, low: int, high: int) -> date:
        return self.as_of - timedelta(days=self.rng.randint(low, high))

    def days_ahead(self, low: int, high: int) -> date:
        return self.as_of + timedelta(days=self.rng.randint(low, high))

    def at_time(self, day: date) -> datetime:
        return datetime.combine(day, time(self.rng.randint(9, 16), self.rng.choice((0, 15, 30, 45))), tzinfo=UTC)


def national_sites(people: int, rng: random.Random) -> list[SiteSpec]:
    """About one prison per 1,000 participants, with probation offices and community teams alongside."""
    prisons = max(3, people // 1000)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    codes = ["".join(letters[n // 26**k % 26] for k in (2, 1, 0)) for n in rng.sample(range(26**3), prisons)]
    sites = [SiteSpec(f"HMP Synthetic {index + 1:03d}", SiteKind.PRISON, code) for index, code in enumerate(codes)]
    sites += [
        SiteSpec(f"Probation Office {i + 1:03d}", SiteKind.PROBATION_OFFICE) for i in range(max(1, people // 4000))
    ]
    sites += [SiteSpec(f"Community Team {i + 1:03d}", SiteKind.COMMUNITY_TEAM) for i in range(max(1, people // 2000))]
    return sites


def national_staff(sites: list[SiteSpec], people: int) -> list[StaffSpec]:
    """One specialist per ~18 participants spread over sites; one team (and leader) per ~10 specialists."""
    specialists = max(len(sites), people // 18)
    teams = max(1, specialists // 10)
    staff = [
        StaffSpec(
            f"s{index + 1:05d}",
            "Specialist",
            f"{index + 1:05d}",
            Role.SPECIALIST,
            sites[index % len(sites)].name,
            f"Team {index % teams + 1:04d}",
        )
        for index in range(specialists)
    ]
    staff += [
        StaffSpec(f"tl{index + 1:04d}", "Team leader", f"{index + 1:04d}", Role.TEAM_LEADER, None, None)
        for index in range(teams)
    ]
    staff.append(StaffSpec("analyst", "Analyst", "One", Role.ANALYST, None, None))
    return staff


def generate_service(
    *,
    people: int,
    seed: int,
    as_of: date,
    demo: bool = False,
    contacts_per_person: float = 6.0,
    progress: Callable[[int], object] | None = None,
    employers: int = 0,
    vacancies: int = 0,
) -> GenerateSummary:
    """Write a whole synthetic service into an empty database, in one transaction."""
    with bulk_load():
        return _generate_service(
            people=people,
            seed=seed,
            as_of=as_of,
            demo=demo,
            contacts_per_person=contacts_per_person,
            progress=progress,
            employers=employers,
            vacancies=vacancies,
        )


@transaction.atomic
def _generate_service(
    *,
    people: int,
    seed: int,
    as_of: date,
    demo: bool,
    contacts_per_person: float,
    progress: Callable[[int], object] | None,
    employers: int,
    vacancies: int,
) -> GenerateSummary:
    if Participant.objects.exists() or Site.objects.exists():
        raise ValueError("The database already holds a service; generate into an empty database.")
    builder = _Builder(seed=seed, as_of=as_of, contacts_per_person=contacts_per_person)
    rng = builder.rng
    summary = GenerateSummary()

    site_specs = list(DEMO_SITES) if demo else national_sites(people, rng)
    sites = Site.objects.bulk_create(Site(name=s.name, kind=s.kind, prison_code=s.prison_code) for s in site_specs)
    site_by_name = {site.name: site for site in sites}
    summary.sites = len(sites)

    staff_specs = list(DEMO_STAFF) if demo else national_staff(site_specs, people)
    password = make_password(DEMO_PASSWORD) if demo else make_password(None)  # unusable outside the demo
    team_names = sorted({s.team for s in staff_specs if s.team})
    teams = Team.objects.bulk_create(Team(name=name) for name in team_names)
    team_by_name = {team.name: team for team in teams}
    users = User.objects.bulk_create(
        User(
            username=s.username,
            first_name=s.first_name,
            last_name=s.last_name,
            role=s.role,
            password=password,
            site=site_by_name.get(s.site or ""),
            team=team_by_name.get(s.team or ""),
            is_staff=s.role == Role.ADMINISTRATOR,
            email=f"{s.username}@ipsgate.invalid",
        )
        for s in staff_specs
    )
    summary.staff = len(users)
    summary.staff_logins = staff_specs if demo else []
    _lead_teams(users, teams, demo=demo)
    _grant_configuration_permissions([u for u in users if u.role == Role.ADMINISTRATOR])

    specialists = [u for u in users if u.role == Role.SPECIALIST]
    by_site: dict[int, list[User]] = {}
    for specialist in specialists:
        by_site.setdefault(specialist.site_id or 0, []).append(specialist)
    prisons = [s for s in sites if s.kind == SiteKind.PRISON]
    community_sites = [s for s in sites if s.kind != SiteKind.PRISON]
    community_specialists = [u for s in community_sites for u in by_site.get(s.pk, [])]
    probation = [u for u in users if u.role == Role.PROBATION_PRACTITIONER]
    stages, weights = zip(*STAGE_WEIGHTS, strict=True)
    bounds, total = list(accumulate(weights)), sum(weights)  # a weighted choice from one random() per person
    # Employers, vacancies and (for the demo) applications, contacts and checks: see employers_generator.
    employer_plan = employers_generator.EmployerPlan(
        seed=seed, as_of=as_of, demo=demo, employers=employers, vacancies=vacancies, job_employers=EMPLOYERS
    )
    builder.employer_ids = employers_generator.write_employers(employer_plan, specialists, sites)

    done = 0
    for start in range(0, people, BATCH_SIZE):
        count = min(BATCH_SIZE, people - start)
        plans = [
            _plan_participant(
                builder,
                stages[bisect(bounds, rng.random() * total)],
                prisons,
                community_sites,
                by_site,
                community_specialists,
                probation,
            )
            for _ in range(count)
        ]
        _write_batch(builder, plans, summary)
        summary.profiles += write_journey(builder, plans, prisons=prisons, demo=demo, insert_rows=_insert_rows)
        if demo:
            _write_convictions(builder, plans)
        done += count
        if progress:
            progress(count)
    write_data_protection(seed=seed, as_of=as_of)
    if demo:
        scenarios = write_demo_scenarios(
            as_of=as_of,
            specialist=next(u for u in users if u.username == DEMO_STAFF[0].username),
            prison=site_by_name["HMP Leeds"],
            community=site_by_name["Leeds IPS Community Team"],
        )
        done += len(scenarios)
        write_better_off_checks(as_of=as_of, specialist=next(u for u in users if u.username == DEMO_STAFF[0].username))
        done += len(
            write_outcome_scenarios(
                as_of=as_of,
                specialist=next(u for u in users if u.username == DEMO_STAFF[1].username),
                prison=site_by_name["HMP Hull"],
                community=site_by_name["Leeds IPS Community Team"],
            )
        )
        # Planning ahead (issue 16): appointments, contact details, the release checklist, handovers, sex.
        done += len(write_planning_scenarios(as_of=as_of, staff={u.username: u for u in users}, sites=site_by_name))
        write_planning_for_everyone(seed=seed, as_of=as_of, specialist=users[0])
        mentors = write_demo_mentors(as_of=as_of, site_by_name=site_by_name)
        write_demo_mentoring_through_the_gate(as_of=as_of, mentors=mentors, fallback=users[0])
        write_demo_service_accounts()  # API tokens (issue 20): admin1 issues its token in the admin screens
    if demo:  # the directory of partner organisations, kept by the team leader (issue 18)
        leader = next(u for u in users if u.role == Role.TEAM_LEADER)
        write_demo_partners(keeper=leader, sites=sites, as_of=as_of)
        write_demo_referrals(specialist=next(u for u in users if u.username == DEMO_STAFF[0].username), as_of=as_of)
        # The person's own papers (issue 19): plans (one in Welsh), a CV and a disclosure letter for specialist1.
        write_demo_papers(specialist=next(u for u in users if u.username == DEMO_STAFF[0].username), as_of=as_of)
    summary.participants = done
    employers_generator.write_activity(employer_plan, builder.employer_ids, summary)
    return summary


def _grant_configuration_permissions(administrators: list[User]) -> None:
    """Administrators configure staff, sites, teams and benefit rates, the evaluation trial and service-account
    tokens in the admin screens, and read the authentication event log and the changes to staff access (no case
    data)."""
    if not administrators:
        return
    permissions = configuration_permissions()
    for administrator in administrators:
        administrator.user_permissions.set(permissions)


def _lead_teams(users: list[User], teams: list[Team], *, demo: bool) -> None:
    leaders = [u for u in users if u.role == Role.TEAM_LEADER]
    for index, team in enumerate(teams):
        team.leader = leaders[index % len(leaders)] if leaders else None
    Team.objects.bulk_update(teams, ["leader"])
    # A team covers the sites its members work at (the demo team covers every demo site).
    links = []
    for team in teams:
        site_ids = sorted({u.site_id for u in users if u.team_id == team.pk and u.site_id})
        links += [Team.sites.through(team_id=team.pk, site_id=site_id) for site_id in site_ids]
    Team.sites.through.objects.bulk_create(links)
    if demo and teams:
        leader = teams[0].leader
        if leader is not None:
            leader.team = teams[0]
            leader.save(update_fields=["team"])


@dataclass
class _Plan:
    participant: Participant
    stage: str
    referral_date: date
    outcome: str
    outcome_date: date | None
    episode_end: date | None
    closure_reason: str
    job: tuple[str, str, date, date | None] | None
    contact_days: list[date]
    specialist: User
    prison: Site  # the prison the person was (or is) in: jobs record it for the employment register


def _plan_participant(
    b: _Builder,
    stage: str,
    prisons: list[Site],
    community_sites: list[Site],
    by_site: dict[int, list[User]],
    community_specialists: list[User],
    probation: list[User],
) -> _Plan:
    rng = b.rng
    given = rng.choice(GIVEN_NAMES)
    prison = rng.choice(prisons)
    prison_specialists = by_site.get(prison.pk) or community_specialists
    specialist = rng.choice(prison_specialists)
    born = b.as_of - timedelta(days=rng.randint(19 * 365, 58 * 365))
    participant = Participant(
        given_name=given,
        family_name=rng.choice(FAMILY_NAMES),
        preferred_name=PREFERRED.get(given, "") if rng.random() < 0.5 else "",
        date_of_birth=born,
        prison_number=b.prison_number(),
        current_site=prison,
        custody_status=CustodyStatus.IN_CUSTODY,
    )
    outcome, outcome_date, episode_end, closure_reason = "", None, None, ""
    job: tuple[str, str, date, date | None] | None = None
    contacts: list[date] = []

    def released(low: int, high: int) -> date:
        nonlocal specialist
        day = b.days_ago(low, high)
        participant.actual_release_date = day
        participant.expected_release_date = day
        participant.custody_status = (
            CustodyStatus.RELEASED_ON_LICENCE if rng.random() < 0.8 else CustodyStatus.IN_COMMUNITY
        )
        participant.current_site = rng.choice(community_sites)
        # Through the gate: most stay with their prison specialist; some move to a community specialist.
        if community_specialists and rng.random() < 0.5:
            specialist = rng.choice(community_specialists)
        if probation and rng.random() < 0.5:
            participant.probation_practitioner = rng.choice(probation)
        return day

    if stage == "referred":
        participant.expected_release_date = b.days_ahead(10, 150)
        referral_date = b.days_ago(0, 12)
    elif stage == "engaged_pre_release":
        participant.expected_release_date = b.days_ahead(0, 180)
        referral_date = b.days_ago(20, 120)
        outcome, outcome_date = ReferralOutcome.ACCEPTED, referral_date + timedelta(days=rng.randint(2, 14))
        contacts = _contact_days(b, outcome_date, b.as_of, skip_chance=0.12)
    else:
        low, high = {
            "just_released": (0, 14),
            "job_searching": (15, 200),
            "in_work": (30, 420),
            "closed": (60, 500),
            "not_accepted": (0, 300),
        }[stage]
        release = released(low, high)
        referral_date = release - timedelta(days=rng.randint(30, 150))
        if stage == "not_accepted":
            outcome = rng.choice(
                (
                    ReferralOutcome.DECLINED_BY_PERSON,
                    ReferralOutcome.UNABLE_TO_CONTACT,
                    ReferralOutcome.WITHDRAWN,
                )
            )
            outcome_date = referral_date + timedelta(days=rng.randint(3, 21))
        else:
            outcome, outcome_date = (
                ReferralOutcome.ACCEPTED,
                referral_date + timedelta(days=rng.randint(2, 14)),
            )
            if stage == "in_work" or (stage == "closed" and rng.random() < 0.4):
                employer, title = rng.choice(EMPLOYERS)
                job_start = release + timedelta(days=rng.randint(7, max(8, (b.as_of - release).days - 1)))
                job_start = min(job_start, b.as_of)
                job = (employer, title, job_start, None)
            if stage == "closed":
                episode_end = min(b.as_of, release + timedelta(days=rng.randint(20, 300)))
                closure_reason = rng.choice([c for c in ClosureReason.values if c != ClosureReason.DIED])
                if job:
                    job = (job[0], job[1], min(job[2], episode_end), episode_end)
            contacts = _contact_days(b, outcome_date, episode_end or b.as_of, skip_chance=0.05)
    participant.allocated_specialist = specialist
    return _Plan(
        participant,
        stage,
        referral_date,
        outcome,
        outcome_date,
        episode_end,
        closure_reason,
        job,
        contacts,
        specialist,
        prison,
    )


def _contact_days(b: _Builder, start: date, end: date, *, skip_chance: float) -> list[date]:
    """Contact dates between the start of support and `end`; some people have none recorded yet."""
    rng = b.rng
    if rng.random() < skip_chance or end <= start:
        return []
    span = (end - start).days + 1
    count = max(1, round(rng.expovariate(1 / b.contacts_per_person)))
    r = rng.random  # int(r() * n) instead of randint: the hot loop at national scale draws millions of these
    base = start.toordinal()
    return [date.fromordinal(base + offset) for offset in sorted(int(r() * span) for _ in range(count))]


def _write_batch(b: _Builder, plans: list[_Plan], summary: GenerateSummary) -> None:
    rng = b.rng
    participants = [p.participant for p in plans]
    insert_instances(Participant, participants)
    sources = ReferralSource.values
    referrals = [
        Referral(
            participant=participant,
            source=sources[bisect(SOURCE_BOUNDS, rng.random() * 100)],
            referral_date=plan.referral_date,
            referrer_name=rng.choice(REFERRERS),
            referrer_organisation=f"{plan.participant.current_site.name} mental health in-reach"
            if plan.stage in ("referred", "engaged_pre_release")
            else "",
            wants_paid_work=plan.outcome != ReferralOutcome.DECLINED_BY_PERSON,
            outcome=plan.outcome,
            outcome_date=plan.outcome_date,
            received_by=plan.specialist,
        )
        for plan, participant in zip(plans, participants, strict=True)
    ]
    insert_instances(Referral, referrals)
    episodes = [
        (participant.pk, referral.pk, plan.outcome_date, plan.episode_end, plan.closure_reason)
        for plan, participant, referral in zip(plans, participants, referrals, strict=True)
        if plan.outcome == ReferralOutcome.ACCEPTED and plan.outcome_date
    ]
    _insert_rows(Episode, ("participant", "referral", "start_date", "end_date", "closure_reason"), episodes)
    jobs = [
        (
            participant.pk,
            b.employer_ids[plan.job[0]],
            plan.job[1],
            plan.job[2],
            plan.job[3],
            Decimal(rng.choice((16, 20, 24, 30, 37.5, 40))),
            Decimal(rng.randint(1271, 1550)) / 100,
            rng.random() < 0.93,
            *employers_generator.job_extra_columns(plan.job[2], plan.job[3], plan.prison.pk, b.as_of),
        )
        for plan, participant in zip(plans, participants, strict=True)
        if plan.job
    ]
    job_fields = (
        "participant", "employer", "job_title", "start_date", "end_date", "hours_per_week", "hourly_pay",
        "competitive", *employers_generator.JOB_EXTRA_FIELDS,
    )  # fmt: skip
    _insert_rows(Job, job_fields, jobs)
    contacts = _contact_rows(b, plans, participants)
    contact_fields = (
        "participant", "recorded_by", "occurred_at", "contact_with", "mode", "duration_minutes", "took_place",
        "topics", "note",
    )  # fmt: skip
    _write_rows(SupportContact, contact_fields, contacts)
    summary.referrals += len(referrals)
    summary.episodes += len(episodes)
    summary.jobs += len(jobs)
    summary.contacts += len(contacts)


CONTACT_TOPICS = [t.value for t in ContactTopic if t != ContactTopic.OTHER]
# Every set of one, two or three topics, already as JSON: a contact records one to three.
TOPIC_SETS = [[json.dumps(list(chosen)) for chosen in combinations(CONTACT_TOPICS, size)] for size in (1, 2, 3)]
COMMUNITY_MODES = (ContactMode.IN_COMMUNITY, ContactMode.PHONE, ContactMode.AT_WORKPLACE, ContactMode.MESSAGE)
CONTACT_SLOTS = [(hour, minute) for hour in range(9, 17) for minute in (0, 15, 30, 45)]


def _contact_rows(b: _Builder, plans: list[_Plan], participants: list[Participant]) -> list[tuple[Any, ...]]:
    """Support contact rows, ready for the database. This is the hot loop at national scale (about two million
    rows): each draw is one `random()`, and times and topic lists are adapted once and reused."""
    r = b.rng.random
    adapt = connection.ops.adapt_datetimefield_value
    stamps: dict[tuple[date, int], Any] = {}
    slots = len(CONTACT_SLOTS)
    with_values = ContactWith.values
    modes = [m.value for m in COMMUNITY_MODES]
    durations = (15, 30, 45, 60)
    in_prison, participant_value = ContactMode.IN_PRISON.value, ContactWith.PARTICIPANT.value
    rows: list[tuple[Any, ...]] = []
    append = rows.append
    for plan, participant in zip(plans, participants, strict=True):
        released = plan.participant.actual_release_date
        person, specialist = participant.pk, plan.specialist.pk
        for day in plan.contact_days:
            mode = in_prison if released is None or day < released else modes[int(r() * 4)]
            key = (day, int(r() * slots))
            stamp = stamps.get(key)
            if stamp is None:
                hour, minute = CONTACT_SLOTS[key[1]]
                stamp = stamps[key] = adapt(datetime.combine(day, time(hour, minute), tzinfo=UTC))
            topics = TOPIC_SETS[int(r() * 3)]
            append(
                (
                    person,
                    specialist,
                    stamp,
                    participant_value if r() < 0.8 else with_values[int(r() * len(with_values))],
                    mode,
                    durations[int(r() * 4)],
                    r() < 0.9,
                    topics[int(r() * len(topics))],
                    "",
                )
            )
    return rows


# (description, summary only) for invented records; the sentence decides the rules, not the offence.
INDEX_OFFENCES = (
    ("Burglary of a dwelling", False),
    ("Theft from a shop", False),
    ("Possession of a class A drug with intent to supply", False),
    ("Assault occasioning actual bodily harm", False),
    ("Handling stolen goods", False),
    ("Robbery", False),
)
EARLIER_OFFENCES = (
    ("Common assault", True),
    ("Criminal damage", False),
    ("Driving while disqualified", True),
    ("Possession of cannabis", False),
    ("Theft from a shop", False),
)


def _write_convictions(b: _Builder, plans: list[_Plan]) -> None:
    """Demo only: each participant's current prison sentence plus up to two earlier disposals, so the
    Convictions and disclosure page has realistic material (some spent, some not)."""
    rng = b.rng
    records = []
    for plan in plans:
        person = plan.participant
        release = person.actual_release_date or person.expected_release_date or b.as_of
        length = rng.choice((4, 8, 12, 18, 24, 30, 36, 48, 60))
        convicted = add_months(release, -max(1, length // 2))
        description, summary_only = rng.choice(INDEX_OFFENCES)
        records.append(
            ConvictionRecord(
                participant=person,
                description=description,
                conviction_date=convicted,
                disposal=Disposal.CUSTODY.value,
                length_months=length,
                sentence_end=add_months(convicted, length),
                recorded_by=plan.specialist,
                summary_only=summary_only,
            )
        )
        earliest = add_months(person.date_of_birth, 15 * 12)  # nobody is convicted before 15 here
        for _ in range(rng.choice((0, 1, 1, 2))):
            span = (convicted - earliest).days
            if span < 60:
                break
            when = earliest + timedelta(days=rng.randint(0, span - 30))
            description, summary_only = rng.choice(EARLIER_OFFENCES)
            disposal = rng.choice(
                (Disposal.FINE, Disposal.COMMUNITY_ORDER, Disposal.CONDITIONAL_DISCHARGE, Disposal.SIMPLE_CAUTION,
                 Disposal.SUSPENDED_CUSTODY)
            )  # fmt: skip
            order_months = rng.choice((6, 12, 18, 24))
            records.append(
                ConvictionRecord(
                    participant=person, description=description, conviction_date=when, disposal=disposal.value,
                    length_months=order_months if disposal == Disposal.SUSPENDED_CUSTODY else None,
                    sentence_end=add_months(when, order_months) if disposal == Disposal.SUSPENDED_CUSTODY else None,
                    order_end=add_months(when, order_months)
                    if disposal in (Disposal.COMMUNITY_ORDER, Disposal.CONDITIONAL_DISCHARGE) else None,
                    recorded_by=plan.specialist, summary_only=summary_only,
                )
            )  # fmt: skip
    ConvictionRecord.objects.bulk_create(records, batch_size=BATCH_SIZE)
