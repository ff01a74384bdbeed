"""Which vacancies suit a person, and why: hard conflicts first, then a score with reasons. Pure: no Django.

A conflict rules a vacancy out and says why in plain English: an offence the employer excludes, a licence
condition, pay below the legal minimum for the person's age (not competitive employment), or, for someone in
custody, work that would start before release in a vacancy not open to Release on Temporary Licence (ROTL).
ROTL matters only for work before release: a vacancy whose likely start (its stated start date, or else its
closing date) falls after the expected release date suits someone in custody, marked "after release"
(`work_timing`). A vacancy without conflicts gets points for what the person asked for (sector, hours, distance)
and for its pay.
Ranking is a total order: score (high first), distance (near first, unknown last), closing date (soonest
first, none last), then vacancy id.
"""

from __future__ import annotations

import enum
import functools
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from .minimum_wage import NoRateKnown, PayCheck, minimum_hourly_rate, pays_minimum_wage
from .postcodes import GridRef, distance_km


class OffenceCategory(enum.StrEnum):
    """HMPPS OffenceExclusions (jobs board), with violence in place of murder so it covers more offences, and
    the kinds of offence employers most often ask about besides: theft and burglary, fraud and dishonesty, drugs.
    The same codes categorise a conviction record (`advice.models.OFFENCE_CATEGORY_CHOICES`) and what an employer
    or vacancy excludes (`employers.choices.OffenceExclusion`), so one can be weighed against the other."""

    ARSON = "ARSON"
    DRIVING = "DRIVING"
    VIOLENCE = "VIOLENCE"
    SEXUAL = "SEXUAL"
    TERRORISM = "TERRORISM"
    OTHER = "OTHER"
    THEFT = "THEFT"  # theft, burglary, robbery without violence, handling stolen goods
    FRAUD = "FRAUD"  # fraud, forgery and other dishonesty
    DRUGS = "DRUGS"  # possession, supply and production of controlled drugs


OFFENCE_LABELS = {
    OffenceCategory.ARSON: "arson",
    OffenceCategory.DRIVING: "driving",
    OffenceCategory.VIOLENCE: "violence",
    OffenceCategory.SEXUAL: "sexual",
    OffenceCategory.TERRORISM: "terrorism",
    OffenceCategory.OTHER: "other",
    OffenceCategory.THEFT: "theft and burglary",
    OffenceCategory.FRAUD: "fraud and dishonesty",
    OffenceCategory.DRUGS: "drugs",
}
# Bits for SQL pre-filtering: a vacancy's (and its employer's) exclusions as one integer. The masks are stored on
# employers and vacancies, so a category's bit never moves: a new category takes the next unused bit.
OFFENCE_BITS = {
    OffenceCategory.ARSON: 1 << 0,
    OffenceCategory.DRIVING: 1 << 1,
    OffenceCategory.VIOLENCE: 1 << 2,
    OffenceCategory.SEXUAL: 1 << 3,
    OffenceCategory.TERRORISM: 1 << 4,
    OffenceCategory.OTHER: 1 << 5,
    OffenceCategory.THEFT: 1 << 6,
    OffenceCategory.FRAUD: 1 << 7,
    OffenceCategory.DRUGS: 1 << 8,
}


def exclusion_mask(codes: Iterable[str]) -> int:
    """The bit mask of the offence categories among `codes` (NONE and CASE_BY_CASE exclude nothing)."""
    return sum(OFFENCE_BITS[OffenceCategory(code)] for code in set(codes) if code in OffenceCategory.__members__)


class DbsLevel(enum.StrEnum):
    NONE = "none"
    BASIC = "basic"
    STANDARD = "standard"
    ENHANCED = "enhanced"
    ENHANCED_BARRED = "enhanced_barred"


HIGHER_DBS = frozenset({DbsLevel.STANDARD, DbsLevel.ENHANCED, DbsLevel.ENHANCED_BARRED})
DBS_LABELS = {
    DbsLevel.NONE: "no DBS check",
    DbsLevel.BASIC: "a basic DBS check",
    DbsLevel.STANDARD: "a standard DBS check",
    DbsLevel.ENHANCED: "an enhanced DBS check",
    DbsLevel.ENHANCED_BARRED: "an enhanced DBS check with barred list",
}


