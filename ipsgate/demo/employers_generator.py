"""Synthetic employers, vacancies and (for the demo) the work around them: employer contacts, applications at
every status, jobs, sustainment checks, licence conditions and offence categories.

Draws from its own seeded generator, so adding employers does not change any other generated data.
Called from `generator.generate_service`: `write_employers` before the participant batches (jobs need
employer ids), `write_activity` after them.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import timezone

from ipsgate.advice.models import ConvictionRecord, LicenceCondition
from ipsgate.core.choices import JobSector, SiteKind
from ipsgate.core.models import Site, User
from ipsgate.demo.rows import insert_instances, write_rows
from ipsgate.employers.choices import (
    ContactPurpose,
    ContractType,
    DbsLevel,
    EmployerSector,
    EmployerSize,
    OffenceExclusion,
    PartnershipLevel,
    PayPeriod,
    VacancyStatus,
    WorkPattern,
)
from ipsgate.employers.models import Employer, EmployerContact, EmployerContactPerson, Vacancy
from ipsgate.jobs.choices import JobEndReason, NotStartedReason
from ipsgate.jobs.models import Application, ApplicationStatusChange, Job, SustainmentCheck
from ipsgate.journey.choices import ContactMode, ContactWith
from ipsgate.journey.models import SupportContact, VocationalProfile
from ipsgate.people.choices import CustodyStatus
from ipsgate.people.models import Participant
from ipsgate.rules.applications import Status
from ipsgate.rules.calendar import age_on
from ipsgate.rules.employment import SUSTAINMENT_WEEKS, competitive_employment
from ipsgate.rules.matching import exclusion_mask
from ipsgate.rules.minimum_wage import annual_to_hourly
from ipsgate.rules.postcodes import _centroids

if TYPE_CHECKING:
    from .generator import GenerateSummary

BATCH = 2000
DEMO_EMPLOYERS = 40
DEMO_VACANCIES = 150
DEMO_SPECIALIST = "specialist1"

# Sector of each employer the participant batches give jobs at (generator.EMPLOYERS), by name.
KNOWN_SECTORS = {
    "Northern Logistics Ltd": (EmployerSector.LOGISTICS, JobSector.WAREHOUSING),
    "Greenway Landscapes": (EmployerSector.AGRICULTURE, JobSector.OUTDOOR),
    "The Corner Kitchen": (EmployerSector.HOSPITALITY_CATERING, JobSector.HOSPITALITY),
    "Brightside Construction": (EmployerSector.CONSTRUCTION, JobSector.CONSTRUCTION),
    "CleanSweep Facilities": (EmployerSector.ADMIN_SUPPORT, JobSector.CLEANING_AND_MAINTENANCE),
    "Aire Valley Recycling": (EmployerSector.WASTE_MANAGEMENT, JobSector.WASTE_MANAGEMENT),
    "Pennine Removals": (EmployerSector.LOGISTICS, JobSector.DRIVING),
    "Fresh Bake Bakery": (EmployerSector.MANUFACTURING, JobSector.MANUFACTURING),
    "City Cycle Repairs": (EmployerSector.RETAIL, JobSector.TECHNICAL),
    "Harbour Café": (EmployerSector.HOSPITALITY_CATERING, JobSector.HOSPITALITY),
    "Moorside Garden Centre": (EmployerSector.RETAIL, JobSector.RETAIL),
    "Ridings Car Wash": (EmployerSector.OTHER, JobSector.CLEANING_AND_MAINTENANCE),
    "Westgate Print": (EmployerSector.MANUFACTURING, JobSector.MANUFACTURING),
    "Calder Scaffolding": (EmployerSector.CONSTRUCTION, JobSector.CONSTRUCTION),
    "Kirkgate Market Traders": (EmployerSector.RETAIL, JobSector.RETAIL),
    "Millstone Kitchens": (EmployerSector.CONSTRUCTION, JobSector.CONSTRUCTION),
}
MORE_EMPLOYERS = (
    ("Humber Freight Services", EmployerSector.LOGISTICS, JobSector.WAREHOUSING, "Forklift driver"),
    ("Marina Fish Bar", EmployerSector.HOSPITALITY_CATERING, JobSector.HOSPITALITY, "Fryer"),
    ("Holderness Farm Foods", EmployerSector.AGRICULTURE, JobSector.OUTDOOR, "Farm hand"),
    ("Headrow Hotel", EmployerSector.HOSPITALITY_CATERING, JobSector.HOSPITALITY, "Housekeeper"),
    ("Roundhay Leisure Centre", EmployerSector.ARTS_ENTERTAINMENT, JobSector.SPORTS, "Leisure assistant"),
    ("Hessle Road Motors", EmployerSector.RETAIL, JobSector.TECHNICAL, "Tyre fitter"),
    ("Armley Builders Merchants", EmployerSector.RETAIL, JobSector.RETAIL, "Yard operative"),
    ("Kingston Cleaning Co", EmployerSector.ADMIN_SUPPORT, JobSector.CLEANING_AND_MAINTENANCE, "Office cleaner"),
    ("Holbeck Brewing", EmployerSector.MANUFACTURING, JobSector.MANUFACTURING, "Brewery operative"),
    ("Yorkshire Water Works Contractors", EmployerSector.ENERGY, JobSector.OUTDOOR, "Groundworker"),
    ("Seacroft Community Café", EmployerSector.HOSPITALITY_CATERING, JobSector.HOSPITALITY, "Café assistant"),
    ("Bramley Bikes", EmployerSector.RETAIL, JobSector.TECHNICAL, "Bike mechanic"),
    ("East Riding Couriers", EmployerSector.LOGISTICS, JobSector.DRIVING, "Delivery driver"),
    ("Hull Docks Maintenance", EmployerSector.LOGISTICS, JobSector.CLEANING_AND_MAINTENANCE, "Maintenance operative"),
    ("Leeds Call Centre Services", EmployerSector.ADMIN_SUPPORT, JobSector.OFFICE, "Customer service adviser"),
    ("Chapeltown Print Works", EmployerSector.MANUFACTURING, JobSector.MANUFACTURING, "Machine minder"),
    ("Beverley Road Butchers", EmployerSector.RETAIL, JobSector.RETAIL, "Butcher's assistant"),
    ("Kirkstall Storage", EmployerSector.LOGISTICS, JobSector.WAREHOUSING, "Picker packer"),
    ("Sutton Fields Recycling", EmployerSector.WASTE_MANAGEMENT, JobSector.WASTE_MANAGEMENT, "Sorter"),
    ("Otley Road Garden Services", EmployerSector.AGRICULTURE, JobSector.OUTDOOR, "Gardener"),
    ("Hunslet Steel Fabrication", EmployerSector.MANUFACTURING, JobSector.MANUFACTURING, "Welder's mate"),
    ("Victoria Dock Training", EmployerSector.EDUCATION, JobSector.EDUCATION_TRAINING, "Trainee tutor assistant"),
    ("Cottingham Care Homes", EmployerSector.HEALTH_SOCIAL, JobSector.OTHER, "Kitchen assistant"),
    ("Meanwood Bakehouse", EmployerSector.MANUFACTURING, JobSector.HOSPITALITY, "Baker"),
)
CONTACT_NAMES = ("Sue Barker", "Dave Holt", "Priya Nair", "Mark Ellis", "Jo Whitaker", "Imran Akhtar", "Kate Lund")
CONTACT_ROLES = ("Site manager", "HR adviser", "Owner", "Recruitment lead", "Shift supervisor")
DEMO_AREAS = ("LS", "HU")

JOB_EXTRA_FIELDS = (
    "end_reason",
    "contract_type",
    "open_labour_market",
    "reserved_for_disabled_people",
    "rotl_while_in_custody",
    "competitive_explanation",
    "released_from",
    "first_four_paid_hours_done",
)
END_REASONS = [r.value for r in JobEndReason]


def job_extra_columns(start: date, end: date | None, prison_id: int, as_of: date) -> tuple[Any, ...]:
    """The job columns added with employers, for the participant batches' raw job INSERTs (no random draws,
    so the rest of the generated data is unchanged)."""
    end_reason = END_REASONS[start.toordinal() % len(END_REASONS)] if end else ""
    first_hours = start + timedelta(days=3)
    return (
        end_reason,
        ContractType.PERMANENT.value,
        True,
        False,
        False,
        "",
        prison_id,
        first_hours if first_hours <= (end or as_of) else None,
    )


@dataclass(frozen=True)
class EmployerPlan:
    seed: int
    as_of: date
    demo: bool
    employers: int
    vacancies: int
    job_employers: tuple[tuple[str, str], ...]


def _rng(plan: EmployerPlan) -> random.Random:
    return random.Random(plan.seed * 7919 + 17)  # noqa: S311 - synthetic data


def _districts(demo: bool) -> list[str]:
    codes = sorted(_centroids())
    if demo:
        return [c for c in codes if c[:2] in DEMO_AREAS and c[2:3].isdigit() and len(c) <= 4]
    return [c for c in codes if len(c) <= 4]


def _postcode(rng: random.Random, district: str) -> str:
    return f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def _exclusions(rng: random.Random) -> list[str]:
    roll = rng.random()
    if roll < 0.45:
        return [OffenceExclusion.NONE.value]
    if roll < 0.75:
        return [OffenceExclusion.CASE_BY_CASE.value]
    return sorted(
        rng.sample(
            [
                OffenceExclusion.SEXUAL.value,
                OffenceExclusion.ARSON.value,
                OffenceExclusion.VIOLENCE.value,
                OffenceExclusion.TERRORISM.value,
            ],
            rng.randint(1, 2),
        )
    )


def write_employers(plan: EmployerPlan, specialists: list[User], sites: list[Site]) -> dict[str, int]:
    """Employers (the job employers, then more), their named people, and vacancies. Returns name → id."""
    rng = _rng(plan)
    districts = _districts(plan.demo)
    extra = max(DEMO_EMPLOYERS - len(plan.job_employers), 0) if plan.demo else plan.employers
    specs: list[tuple[str, str, str, str]] = [
        (name, *KNOWN_SECTORS.get(name, (EmployerSector.OTHER, JobSector.OTHER)), title)
        for name, title in plan.job_employers
    ]
    for index in range(extra):
        name, more_sector, job_sector, title = MORE_EMPLOYERS[index % len(MORE_EMPLOYERS)]
        suffix = "" if index < len(MORE_EMPLOYERS) else f" {index // len(MORE_EMPLOYERS) + 1}"
        specs.append((f"{name}{suffix}", more_sector, job_sector, title))
    employers = []
    for index, (name, sector, _job_sector, _title) in enumerate(specs):  # sector: an EmployerSector value
        codes = _exclusions(rng)
        if index % 2 == 0 and codes[0] not in (OffenceExclusion.NONE, OffenceExclusion.CASE_BY_CASE):
            codes = sorted({*codes, OffenceExclusion.THEFT.value})  # no draw: the rest of the data is unchanged
        district = rng.choice(districts)
        employers.append(
            Employer(
                name=name,
                sector=sector,
                size=rng.choice(EmployerSize.values),
                address=f"{rng.randint(1, 200)} Works Road",
                postcode=_postcode(rng, district),
                postcode_district=district,
                relationship_owner=rng.choice(specialists) if specialists else None,
                partnership_level=rng.choice(PartnershipLevel.values),
                offence_exclusions=codes,
                offence_exclusion_mask=exclusion_mask(codes),
                takes_rotl=rng.random() < 0.4,
                usual_dbs_level=rng.choice((DbsLevel.NONE, DbsLevel.NONE, DbsLevel.BASIC, DbsLevel.STANDARD)),
            )
        )
    insert_instances(Employer, employers)
    people = [
        (e.pk, rng.choice(CONTACT_NAMES), rng.choice(CONTACT_ROLES), f"contact{e.pk}@employer.invalid", "")
        for e in employers
        for _ in range(rng.randint(1, 2))
    ]
    write_rows(EmployerContactPerson, ("employer", "name", "job_title", "email", "phone"), people)
    count = DEMO_VACANCIES if plan.demo else plan.vacancies
    _write_vacancies(rng, plan, list(zip(employers, specs, strict=True)), count)
    return {e.name: e.pk for e in employers}


VACANCY_FIELDS = (
    "employer", "title", "sector", "postcode", "postcode_district", "easting", "northing", "hours_per_week",
    "work_pattern", "contract_type", "pay_amount", "pay_period", "hourly_pay", "closing_date", "offence_exclusions",
    "offence_exclusion_mask", "dbs_level", "suitable_for_rotl", "works_with_children", "works_with_vulnerable_adults",
    "involves_driving", "status", "created_at",
)  # fmt: skip


def _write_vacancies(
    rng: random.Random, plan: EmployerPlan, employers: list[tuple[Employer, tuple[str, str, str, str]]], count: int
) -> None:
    """Vacancies as rows ready for the database (200,000 at national scale), with the fields `Vacancy.derive`
    fills. Each draw is one `random()`, and every distinct date, amount and list is adapted once."""
    ops = connection.ops
    r = rng.random
    centroids = _centroids()
    now = ops.adapt_datetimefield_value(timezone.now())
    hours_choices = [Decimal(h) for h in (16, 20, 25, 30, 37.5, 40)]
    hours_values = [ops.adapt_decimalfield_value(h, 4, 1) for h in hours_choices]
    patterns = WorkPattern.values
    contract_types = [
        c.value
        for c in (
            ContractType.PERMANENT,
            ContractType.PERMANENT,
            ContractType.TEMPORARY,
            ContractType.FIXED_TERM_CONTRACT,
            ContractType.APPRENTICESHIP,
        )
    ]
    dbs_levels = [d.value for d in (DbsLevel.NONE, DbsLevel.NONE, DbsLevel.NONE, DbsLevel.BASIC, DbsLevel.ENHANCED)]
    closing_days = [ops.adapt_datefield_value(plan.as_of + timedelta(days=d)) for d in range(-20, 61)]
    sexual_mask = exclusion_mask([OffenceExclusion.SEXUAL.value])
    no_exclusions, sexual = json.dumps([]), json.dumps([OffenceExclusion.SEXUAL.value])
    hourly_pay = [ops.adapt_decimalfield_value(Decimal(p) / 100, 9, 2) for p in range(1180, 1601)]
    annual_pay: dict[tuple[int, int], tuple[Any, Any]] = {}  # (salary, hours index) → (pay, hourly pay)
    annual_period, hourly_period = PayPeriod.ANNUAL.value, PayPeriod.HOURLY.value
    open_status, closed_status = VacancyStatus.OPEN.value, VacancyStatus.CLOSED.value
    rows: list[tuple[Any, ...]] = []
    for index in range(count):
        employer, (_name, _sector, job_sector, title) = employers[
            index % len(employers) if index < len(employers) else int(r() * len(employers))
        ]
        district = employer.postcode_district  # the vacancy's postcode is always in its employer's district
        centroid = centroids.get(district)
        hours = int(r() * 6)
        if r() < 0.3:
            salary = 23000 + int(r() * 8001)
            pays = annual_pay.get((salary, hours))
            if pays is None:
                amount = Decimal(salary)
                pays = annual_pay[(salary, hours)] = (
                    ops.adapt_decimalfield_value(amount, 9, 2),
                    ops.adapt_decimalfield_value(annual_to_hourly(amount, hours_choices[hours]), 7, 2),
                )
            pay, hourly, period = pays[0], pays[1], annual_period
        else:
            pay = hourly = hourly_pay[int(r() * 421)]
            period = hourly_period
        excluded = r() >= 0.8
        rows.append(
            (
                employer.pk, title, job_sector,
                employer.postcode if r() < 0.7 else _postcode(rng, district),
                district, centroid.easting if centroid else None, centroid.northing if centroid else None,
                hours_values[hours], patterns[int(r() * len(patterns))], contract_types[int(r() * 5)], pay, period,
                hourly, closing_days[int(r() * 81)] if r() < 0.8 else None, sexual if excluded else no_exclusions,
                sexual_mask if excluded else 0, dbs_levels[int(r() * 5)], employer.takes_rotl and r() < 0.7,
                r() < 0.05, r() < 0.05, job_sector == JobSector.DRIVING,
                open_status if r() < 0.85 else closed_status, now,
            )
        )  # fmt: skip
    # In employer order, as an employer's vacancies tend to be posted together: the employer indexes then grow at
    # their end instead of taking 200,000 inserts at random places (SQLite's insert cost is mostly index pages).
    rows.sort(key=itemgetter(0))
    write_rows(Vacancy, VACANCY_FIELDS, rows)


def write_activity(plan: EmployerPlan, employer_ids: dict[str, int], summary: GenerateSummary) -> None:
    """Demo only: the specialists' employer-contact log, and specialist1's people's profiles, offence categories,
    licence conditions, applications at every status, jobs and sustainment checks."""
    summary.employers = len(employer_ids)
    summary.vacancies = Vacancy.objects.count()
    if not plan.demo:
        return
    rng = _rng(plan)
    rng.random()  # a different stream from write_employers'
    as_of = plan.as_of
    specialists = list(User.objects.filter(role="specialist").order_by("username"))
    employers = list(Employer.objects.order_by("id"))
    people_at: dict[int, EmployerContactPerson] = {}
    for person in EmployerContactPerson.objects.order_by("id"):
        people_at.setdefault(person.employer_id, person)
    mine = list(Participant.objects.filter(allocated_specialist__username=DEMO_SPECIALIST).order_by("id"))
    _profiles_and_offences(rng, mine, as_of)
    # The employer-contact log: 12 weeks, 2 to 9 contacts a week per specialist, most face to face.
    contacts = []
    discussed: list[tuple[int, list[int]]] = []
    caseloads = {
        s.pk: list(Participant.objects.filter(allocated_specialist=s).values_list("id", flat=True)) for s in specialists
    }
    for specialist in specialists:
        for week in range(12):
            monday = as_of - timedelta(days=as_of.weekday()) - timedelta(weeks=week)
            for _ in range(rng.randint(2, 9)):
                day = min(as_of, monday + timedelta(days=rng.randint(0, 4)))
                employer = rng.choice(employers)
                purpose = rng.choice(ContactPurpose.values)
                contacts.append(
                    EmployerContact(
                        employer=employer,
                        contact_person=people_at.get(employer.pk),
                        specialist=specialist,
                        contact_date=day,
                        face_to_face=rng.random() < 0.7,
                        purpose=purpose,
                        note="Talked through current and upcoming roles.",
                    )
                )
                names = caseloads[specialist.pk]
                chosen = (
                    rng.sample(names, min(len(names), rng.randint(1, 2)))
                    if names and purpose in (ContactPurpose.INTRODUCING_PARTICIPANT, ContactPurpose.IN_WORK_SUPPORT)
                    else []
                )
                discussed.append((len(contacts) - 1, chosen))
    contacts = EmployerContact.objects.bulk_create(contacts, batch_size=BATCH)
    through = EmployerContact.participants_discussed.through
    through.objects.bulk_create(
        [through(employercontact_id=contacts[i].pk, participant_id=pid) for i, ids in discussed for pid in ids],
        batch_size=BATCH,
    )
    summary.employer_contacts = len(contacts)
    summary.applications = _applications(rng, mine, as_of)
    summary.vacancies += _matching_showcase(as_of)


# Near Daniel Okoro (journey_generator's scenario: in prison, warehouse work near LS9, release in 12 days), two
# warehouse vacancies at the employer his scenario's workers have jobs with, neither open to ROTL. Written last, with
# no random draws, so the rest of the demo is unchanged.
SHOWCASE_EMPLOYER = ("Aire Valley Logistics", "LS10 1JB")


def _matching_showcase(as_of: date) -> int:
    """Matching for someone in prison: one vacancy that starts after his release (suitable, marked "After
    release"), and one paying £12.63 an hour, below the National Living Wage (ruled out, and flagged on the
    vacancy list and page)."""
    name, postcode = SHOWCASE_EMPLOYER
    employer = Employer.objects.get_or_create(
        name=name, defaults={"sector": EmployerSector.LOGISTICS, "postcode": postcode}
    )[0]
    common = {
        "employer": employer, "sector": JobSector.WAREHOUSING, "postcode": postcode, "hours_per_week": Decimal(37.5),
        "work_pattern": WorkPattern.DAYTIME, "pay_period": PayPeriod.HOURLY, "suitable_for_rotl": False,
    }  # fmt: skip
    vacancies = [
        Vacancy(
            title="Warehouse operative (new site opening)", contract_type=ContractType.PERMANENT,
            pay_amount=Decimal("13.40"), closing_date=as_of + timedelta(days=21),
            start_date=as_of + timedelta(days=35), **common,
        ),
        Vacancy(
            title="Picker packer (seasonal)", contract_type=ContractType.TEMPORARY, pay_amount=Decimal("12.63"),
            closing_date=as_of + timedelta(days=20), **common,
        ),
    ]  # fmt: skip
    for vacancy in vacancies:
        vacancy.save()
    return len(vacancies)


def _profiles_and_offences(rng: random.Random, people: list[Participant], as_of: date) -> None:
    """Vocational profiles (unless the journey's demo data wrote them), offence categories on convictions, and a
    few licence conditions."""
    # The journey's demo data writes profiles (and leaves some people without one on purpose, to show the
    # "start the profile" task): only when nobody has a profile does this fill them in, for matching to use.
    needing_profiles = [] if VocationalProfile.objects.exists() else people
    districts = _districts(True)
    profiles = [
        VocationalProfile(
            participant=p,
            started_at=datetime.combine(as_of - timedelta(days=rng.randint(5, 90)), time(10)).astimezone(),
            job_sectors=rng.sample([s.value for s in JobSector if s != JobSector.OTHER], 2),
            min_hours_per_week=rng.choice((16, 20)),
            max_hours_per_week=rng.choice((30, 37, 40)),
            postcode_district=rng.choice(districts),
            max_travel_km=rng.choice((5, 10, 15, 25)),
            disclosure_share=rng.choice(("nothing", "conviction_only", "mental_health_only", "both", "")),
        )
        for p in needing_profiles
    ]
    VocationalProfile.objects.bulk_create(profiles)
    categories = {
        "Assault": "VIOLENCE", "Common assault": "VIOLENCE", "Robbery": "VIOLENCE", "Driving": "DRIVING",
        "Burglary": "THEFT", "Theft": "THEFT", "Handling stolen goods": "THEFT", "Possession of": "DRUGS",
    }  # fmt: skip
    records = list(ConvictionRecord.objects.filter(participant__in=people))
    for record in records:
        record.offence_category = next(
            (value for key, value in categories.items() if record.description.startswith(key)), "OTHER"
        )
    ConvictionRecord.objects.bulk_update(records, ["offence_category"])
    on_licence = [p for p in people if p.custody_status == CustodyStatus.RELEASED_ON_LICENCE]
    conditions = []
    for index, person in enumerate(on_licence[:6]):
        start = person.actual_release_date or as_of
        kind = ("exclusion_zone", "curfew", "no_children", "no_driving", "curfew", "no_vulnerable_adults")[index]
        conditions.append(
            LicenceCondition(
                participant=person,
                kind=kind,
                start_date=start,
                recorded_by=person.allocated_specialist,
                districts=["LS2", "LS9"] if kind == "exclusion_zone" else [],
                curfew_from=time(19) if kind == "curfew" else None,
                curfew_to=time(7) if kind == "curfew" else None,
                detail="Set by the parole board" if kind == "exclusion_zone" else "",
            )
        )
    LicenceCondition.objects.bulk_create(conditions)


# Paths through the pipeline that the demo shows, ending at each status.
PATHS = (
    (Status.INTERESTED,),
    (Status.INTERESTED, Status.APPLIED),
    (Status.INTERESTED, Status.APPLIED, Status.INTERVIEW),
    (Status.INTERESTED, Status.APPLIED, Status.INTERVIEW, Status.OFFERED),
    (Status.INTERESTED, Status.APPLIED, Status.INTERVIEW, Status.OFFERED, Status.ACCEPTED),
    (Status.INTERESTED, Status.APPLIED, Status.INTERVIEW, Status.OFFERED, Status.ACCEPTED, Status.STARTED),
    (Status.INTERESTED, Status.APPLIED, Status.UNSUCCESSFUL),
    (Status.INTERESTED, Status.APPLIED, Status.INTERVIEW, Status.UNSUCCESSFUL),
    (Status.INTERESTED, Status.WITHDRAWN),
    (Status.INTERESTED, Status.APPLIED, Status.OFFERED, Status.OFFER_DECLINED),
    (Status.INTERESTED, Status.APPLIED, Status.INTERVIEW, Status.OFFERED, Status.ACCEPTED, Status.OFFER_NOT_STARTED),
)


def _applications(rng: random.Random, people: list[Participant], as_of: date) -> int:
    vacancies = list(Vacancy.objects.select_related("employer").order_by("id"))
    prisons = {s.pk: s for s in Site.objects.filter(kind=SiteKind.PRISON)}
    count = 0
    for index, person in enumerate(people):
        specialist = person.allocated_specialist
        if specialist is None or not vacancies:
            continue
        for chosen in (PATHS[index % len(PATHS)], PATHS[(index * 5 + 3) % len(PATHS)]):
            path: tuple[Status, ...] = chosen
            if Status.STARTED in path and person.custody_status == CustodyStatus.IN_CUSTODY:
                path = path[:-1]  # nobody starts outside work while inside, except on ROTL (not shown here)
            vacancy = rng.choice(vacancies)
            day = as_of - timedelta(days=rng.randint(25, 200))
            final = path[-1]
            application = Application.objects.create(
                participant=person,
                vacancy=vacancy,
                employer=vacancy.employer,
                job_title=vacancy.title,
                status=final.value,
                created_by=specialist,
                not_started_reason=rng.choice(NotStartedReason.values) if final == Status.OFFER_NOT_STARTED else "",
            )
            previous = ""
            for status in path:
                ApplicationStatusChange.objects.create(
                    application=application,
                    from_status=previous,
                    to_status=status.value,
                    on_date=day,
                    reason=application.not_started_reason if status == Status.OFFER_NOT_STARTED else "",
                    changed_by=specialist,
                )
                if status == Status.OFFERED:
                    application.offer_date = day
                previous = status.value
                day = min(as_of, day + timedelta(days=rng.randint(2, 12)))
            application.save(update_fields=["offer_date"])
            if final == Status.STARTED:
                _started_job(rng, application, vacancy, day, as_of, prisons)
            count += 1
    return count


def _started_job(
    rng: random.Random, application: Application, vacancy: Vacancy, start: date, as_of: date, prisons: dict[int, Site]
) -> None:
    person = application.participant
    result = competitive_employment(
        open_labour_market=True,
        reserved_for_disabled_people=False,
        hourly_pay=vacancy.hourly_pay,
        age_at_start=age_on(person.date_of_birth, start),
        start_date=start,
        apprenticeship=vacancy.contract_type == ContractType.APPRENTICESHIP,
    )
    prison = next(iter(prisons.values()), None)
    job = Job.objects.create(
        participant=person,
        employer=vacancy.employer,
        application=application,
        job_title=vacancy.title,
        start_date=start,
        hours_per_week=vacancy.hours_per_week,
        hourly_pay=vacancy.hourly_pay,
        contract_type=vacancy.contract_type,
        competitive=result.competitive,
        competitive_explanation=result.explanation[:400],
        first_four_paid_hours_done=start + timedelta(days=2) if start + timedelta(days=2) <= as_of else None,
        released_from=prisons.get(person.current_site_id) or prison,
    )
    specialist = person.allocated_specialist
    assert specialist is not None  # noqa: S101 - only allocated people get applications
    checks = [
        SustainmentCheck(
            job=job,
            week=week,
            checked_on=start + timedelta(weeks=week),
            still_in_work=rng.random() < 0.85,
            recorded_by=specialist,
        )
        for week in SUSTAINMENT_WEEKS
        if start + timedelta(weeks=week) <= as_of
    ]
    SustainmentCheck.objects.bulk_create(checks)
    SupportContact.objects.create(
        participant=person,
        recorded_by=specialist,
        occurred_at=datetime.combine(min(as_of, start + timedelta(days=3)), time(11)).astimezone(),
        contact_with=ContactWith.EMPLOYER,
        mode=ContactMode.AT_WORKPLACE,
        duration_minutes=30,
        employer=vacancy.employer,
        job=job,
        note="In-work support: checked in with the manager.",
    )


__all__ = ["JOB_EXTRA_FIELDS", "EmployerPlan", "job_extra_columns", "write_activity", "write_employers"]
