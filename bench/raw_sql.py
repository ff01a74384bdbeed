"""Hand-written SQL the benchmarks compare ipsgate against: what a database person would write by hand for the
same answer, in one statement. The bench checks both give the same answer before timing them."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection

from ipsgate.casework.matching import MIN_SEARCH_RADIUS_KM
from ipsgate.employers.choices import ContractType, VacancyStatus
from ipsgate.journey.choices import FACE_TO_FACE_MODES, ContactWith
from ipsgate.outcomes.metrics import APPLIED_OR_LATER
from ipsgate.rules.applications import OFFER_MADE, Status
from ipsgate.rules.matching import (
    HIGHER_DBS,
    OFFENCE_BITS,
    PATTERN_HOURS,
    LicenceKind,
    Seeker,
    pay_floor,
    release_cutoff,
    windows_overlap,
)


def _literals(values: Any) -> str:
    """Code values (never input) as an SQL list."""
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in sorted(str(v) for v in values))


def _local_date(column: str) -> str:
    """The UK date of a UTC timestamp column."""
    if connection.vendor == "postgresql":
        return f"({column} AT TIME ZONE 'Europe/London')::date"
    return f"django_datetime_cast_date({column}, 'Europe/London', 'UTC')"  # registered by Django's SQLite backend


def _date(day: datetime.date) -> Any:
    return day if connection.vendor == "postgresql" else day.isoformat()


def dashboard_figures(*, site_id: int, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Referrals, engaged, people into work, job starts, competitive starts and the seven funnel stages for the
    people at one site, in one statement."""
    face_to_face = _literals(FACE_TO_FACE_MODES)
    applied = _literals(APPLIED_OR_LATER)
    offered = _literals(OFFER_MADE)
    sql = f"""
        WITH people AS (
            SELECT id FROM people_participant WHERE current_site_id = %(site)s
        ), cohort AS (
            SELECT p.id FROM people p WHERE EXISTS (
                SELECT 1 FROM people_referral r
                WHERE r.participant_id = p.id AND r.referral_date BETWEEN %(start)s AND %(end)s)
        )
        SELECT
            (SELECT COUNT(*) FROM people_referral r
              WHERE r.participant_id IN (SELECT id FROM people) AND r.referral_date BETWEEN %(start)s AND %(end)s),
            (SELECT COUNT(*) FROM journey_vocationalprofile v
              WHERE v.participant_id IN (SELECT id FROM people)
                AND {_local_date("v.started_at")} BETWEEN %(start)s AND %(end)s),
            jobs.people, jobs.starts, jobs.competitive,
            (SELECT COUNT(*) FROM cohort),
            (SELECT COUNT(*) FROM cohort c
              WHERE EXISTS (SELECT 1 FROM journey_vocationalprofile v WHERE v.participant_id = c.id)),
            (SELECT COUNT(*) FROM cohort c
              WHERE EXISTS (SELECT 1 FROM journey_supportcontact s
                             WHERE s.participant_id = c.id AND s.took_place = %(true)s
                               AND s.contact_with = %(employer)s AND s.mode IN ({face_to_face}))
                 OR EXISTS (SELECT 1 FROM employers_employercontact_participants_discussed d
                              JOIN employers_employercontact ec ON ec.id = d.employercontact_id
                             WHERE d.participant_id = c.id AND ec.face_to_face = %(true)s)),
            (SELECT COUNT(*) FROM cohort c
              WHERE EXISTS (SELECT 1 FROM jobs_application a
                             WHERE a.participant_id = c.id AND a.status IN ({applied}))
                 OR EXISTS (SELECT 1 FROM jobs_applicationstatuschange h
                              JOIN jobs_application a ON a.id = h.application_id
                             WHERE a.participant_id = c.id AND h.to_status = %(applied)s)),
            (SELECT COUNT(*) FROM cohort c
              WHERE EXISTS (SELECT 1 FROM jobs_application a
                             WHERE a.participant_id = c.id AND a.status IN ({offered}))),
            (SELECT COUNT(*) FROM cohort c
              WHERE EXISTS (SELECT 1 FROM jobs_job j
                             WHERE j.participant_id = c.id AND j.first_four_paid_hours_done IS NOT NULL)),
            (SELECT COUNT(*) FROM cohort c
              WHERE EXISTS (SELECT 1 FROM jobs_sustainmentcheck k JOIN jobs_job j ON j.id = k.job_id
                             WHERE j.participant_id = c.id AND j.first_four_paid_hours_done IS NOT NULL
                               AND k.week = 13 AND k.still_in_work = %(true)s))
        FROM (
            SELECT COUNT(DISTINCT j.participant_id) AS people, COUNT(*) AS starts,
                   COALESCE(SUM(CASE WHEN j.competitive THEN 1 ELSE 0 END), 0) AS competitive
              FROM jobs_job j
             WHERE j.participant_id IN (SELECT id FROM people)
               AND j.first_four_paid_hours_done BETWEEN %(start)s AND %(end)s
        ) jobs
    """  # noqa: S608 - only code constants are formatted in; values are parameters
    params = {
        "site": site_id,
        "start": _date(start),
        "end": _date(end),
        "true": True,
        "employer": ContactWith.EMPLOYER.value,
        "applied": Status.APPLIED.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    names = [
        "referrals", "engaged", "people_into_work", "job_starts", "competitive_starts", "funnel: Referred",
        "funnel: Engaged", "funnel: Employer contact", "funnel: Applied", "funnel: Offered", "funnel: Started",
        "funnel: Sustained 13 weeks",
    ]  # fmt: skip
    return dict(zip(names, (int(v or 0) for v in row), strict=True))


def matching_candidates(seeker: Seeker, *, today: datetime.date) -> list[tuple[Any, ...]]:
    """The ids of every open vacancy near the person without a hard conflict: the filters of `employers.matching`
    written as one query, answered from the indexes on status, closing date and place."""
    where = ["v.status = %s", "(v.closing_date IS NULL OR v.closing_date >= %s)"]
    params: list[Any] = [VacancyStatus.OPEN.value, _date(today)]
    if seeker.location is not None:
        radius = max(3 * (seeker.max_travel_km or 15), MIN_SEARCH_RADIUS_KM) * 1000
        e, n = seeker.location.easting, seeker.location.northing
        where.append("((v.easting BETWEEN %s AND %s AND v.northing BETWEEN %s AND %s) OR v.easting IS NULL)")
        params += [e - radius, e + radius, n - radius, n + radius]
    floor = pay_floor(seeker, today=today)
    if floor is not None:
        where.append("(v.hourly_pay >= %s OR (v.contract_type = %s AND v.hourly_pay >= %s))")
        params += [floor.other, ContractType.APPRENTICESHIP.value, floor.apprenticeship]
    exclusions = "(v.offence_exclusion_mask | e.offence_exclusion_mask)"
    unspent = sum({OFFENCE_BITS[o.category] for o in seeker.offences if o.on_basic_check})
    higher = sum({OFFENCE_BITS[o.category] for o in seeker.offences if o.on_standard_enhanced_check})
    if unspent:
        where.append(f"({exclusions} & %s) = 0")
        params.append(unspent)
    if higher:
        where.append(f"(({exclusions} & %s) = 0 OR v.dbs_level NOT IN ({_literals(lv.value for lv in HIGHER_DBS)}))")
        params.append(higher)
    for condition in seeker.licence_conditions:
        if condition.kind == LicenceKind.NO_WORK_WITH_CHILDREN:
            where.append("v.works_with_children = %s")
            params.append(False)
        elif condition.kind == LicenceKind.NO_WORK_WITH_VULNERABLE_ADULTS:
            where.append("v.works_with_vulnerable_adults = %s")
            params.append(False)
        elif condition.kind == LicenceKind.NO_DRIVING:
            where.append("v.involves_driving = %s AND v.sector <> 'DRIVING'")
            params.append(False)
        elif condition.kind == LicenceKind.EXCLUSION_ZONE and condition.districts:
            where.append(f"v.postcode_district NOT IN ({_literals(condition.districts)})")
        elif condition.kind == LicenceKind.CURFEW and condition.curfew_from and condition.curfew_to:
            curfew = (condition.curfew_from, condition.curfew_to)
            clashing = [p.value for p, hours in PATTERN_HOURS.items() if hours and windows_overlap(hours, curfew)]
            if clashing:
                where.append(f"v.work_pattern NOT IN ({_literals(clashing)})")
    if seeker.needs_rotl:
        cutoff = release_cutoff(seeker, today=today)
        if cutoff is None:
            where.append("v.suitable_for_rotl = %s")
            params.append(True)
        else:  # open to ROTL, or the stated start (else the closing date) after release; rolling when release is near
            rolling = " OR (v.start_date IS NULL AND v.closing_date IS NULL)" if cutoff.rolling_after_release else ""
            where.append(
                "(v.suitable_for_rotl = %s OR v.start_date > %s OR (v.start_date IS NULL AND v.closing_date > %s)"
                f"{rolling})"
            )
            params += [True, _date(cutoff.release_date), _date(cutoff.release_date)]
    sql = (
        "SELECT v.id FROM employers_vacancy v JOIN employers_employer e ON e.id = v.employer_id "  # noqa: S608
        f"WHERE {' AND '.join(where)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
