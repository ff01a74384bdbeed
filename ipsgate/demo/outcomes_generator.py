"""Demo people who fill the outcome figures the rest of the demo leaves empty: a new custodial sentence during
support, and a job held for over a year (so a 52-week sustainment check falls in the last 12 months)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from ipsgate.core.models import Site, User
from ipsgate.employers.models import Employer
from ipsgate.jobs.models import Job, SustainmentCheck
from ipsgate.journey.choices import CustodyEventKind
from ipsgate.journey.models import CustodyEvent
from ipsgate.people.choices import CustodyStatus, ReferralOutcome, ReferralSource
from ipsgate.people.models import Episode, Participant, Referral
from ipsgate.rules.employment import SUSTAINMENT_WEEKS


def write_outcome_scenarios(*, as_of: date, specialist: User, prison: Site, community: Site) -> list[Participant]:
    def day(offset: int) -> date:
        return as_of + timedelta(days=offset)

    def person(given: str, family: str, number: str, *, site: Site, status: str, referred: int) -> Participant:
        participant = Participant.objects.create(
            given_name=given, family_name=family, date_of_birth=date(1990, 3, 14), prison_number=number,
            current_site=site, custody_status=status, allocated_specialist=specialist,
        )  # fmt: skip
        referral = Referral.objects.create(
            participant=participant, source=ReferralSource.PROBATION, referral_date=day(referred),
            referrer_name="Jo Ackroyd", referrer_organisation="Probation", wants_paid_work=True,
            received_by=specialist, outcome=ReferralOutcome.ACCEPTED, outcome_date=day(referred + 4),
        )  # fmt: skip
        Episode.objects.create(participant=participant, referral=referral, start_date=day(referred + 4))
        return participant

    def event(participant: Participant, kind: str, offset: int, **extra: object) -> None:
        CustodyEvent.objects.create(
            participant=participant, kind=kind, event_date=day(offset), recorded_by=specialist,
            recorded_at=datetime.combine(day(offset), time(10), tzinfo=UTC), **extra,
        )  # fmt: skip

    # Released, supported in the community, then received into prison on a new sentence 40 days ago.
    sentenced = person("Tyler", "Hebden", "A5152HQ", site=prison, status=CustodyStatus.IN_CUSTODY, referred=-300)
    Participant.objects.filter(pk=sentenced.pk).update(actual_release_date=day(-250), expected_release_date=day(200))
    event(sentenced, CustodyEventKind.RELEASED_ON_LICENCE, -250)
    event(sentenced, CustodyEventKind.RECEIVED, -40, prison=prison, expected_release_date=day(200),
          note="Received on a new sentence.")  # fmt: skip

    # In the same job for 60 weeks: every sustainment check done, still in work.
    steady = person("Grace", "Oduya", "A5153HQ", site=community, status=CustodyStatus.IN_COMMUNITY, referred=-520)
    Participant.objects.filter(pk=steady.pk).update(actual_release_date=day(-480))
    event(steady, CustodyEventKind.RELEASED_NO_LICENCE, -480)
    employer = Employer.objects.get_or_create(
        name="Kirkstall Bakery", defaults={"sector": "HOSPITALITY_CATERING", "postcode": "LS5 3BT"}
    )[0]
    start = day(-420)
    job = Job.objects.create(
        participant=steady, employer=employer, job_title="Bakery assistant", start_date=start,
        first_four_paid_hours_done=start + timedelta(days=1), hours_per_week=25, hourly_pay="12.71",
    )  # fmt: skip
    SustainmentCheck.objects.bulk_create(
        SustainmentCheck(
            job=job, week=weeks, checked_on=start + timedelta(weeks=weeks), still_in_work=True, recorded_by=specialist
        )
        for weeks in SUSTAINMENT_WEEKS
    )
    return [sentenced, steady]