class LicenceKind(enum.StrEnum):
    NO_WORK_WITH_CHILDREN = "no_children"
    NO_WORK_WITH_VULNERABLE_ADULTS = "no_vulnerable_adults"
    EXCLUSION_ZONE = "exclusion_zone"
    CURFEW = "curfew"
    NO_DRIVING = "no_driving"
    OTHER = "other"


class WorkPattern(enum.StrEnum):
    DAYTIME = "daytime"
    EARLY_SHIFTS = "early_shifts"
    EVENINGS = "evenings"
    NIGHTS = "nights"
    ROTATING_SHIFTS = "rotating_shifts"
    FLEXIBLE = "flexible"


# The hours of the day a pattern usually covers (start, end; end before start wraps past midnight).
# Flexible work is arranged with the employer, so it never clashes with a curfew on its own.
PATTERN_HOURS: dict[WorkPattern, tuple[time, time] | None] = {
    WorkPattern.DAYTIME: (time(8, 0), time(18, 0)),
    WorkPattern.EARLY_SHIFTS: (time(5, 0), time(14, 0)),
    WorkPattern.EVENINGS: (time(16, 0), time(23, 59)),
    WorkPattern.NIGHTS: (time(22, 0), time(6, 0)),
    WorkPattern.ROTATING_SHIFTS: (time(0, 0), time(23, 59)),
    WorkPattern.FLEXIBLE: None,
}


class ConflictKind(enum.StrEnum):
    BELOW_MINIMUM_WAGE = "below_minimum_wage"
    OFFENCE_EXCLUDED = "offence_excluded"
    DBS_SHOWS_EXCLUDED = "dbs_shows_excluded"
    LICENCE_CHILDREN = "licence_children"
    LICENCE_VULNERABLE_ADULTS = "licence_vulnerable_adults"
    LICENCE_EXCLUSION_ZONE = "licence_exclusion_zone"
    LICENCE_CURFEW = "licence_curfew"
    LICENCE_DRIVING = "licence_driving"
    NEEDS_ROTL = "needs_rotl"


@dataclass(frozen=True)
class Offence:
    category: OffenceCategory
    on_basic_check: bool  # unspent: must be disclosed if asked
    on_standard_enhanced_check: bool


@dataclass(frozen=True)
class LicenceCondition:
    kind: LicenceKind
    districts: tuple[str, ...] = ()  # exclusion zone
    curfew_from: time | None = None
    curfew_to: time | None = None
    detail: str = ""


@dataclass(frozen=True)
class Seeker:
    sectors: tuple[str, ...] = ()  # JobSector codes, most wanted first
    min_hours: Decimal | None = None
    max_hours: Decimal | None = None
    district: str = ""
    location: GridRef | None = None
    max_travel_km: int | None = None
    age: int = 30
    offences: tuple[Offence, ...] = ()
    licence_conditions: tuple[LicenceCondition, ...] = ()
    needs_rotl: bool = False  # in custody: work before release means work on Release on Temporary Licence
    release_date: date | None = None  # when in custody, the expected release date (None: not known)


@dataclass(frozen=True)
class VacancyFacts:
    id: int
    sector: str
    hours_per_week: Decimal
    hourly_pay: Decimal
    district: str = ""
    location: GridRef | None = None
    closing_date: date | None = None
    start_date: date | None = None  # when the employer says the job starts, if it says
    offence_exclusions: frozenset[str] = frozenset()  # the vacancy's and its employer's, together
    dbs_level: DbsLevel = DbsLevel.NONE
    suitable_for_rotl: bool = False
    works_with_children: bool = False
    works_with_vulnerable_adults: bool = False
    involves_driving: bool = False
    work_pattern: WorkPattern = WorkPattern.DAYTIME
    apprenticeship: bool = False


@dataclass(frozen=True)
class Conflict:
    kind: ConflictKind
    reason: str


@dataclass(frozen=True)
class Reason:
    points: int
    text: str


class Timing(enum.StrEnum):
    """For someone in custody: would the work start before release (so only on ROTL) or after it?"""

    BEFORE_RELEASE = "before_release"
    AFTER_RELEASE = "after_release"


@dataclass(frozen=True)
class WorkTiming:
    timing: Timing
    explanation: str  # a sentence without its full stop, to be used inside others

    @property
    def after_release(self) -> bool:
        return self.timing == Timing.AFTER_RELEASE


