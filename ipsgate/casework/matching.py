"""Matching people and vacancies with data from the database: hard exclusions in SQL first, then
`rules.matching` ranks what is left and explains every decision. The database hands candidates over best
possible score first (`rules.matching.score_bound`), so Python scores only the few that can reach the top.

Queries do not grow with the number of vacancies: one for the person's facts of each kind, one listing the
vacancies near them, and one or two loading those scored and shown (see `matching_vacancies`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    IntegerField,
    PositiveIntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Combinable, CombinedExpression
from django.db.models.functions import Cast

from ipsgate.advice.models import ConvictionRecord, LicenceCondition
from ipsgate.employers.choices import ContractType, VacancyStatus
from ipsgate.employers.models import Vacancy
from ipsgate.journey.models import VocationalProfile
from ipsgate.people.models import Participant
from ipsgate.rules.calendar import age_on
from ipsgate.rules.disclosure import Conviction, Disposal, assess
from ipsgate.rules.matching import (
    HIGHER_DBS,
    OFFENCE_BITS,
    PATTERN_HOURS,
    DbsLevel,
    LicenceKind,
    MatchResult,
    Offence,
    OffenceCategory,
    Seeker,
    VacancyFacts,
    WorkPattern,
    pay_floor,
    rank,
    release_cutoff,
    score_bound,
    windows_overlap,
)
from ipsgate.rules.matching import LicenceCondition as LicenceRule
from ipsgate.rules.postcodes import GridRef, district_centroid

SCORING_BATCH = 100  # vacancies scored in Python at a time, best bound first
NOT_SUITABLE_SHOWN = 25
MIN_SEARCH_RADIUS_KM = 30


def seeker_for(
    participant: Participant,
    *,
    today: date,
    profile: VocationalProfile | None,
    convictions: Iterable[ConvictionRecord],
    licence_conditions: Iterable[LicenceCondition],
) -> Seeker:
    """The plain facts `rules.matching` needs about a person."""
    records = list(convictions)
    results = assess(
        [
            Conviction(
                id=str(r.pk), date=r.conviction_date, disposal=Disposal(r.disposal), length_months=r.length_months,
                sentence_end=r.sentence_end, order_end=r.order_end, schedule_18=r.schedule_18,
                specified_offence=r.specified_offence, summary_only=r.summary_only,
            )
            for r in records
        ],
        date_of_birth=participant.date_of_birth,
        as_of=today,
    )  # fmt: skip
    offences = tuple(
        Offence(OffenceCategory(r.offence_category), res.on_basic_check, res.on_standard_enhanced_check)
        for r, res in zip(records, results, strict=True)
        if r.offence_category
    )
    conditions = tuple(
        LicenceRule(
            kind=LicenceKind(c.kind),
            districts=tuple(c.districts or ()),
            curfew_from=c.curfew_from,
            curfew_to=c.curfew_to,
            detail=c.detail,
        )
        for c in licence_conditions
        if c.start_date <= today and (c.end_date is None or c.end_date >= today)
    )
    district = profile.postcode_district.upper() if profile else ""
    return Seeker(
        sectors=tuple(profile.job_sectors or ()) if profile else (),
        min_hours=Decimal(profile.min_hours_per_week) if profile and profile.min_hours_per_week else None,
        max_hours=Decimal(profile.max_hours_per_week) if profile and profile.max_hours_per_week else None,
        district=district,
        location=district_centroid(district) if district else None,
        max_travel_km=profile.max_travel_km if profile else None,
        age=age_on(participant.date_of_birth, today),
        offences=offences,
        licence_conditions=conditions,
        needs_rotl=participant.in_custody,
        release_date=participant.expected_release_date if participant.in_custody else None,
    )


def load_seeker(participant: Participant, *, today: date) -> Seeker:
    profile = VocationalProfile.objects.filter(participant=participant).first()
    return seeker_for(
        participant,
        today=today,
        profile=profile,
        convictions=ConvictionRecord.objects.filter(participant=participant),
        licence_conditions=LicenceCondition.objects.filter(participant=participant),
    )


def vacancy_facts(vacancy: Vacancy) -> VacancyFacts:
    """A vacancy (with its employer loaded) as plain facts. Employer exclusions apply to all its vacancies."""
    location = (
        GridRef(vacancy.easting, vacancy.northing)
        if vacancy.easting is not None and vacancy.northing is not None
        else None
    )
    exclusions = frozenset(vacancy.offence_exclusions or ()) | frozenset(vacancy.employer.offence_exclusions or ())
    return VacancyFacts(
        id=vacancy.pk,
        sector=vacancy.sector,
        hours_per_week=vacancy.hours_per_week,
        hourly_pay=vacancy.hourly_pay,
        district=vacancy.postcode_district,
        location=location,
        closing_date=vacancy.closing_date,
        start_date=vacancy.start_date,
        offence_exclusions=exclusions,
        dbs_level=DbsLevel(vacancy.dbs_level),
        suitable_for_rotl=vacancy.suitable_for_rotl,
        works_with_children=vacancy.works_with_children,
        works_with_vulnerable_adults=vacancy.works_with_vulnerable_adults,
        involves_driving=vacancy.involves_driving,
        work_pattern=WorkPattern(vacancy.work_pattern),
        apprenticeship=vacancy.contract_type == ContractType.APPRENTICESHIP,
    )


def open_vacancies(today: date) -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(status=VacancyStatus.OPEN).filter(
        Q(closing_date__isnull=True) | Q(closing_date__gte=today)
    )


def _with_exclusion_bits(vacancies: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    combined = CombinedExpression(
        F("offence_exclusion_mask"),
        Combinable.BITOR,
        F("employer__offence_exclusion_mask"),
        output_field=PositiveIntegerField(),
    )
    return vacancies.annotate(all_exclusions=combined)


def _bit_hits(vacancies: QuerySet[Vacancy], name: str, mask: int) -> QuerySet[Vacancy]:
    return vacancies.annotate(**{name: F("all_exclusions").bitand(mask)})


def filtered(vacancies: QuerySet[Vacancy], seeker: Seeker, *, today: date) -> tuple[QuerySet[Vacancy], Q]:
    """Annotate what the hard filter needs; return the queryset and the Q that keeps vacancies without conflicts:
    `rules.matching.conflicts_for` in SQL (a test and a property check the two agree)."""
    vacancies = _with_exclusion_bits(vacancies)
    keep = Q()
    floor = pay_floor(seeker, today=today)
    if floor is not None:  # at least the minimum wage for the person's age (apprentice rate in an apprenticeship)
        keep &= Q(hourly_pay__gte=floor.other) | Q(
            contract_type=ContractType.APPRENTICESHIP, hourly_pay__gte=floor.apprenticeship
        )
    unspent = sum({OFFENCE_BITS[o.category] for o in seeker.offences if o.on_basic_check})
    higher = sum({OFFENCE_BITS[o.category] for o in seeker.offences if o.on_standard_enhanced_check})
    if unspent:
        vacancies = _bit_hits(vacancies, "unspent_hits", unspent)
        keep &= Q(unspent_hits=0)
    if higher:
        vacancies = _bit_hits(vacancies, "higher_hits", higher)
        keep &= Q(higher_hits=0) | ~Q(dbs_level__in=[level.value for level in HIGHER_DBS])
    for condition in seeker.licence_conditions:
        if condition.kind == LicenceKind.NO_WORK_WITH_CHILDREN:
            keep &= Q(works_with_children=False)
        elif condition.kind == LicenceKind.NO_WORK_WITH_VULNERABLE_ADULTS:
            keep &= Q(works_with_vulnerable_adults=False)
        elif condition.kind == LicenceKind.NO_DRIVING:
            keep &= Q(involves_driving=False) & ~Q(sector="DRIVING")
        elif condition.kind == LicenceKind.EXCLUSION_ZONE and condition.districts:
            keep &= ~Q(postcode_district__in=list(condition.districts))
        elif condition.kind == LicenceKind.CURFEW and condition.curfew_from and condition.curfew_to:
            curfew = (condition.curfew_from, condition.curfew_to)
            clashing = [p.value for p, hours in PATTERN_HOURS.items() if hours and windows_overlap(hours, curfew)]
            if clashing:
                keep &= ~Q(work_pattern__in=clashing)
    if seeker.needs_rotl:  # in custody: open to ROTL, or the work would start after release
        after = _starts_after_release(seeker, today)
        keep &= (Q(suitable_for_rotl=True) | after) if after is not None else Q(suitable_for_rotl=True)
    return vacancies, keep


def _starts_after_release(seeker: Seeker, today: date) -> Q | None:
    """`rules.matching.work_timing` is "after release": the stated start, or else the closing date, after the
    expected release; a rolling vacancy when release is near. None when no release date is known."""
    cutoff = release_cutoff(seeker, today=today)
    if cutoff is None:
        return None
    release = cutoff.release_date
    after = Q(start_date__gt=release) | Q(start_date__isnull=True, closing_date__gt=release)
    if cutoff.rolling_after_release:
        after |= Q(start_date__isnull=True, closing_date__isnull=True)
    return after


def near_person(vacancies: QuerySet[Vacancy], seeker: Seeker) -> QuerySet[Vacancy]:
    """Vacancies within a generous box around the person (and those whose place is unknown)."""
    if seeker.location is None:
        return vacancies
    radius_m = max(3 * (seeker.max_travel_km or 15), MIN_SEARCH_RADIUS_KM) * 1000
    e, n = seeker.location.easting, seeker.location.northing
    return vacancies.filter(
        Q(easting__range=(e - radius_m, e + radius_m), northing__range=(n - radius_m, n + radius_m))
        | Q(easting__isnull=True)
    )


@dataclass(frozen=True)
class VacancyMatch:
    vacancy: Vacancy
    result: MatchResult


@dataclass(frozen=True)
class MatchPage:
    seeker: Seeker
    suitable: list[VacancyMatch]
    not_suitable: list[VacancyMatch]
    candidates_scored: int
    suitable_total: int = 0  # before the page limit


def bound_expression(seeker: Seeker) -> tuple[ExpressionWrapper, ExpressionWrapper | None]:
    """`rules.matching.score_bound` for the person as an SQL expression over a vacancy's sector, hours and place,
    with the squared distance it needs (annotate that as `squared_metres` first) when the person's place is known."""
    bound = score_bound(seeker)
    sector: Case | Value = (
        Case(
            When(sector__in=sorted(bound.preferred_sectors), then=Value(bound.sector_preferred)),
            default=Value(bound.sector_other),
        )
        if bound.preferred_sectors
        else Value(bound.sector_other)
    )
    within = Q()
    if bound.min_hours is not None:
        within &= Q(hours_per_week__gte=bound.min_hours)
    if bound.max_hours is not None:
        within &= Q(hours_per_week__lte=bound.max_hours)
    hours: Case | Value = (
        Case(When(within, then=Value(bound.hours_within)), default=Value(bound.hours_outside))
        if within
        else Value(bound.hours_within)
    )
    distance: Case | Value = Value(bound.distance_unknown)
    if bound.location is not None:
        # Squared metres in whole numbers (64-bit: grid references squared overflow 32 bits): exact comparisons.
        east = Cast(F("easting"), BigIntegerField()) - Value(bound.location.easting)
        north = Cast(F("northing"), BigIntegerField()) - Value(bound.location.northing)
        squared = ExpressionWrapper(east * east + north * north, output_field=BigIntegerField())
        distance = Case(
            When(easting__isnull=True, then=Value(bound.distance_unknown)),
            When(northing__isnull=True, then=Value(bound.distance_unknown)),
            *[When(squared_metres__lte=edge * edge, then=Value(points)) for edge, points in bound.distance_bands],
            default=Value(0),
        )
        return ExpressionWrapper(sector + hours + distance + Value(bound.pay), output_field=IntegerField()), squared
    return ExpressionWrapper(sector + hours + distance + Value(bound.pay), output_field=IntegerField()), None


