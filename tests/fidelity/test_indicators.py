"""Each fidelity indicator on one hand-built dataset. The answers in the comments were worked out by hand.

Period: Monday 5 January to Sunday 29 March 2026 (12 ISO weeks). The team covers prison A and community team C
and has two specialists (s1, s2). Another team (site B, specialist s3) supplies noise that must not count.
"""

from __future__ import annotations

import datetime
from datetime import UTC
from decimal import Decimal

import pytest

from ipsgate.advice.models import BetterOffCheck, DisclosureStatement
from ipsgate.employers.models import EmployerContact
from ipsgate.fidelity import indicators as ind
from ipsgate.fidelity.indicators import Period, indicators_for, suppress_small
from ipsgate.journey.choices import ContactMode, ContactWith
from ipsgate.people.choices import ClosureReason, ReferralOutcome
from tests import factories as f

D = datetime.date
PERIOD = Period(D(2026, 1, 5), D(2026, 3, 29))


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)


def episode(participant, start, end=None):
    return f.EpisodeFactory.create(
        participant=participant,
        referral=None,
        start_date=start,
        end_date=end,
        closure_reason=ClosureReason.MOVED_AWAY if end else "",
    )


def referral(participant, day, outcome, *, wants_work=True):
    return f.ReferralFactory.create(
        participant=participant,
        referral_date=day,
        outcome=outcome,
        outcome_date=day if outcome else None,
        wants_paid_work=wants_work,
        received_by=participant.allocated_specialist,
    )


def contact(participant, day, mode, *, with_=ContactWith.PARTICIPANT, took_place=True, job=None, employer=None):
    return f.SupportContactFactory.create(
        participant=participant,
        recorded_by=participant.allocated_specialist,
        occurred_at=noon(day),
        mode=mode,
        contact_with=with_,
        took_place=took_place,
        job=job,
        employer=employer,
    )


def logged(specialist, day, employer, *, people=(), face_to_face=True):
    row = EmployerContact.objects.create(
        employer=employer, specialist=specialist, contact_date=day, face_to_face=face_to_face, purpose="job_development"
    )
    row.participants_discussed.set(people)
    return row


def better_off(participant, day):
    check = BetterOffCheck.objects.create(
        participant=participant, label="Job", tax_year="2025-26", age=30, hours_per_week=Decimal("20"),
        hourly_pay=Decimal("12.21"), result={}, created_by=participant.allocated_specialist,
    )  # fmt: skip
    BetterOffCheck.objects.filter(pk=check.pk).update(created_at=noon(day))  # created_at is set on insert


