"""A person with something in every section of their papers, and staff-only details that must never reach them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from ipsgate.advice.models import BetterOffCheck, DisclosureStatement
from ipsgate.core.models import User
from ipsgate.journey.models import Appointment
from ipsgate.mentoring.models import MentorMatch
from ipsgate.papers.models import NextStep
from ipsgate.partners.models import Partner, ReferralOut
from ipsgate.people.models import Participant
from tests import factories

HOSTILE = '<script>alert("x")</script> =HYPERLINK("http://evil.example","click") +SUM(1,2) @cmd'


@dataclass
class PaperPerson:
    participant: Participant
    specialist: User
    future: Appointment
    past: Appointment
    staff_only: list[str]
    texts: dict[str, str]


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.fixture
def paper_person(specialist, prison) -> PaperPerson:
    participant = factories.ParticipantFactory.create(allocated_specialist=specialist, current_site=prison)
    factories.VocationalProfileFactory.create(
        participant=participant,
        job_goal="I want to work in a warehouse, driving a forklift.",
        strengths="Reliable and calm under pressure.",
        adjustments="STAFFONLY-adjustments: needs breaks for anxiety",
        disclosure_plan="STAFFONLY-disclosure-plan: specialist to speak to manager",
    )
    factories.WorkHistoryEntryFactory.create(
        participant=participant, employer="HMP Leeds", role="Kitchen orderly", recorded_by=specialist
    )
    factories.WorkHistoryEntryFactory.create(
        participant=participant, employer="Greggs", role="Shop assistant", recorded_by=specialist
    )
    factories.QualificationFactory.create(
        participant=participant, kind="forklift", detail="Counterbalance", recorded_by=specialist
    )
    NextStep.objects.create(
        participant=participant,
        text="Bring your birth certificate",
        due_on=timezone.localdate() + datetime.timedelta(days=5),
        created_by=specialist,
        created_at=timezone.now(),
    )
    future = factories.AppointmentFactory.create(
        participant=participant,
        kind="interview",
        starts_at=_at(4, 10),
        place="Unit 4, Cross Green",
        with_whom="Sam Khan",
        what_to_bring="Your CV and photo ID",
        created_by=specialist,
    )
    past = factories.AppointmentFactory.create(
        participant=participant,
        kind="probation",
        starts_at=_at(-3, 9),
        place="PASTPLACE Park Square",
        outcome="attended",
        outcome_note="STAFFONLY-outcome-note: disclosed relapse",
        outcome_recorded_by=specialist,
        outcome_recorded_at=timezone.now(),
        created_by=specialist,
    )
    mentor = factories.MentorFactory.create(name="Dee Mentor", organisation="Second Chances Trust")
    MentorMatch.objects.create(
        participant=participant, mentor=mentor, started_on=factories.days_ago(10), matched_by=specialist
    )
    partner = Partner.objects.create(
        name="Leeds Housing Advice",
        kind="voluntary",
        areas="LS9",
        phone="0113 496 0000",
        opening_hours="Monday to Friday, 9am to 5pm",
        updated_by=specialist,
        updated_at=timezone.now(),
    )
    ReferralOut.objects.create(
        participant=participant,
        partner=partner,
        pathway="ACCOMMODATION",
        referred_on=factories.days_ago(5),
        referred_from=participant.current_site,
        method="phone",
        asked="STAFFONLY-asked: a room near the bus route",
        shared="STAFFONLY-shared: risk notes",
        consent_to_share=True,
        status="accepted",
        status_on=factories.days_ago(2),
        created_by=specialist,
        created_at=timezone.now(),
    )
    BetterOffCheck.objects.create(
        participant=participant,
        label="Warehouse job",
        tax_year="2026/27",
        age=35,
        hours_per_week=Decimal("30"),
        hourly_pay=Decimal("12.60"),
        result={"income_out_of_work": 800.0, "income_in_work": 1450.0, "better_off_by": 650.0},
        created_by=specialist,
    )
    DisclosureStatement.objects.create(
        participant=participant,
        purpose="Warehouse operative",
        what_happened="DISCLOSE-happened: I was convicted of theft in 2022.",
        what_has_changed="DISCLOSE-changed: I have worked in the prison kitchen for a year.",
        why_this_job="DISCLOSE-why: I am reliable and want to drive a forklift.",
        letter="Dear Sir or Madam,\n\nLETTER-BODY: I want to be open with you.\n\nYours faithfully,\nA Person",
        updated_by=specialist,
    )
    factories.SupportContactFactory.create(
        participant=participant, recorded_by=specialist, note="STAFFONLY-contact-note: talked about his ex-partner"
    )
    factories.MentalHealthCareFactory.create(
        participant=participant, updated_by=specialist, care_coordinator="STAFFONLY-coordinator Jo Bloggs"
    )
    staff_only = [
        "STAFFONLY-adjustments",
        "STAFFONLY-disclosure-plan",
        "STAFFONLY-outcome-note",
        "STAFFONLY-asked",
        "STAFFONLY-shared",
        "STAFFONLY-contact-note",
        "STAFFONLY-coordinator",
        "PASTPLACE",
        participant.prison_number,
    ]
    section_texts = {
        "goal": "I want to work in a warehouse",
        "steps": "Bring your birth certificate",
        "appointments": "Unit 4, Cross Green",
        "contacts": "0113 496 0000",
        "money": "650",
        "disclosure": "DISCLOSE-happened",
        "support": "We will keep helping you when you start work.",
    }
    return PaperPerson(participant, specialist, future, past, staff_only, section_texts)
