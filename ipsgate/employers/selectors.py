"""Reads of employers, the employer-contact log and the employment register. Aggregates are single SQL queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Max, Min, Q, QuerySet, Value
from django.db.models.functions import Lower, NullIf, TruncWeek

from ipsgate.core.choices import Role
from ipsgate.core.models import Site, User
from ipsgate.core.sorting import OrderTerm, choice_order
from ipsgate.rules.suppression import is_small, shown

from .choices import EmployerSector, PartnershipLevel
from .models import Employer, EmployerContact, Vacancy

FACE_TO_FACE_TARGET = 6  # IPS-25 item 17: at least 6 face-to-face employer contacts per specialist per week


SECTORS_BY_NAME = [value for value, _ in sorted(EmployerSector.choices, key=lambda choice: choice[1])]

# The employer and vacancy lists' sortable columns, as database orders (`core.sorting.order_queryset`).
EMPLOYER_ORDERS: dict[str, list[OrderTerm]] = {
    "name": [Lower("name")],
    "sector": [choice_order("sector", SECTORS_BY_NAME), Lower("name")],  # industries in the order of their names
    "postcode": [NullIf(F("postcode"), Value("")), Lower("name")],
    "partnership": [choice_order("partnership_level", PartnershipLevel.values), Lower("name")],
    "open_vacancies": ["open_vacancies", Lower("name")],
}
VACANCY_ORDERS: dict[str, list[OrderTerm]] = {
    "title": [Lower("title")],
    "employer": [Lower("employer__name"), Lower("title")],
    "where": ["postcode", Lower("title")],
    "hours": ["hours_per_week", Lower("title")],
    "pay": ["hourly_pay", Lower("title")],
    "closes": ["closing_date"],  # rolling vacancies (no closing date) last
}


def employer_search(text: str = "", sector: str = "") -> QuerySet[Employer]:
    employers = Employer.objects.select_related("relationship_owner").annotate(
        open_vacancies=Count("vacancies", filter=Q(vacancies__status="open"))
    )
    for word in text.split()[:4]:
        employers = employers.filter(Q(name__icontains=word) | Q(postcode__istartswith=word))
    if sector:
        employers = employers.filter(sector=sector)
    return employers.order_by("name", "id")


def vacancy_search(text: str = "", sector: str = "", status: str = "open") -> QuerySet[Vacancy]:
    vacancies = Vacancy.objects.select_related("employer")
    for word in text.split()[:4]:
        vacancies = vacancies.filter(
            Q(title__icontains=word) | Q(employer__name__icontains=word) | Q(postcode_district__iexact=word)
        )
    if sector:
        vacancies = vacancies.filter(sector=sector)
    if status:
        vacancies = vacancies.filter(status=status)
    return vacancies.order_by("closing_date", "id")


def iso_monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class SpecialistWeeks:
    specialist: User
    counts: list[int]  # face-to-face employer contacts per week, oldest first

    @property
    def weeks_on_target(self) -> int:
        return sum(1 for n in self.counts if n >= FACE_TO_FACE_TARGET)


def overseen_specialists(user: User) -> QuerySet[User]:
    specialists = User.objects.filter(role=Role.SPECIALIST, is_active=True)
    if user.role == Role.SERVICE_MANAGER:
        return specialists
    if user.role == Role.TEAM_LEADER:
        return specialists.filter(team__leader=user)
    return specialists.none()


def face_to_face_by_week(
    user: User, *, today: date, weeks: int, specialists_of: QuerySet[User] | None = None
) -> tuple[list[date], list[SpecialistWeeks]]:
    """Each overseen specialist's face-to-face employer contacts per ISO week (Monday start) for the last
    `weeks` weeks including this one. Two queries: specialists, and one grouped count. `specialists_of` replaces
    the user's overseen specialists (a fidelity review counts one team's specialists)."""
    mondays = [iso_monday(today) - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    chosen = overseen_specialists(user) if specialists_of is None else specialists_of
    specialists = list(chosen.select_related("team").order_by("last_name", "first_name", "id"))
    counts = (
        EmployerContact.objects.filter(
            face_to_face=True,
            contact_date__gte=mondays[0],
            contact_date__lte=today,
            specialist_id__in=[s.pk for s in specialists],
        )
        .annotate(week=TruncWeek("contact_date"))
        .values("specialist_id", "week")
        .annotate(n=Count("id"))
    )
    grid: dict[tuple[int, date], int] = {}
    for row in counts:
        week = row["week"]
        week_day = week.date() if hasattr(week, "date") else week  # SQLite and PostgreSQL return different types
        grid[(row["specialist_id"], week_day)] = row["n"]
    return mondays, [SpecialistWeeks(s, [grid.get((s.pk, m), 0) for m in mondays]) for s in specialists]


@dataclass(frozen=True)
class RegisterRow:
    employer_id: int
    employer_name: str
    sector: str
    postcode_district: str
    people: int
    jobs: int
    first_start: date
    latest_start: date

    @property
    def people_text(self) -> str:
        """Counts of people from 1 to 4 show as "<5" (`rules.suppression`), for every role: the register is
        shared outside the case record."""
        return shown(self.people, suppress=True)

    @property
    def jobs_text(self) -> str:
        """Jobs are not given beside a count of people under 5: with it they could narrow who was taken on."""
        return "" if is_small(self.people) else str(self.jobs)

    @property
    def sector_label(self) -> str:
        return str(EmployerSector(self.sector).label) if self.sector in EmployerSector.values else self.sector


def employment_register(site: Site) -> list[RegisterRow]:
    """Employers who have taken on people released from (or working on ROTL from) this prison. No participant
    data: counts only, one query."""
    # From the employer through its jobs (the reverse relation), filtered before the counts so they count only
    # the jobs from this prison: the employers app reads jobs without importing the jobs app above it.
    rows = (
        Employer.objects.filter(jobs__released_from=site)
        .values("id", "name", "sector", "postcode_district")
        .annotate(
            people_count=Count("jobs__participant_id", distinct=True),
            jobs_count=Count("jobs__id"),
            first_start=Min("jobs__start_date"),
            latest_start=Max("jobs__start_date"),
        )
        .order_by("name", "id")
    )
    return [
        RegisterRow(
            employer_id=r["id"],
            employer_name=r["name"],
            sector=r["sector"],
            postcode_district=r["postcode_district"],
            people=r["people_count"],
            jobs=r["jobs_count"],
            first_start=r["first_start"],
            latest_start=r["latest_start"],
        )
        for r in rows
    ]