@dataclass(frozen=True)
class MatchResult:
    vacancy_id: int
    conflicts: tuple[Conflict, ...]
    score: int
    reasons: tuple[Reason, ...]
    distance_km: float | None
    closing_date: date | None
    explanation: str
    notes: tuple[str, ...] = field(default=())
    timing: WorkTiming | None = None  # only for someone in custody

    @property
    def suitable(self) -> bool:
        return not self.conflicts

    @property
    def after_release(self) -> bool:
        return self.timing is not None and self.timing.after_release

    def sort_key(self) -> tuple[int, float, date, int]:
        distance = self.distance_km if self.distance_km is not None else math.inf
        return (-self.score, distance, self.closing_date or date.max, self.vacancy_id)


DEFAULT_TRAVEL_KM = 15  # when the profile gives no limit: about a bus ride across a city
MAX_POINTS = {"sector": 30, "hours": 25, "distance": 25, "pay": 20}
BEYOND_LIMIT_POINTS = 15  # distance points just beyond the person's travel limit, falling to 0 at twice the limit


def _num(value: Decimal) -> str:
    """37.5 → '37.5', 40.0 → '40'."""
    return format(value.normalize(), "f")


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _spans(start: time, end: time) -> list[tuple[int, int]]:
    """A daily window as minute ranges, split at midnight when it wraps."""
    a, b = _minutes(start), _minutes(end)
    return [(a, b)] if a < b else [(a, 24 * 60), (0, b)]


def windows_overlap(first: tuple[time, time], second: tuple[time, time]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in _spans(*first) for s2, e2 in _spans(*second))


# A rolling vacancy (no closing or start date) recruits all the time: it counts as starting after release when
# release is this close, the last four weeks before release in which the service must already be working with the
# person in prison (docs/design.md). Further off, nobody can say it will still be open.
ROLLING_WINDOW_DAYS = 28


def _day(value: date) -> str:
    return f"{value:%-d %B %Y}"


@dataclass(frozen=True)
class ReleaseCutoff:
    """What decides, for someone in custody, whether a vacancy's work would start after release: its likely start
    (the stated start date, else the closing date) after `release_date`; with neither, `rolling_after_release`."""

    release_date: date
    rolling_after_release: bool


def release_cutoff(seeker: Seeker, *, today: date) -> ReleaseCutoff | None:
    """None when the person is not in custody or no expected release date is recorded."""
    if not seeker.needs_rotl or seeker.release_date is None:
        return None
    soon = (seeker.release_date - today).days <= ROLLING_WINDOW_DAYS
    return ReleaseCutoff(seeker.release_date, rolling_after_release=soon)


def likely_start(vacancy: VacancyFacts) -> date | None:
    """When the work would most likely start: the stated start date, or else the closing date (it cannot start
    before recruitment closes). None for a rolling vacancy with no stated start."""
    return vacancy.start_date or vacancy.closing_date


def work_timing(seeker: Seeker, vacancy: VacancyFacts, *, today: date) -> WorkTiming | None:
    """For someone in custody, whether the work would start before or after the expected release, and why. A start
    on the day of release counts as before it. None for someone not in custody."""
    if not seeker.needs_rotl:
        return None
    cutoff = release_cutoff(seeker, today=today)
    if cutoff is None:
        return WorkTiming(Timing.BEFORE_RELEASE, "No expected release date is recorded")
    release = f"the expected release on {_day(cutoff.release_date)}"
    start = likely_start(vacancy)
    if start is None:
        if cutoff.rolling_after_release:
            return WorkTiming(
                Timing.AFTER_RELEASE,
                f"A rolling vacancy (no closing date), and {release} is within {ROLLING_WINDOW_DAYS // 7} weeks: "
                "work would start after release",
            )
        return WorkTiming(
            Timing.BEFORE_RELEASE,
            f"A rolling vacancy (no closing date), and {release} is more than {ROLLING_WINDOW_DAYS // 7} weeks away",
        )
    what = f"Starts on {_day(start)}" if vacancy.start_date else f"Closes on {_day(start)}"
    if start > cutoff.release_date:
        return WorkTiming(Timing.AFTER_RELEASE, f"{what}, after {release}: work would start after release")
    if start == cutoff.release_date:
        return WorkTiming(Timing.BEFORE_RELEASE, f"{what}, on the day of {release}")
    return WorkTiming(Timing.BEFORE_RELEASE, f"{what}, before {release}")


