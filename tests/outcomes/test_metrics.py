"""Every outcome metric on the hand-built service in `dataset.py`, with the answers worked out by hand."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from ipsgate.outcomes import metrics as m
from ipsgate.outcomes.metrics import GroupBy, Period, Ratio, Spread
from ipsgate.partners.models import Partner, ReferralOut, ReferralOutUpdate

from . import dataset
from .dataset import END, START, Service

PERIOD = Period(START, END)
Q1 = "Jan–Mar 2025"
Q2 = "Apr–Jun 2025"


@pytest.fixture
def service(db) -> Service:
    return dataset.build()


@pytest.fixture
def everyone(service):
    return m.participants_in_scope(service.manager)


def test_quarters_are_calendar_quarters_clipped_to_the_period():
    assert Period(datetime.date(2024, 11, 15), datetime.date(2025, 4, 2)).quarters() == [
        ("Oct–Dec 2024", Period(datetime.date(2024, 11, 15), datetime.date(2024, 12, 31))),
        ("Jan–Mar 2025", Period(datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))),
        ("Apr–Jun 2025", Period(datetime.date(2025, 4, 1), datetime.date(2025, 4, 2))),
    ]


def test_spread_is_linear_interpolation_like_percentile_cont():
    # [10, 20, 30]: median 20; Q1 halfway between 10 and 20; Q3 halfway between 20 and 30.
    assert Spread.of([30, 10, 20]) == Spread(3, 20, 15, 25)
    assert Spread.of([7]) == Spread(1, 7, 7, 7)
    assert Spread.of([]) == Spread(0, None, None, None)


def test_referrals(service, everyone):
    # P1 10 Jan, P2 15 Feb, P4 5 May, P6 30 Jun (last day). Not: P3 Oct 2024, P5 Dec 2024, P6's 2024 one, P7 1 Jul.
    assert m.referrals(everyone, PERIOD, GroupBy.SERVICE) == {None: 4}
    assert m.referrals(everyone, PERIOD, GroupBy.SITE) == {service.site_a.pk: 2, service.site_b.pk: 2}


def test_engaged(service, everyone):
    # Profiles started 20 Jan (P1), 1 Mar (P2), 10 May (P4); P3's was in October 2024.
    assert m.engaged(everyone, PERIOD, GroupBy.SERVICE) == {None: 3}
    assert m.engaged(everyone, PERIOD, GroupBy.TEAM) == {service.team_a.pk: 2, service.team_b.pk: 1}


def test_people_into_work_and_job_starts(service, everyone):
    # Counted starts (4 paid hours) in the period: J1a 11 Feb, J1b 2 Apr (P1 twice), J5 31 Mar (P5).
    # J2 never reached 4 paid hours; J3 counted in Nov 2024. Competitive: J1a and J5, not J1b.
    assert m.job_starts(everyone, PERIOD, GroupBy.SERVICE) == {None: m.JobStarts(people=2, starts=3, competitive=2)}
    assert m.job_starts(everyone, PERIOD, GroupBy.SITE) == {
        service.site_a.pk: m.JobStarts(people=1, starts=2, competitive=1),
        service.site_b.pk: m.JobStarts(people=1, starts=1, competitive=1),
    }


def test_employment_rate_leaves_out_people_in_work_at_the_start(service, everyone):
    # On the caseload in the period: P1, P2, P3, P4, P5 (P5's episode ended 1 Feb). P3 was in work on 1 Jan:
    # left out. Out of work at the start: P1, P2, P4, P5; into work: P1 and P5. 2 of 4.
    assert m.employment_rate(everyone, PERIOD, GroupBy.SERVICE) == {None: Ratio(2, 4)}
    assert m.employment_rate(everyone, PERIOD, GroupBy.SPECIALIST) == {
        service.spec_a.pk: Ratio(1, 2),  # P1 yes, P2 no
        service.spec_b.pk: Ratio(1, 2),  # P5 yes, P4 no
    }


def test_employed_six_months_after_release(service, everyone):
    # Releases 2024-07-03 .. 2024-12-30 have their 26-week point in the period: P3 (15 Jul 2024, in work on
    # 13 Jan 2025) and P4 (1 Dec 2024, not in work on 1 Jun 2025). 1 of 2.
    assert m.employed_after_release(everyone, PERIOD, GroupBy.SERVICE) == {None: Ratio(1, 2)}
    assert m.employed_after_release(everyone, PERIOD, GroupBy.SITE) == {
        service.site_a.pk: Ratio(1, 1),
        service.site_b.pk: Ratio(0, 1),
    }


def test_days_to_first_face_to_face_employer_contact_from_both_sources(service, everyone):
    # P1 20 days (support contact), P2 30 days (contact log; the phone contact does not count), P4 10 days
    # (support contact 15 May before the logged one on 20 May). P6 has none. [10, 20, 30].
    assert m.days_to_employer_contact(everyone, PERIOD, GroupBy.SERVICE) == {None: Spread(3, 20, 15, 25)}
    assert m.days_to_employer_contact(everyone, PERIOD, GroupBy.SITE) == {
        service.site_a.pk: Spread(2, 25, 22.5, 27.5),
        service.site_b.pk: Spread(1, 10, 10, 10),
    }


def test_days_to_first_job(service, everyone):
    # Only P1 (referred 10 Jan, first counted start 11 Feb): 32 days. P2's job never reached 4 paid hours.
    assert m.days_to_first_job(everyone, PERIOD, GroupBy.SERVICE) == {None: Spread(1, 32, 32, 32)}


def test_job_tenure(service, everyone):
    # Started in the period and ended: J1a 31 days, J5 11 days; J1b still going.
    assert m.job_tenure(everyone, PERIOD, GroupBy.SERVICE) == {None: m.Tenure(Spread(2, 21, 16, 26), 1)}


def test_offer_conversion_and_reasons(service, everyone):
    # Offers dated in the period: P1 started, P1 declined, P2 not started (housing), P5 awaiting.
    # Decided 3, started 1. P4's application has no offer.
    counts = m.offer_conversion(everyone, PERIOD, GroupBy.SERVICE)[None]
    assert (counts.offers, counts.started, counts.awaiting, counts.not_started) == (4, 1, 1, 1)
    assert counts.not_started_reasons == [("Housing", 1)]
    figures = m.outcome_figures(everyone, PERIOD, GroupBy.SERVICE)[None]
    assert figures.offer_conversion == Ratio(1, 3)


def test_competitive_share(service, everyone):
    assert m.outcome_figures(everyone, PERIOD, GroupBy.SERVICE)[None].competitive_share == Ratio(2, 3)


def test_sustainment(service, everyone):
    # 13 weeks: J3 (start 1 Nov 2024, in work), J1a (10 Feb, not in work), J5 (30 Mar, never checked): 1 of 3.
    # 26 weeks: J3 (in work): 1 of 1. 52 weeks: none due. J1b's 13-week point (1 Jul) is after the period.
    assert m.sustainment(everyone, PERIOD, GroupBy.SERVICE) == {
        None: {13: Ratio(1, 3), 26: Ratio(1, 1), 52: Ratio(0, 0)}
    }


def test_cmht_referrals(service, everyone):
    # P4 accepted (12 May), P5 not accepted (15 Mar); P1's was in December 2024.
    assert m.cmht_referrals(everyone, PERIOD, GroupBy.SERVICE) == {None: m.CmhtReferrals(2, 1, 1)}
    assert m.cmht_referrals(everyone, PERIOD, GroupBy.SITE) == {service.site_b.pk: m.CmhtReferrals(2, 1, 1)}


def _referral_out(person, partner, day, *statuses):
    referral = ReferralOut.objects.create(
        participant=person, partner=partner, pathway="HEALTH", referred_from=person.current_site, referred_on=day,
        method="phone", asked="Care coordinator", consent_to_share=True, status=statuses[-1] if statuses else "sent",
        status_on=day, created_by=person.allocated_specialist, created_at=timezone.now(),
    )  # fmt: skip
    for status in ("sent", *statuses):
        ReferralOutUpdate.objects.create(
            referral=referral, status=status, happened_on=day, recorded_by=person.allocated_specialist,
            recorded_at=timezone.now(),
        )  # fmt: skip


def test_cmht_referrals_out_count_once_with_the_health_care_page(service, everyone):
    """Issue 18: the same definition as the service map (`partners.selectors.cmht_referral_sources`)."""

    def partner(name, cmht):
        return Partner.objects.create(
            name=name, kind="nhs", areas="LS9", community_mental_health_team=cmht, updated_by=service.manager,
            updated_at=timezone.now(),
        )  # fmt: skip

    cmht, other = partner("Aire CMHT", True), partner("Wellbeing", False)
    people = service.people
    _referral_out(people["P4"], cmht, datetime.date(2025, 5, 12), "accepted")  # the health-care page's: once
    _referral_out(people["P2"], cmht, datetime.date(2025, 4, 1), "declined")  # a new one, not accepted
    _referral_out(people["P3"], other, datetime.date(2025, 4, 1), "accepted")  # not a CMHT
    # Health-care page: P4 accepted, P5 not accepted; referrals out: P2 declined.
    assert m.cmht_referrals(everyone, PERIOD, GroupBy.SERVICE) == {None: m.CmhtReferrals(3, 1, 2)}


def test_recalls_and_new_sentences_during_support(service, everyone):
    # P2 recalled 15 Apr in an open episode (counted); P5 recalled 1 Mar after the episode closed (not);
    # P4 received into prison 1 Jun in an open episode (counted); P3's reception was in 2024.
    assert m.custody_during_support(everyone, PERIOD, GroupBy.SERVICE) == {None: m.CustodyDuringSupport(1, 1)}


def test_funnel(service, everyone):
    # First referred in the period: P1, P2, P4, P6. Profiles: P1, P2, P4. Face-to-face employer contact: P1, P2,
    # P4. Applied: P1, P2, P4. Offered: P1, P2. Started (4 paid hours): P1. In work at 13 weeks: nobody
    # (J1a's check said not in work).
    assert m.funnel(everyone, PERIOD) == [
        ("Referred", 4),
        ("Engaged (profile started)", 3),
        ("Face-to-face employer contact", 3),
        ("Applied for a job", 3),
        ("Offered a job", 2),
        ("Started a job", 1),
        ("Still in work at 13 weeks", 0),
    ]


def test_grouping_by_quarter_gives_the_same_answers_per_quarter(service, everyone):
    figures = m.outcome_figures(everyone, PERIOD, GroupBy.QUARTER)
    assert list(figures) == [Q1, Q2]
    q1, q2 = figures[Q1], figures[Q2]
    assert (q1.referrals, q2.referrals) == (2, 2)  # P1, P2 | P4, P6 (30 Jun)
    assert (q1.engaged, q2.engaged) == (2, 1)
    # J1a and J5 (31 Mar, last day of Q1) | J1b. P1 is into work in both quarters, once in the whole period.
    assert q1.job_starts == m.JobStarts(people=2, starts=2, competitive=2)
    assert q2.job_starts == m.JobStarts(people=1, starts=1, competitive=0)
    # Q1: caseload P1, P2, P3, P5; P3 in work: 2 of 3. Q2: caseload P1, P2, P3, P4; P1 out of work on 1 Apr
    # (J1a ended 13 Mar, J1b counted 2 Apr), P3 in work: 1 of 3.
    assert (q1.employment_rate, q2.employment_rate) == (Ratio(2, 3), Ratio(1, 3))
    assert (q1.employed_6_months, q2.employed_6_months) == (Ratio(1, 1), Ratio(0, 1))
    assert (q1.days_to_employer_contact, q2.days_to_employer_contact) == (
        Spread(2, 25, 22.5, 27.5),
        Spread(1, 10, 10, 10),
    )
    assert q1.tenure == m.Tenure(Spread(2, 21, 16, 26), 0)
    assert q2.tenure == m.Tenure(Spread(0, None, None, None), 1)
    assert (q1.offer_conversion, q2.offer_conversion) == (Ratio(1, 2), Ratio(0, 1))
    assert (q1.sustainment[13], q2.sustainment[13]) == (Ratio(1, 1), Ratio(0, 2))
    assert (q1.cmht, q2.cmht) == (m.CmhtReferrals(1, 0, 1), m.CmhtReferrals(1, 1, 0))
    assert (q1.custody, q2.custody) == (m.CustodyDuringSupport(0, 0), m.CustodyDuringSupport(1, 1))


def test_grouping_by_site_matches_the_site_filter(service):
    by_site = m.outcome_figures(m.participants_in_scope(service.manager), PERIOD, GroupBy.SITE)
    only_a = m.outcome_figures(m.participants_in_scope(service.manager, site=service.site_a), PERIOD, GroupBy.SERVICE)
    assert by_site[service.site_a.pk] == only_a[None]
    assert by_site[service.site_a.pk].referrals == 2
    assert by_site[service.site_b.pk].referrals == 2


def test_team_leader_sees_only_their_teams_sites(service):
    leader_a_people = m.participants_in_scope(service.leader_a)
    assert m.referrals(leader_a_people, PERIOD, GroupBy.SITE) == {service.site_a.pk: 2}
    assert m.cmht_referrals(leader_a_people, PERIOD, GroupBy.SERVICE) == {None: m.CmhtReferrals(0, 0, 0)}
    assert set(leader_a_people.values_list("given_name", flat=True)) == {"P1", "P2", "P3", "P7"}
    assert m.participants_in_scope(service.spec_a).count() == 0  # specialists do not get outcome figures
