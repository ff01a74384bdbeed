"""The person's own papers in the demo (issue 19): specialist1 has issued "My plan" to three people (one in Welsh),
and one of them also has a CV and a disclosure letter. Written through the papers services, so each issue is in the
audit trail like a real one. All names and details are invented."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from ipsgate.advice.models import DisclosureStatement
from ipsgate.advice.services import statement_save
from ipsgate.core.models import User
from ipsgate.journey.models import Appointment, VocationalProfile
from ipsgate.papers import content, services
from ipsgate.papers.models import NextStep, PlanSection
from ipsgate.people.models import Participant

STEPS = (
    ("Bring your birth certificate to the next meeting", 3),
    ("Open a bank account with the letter from the prison", 10),
    ("Ring the housing advice line about a room", 5),
)
GOALS = (
    "I want a job in a warehouse, on early shifts.\nI would like to drive a forklift one day.",
    "I want to work in a kitchen again.\nI liked cooking in the prison kitchen.",
    "I want outdoor work, like landscaping or building sites.\nI want to earn my own money.",
)
LETTER = (
    "Dear Sir or Madam,\n\n"
    "I am applying for the warehouse operative job. I want to be open with you about my criminal record, so that "
    "you hear about it from me.\n\n"
    "In 2022 I was convicted of theft. I was in a bad place then and I regret it.\n\n"
    "Since then I have worked in the prison kitchen for a year, passed my food hygiene certificate and kept to my "
    "plan with my support worker.\n\n"
    "I am reliable and I like physical work. I am happy to talk about any of this at interview.\n\n"
    "Yours faithfully,\n{name}"
)


def write_demo_papers(*, specialist: User, as_of: date) -> int:
    """Three of specialist1's people with an issued plan: the first in English, the second in Welsh, the third in
    English with a CV and a disclosure letter. Returns the number of papers issued."""
    people = list(
        Participant.objects.filter(allocated_specialist=specialist, vocational_profile__isnull=False).order_by("pk")[:3]
    )
    issued = 0
    for index, person in enumerate(people):
        profile = VocationalProfile.objects.get(participant=person)
        if not profile.job_goal:  # the goal in the person's own words, as the specialist wrote it down with them
            profile.job_goal = GOALS[index % len(GOALS)]
            profile.save(update_fields=["job_goal"])
        text, days = STEPS[index % len(STEPS)]
        NextStep.objects.create(
            participant=person,
            text=text,
            due_on=as_of + timedelta(days=days),
            created_by=specialist,
            created_at=timezone.now(),
        )
        if index == 1:
            person.preferred_language = "cy"
            person.save(update_fields=["preferred_language", "updated_at"])
        if index == 2 and not DisclosureStatement.objects.filter(participant=person).exists():
            statement_save(
                actor=specialist,
                participant=person,
                data={
                    "purpose": "Warehouse operative",
                    "what_happened": "In 2022 I was convicted of theft.",
                    "what_has_changed": "I have worked in the prison kitchen for a year and passed food hygiene.",
                    "why_this_job": "I am reliable and I like physical work.",
                    "letter": LETTER.format(name=person.display_name),
                },
            )
        sections = [PlanSection.GOAL, PlanSection.STEPS, PlanSection.CONTACTS, PlanSection.SUPPORT]
        if index == 0 and not content.future_appointments(person).exists():
            Appointment.objects.create(
                participant=person,
                kind="interview",
                starts_at=timezone.make_aware(datetime.combine(as_of + timedelta(days=4), time(10, 0))),
                place="Aire Valley Distribution, Unit 4, Cross Green Industrial Estate",
                with_whom="Sam Khan, warehouse supervisor",
                what_to_bring="Photo ID and your CV. Steel toe-cap boots if you have them.",
                created_by=specialist,
                created_at=timezone.now(),
            )
        future = list(content.future_appointments(person)[:3])
        if future:
            sections.append(PlanSection.APPOINTMENTS)
        if content.latest_better_off(person) is not None:
            sections.append(PlanSection.MONEY)
        if index == 2:
            sections.append(PlanSection.DISCLOSURE)
        services.plan_issue(actor=specialist, participant=person, sections=sections, appointments=future, today=as_of)
        issued += 1
        if index == 2:
            draft = content.cv_draft(person)
            services.cv_save(actor=specialist, participant=person, texts=draft)
            services.letter_issue(
                actor=specialist, participant=person, statement=content.latest_statement(person), agreed=True
            )
            issued += 2
    return issued