@dataclass(frozen=True)
class PayFloor:
    """The least hourly pay that is legal for the person today: in an apprenticeship, and in any other job."""

    apprenticeship: Decimal
    other: Decimal


def pay_floor(seeker: Seeker, *, today: date) -> PayFloor | None:
    """None when no minimum wage rates are held for `today` (pay is then not checked)."""
    try:
        apprentice = minimum_hourly_rate(seeker.age, today, apprentice_first_year_or_under_19=True)
        other = minimum_hourly_rate(seeker.age, today)
    except NoRateKnown:
        return None
    return PayFloor(apprenticeship=apprentice.rate, other=other.rate)


def _pay_check(seeker: Seeker, vacancy: VacancyFacts, today: date) -> PayCheck | None:
    try:
        return pays_minimum_wage(
            vacancy.hourly_pay, age=seeker.age, on=today, apprentice_first_year_or_under_19=vacancy.apprenticeship
        )
    except NoRateKnown:
        return None


def conflicts_for(seeker: Seeker, vacancy: VacancyFacts, *, today: date) -> list[Conflict]:
    conflicts: list[Conflict] = []
    pay = _pay_check(seeker, vacancy, today)
    if pay is not None and not pay.meets_minimum:
        conflicts.append(
            Conflict(
                ConflictKind.BELOW_MINIMUM_WAGE,
                f"{pay.explanation} Pay below the legal minimum is not competitive employment.",
            )
        )
    for offence in seeker.offences:
        if offence.category not in vacancy.offence_exclusions:
            continue
        label = OFFENCE_LABELS[offence.category]
        if offence.on_basic_check:
            conflicts.append(
                Conflict(
                    ConflictKind.OFFENCE_EXCLUDED,
                    f"The employer or vacancy excludes {label} offences, and the person has an unspent {label} "
                    "conviction they would have to disclose if asked.",
                )
            )
        elif vacancy.dbs_level in HIGHER_DBS and offence.on_standard_enhanced_check:
            conflicts.append(
                Conflict(
                    ConflictKind.DBS_SHOWS_EXCLUDED,
                    f"The job needs {DBS_LABELS[vacancy.dbs_level]}, which would show the person's {label} conviction, "
                    f"and the employer or vacancy excludes {label} offences.",
                )
            )
    for condition in seeker.licence_conditions:
        conflict = _licence_conflict(condition, vacancy)
        if conflict:
            conflicts.append(conflict)
    timing = work_timing(seeker, vacancy, today=today)
    if timing is not None and not timing.after_release and not vacancy.suitable_for_rotl:
        conflicts.append(
            Conflict(
                ConflictKind.NEEDS_ROTL,
                f"{timing.explanation}. The person is in custody and could only do this work before release on "
                "Release on Temporary Licence (ROTL), but this vacancy is not open to people on ROTL.",
            )
        )
    # One reason per kind of conflict and offence is enough; keep them in a stable order.
    unique = {(c.kind, c.reason): c for c in conflicts}
    return sorted(unique.values(), key=lambda c: (list(ConflictKind).index(c.kind), c.reason))


def _licence_conflict(condition: LicenceCondition, vacancy: VacancyFacts) -> Conflict | None:
    kind = condition.kind
    if kind == LicenceKind.NO_WORK_WITH_CHILDREN and vacancy.works_with_children:
        return Conflict(
            ConflictKind.LICENCE_CHILDREN,
            "A licence condition forbids work with children, and this job involves children.",
        )
    if kind == LicenceKind.NO_WORK_WITH_VULNERABLE_ADULTS and vacancy.works_with_vulnerable_adults:
        return Conflict(
            ConflictKind.LICENCE_VULNERABLE_ADULTS,
            "A licence condition forbids work with vulnerable adults, and this job involves them.",
        )
    if kind == LicenceKind.EXCLUSION_ZONE and vacancy.district and vacancy.district in condition.districts:
        return Conflict(
            ConflictKind.LICENCE_EXCLUSION_ZONE,
            f"The job is in {vacancy.district}, inside the person's licence exclusion zone.",
        )
    if kind == LicenceKind.NO_DRIVING and (vacancy.involves_driving or vacancy.sector == "DRIVING"):
        return Conflict(
            ConflictKind.LICENCE_DRIVING, "A licence condition forbids driving, and this job involves driving."
        )
    if kind == LicenceKind.CURFEW and condition.curfew_from and condition.curfew_to:
        hours = PATTERN_HOURS[vacancy.work_pattern]
        if hours and windows_overlap(hours, (condition.curfew_from, condition.curfew_to)):
            return Conflict(
                ConflictKind.LICENCE_CURFEW,
                f"The usual hours of this job ({hours[0]:%H:%M} to {hours[1]:%H:%M}) overlap the person's curfew "
                f"({condition.curfew_from:%H:%M} to {condition.curfew_to:%H:%M}).",
            )
    return None


