"""Invented peer mentors for the demo service (issue 17 §8): five mentors, one with vetting that has run out so
the mentor list shows it flagged, and a few people at HMP Hull and HMP Humber matched with a mentor, with
sessions (one attempt each). Two mentors sign in (`mentor1`, `mentor2`, issue 17 §2): their mentees have goals
shared with them and a planned session, and one mentee agreed their mentor may see their offences and health.
Names and organisations are made up."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ipsgate.core.models import Site, User
from ipsgate.journey.choices import AppointmentKind
from ipsgate.journey.models import Appointment
from ipsgate.mentoring.models import Mentor, MentoringSession, MentorMatch
from ipsgate.people.models import Participant
from ipsgate.privacy.models import DataProtectionRecord

# (name, organisation, kind, lived experience, gender, capacity, vetting expires in days, prisons, interests, languages)
DEMO_MENTORS = (
    ("Sam Okafor", "Second Chances Trust", "partner", "yes", "man", 4, 300, ("HMP Leeds", "HMP Hull"),
     ["CONSTRUCTION", "WAREHOUSING"], "English"),
    ("Lena Marsh", "Second Chances Trust", "partner", "yes", "woman", 3, 20, ("HMP Leeds",),
     ["HOSPITALITY", "RETAIL"], "English, Polish"),
    ("Dev Patel", "Yorkshire IPS Through the Gate", "in_house", "not_said", "man", 5, 400, ("HMP Humber",),
     ["TECHNICAL", "OFFICE"], "English, Gujarati"),
    ("Kerry Holt", "New Leaf Mentoring", "partner", "yes", "woman", 2, -12, ("HMP Hull",),
     ["CLEANING_AND_MAINTENANCE"], "English"),
    ("Jonah Reid", "New Leaf Mentoring", "partner", "no", "man", 3, 180, ("HMP Leeds", "HMP Humber"),
     ["SPORTS", "OUTDOOR"], "English"),
)  # fmt: skip


def write_demo_mentors(*, as_of: date, site_by_name: Mapping[str, Site]) -> list[Mentor]:
    community = [site for name, site in site_by_name.items() if "Community" in name]
    made = []
    for name, organisation, kind, lived, gender, capacity, expires_in, prisons, interests, languages in DEMO_MENTORS:
        mentor = Mentor.objects.create(
            name=name,
            organisation=organisation,
            organisation_kind=kind,
            lived_experience=lived,
            training="Peer-mentor course",
            trained_on=as_of - timedelta(days=500),
            iag_level3=lived == "yes" and capacity > 3,
            dbs_level="enhanced",
            dbs_checked_on=as_of + timedelta(days=expires_in) - timedelta(days=3 * 365),
            vetting_expires=as_of + timedelta(days=expires_in),
            postcode_districts="LS9 LS10 LS11" if "HMP Leeds" in prisons else "HU3 HU4",
            capacity=capacity,
            gender=gender,
            languages=languages,
            interests=sorted(interests),
            status="active",
            status_since=as_of - timedelta(days=400),
        )
        mentor.user = User.objects.filter(username=DEMO_ACCOUNTS.get(name, "")).first()
        if mentor.user is not None:
            mentor.save(update_fields=["user"])
        mentor.cleared_prisons.set([site_by_name[p] for p in prisons])
        mentor.sites.set([site_by_name[p] for p in prisons] + community)
        made.append(mentor)
    _write_demo_matches(as_of=as_of, mentors={m.name: m for m in made}, site_by_name=site_by_name)
    return made


# The mentors who sign in (the demo log-ins `mentor1` and `mentor2`).
DEMO_ACCOUNTS = {"Sam Okafor": "mentor1", "Dev Patel": "mentor2"}
SHARED_GOALS = (
    "Get a CSCS card and find labouring work near home.",
    "Keep to a routine after release and start looking for warehouse shifts.",
    "Build confidence for interviews; try a work trial in a kitchen.",
)

# (mentor, prison, how many of that prison's specialist's people): leaves each mentor room for more.
DEMO_MATCHES = (("Sam Okafor", "HMP Hull", "specialist2", 2), ("Dev Patel", "HMP Humber", "specialist4", 3),
                ("Jonah Reid", "HMP Humber", "specialist4", 1))  # fmt: skip
SESSION_PLACES = ("in_prison", "community", "phone_or_video")


def _write_demo_matches(*, as_of: date, mentors: Mapping[str, Mentor], site_by_name: Mapping[str, Site]) -> None:
    taken: set[int] = set()
    for name, prison, username, count in DEMO_MATCHES:
        specialist = User.objects.get(username=username)
        people = (
            Participant.objects.filter(current_site=site_by_name[prison], allocated_specialist=specialist)
            .exclude(pk__in=taken)
            .order_by("pk")[:count]
        )
        for n, person in enumerate(people):
            taken.add(person.pk)
            started = as_of - timedelta(days=42 + 7 * n)
            account = mentors[name].user  # the mentor's own sign-in, if they have one
            signs_in = account is not None
            match = MentorMatch.objects.create(
                participant=person,
                mentor=mentors[name],
                started_on=started,
                matched_by=specialist,
                shared_goals=SHARED_GOALS[n % len(SHARED_GOALS)] if signs_in else "",
            )
            if signs_in:
                _plan_next_session(person, specialist, as_of + timedelta(days=3 + n))
                if n == 0:  # this person agreed their mentor may see their offences and health
                    DataProtectionRecord.objects.update_or_create(
                        participant=person, defaults={"mentor_sections": ["health", "offence"]}
                    )
            for k in range(3):
                day = started + timedelta(days=14 * k + 1)
                MentoringSession.objects.create(
                    match=match,
                    held_at=timezone.make_aware(datetime.combine(day, time(10 + k, 30))),
                    took_place=k != 1,
                    place=SESSION_PLACES[k],
                    duration_minutes=45 if k != 1 else None,
                    topics=["confidence", "first_weeks"] if k == 0 else ["routines", "work_expectations"],
                    note="Talked through the first weeks out and what a working day looks like." if k != 1 else "",
                    recorded_by=account if account is not None and k == 2 else specialist,
                )


def _plan_next_session(person: Participant, specialist: User, day: date) -> None:
    """A mentoring session planned ahead (an appointment of the mentoring kind), shown to the mentor."""
    Appointment.objects.create(
        participant=person,
        kind=AppointmentKind.MENTORING,
        starts_at=timezone.make_aware(datetime.combine(day, time(14, 0))),
        place="Visits hall" if person.in_custody else "Cafe near the Jobcentre",
        with_whom="Peer mentor",
        created_by=specialist,
        created_at=timezone.now(),
    )