def matching_vacancies(seeker: Seeker, *, today: date, limit: int = 50, batch: int = SCORING_BATCH) -> MatchPage:
    """The best `limit` vacancies without a hard conflict, exactly as `rules.matching.rank` orders them, without
    scoring every vacancy in Python.

    One query lists the vacancies near the person with, for each, whether it passes the hard exclusions and its
    bound (the most it could score from its type of work, hours and distance). Python takes those that pass best
    bound first, loads and scores a first batch, and stops there if the last of the best `limit` scores more than
    any vacancy still waiting could. Queries: the list, then the first batch (with the sample of vacancies ruled
    out, soonest closing first), and only if that batch cannot settle the best `limit`, one more for the rest."""
    annotated, keep = filtered(near_person(open_vacancies(today), seeker), seeker, today=today)
    bound, squared_metres = bound_expression(seeker)
    if squared_metres is not None:
        annotated = annotated.annotate(squared_metres=squared_metres)
    passes = ExpressionWrapper(keep, output_field=BooleanField()) if keep else Value(True)
    # One pass over the vacancies near the person: ids, whether each passes the hard exclusions, its bound and
    # closing date. Python orders these small tuples; only the vacancies it shows or scores are loaded in full.
    rows = list(
        annotated.annotate(passes=passes, score_bound=bound).values_list("id", "passes", "score_bound", "closing_date")
    )
    order = sorted(
        ((pk, b, closing) for pk, ok, b, closing in rows if ok), key=lambda r: (-r[1], *_soonest(r[0], r[2]))
    )
    ruled_out_ids = [pk for pk, _ in sorted(((pk, c) for pk, ok, _, c in rows if not ok), key=lambda r: _soonest(*r))]
    ruled_out_ids = ruled_out_ids[:NOT_SUITABLE_SHOWN]
    loaded = Vacancy.objects.select_related("employer")
    first, rest = order[:batch], order[batch:]
    vacancies = loaded.in_bulk([pk for pk, _, _ in first] + ruled_out_ids)
    best = _suitable(seeker, first, vacancies, today)[:limit]
    # The rest come in bound order: none can beat the best `limit` once the next one's bound is below the last of
    # them (a tie could still rank higher on distance). Otherwise everything left, in one more query, never more.
    settled = not rest or (len(best) == limit and best[-1].result.score > rest[0][1])
    if not settled:
        vacancies |= loaded.in_bulk([pk for pk, _, _ in rest])
        best = sorted(best + _suitable(seeker, rest, vacancies, today), key=lambda m: m.result.sort_key())[:limit]
    ruled_out = [vacancies[pk] for pk in ruled_out_ids]
    ruled_out_by_id = {v.pk: v for v in ruled_out}
    not_suitable = rank(seeker, [vacancy_facts(v) for v in ruled_out], today=today).not_suitable
    return MatchPage(
        seeker=seeker,
        suitable=best,
        not_suitable=[VacancyMatch(ruled_out_by_id[r.vacancy_id], r) for r in not_suitable[:NOT_SUITABLE_SHOWN]],
        candidates_scored=len(first) if settled else len(order),
        suitable_total=len(order),
    )