@dataclass(frozen=True)
class ScoreBound:
    """The most points a vacancy can score for this person from what a database can work out from its columns:
    type of work, hours, and how far away it is (in bands of a tenth of the travel limit within it and a fifteenth
    beyond it, where the points fall by one a band), with full points assumed for pay. The database hands vacancies
    over best bound first, so only the best placed need scoring in full (see `bound_for`)."""

    preferred_sectors: frozenset[str]
    sector_preferred: int
    sector_other: int
    min_hours: Decimal | None
    max_hours: Decimal | None
    hours_within: int
    hours_outside: int
    location: GridRef | None
    travel_km: int
    # (up to this many metres away, at most these distance points), nearest first; further away scores 0.
    distance_bands: tuple[tuple[int, int], ...] = ()
    distance_unknown: int = MAX_POINTS["distance"] // 3
    pay: int = MAX_POINTS["pay"]


def score_bound(seeker: Seeker) -> ScoreBound:
    """The points `assess` gives for sector, hours and distance, as data: with no preference recorded every
    vacancy gets half the sector or hours points."""
    sectors = frozenset(seeker.sectors)
    no_hours = seeker.min_hours is None and seeker.max_hours is None
    travel_km = seeker.max_travel_km or DEFAULT_TRAVEL_KM
    return ScoreBound(
        preferred_sectors=sectors,
        sector_preferred=MAX_POINTS["sector"],
        sector_other=0 if sectors else MAX_POINTS["sector"] // 2,
        min_hours=seeker.min_hours,
        max_hours=seeker.max_hours,
        hours_within=MAX_POINTS["hours"] // 2 if no_hours else MAX_POINTS["hours"],
        hours_outside=0,
        location=seeker.location,
        travel_km=travel_km,
        distance_bands=_distance_bands(travel_km),
    )


def distance_points(distance: float, limit: int) -> int:
    """Full points near by, falling to 15 at the travel limit (km), then to 0 at twice the limit."""
    if distance <= limit:
        return round(MAX_POINTS["distance"] - (MAX_POINTS["distance"] - BEYOND_LIMIT_POINTS) * distance / limit)
    return max(0, round(BEYOND_LIMIT_POINTS * (1 - (distance - limit) / limit)))


@functools.cache  # the same few travel limits, and `assess` asks for each vacancy
def _distance_bands(travel_km: int) -> tuple[tuple[int, int], ...]:
    """Bands whose points fall by one each: a vacancy in a band scores at most the points at the band's near edge
    (points never rise with distance). Edges are rounded up to whole metres, which only moves a vacancy into the
    nearer band, whose bound is higher: still a bound."""
    limit = travel_km * 1000
    within = MAX_POINTS["distance"] - BEYOND_LIMIT_POINTS
    edges = [limit * k / within for k in range(within + 1)]
    edges += [limit + limit * k / BEYOND_LIMIT_POINTS for k in range(1, BEYOND_LIMIT_POINTS + 1)]
    return tuple((math.ceil(far), distance_points(near / 1000, travel_km)) for near, far in itertools.pairwise(edges))


def bound_for(bound: ScoreBound, sector: str, hours: Decimal, location: GridRef | None) -> int:
    """`bound` evaluated for one vacancy: never less than the score `assess` gives it."""
    sector_points = bound.sector_preferred if sector in bound.preferred_sectors else bound.sector_other
    within = (bound.min_hours is None or hours >= bound.min_hours) and (
        bound.max_hours is None or hours <= bound.max_hours
    )
    if bound.location is None or location is None:
        distance = bound.distance_unknown
    else:
        squared = (location.easting - bound.location.easting) ** 2 + (location.northing - bound.location.northing) ** 2
        distance = next((points for edge, points in bound.distance_bands if squared <= edge * edge), 0)
    return sector_points + (bound.hours_within if within else bound.hours_outside) + distance + bound.pay