@pytest.fixture
def world(db):
    a, b, c = f.SiteFactory.create(), f.SiteFactory.create(), f.CommunitySiteFactory.create()
    leader = f.TeamLeaderFactory.create(site=a)
    team = f.TeamFactory.create(leader=leader, sites=[a, c])
    other = f.TeamFactory.create(leader=f.TeamLeaderFactory.create(site=b), sites=[b])
    s1 = f.SpecialistFactory.create(site=a, team=team)
    s2 = f.SpecialistFactory.create(site=a, team=team)
    s3 = f.SpecialistFactory.create(site=b, team=other)
    f.SpecialistFactory.create(site=a, team=team, is_active=False)  # left the team: not a specialist now

    def person(specialist, site=a):
        return f.ParticipantFactory.create(current_site=site, allocated_specialist=specialist)

    p1, p2, p3, p4, p5, p7 = person(s1), person(s1), person(s1), person(s2), person(s2), person(s2)
    p6 = person(s3, site=b)
    # Item 1: open on 29 March: p1, p2, p3 (open), p7 (closes that very day) = 4 people, 2 specialists.
    episode(p1, D(2025, 12, 1))
    episode(p2, D(2026, 1, 10))
    episode(p3, D(2026, 2, 20))
    episode(p4, D(2025, 12, 1), D(2026, 3, 1))
    episode(p5, D(2026, 3, 30))
    episode(p6, D(2026, 1, 1))
    episode(p7, D(2025, 10, 1), D(2026, 3, 29))
    # Item 9: five referrals of the team's people in the period.
    referral(p1, D(2026, 1, 10), ReferralOutcome.ACCEPTED)
    referral(p2, D(2026, 2, 1), ReferralOutcome.DECLINED_BY_PERSON, wants_work=False)
    referral(p3, D(2026, 2, 15), ReferralOutcome.UNABLE_TO_CONTACT)
    referral(p4, D(2026, 3, 1), ReferralOutcome.WITHDRAWN)
    referral(p5, D(2026, 3, 20), "")
    referral(p1, D(2025, 12, 31), ReferralOutcome.DECLINED_BY_PERSON)  # before the period
    referral(p6, D(2026, 2, 1), ReferralOutcome.UNABLE_TO_CONTACT)  # another team
    # Items 12, 19, 20, 21: four job starts in the period.
    e1, e2, e3 = f.EmployerFactory.create(), f.EmployerFactory.create(), f.EmployerFactory.create()
    j1 = f.JobFactory.create(participant=p1, employer=e1, job_title="Warehouse operative", start_date=D(2026, 1, 20))
    j2 = f.JobFactory.create(participant=p2, employer=e1, job_title=" warehouse OPERATIVE", start_date=D(2026, 2, 10))
    f.JobFactory.create(participant=p3, employer=e2, job_title="Chef", start_date=D(2026, 3, 1), competitive=False)
    j4 = f.JobFactory.create(participant=p4, employer=e3, job_title="Cleaner", start_date=D(2026, 3, 29))
    j5 = f.JobFactory.create(participant=p1, employer=e2, job_title="Driver", start_date=D(2025, 12, 20))
    f.JobFactory.create(participant=p6, employer=e3, job_title="Porter", start_date=D(2026, 2, 1))
    better_off(p1, D(2026, 1, 15))  # before j1
    better_off(p2, D(2026, 2, 11))  # the day after j2 started: too late
    better_off(p4, D(2026, 3, 29))  # the day j4 started: counts
    # Item 13: profiles.
    f.VocationalProfileFactory.create(participant=p1, started_at=noon(D(2026, 1, 6)), disclosure_share="both")
    f.VocationalProfileFactory.create(participant=p2, started_at=noon(D(2026, 2, 2)), disclosure_plan="Tell HR only")
    f.VocationalProfileFactory.create(participant=p3, started_at=noon(D(2026, 3, 2)))
    f.VocationalProfileFactory.create(participant=p4, started_at=noon(D(2026, 4, 10)))  # after the period
    f.VocationalProfileFactory.create(participant=p5, started_at=noon(D(2026, 3, 1)))  # support starts later
    f.VocationalProfileFactory.create(participant=p7, started_at=noon(D(2025, 11, 1)))
    DisclosureStatement.objects.create(
        participant=p3, purpose="Kitchen", what_happened="x", what_has_changed="y", why_this_job="z", letter="l",
        updated_by=s1,
    )  # fmt: skip
    # Item 15: p1 first face-to-face employer contact 26 Jan (20 days); p2 9 March from the log (35 days).
    contact(p1, D(2026, 1, 26), ContactMode.AT_WORKPLACE, with_=ContactWith.EMPLOYER, employer=e1)
    contact(p1, D(2026, 1, 10), ContactMode.PHONE, with_=ContactWith.EMPLOYER, employer=e1)  # not face to face
    contact(p2, D(2026, 2, 5), ContactMode.IN_COMMUNITY, with_=ContactWith.EMPLOYER, took_place=False)
    logged(s1, D(2026, 1, 2), e1, people=[p1])  # before p1 engaged (and before the period's first week)
    logged(s1, D(2026, 2, 20), e1, people=[p1])
    logged(s1, D(2026, 3, 9), e2, people=[p2])
    # Item 17: s1 has 50 face-to-face log entries in the period (the two above + 48), s2 has 22: 72 / 24 = 3.0.
    for n in range(48):
        logged(s1, D(2026, 1, 5) + datetime.timedelta(days=n), e3)
    for n in range(22):
        logged(s2, D(2026, 1, 5) + datetime.timedelta(days=3 * n), e3)
    logged(s1, D(2026, 2, 3), e3, face_to_face=False)
    logged(s1, D(2026, 3, 30), e3)
    logged(s3, D(2026, 2, 3), e3)
    # Items 22/23: follow-along contacts about jobs (by phone, so item 24 is unaffected).
    contact(p1, D(2026, 1, 22), ContactMode.PHONE, job=j1)  # 2 days after j1 started
    contact(p1, D(2026, 1, 25), ContactMode.PHONE, job=j1, took_place=False)
    contact(p2, D(2026, 2, 14), ContactMode.PHONE, job=j2)  # 4 days after j2: too late
    contact(p4, D(2026, 4, 1), ContactMode.PHONE, job=j4)  # 3 days after j4, after the period
    contact(p1, D(2026, 1, 5), ContactMode.PHONE, job=j5)
    contact(p1, D(2026, 2, 5), ContactMode.PHONE, job=j5)
    # Item 24: face-to-face contacts in the period: 1 (above, at workplace) + these.
    for day in (D(2026, 1, 7), D(2026, 1, 14), D(2026, 1, 21)):
        contact(p1, day, ContactMode.IN_PRISON)
    contact(p2, D(2026, 2, 3), ContactMode.IN_COMMUNITY)
    contact(p2, D(2026, 2, 17), ContactMode.IN_COMMUNITY)
    contact(p3, D(2026, 3, 3), ContactMode.AT_WORKPLACE)
    contact(p7, D(2026, 1, 8), ContactMode.IN_PRISON)
    contact(p7, D(2026, 1, 9), ContactMode.IN_PRISON)
    contact(p1, D(2026, 1, 12), ContactMode.VIDEO)
    contact(p1, D(2026, 1, 13), ContactMode.VIDEO)
    contact(p2, D(2026, 4, 2), ContactMode.IN_COMMUNITY)
    for day in (D(2026, 2, 3), D(2026, 2, 4), D(2026, 2, 5)):
        contact(p6, day, ContactMode.IN_COMMUNITY)
    return team