def _suitable(
    seeker: Seeker, rows: list[tuple[int, int, date | None]], vacancies: dict[int, Vacancy], today: date
) -> list[VacancyMatch]:
    """The listed vacancies scored and explained, best first."""
    ranking = rank(seeker, [vacancy_facts(vacancies[pk]) for pk, _, _ in rows], today=today)
    return [VacancyMatch(vacancies[r.vacancy_id], r) for r in ranking.suitable]


def _soonest(pk: int, closing_date: date | None) -> tuple[bool, date, int]:
    """Soonest closing first, rolling vacancies (no closing date) last, then by id: the order lists use."""
    return (closing_date is None, closing_date or date.min, pk)


@dataclass(frozen=True)
class PersonMatch:
    participant: Participant
    result: MatchResult


def people_fitting(
    participants: QuerySet[Participant], vacancy: Vacancy, *, today: date, limit: int = 200
) -> list[PersonMatch]:
    """Participants (already scoped to the user) for whom the vacancy has no hard conflict, best first.
    Four queries: people with profiles, convictions, licence conditions."""
    people = list(
        participants.select_related("vocational_profile")
        .prefetch_related("convictions", "licence_conditions")
        .order_by("family_name", "given_name", "id")[:limit]
    )
    facts = vacancy_facts(vacancy)
    matches = []
    for person in people:
        profile = getattr(person, "vocational_profile", None)
        seeker = seeker_for(
            person, today=today, profile=profile, convictions=person.convictions.all(),
            licence_conditions=person.licence_conditions.all(),
        )  # fmt: skip
        result = rank(seeker, [facts], today=today)
        if result.suitable:
            matches.append(PersonMatch(person, result.suitable[0]))
    return sorted(matches, key=lambda m: (-m.result.score, m.participant.family_name, m.participant.pk))
