"""Synthetic journey records: vocational profiles, custody events (including recalls), and, for the demo,
resettlement needs, health care links, work histories, and a set of named scenarios on specialist1's caseload
that show every phase and every reminder."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol

from django.db import models

from ipsgate.core.choices import JobSector
from ipsgate.core.models import Site, User
from ipsgate.employers.models import Employer
from ipsgate.evaluation.choices import AllocationMethod, Arm
from ipsgate.evaluation.models import Allocation
from ipsgate.jobs.models import Job
from ipsgate.journey.choices import (
    CmhtReferralOutcome,
    ContactMode,
    ContactTopic,
    ContactWith,
    CustodyEventKind,
    DisclosedBy,
    DisclosureShare,
    HoursWanted,
    NeedStatus,
    Pathway,
    QualificationKind,
    Responsible,
    WorkAdjustment,
)
from ipsgate.journey.models import (
    CustodyEvent,
    MentalHealthCare,
    NeedUpdate,
    ProfileSectionChange,
    Qualification,
    ResettlementNeed,
    SupportContact,
    VocationalProfile,
    WorkHistoryEntry,
)
from ipsgate.people.choices import CustodyStatus, ReferralOutcome, ReferralSource
from ipsgate.people.models import Episode, Participant, Referral
from ipsgate.privacy.choices import LawfulBasis
from ipsgate.privacy.models import DataProtectionRecord

RECALL_SHARE = 0.1  # of people released and job searching; recall rates on licence are of this order
PROFILE_SHARE = 0.85  # of people met at least once
DISTRICTS = [f"LS{n}" for n in range(1, 29)] + [f"HU{n}" for n in range(1, 18)] + ["BD1", "BD3", "WF1", "WF10", "DN14"]
STRENGTHS = (
    "Reliable and punctual; kept a cleaning job on the wing for a year.",
    "Good with people; calm under pressure.",
    "Practical, likes to see a job finished. Fit and strong.",
    "Careful with detail; good at counting stock.",
    "Cooks for others; ran the servery.",
)
INTERESTS = ("Football and the gym.", "Cooking.", "Fixing bikes.", "Gardening and being outdoors.", "Music.")
ADJUSTMENTS = (
    "Written instructions for new tasks; a named person to ask.",
    "A later start on days with a clinic appointment.",
    "Breaks somewhere quiet when anxious.",
    "Support to read forms; prefers to be shown.",
)
NEEDS = (
    (Pathway.ACCOMMODATION, "Somewhere to live on release", Responsible.PROBATION),
    (Pathway.FINANCE_AND_ID, "Photo ID (provisional driving licence)", Responsible.PRISON),
    (Pathway.FINANCE_AND_ID, "Bank account", Responsible.PRISON),
    (Pathway.BENEFITS_AND_DEBT, "Universal Credit claim ready for release day", Responsible.PRISON),
    (Pathway.HEALTH, "Register with a GP", Responsible.OTHER_SERVICE),
    (Pathway.DRUGS_AND_ALCOHOL, "Continue substitute prescribing in the community", Responsible.OTHER_SERVICE),
    (Pathway.CHILDREN_FAMILIES_AND_COMMUNITY, "Contact with children", Responsible.PROBATION),
    (Pathway.EDUCATION_SKILLS_AND_WORK, "CSCS card before release", Responsible.SPECIALIST),
)


class Builder(Protocol):
    rng: random.Random
    as_of: date

    def at_time(self, day: date) -> datetime: ...


class Plan(Protocol):
    participant: Participant
    stage: str
    outcome: str
    contact_days: list[date]
    specialist: User


InsertRows = Callable[[type[models.Model], Sequence[str], Sequence[Sequence[Any]]], None]


def write_journey(
    b: Builder, plans: Sequence[Plan], *, prisons: Sequence[Site], demo: bool, insert_rows: InsertRows
) -> int:
    """Custody events and profiles for one batch (plus needs, health links and histories in the demo).
    Returns the number of profiles written."""
    rng = b.rng
    _recall_some(b, plans, prisons)
    events: list[tuple[Any, ...]] = []
    profiles: list[tuple[Any, ...]] = []
    for plan in plans:
        person = plan.participant
        released = person.actual_release_date
        if released is not None:
            kind = (
                CustodyEventKind.RELEASED_NO_LICENCE
                if person.custody_status == CustodyStatus.IN_COMMUNITY
                else CustodyEventKind.RELEASED_ON_LICENCE
            )
            events.append((person.pk, kind, released, None, None, "", plan.specialist.pk, b.at_time(released)))
            recall = getattr(person, "_recalled_on", None)
            if recall is not None:
                events.append(
                    (person.pk, CustodyEventKind.RECALLED, recall, person.current_site_id, person.expected_release_date,
                     "Recalled for breach of licence conditions", plan.specialist.pk, b.at_time(recall))
                )  # fmt: skip
        met = [day for day in plan.contact_days if day <= b.as_of]
        if plan.outcome == ReferralOutcome.ACCEPTED and met and rng.random() < PROFILE_SHARE:
            started = min(b.as_of, met[0] + timedelta(days=rng.randint(0, 12)))
            low = rng.choice((8, 16, 16, 24, 30))
            share = rng.choice(DisclosureShare.values)
            profiles.append(
                (
                    person.pk, b.at_time(started), rng.sample(JobSector.values[:-1], rng.randint(1, 3)), "",
                    rng.choice(HoursWanted.values), low, low + rng.choice((0, 8, 14)), rng.choice(DISTRICTS),
                    rng.choice((None, 30, 45, 60)), rng.choice((None, 5, 10, 15, 25)), rng.choice(STRENGTHS),
                    rng.choice(INTERESTS), [], "", rng.choice((True, True, None)), "",
                    share, "" if share == DisclosureShare.NOTHING else rng.choice(DisclosedBy.values), "",
                )
            )  # fmt: skip
    insert_rows(
        CustodyEvent,
        ("participant", "kind", "event_date", "prison", "expected_release_date", "note", "recorded_by", "recorded_at"),
        events,
    )
    profile_fields = (
        "participant", "started_at", "job_sectors", "job_goal", "hours_wanted", "min_hours_per_week",
        "max_hours_per_week", "postcode_district", "max_travel_minutes", "max_travel_km", "strengths", "interests",
        "adjustment_kinds", "adjustments", "right_to_work_confirmed", "right_to_work_evidence", "disclosure_share",
        "disclosed_by", "disclosure_plan",
    )  # fmt: skip
    insert_rows(VocationalProfile, profile_fields, profiles)
    if demo:
        _demo_details(b, plans)
    return len(profiles)


def _recall_some(b: Builder, plans: Sequence[Plan], prisons: Sequence[Site]) -> None:
    """Some people released on licence are recalled: back in prison, counting down to a new release."""
    recalled = []
    for plan in plans:
        person = plan.participant
        released = person.actual_release_date
        if (
            plan.stage != "job_searching"
            or released is None
            or person.custody_status != CustodyStatus.RELEASED_ON_LICENCE
            or (b.as_of - released).days < 20
            or b.rng.random() >= RECALL_SHARE
        ):
            continue
        person._recalled_on = released + timedelta(days=b.rng.randint(14, (b.as_of - released).days - 1))  # type: ignore[attr-defined]
        person.custody_status = CustodyStatus.RECALLED
        person.current_site = b.rng.choice(list(prisons))
        person.expected_release_date = b.as_of + timedelta(days=b.rng.randint(5, 120))
        recalled.append(person)
    Participant.objects.bulk_update(recalled, ["custody_status", "current_site", "expected_release_date"])


def _demo_details(b: Builder, plans: Sequence[Plan]) -> None:
    rng = b.rng
    by_person = {plan.participant.pk: plan for plan in plans}
    profiles = VocationalProfile.objects.filter(participant_id__in=by_person).values_list("pk", "participant_id")
    changes, history, qualifications = [], [], []
    for profile_id, person_id in profiles:
        plan = by_person[person_id]
        stamp = b.at_time(b.as_of - timedelta(days=rng.randint(0, 20)))
        for section in ("goals", "travel", "strengths", "right-to-work", "disclosure"):
            changes.append(
                ProfileSectionChange(
                    profile_id=profile_id, section=section, changed_by=plan.specialist, changed_at=stamp
                )
            )
        if rng.random() < 0.7:
            history.append(
                WorkHistoryEntry(
                    participant_id=person_id, employer=rng.choice(("Asda", "Local builder", "Family firm", "Agency")),
                    role=rng.choice(("Labourer", "Warehouse picker", "Kitchen porter", "Cleaner", "Driver's mate")),
                    start_date=b.as_of - timedelta(days=rng.randint(1500, 4000)),
                    end_date=b.as_of - timedelta(days=rng.randint(400, 1400)),
                    why_it_ended=rng.choice(("Sent to prison", "Contract ended", "Became unwell", "Left")),
                    recorded_by=plan.specialist,
                )
            )  # fmt: skip
        if rng.random() < 0.5:
            qualifications.append(
                Qualification(
                    participant_id=person_id, kind=rng.choice(QualificationKind.values[:-1]),
                    detail=rng.choice(("Level 1", "Level 2", "Gained in prison", "")), recorded_by=plan.specialist,
                )
            )  # fmt: skip
    ProfileSectionChange.objects.bulk_create(changes)
    WorkHistoryEntry.objects.bulk_create(history)
    Qualification.objects.bulk_create(qualifications)

    cares = []
    for plan in plans:
        if plan.outcome != ReferralOutcome.ACCEPTED:
            continue
        person = plan.participant
        for pathway, title, responsible in rng.sample(NEEDS, rng.randint(0, 3)):
            status = rng.choice(NeedStatus.values)
            _need(
                person,
                pathway,
                title,
                status,
                responsible,
                plan.specialist,
                b.at_time(b.as_of - timedelta(days=rng.randint(1, 40))),
            )
        if rng.random() < 0.6:
            referred = b.as_of - timedelta(days=rng.randint(5, 90)) if rng.random() < 0.6 else None
            cares.append(
                MentalHealthCare(
                    participant=person, gp_registered=rng.choice((True, False, None)),
                    gp_practice=rng.choice(("Harehills Medical Practice", "Burmantofts Health Centre", "")),
                    cmht_referral_date=referred,
                    cmht_referral_outcome=rng.choice(CmhtReferralOutcome.values) if referred else "",
                    care_coordinator=rng.choice(("Jo Pearson", "Daniel Ikeda", "")) if referred else "",
                    updated_by=plan.specialist, updated_at=b.at_time(b.as_of - timedelta(days=rng.randint(0, 30))),
                )
            )  # fmt: skip
    MentalHealthCare.objects.bulk_create(cares)


def _need(
    person: Participant,
    pathway: str,
    title: str,
    status: str,
    responsible: str,
    by: User,
    at: datetime,
    note: str = "",
) -> ResettlementNeed:
    need = ResettlementNeed.objects.create(
        participant=person, pathway=pathway, title=title, status=status, responsible=responsible,
        created_by=by, created_at=at, updated_at=at,
    )  # fmt: skip
    if status != NeedStatus.NOT_STARTED:
        NeedUpdate.objects.create(
            need=need, status=NeedStatus.NOT_STARTED, responsible=responsible, note="Need identified.",
            recorded_by=by, recorded_at=at - timedelta(days=7),
        )  # fmt: skip
    NeedUpdate.objects.create(
        need=need, status=status, responsible=responsible,
        note=note or ("Outcome achieved." if status == NeedStatus.MET else ""), recorded_by=by, recorded_at=at,
    )  # fmt: skip
    return need


# Named scenarios on specialist1's caseload: one for each phase and each reminder, for the walkthrough. Their
# prison numbers end in Q, a letter the random generator never uses, so they cannot clash.


def write_demo_scenarios(*, as_of: date, specialist: User, prison: Site, community: Site) -> list[Participant]:
    def day(offset: int) -> date:
        return as_of + timedelta(days=offset)

    def at(offset: int, hour: int = 10) -> datetime:
        return datetime.combine(day(offset), time(hour, 0), tzinfo=UTC)

    made: list[Participant] = []

    def person(
        given: str,
        family: str,
        number: str,
        *,
        status: str = CustodyStatus.IN_CUSTODY,
        expected: int | None = None,
        released: int | None = None,
        referred: int,
        accepted: int | None,
        site: Site = prison,
        arm: str = Arm.IPS,
        privacy_notice: bool = True,
    ) -> Participant:
        participant = Participant.objects.create(
            given_name=given, family_name=family, date_of_birth=day(-365 * 31 - len(made) * 400),
            prison_number=number, current_site=site, custody_status=status,
            expected_release_date=day(expected) if expected is not None else (day(released) if released else None),
            actual_release_date=day(released) if released is not None else None, allocated_specialist=specialist,
        )  # fmt: skip
        referral = Referral.objects.create(
            participant=participant, source=ReferralSource.PRISON_MENTAL_HEALTH, referral_date=day(referred),
            referrer_name="Sam Whitfield RMN", referrer_organisation="HMP Leeds mental health in-reach",
            wants_paid_work=True, received_by=specialist,
            outcome=ReferralOutcome.ACCEPTED if accepted is not None else "",
            outcome_date=day(accepted) if accepted is not None else None,
        )  # fmt: skip
        if accepted is not None:
            Episode.objects.create(participant=participant, referral=referral, start_date=day(accepted))
        # Each walkthrough person has a fixed arm, so the walkthrough is the same whatever the random sequence.
        Allocation.objects.create(
            referral=referral, arm=arm, mentoring=False, method=AllocationMethod.CHOSEN, stratum_site=site,
            allocated_by=specialist,
        )  # fmt: skip
        if privacy_notice:
            DataProtectionRecord.objects.create(
                participant=participant, lawful_basis=LawfulBasis.PUBLIC_TASK, privacy_notice_date=day(referred + 3)
            )
        made.append(participant)
        return participant

    def contact(participant: Participant, offset: int, mode: str, *, took_place: bool = True, note: str = "") -> None:
        SupportContact.objects.create(
            participant=participant, recorded_by=specialist, occurred_at=at(offset),
            contact_with=ContactWith.PARTICIPANT, mode=mode, duration_minutes=45 if took_place else None,
            took_place=took_place, topics=[ContactTopic.VOCATIONAL_PROFILE, ContactTopic.RELEASE_PLANNING], note=note,
        )  # fmt: skip

    def profile(participant: Participant, offset: int, sectors: list[str], district: str) -> None:
        vocational = VocationalProfile.objects.create(
            participant=participant, started_at=at(offset), job_sectors=sectors, hours_wanted=HoursWanted.FULL_TIME,
            min_hours_per_week=30, max_hours_per_week=40, postcode_district=district, max_travel_km=10,
            strengths="Reliable; kept a wing cleaning job for a year.", interests="Football.",
            adjustment_kinds=[WorkAdjustment.HEALTH], adjustments="A later start on clinic days.",
            right_to_work_confirmed=True, disclosure_share=DisclosureShare.CONVICTION_ONLY,
            disclosed_by=DisclosedBy.SPECIALIST, disclosure_plan="Specialist explains the conviction at first meeting.",
        )  # fmt: skip
        ProfileSectionChange.objects.bulk_create(
            ProfileSectionChange(profile=vocational, section=section, changed_by=specialist, changed_at=at(offset))
            for section in ("goals", "travel", "strengths", "adjustments", "right-to-work", "disclosure")
        )

    def event(participant: Participant, kind: str, offset: int, **extra: Any) -> None:
        CustodyEvent.objects.create(
            participant=participant, kind=kind, event_date=day(offset), recorded_by=specialist, recorded_at=at(offset),
            **extra,
        )  # fmt: skip

    # Pre-release meeting due: release in 12 days; the last face-to-face meeting was before the 28-day window.
    due_out = person("Daniel", "Okoro", "A4821DQ", expected=12, referred=-45, accepted=-40)
    contact(due_out, -38, ContactMode.IN_PRISON, note="First meeting on the wing. Wants warehouse or driving work.")
    contact(due_out, -20, ContactMode.PHONE)
    profile(due_out, -36, [JobSector.WAREHOUSING, JobSector.DRIVING], "LS9")
    _need(due_out, Pathway.ACCOMMODATION, "Somewhere to live on release", NeedStatus.IN_PROGRESS,
          Responsible.PROBATION, specialist, at(-10), "Approved premises place requested.")  # fmt: skip
    # Pre-release, release far off: met recently.
    far = person("Leon", "Fairweather", "A7730KQ", expected=150, referred=-30, accepted=-26)
    contact(far, -5, ContactMode.IN_PRISON)
    profile(far, -20, [JobSector.CONSTRUCTION], "LS11")
    # New referral, no contact yet: first contact overdue.
    person("Kyle", "Brennan", "A1934GQ", expected=60, referred=-9, accepted=None)
    # Met once, no profile: the profile is overdue; no lawful basis or privacy notice recorded yet either.
    no_profile = person("Marcus", "Holt", "A5518PQ", expected=70, referred=-30, accepted=-25, privacy_notice=False)
    contact(no_profile, -22, ContactMode.IN_PRISON)
    # Released 2 days ago with no contact since: the 72-hour contact is due tomorrow.
    just_out = person("Ryan", "Sutcliffe", "A2207NQ", status=CustodyStatus.RELEASED_ON_LICENCE, released=-2,
                      referred=-70, accepted=-66, site=community)  # fmt: skip
    contact(just_out, -9, ContactMode.IN_PRISON, note="Pre-release meeting: agreed to meet at the probation office.")
    profile(just_out, -60, [JobSector.HOSPITALITY], "LS8")
    event(just_out, CustodyEventKind.RELEASED_ON_LICENCE, -2)
    # Recalled: back in prison, new release in 20 days, last met outside: the pre-release meeting is due again.
    recalled = person("Jordan", "Pickersgill", "A6640RQ", status=CustodyStatus.RECALLED, expected=20, released=-120,
                      referred=-190, accepted=-185)  # fmt: skip
    Participant.objects.filter(pk=recalled.pk).update(actual_release_date=day(-120))
    contact(recalled, -60, ContactMode.IN_COMMUNITY)
    profile(recalled, -170, [JobSector.CLEANING_AND_MAINTENANCE], "LS12")
    event(recalled, CustodyEventKind.RELEASED_ON_LICENCE, -120)
    event(recalled, CustodyEventKind.RECALLED, -14, prison=prison, expected_release_date=day(20),
          note="Recalled: missed probation appointments.")  # fmt: skip
    # He was in work when recalled; the employer is keeping the job open until he is released.
    cleaner = Employer.objects.get_or_create(
        name="Kirkstall Commercial Cleaning", defaults={"sector": "ADMIN_SUPPORT", "postcode": "LS5 3BT"}
    )[0]
    Job.objects.create(
        participant=recalled, employer=cleaner, job_title="Commercial cleaner", start_date=day(-90),
        first_four_paid_hours_done=day(-90), hours_per_week=25, hourly_pay="12.71", released_from=prison,
        held_from=day(-14), held_reason="The site manager is keeping the job open until he is released.",
    )  # fmt: skip
    # Allocated to service as usual (the evaluation's comparison group): marked everywhere, no IPS tasks, and
    # followed for outcomes only.
    person("Shane", "Lowther", "A3356LQ", expected=35, referred=-20, accepted=-18, arm=Arm.SAU)
    # Community job search: not seen for 20 days, and no employer contact within 30 days of engagement.
    searching = person("Stacey", "Ward", "A3391CQ", status=CustodyStatus.RELEASED_ON_LICENCE, released=-60,
                       referred=-120, accepted=-115, site=community)  # fmt: skip
    contact(searching, -20, ContactMode.IN_COMMUNITY)
    contact(searching, -6, ContactMode.PHONE, took_place=False, note="No answer; left a voicemail.")
    profile(searching, -50, [JobSector.RETAIL, JobSector.HOSPITALITY], "LS7")
    event(searching, CustodyEventKind.RELEASED_ON_LICENCE, -60)
    # In work for 3 weeks (weekly in-work support) and for 15 weeks (follow-along; the 13-week check is due).
    employer = Employer.objects.get_or_create(
        name="Aire Valley Logistics", defaults={"sector": "LOGISTICS", "postcode": "LS10 1JB"}
    )[0]
    for given, family, number, start in (("Callum", "Rhodes", "A8120TQ", -21), ("Priya", "Doshi", "A9043MQ", -105)):
        worker = person(given, family, number, status=CustodyStatus.RELEASED_ON_LICENCE, released=start - 40,
                        referred=start - 120, accepted=start - 115, site=community)  # fmt: skip
        contact(worker, -3, ContactMode.AT_WORKPLACE)
        profile(worker, start - 100, [JobSector.WAREHOUSING], "LS10")
        event(worker, CustodyEventKind.RELEASED_ON_LICENCE, start - 40)
        Job.objects.create(
            participant=worker, employer=employer, job_title="Warehouse operative", start_date=day(start),
            first_four_paid_hours_done=day(start), hours_per_week=30, hourly_pay="12.71", released_from=prison,
        )  # fmt: skip
    return made