def test_caseload_per_specialist(world):
    indicator = ind.caseload_per_specialist(world, PERIOD)
    assert indicator.items == (1,)
    assert indicator.value.startswith("2.0 per specialist (4 people, 2 specialists)")
    assert indicator.suggestion is not None and indicator.suggestion.score == 5
    assert indicator.definition


def test_referrals_not_accepted(world):
    indicator = ind.referrals_not_accepted(world, PERIOD)
    assert indicator.items == (9,)
    assert indicator.value == (
        "3 of 5 referrals not accepted (declined by the person: 1; unable to contact: 1; withdrawn: 1); "
        "1 accepted, 1 awaiting a decision"
    )
    assert indicator.suggestion is None
    assert "zero exclusion" in indicator.definition


def test_benefits_planning_before_start(world):
    indicator = ind.benefits_planning_before_start(world, PERIOD)
    assert indicator.value.startswith("2 of 4 job starts (50%)")


def test_disclosure_plans_recorded(world):
    indicator = ind.disclosure_plans_recorded(world, PERIOD)
    assert indicator.value == (
        "2 of 4 engaged people (50%) have a disclosure choice or plan recorded; 1 has a disclosure letter"
    )


def test_rapid_job_search(world):
    indicator = ind.rapid_job_search(world, PERIOD)
    assert indicator.items == (15,)
    # Engaged in the period: p1 (20 days), p2 (35 days), p3 and p5 (none yet). Median of 20 and 35 is 27.5.
    assert indicator.value.startswith("median 27.5 days (2 of 4 people engaged in the period had one)")
    assert "1 of 4 (25%) within 30 days" in indicator.value
    assert indicator.suggestion is not None and indicator.suggestion.score == 5


def test_rapid_job_search_median_of_an_odd_number(world):
    # Only p1 (20 days) engaged in January.
    indicator = ind.rapid_job_search(world, Period(D(2026, 1, 5), D(2026, 1, 31)))
    assert indicator.value.startswith("median 20 days (1 of 1 people")