def _score(seeker: Seeker, vacancy: VacancyFacts, today: date) -> tuple[list[Reason], float | None, list[str]]:
    reasons: list[Reason] = []
    notes: list[str] = []
    bound = score_bound(seeker)
    # Sector: the person's own preferences lead the search (IPS principle 3).
    if not seeker.sectors:
        reasons.append(Reason(bound.sector_other, "No preferred type of work recorded yet."))
    elif vacancy.sector in seeker.sectors:
        reasons.append(Reason(bound.sector_preferred, "A type of work the person wants."))
    else:
        reasons.append(Reason(bound.sector_other, "Not one of the types of work the person wants."))
    # Hours.
    hours = vacancy.hours_per_week
    low, high = seeker.min_hours, seeker.max_hours
    if low is None and high is None:
        reasons.append(Reason(bound.hours_within, f"{_num(hours)} hours a week; no hours preference recorded."))
    elif low is not None and hours < low:
        reasons.append(
            Reason(bound.hours_outside, f"{_num(hours)} hours a week is fewer than the {_num(low)} the person wants.")
        )
    elif high is not None and hours > high:
        reasons.append(
            Reason(bound.hours_outside, f"{_num(hours)} hours a week is more than the {_num(high)} the person wants.")
        )
    else:
        reasons.append(Reason(bound.hours_within, f"{_num(hours)} hours a week is within what the person wants."))
    # Distance: full points near by, falling to 15 at the limit, then to 0 at twice the limit.
    distance = None
    limit = bound.travel_km
    if seeker.location is None or vacancy.location is None:
        unknown = [
            f"postcode {code or 'not given'}"
            for code, place in ((seeker.district, seeker.location), (vacancy.district, vacancy.location))
            if place is None
        ]
        reasons.append(Reason(bound.distance_unknown, f"Distance unknown: {' and '.join(unknown)} not recognised."))
    else:
        distance = distance_km(seeker.location, vacancy.location)
        # Centroids of the same district are 0 km apart: say so rather than claim "0 km".
        away = "Under 1 km away (same postcode district)" if distance < 1 else f"About {distance:.0f} km away"
        points = distance_points(distance, limit)
        side = "within" if distance <= limit else "beyond"
        reasons.append(Reason(points, f"{away}, {side} the {limit} km the person will travel."))
    # Pay (below the minimum is also a conflict: it is not competitive employment).
    pay = _pay_check(seeker, vacancy, today)
    if pay is None:
        notes.append("Minimum wage not checked: no rates held for this date.")
    else:
        reasons.append(Reason(MAX_POINTS["pay"] if pay.meets_minimum else 0, pay.explanation))
    if "CASE_BY_CASE" in vacancy.offence_exclusions and seeker.offences:
        notes.append("The employer considers convictions case by case.")
    return reasons, distance, notes


def assess(seeker: Seeker, vacancy: VacancyFacts, *, today: date) -> MatchResult:
    conflicts = tuple(conflicts_for(seeker, vacancy, today=today))
    reasons, distance, notes = _score(seeker, vacancy, today)
    timing = work_timing(seeker, vacancy, today=today)
    if conflicts:
        explanation = "Not suitable: " + " ".join(c.reason for c in conflicts)
        return MatchResult(
            vacancy.id, conflicts, 0, tuple(reasons), distance, vacancy.closing_date, explanation, tuple(notes),
            timing,
        )  # fmt: skip
    score = sum(r.points for r in reasons)
    explanation = f"Score {score} of 100. " + " ".join(r.text for r in reasons)
    if timing is not None and timing.after_release:
        explanation += f" After release: {timing.explanation}."
    return MatchResult(
        vacancy.id, (), score, tuple(reasons), distance, vacancy.closing_date, explanation, tuple(notes), timing
    )


@dataclass(frozen=True)
class Ranking:
    suitable: list[MatchResult]
    not_suitable: list[MatchResult]


def rank(seeker: Seeker, vacancies: Sequence[VacancyFacts], *, today: date) -> Ranking:
    """Suitable vacancies best first; unsuitable ones (with their conflicts) in the same order."""
    results = sorted((assess(seeker, v, today=today) for v in vacancies), key=MatchResult.sort_key)
    return Ranking([r for r in results if r.suitable], [r for r in results if not r.suitable])
