"""A small hand-built service whose outcome figures were worked out by hand (see `EXPECTED` notes in the tests).

Period under test: 1 January to 30 June 2025 (calendar quarters Jan–Mar and Apr–Jun 2025).

Site A (prison) is covered by team T1 (leader `leader_a`, specialist `spec_a`); site B (community team) by
team T2 (leader `leader_b`, specialist `spec_b`).

P1 (A): referred 10 Jan 2025; episode from 13 Jan; profile 20 Jan; face-to-face employer support contact
    30 Jan (20 days; an earlier one on 1 Dec 2024 is before the referral and ignored); released 5 Jan 2025.
    Job J1a: start 10 Feb, 4 paid hours 11 Feb, competitive, ended 13 Mar (31 days); 13-week check: not in work.
    Job J1b: start 1 Apr, 4 paid hours 2 Apr, NOT competitive, still going.
    Applications: started (offer 5 Feb, linked to J1a); offer declined (offer 15 Apr).
    CMHT referral 1 Dec 2024 (before the period).
P2 (A): referred 15 Feb; episode from 17 Feb; profile 1 Mar; employer-contact log face to face 17 Mar
    (30 days; a phone support contact with an employer on 20 Feb is not face to face); released 20 Jan 2025.
    Job J2 started 25 Mar but NEVER reached 4 paid hours. Application: offer 20 Mar, not started (housing).
    Recalled 15 Apr 2025 during the open episode.
P3 (A): referred 1 Oct 2024; episode from 2 Oct 2024; IN WORK AT THE START of the period: job J3 from 1 Nov 2024
    (4 paid hours 2 Nov 2024), still going; 13- and 26-week checks: in work. Released 15 Jul 2024 (26 weeks
    later = 13 Jan 2025, in the period, in work). Received into prison 1 Jan 2024 (before the period).
P4 (B): referred 5 May; episode from 6 May; profile 10 May; face-to-face employer support contact 15 May
    (10 days) and a logged one 20 May (later, so 10 days); released 1 Dec 2024 (26 weeks later = 1 Jun 2025,
    not in work). Application at "applied". CMHT referral 12 May, accepted. Received into prison 1 Jun 2025
    during the open episode (a new custodial sentence).
P5 (B): referred 20 Dec 2024; episode 22 Dec 2024 to 1 Feb 2025 (closed); job J5 start 30 Mar, 4 paid hours
    31 Mar (last day of the first quarter), competitive, ended 10 Apr (11 days). Application: offered 20 Jun,
    awaiting. CMHT referral 15 Mar, not accepted. Recalled 1 Mar 2025, after the episode closed (not counted).
P6 (B): referred 30 Jun 2025 (last day of the period; pending) and 30 Jun 2024 (outside).
P7 (A): referred 1 Jul 2025 (the day after the period).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from ipsgate.core.models import Site, Team, User
from ipsgate.employers.models import EmployerContact
from ipsgate.jobs.models import Job, SustainmentCheck
from ipsgate.people.models import Participant
from tests import factories

D = datetime.date
START = D(2025, 1, 1)
END = D(2025, 6, 30)


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 12, 0, tzinfo=datetime.UTC)


@dataclass
class Service:
    site_a: Site
    site_b: Site
    team_a: Team
    team_b: Team
    leader_a: User
    leader_b: User
    spec_a: User
    spec_b: User
    manager: User
    analyst: User
    people: dict[str, Participant]


def _person(name: str, site: Site, specialist: User, released: datetime.date | None) -> Participant:
    return factories.ParticipantFactory.create(
        given_name=name,
        current_site=site,
        allocated_specialist=specialist,
        custody_status="released_on_licence" if released else "in_custody",
        actual_release_date=released,
        expected_release_date=released or D(2027, 1, 1),
    )


def _referral_and_episode(
    p: Participant, referred: datetime.date, start: datetime.date, end: datetime.date | None = None
) -> None:
    referral = factories.AcceptedReferralFactory.create(
        participant=p, referral_date=referred, outcome_date=start, received_by=p.allocated_specialist
    )
    factories.EpisodeFactory.create(
        participant=p,
        referral=referral,
        start_date=start,
        end_date=end,
        closure_reason="moved_away" if end else "",
    )


def _job(p: Participant, start: datetime.date, four: datetime.date | None, **kw: object) -> Job:
    return factories.JobFactory.create(
        participant=p, start_date=start, first_four_paid_hours_done=four, hourly_pay=Decimal("12.50"), **kw
    )


def _check(job: Job, week: int, in_work: bool, user: User) -> None:
    SustainmentCheck.objects.create(
        job=job, week=week, checked_on=D(2025, 6, 1), still_in_work=in_work, recorded_by=user
    )


def build() -> Service:
    site_a = factories.SiteFactory.create(name="HMP Alpha")
    site_b = factories.CommunitySiteFactory.create(name="Bravo community team")
    leader_a = factories.TeamLeaderFactory.create(site=site_a)
    leader_b = factories.TeamLeaderFactory.create(site=site_b)
    team_a = factories.TeamFactory.create(name="Team Alpha", leader=leader_a, sites=[site_a])
    team_b = factories.TeamFactory.create(name="Team Bravo", leader=leader_b, sites=[site_b])
    spec_a = factories.SpecialistFactory.create(site=site_a, team=team_a)
    spec_b = factories.SpecialistFactory.create(site=site_b, team=team_b)
    manager = factories.ServiceManagerFactory.create()
    analyst = factories.AnalystFactory.create()

    p1 = _person("P1", site_a, spec_a, D(2025, 1, 5))
    p2 = _person("P2", site_a, spec_a, D(2025, 1, 20))
    p3 = _person("P3", site_a, spec_a, D(2024, 7, 15))
    p4 = _person("P4", site_b, spec_b, D(2024, 12, 1))
    p5 = _person("P5", site_b, spec_b, D(2024, 6, 1))
    p6 = _person("P6", site_b, spec_b, None)
    p7 = _person("P7", site_a, spec_a, None)

    _referral_and_episode(p1, D(2025, 1, 10), D(2025, 1, 13))
    _referral_and_episode(p2, D(2025, 2, 15), D(2025, 2, 17))
    _referral_and_episode(p3, D(2024, 10, 1), D(2024, 10, 2))
    _referral_and_episode(p4, D(2025, 5, 5), D(2025, 5, 6))
    _referral_and_episode(p5, D(2024, 12, 20), D(2024, 12, 22), D(2025, 2, 1))
    factories.ReferralFactory.create(participant=p6, referral_date=D(2025, 6, 30), received_by=spec_b)
    factories.ReferralFactory.create(participant=p6, referral_date=D(2024, 6, 30), received_by=spec_b)
    factories.ReferralFactory.create(participant=p7, referral_date=D(2025, 7, 1), received_by=spec_a)

    for p, day in ((p1, D(2025, 1, 20)), (p2, D(2025, 3, 1)), (p3, D(2024, 10, 10)), (p4, D(2025, 5, 10))):
        factories.VocationalProfileFactory.create(participant=p, started_at=noon(day))

    # Employer contacts: support contacts with an employer, and the employer-contact log.
    for p, day, mode in (
        (p1, D(2024, 12, 1), "in_community"),
        (p1, D(2025, 1, 30), "in_community"),
        (p2, D(2025, 2, 20), "phone"),
        (p4, D(2025, 5, 15), "at_workplace"),
    ):
        factories.SupportContactFactory.create(
            participant=p, occurred_at=noon(day), contact_with="employer", mode=mode, recorded_by=p.allocated_specialist
        )
    employer = factories.EmployerFactory.create()
    for p, day, spec in ((p2, D(2025, 3, 17), spec_a), (p4, D(2025, 5, 20), spec_b)):
        log = EmployerContact.objects.create(
            employer=employer, specialist=spec, contact_date=day, face_to_face=True, purpose="vacancy_discussion"
        )
        log.participants_discussed.add(p)

    # Jobs and sustainment checks.
    j1a = _job(p1, D(2025, 2, 10), D(2025, 2, 11), end_date=D(2025, 3, 13), end_reason="resigned")
    _job(p1, D(2025, 4, 1), D(2025, 4, 2), competitive=False)
    _job(p2, D(2025, 3, 25), None)
    j3 = _job(p3, D(2024, 11, 1), D(2024, 11, 2))
    _job(p5, D(2025, 3, 30), D(2025, 3, 31), end_date=D(2025, 4, 10), end_reason="contract_ended")
    _check(j1a, 13, False, spec_a)
    _check(j3, 13, True, spec_a)
    _check(j3, 26, True, spec_a)

    # Applications and offers.
    factories.ApplicationFactory.create(participant=p1, status="started", offer_date=D(2025, 2, 5))
    factories.ApplicationFactory.create(participant=p1, status="offer_declined", offer_date=D(2025, 4, 15))
    factories.ApplicationFactory.create(
        participant=p2, status="offer_not_started", not_started_reason="housing", offer_date=D(2025, 3, 20)
    )
    factories.ApplicationFactory.create(participant=p4, status="applied")
    factories.ApplicationFactory.create(participant=p5, status="offered", offer_date=D(2025, 6, 20))

    # Community mental health team referrals.
    for p, day, outcome in (
        (p1, D(2024, 12, 1), "accepted"),
        (p4, D(2025, 5, 12), "accepted"),
        (p5, D(2025, 3, 15), "not_accepted"),
    ):
        factories.MentalHealthCareFactory.create(participant=p, cmht_referral_date=day, cmht_referral_outcome=outcome)

    # Custody events.
    for p, day, kind in (
        (p2, D(2025, 4, 15), "recalled"),
        (p5, D(2025, 3, 1), "recalled"),
        (p4, D(2025, 6, 1), "received"),
        (p3, D(2024, 1, 1), "received"),
    ):
        factories.CustodyEventFactory.create(participant=p, event_date=day, kind=kind, prison=site_a)

    return Service(
        site_a=site_a,
        site_b=site_b,
        team_a=team_a,
        team_b=team_b,
        leader_a=leader_a,
        leader_b=leader_b,
        spec_a=spec_a,
        spec_b=spec_b,
        manager=manager,
        analyst=analyst,
        people={p.given_name: p for p in (p1, p2, p3, p4, p5, p6, p7)},
    )


def add_person_like_p1(service: Service) -> Participant:
    """Another person shaped like P1 (with a new specialist, so groups grow too): for query-count tests."""
    specialist = factories.SpecialistFactory.create(site=service.site_a, team=service.team_a)
    p = _person("Extra", service.site_a, specialist, D(2024, 8, 1))
    _referral_and_episode(p, D(2025, 1, 10), D(2025, 1, 13))
    factories.VocationalProfileFactory.create(participant=p, started_at=noon(D(2025, 1, 20)))
    factories.SupportContactFactory.create(
        participant=p, occurred_at=noon(D(2025, 1, 30)), contact_with="employer", mode="in_community"
    )
    job = _job(p, D(2025, 2, 10), D(2025, 2, 11), end_date=D(2025, 3, 13), end_reason="resigned")
    _job(p, D(2025, 4, 1), D(2025, 4, 2))
    _check(job, 13, True, specialist)
    factories.ApplicationFactory.create(participant=p, status="started", offer_date=D(2025, 2, 5))
    factories.ApplicationFactory.create(
        participant=p, status="offer_not_started", not_started_reason="recalled", offer_date=D(2025, 5, 5)
    )
    factories.MentalHealthCareFactory.create(participant=p, cmht_referral_date=D(2025, 2, 1))
    factories.CustodyEventFactory.create(
        participant=p, event_date=D(2025, 5, 1), kind="recalled", prison=service.site_a
    )
    return p