def test_employer_contacts_per_week(world):
    indicator = ind.employer_contacts_per_week(world, PERIOD)
    assert indicator.items == (17,)
    assert indicator.value.startswith("3.0 against a target of 6 (72 contacts, 2 specialists, 12 weeks;")
    assert indicator.suggestion is not None and indicator.suggestion.score == 3


def test_job_diversity_and_competitive_share(world):
    assert ind.job_type_diversity(world, PERIOD).value == "3 different job titles among 4 job starts (75%)"
    assert ind.employer_diversity(world, PERIOD).value == "3 different employers among 4 job starts (75%)"
    competitive = ind.competitive_job_share(world, PERIOD)
    assert competitive.value == "3 of 4 job starts (75%) are competitive"
    assert competitive.suggestion is not None and competitive.suggestion.score == 3


def test_follow_along_contacts(world):
    indicator = ind.follow_along_contacts(world, PERIOD)
    assert indicator.items == (22, 23)
    assert indicator.value == (
        "2 of 4 job starts (50%) had a contact within 3 days; 4 follow-along contacts in the period across 5 jobs "
        "held (0.8 per job; 3 jobs had at least one)"
    )


def test_community_contact_share(world):
    indicator = ind.community_contact_share(world, PERIOD)
    assert indicator.value == (
        "4 of 9 face-to-face contacts (44%) were in the community or at a workplace; 5 in prison"
    )
    assert indicator.suggestion is not None and indicator.suggestion.score == 3


def test_indicators_by_item_and_analyst_suppression(world):
    by_item = indicators_for(world, PERIOD)
    assert sorted(by_item) == [1, 9, 12, 13, 15, 17, 19, 20, 21, 22, 23, 24]
    suppressed = indicators_for(world, PERIOD, suppress=True)
    # Referrals rest on counts of 1: an analyst sees "<5", not the counts.
    assert suppressed[9][0].value.startswith("<5")
    assert "declined" not in suppressed[9][0].value
    # The employer-contact rate rests on no count of people: shown as it is.
    assert suppressed[17][0].value == by_item[17][0].value


def test_suppress_small_keeps_big_counts():
    big = ind.Indicator((21,), "x", "10 of 12", "d", None, (12, 10))
    assert suppress_small(big) is big
    assert suppress_small(ind.Indicator((21,), "x", "3 of 12", "d", None, (12, 3))).value.startswith("<5")


def test_every_count_an_indicator_shows_and_every_remainder_is_checked_for_small_numbers(db):
    """Issue 15, item 10: 12 referrals, none refused, showed analysts "10 accepted, 2 awaiting a decision"; and
    "8 of 10 job starts" gives away the 2 without. Each count shown, and each difference, now counts."""
    site = f.SiteFactory.create()
    team = f.TeamFactory.create(sites=[site])
    specialist = f.SpecialistFactory.create(site=site, team=team)
    for i in range(12):
        person = f.ParticipantFactory.create(current_site=site, allocated_specialist=specialist)
        referral(person, D(2026, 2, 2), ReferralOutcome.ACCEPTED if i < 10 else "")
    indicator = ind.referrals_not_accepted(team, PERIOD)
    assert indicator.value.endswith("10 accepted, 2 awaiting a decision")
    assert suppress_small(indicator).value.startswith("<5")
    for i in range(10):
        person = f.ParticipantFactory.create(current_site=site, allocated_specialist=specialist)
        job = f.JobFactory.create(participant=person, start_date=D(2026, 2, 10), competitive=i < 8)
        assert job.competitive == (i < 8)
    indicator = ind.competitive_job_share(team, PERIOD)
    assert indicator.value.startswith("8 of 10 job starts (80%)")
    assert suppress_small(indicator).value.startswith("<5")


def test_empty_team_has_no_data_and_no_suggestions(db):
    team = f.TeamFactory.create(sites=[f.SiteFactory.create()])
    by_item = indicators_for(team, PERIOD)
    assert by_item[1][0].value == "no specialists"
    assert by_item[21][0].suggestion is not None and by_item[21][0].suggestion.score is None
    assert by_item[15][0].value.startswith("no first contacts yet")
