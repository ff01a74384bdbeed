"""Selectors: release timing and stage as the pages compute them, and participant search."""

from __future__ import annotations

import pytest

from ipsgate.casework.selectors import participant_search, with_case_flags
from ipsgate.journey.selectors import phase_of, with_task_facts
from ipsgate.people.choices import CustodyStatus
from ipsgate.people.models import Participant
from ipsgate.people.selectors import participant_get, timing_of
from ipsgate.rules.phase import Phase
from tests import factories

pytestmark = pytest.mark.django_db


def flagged(participant: Participant) -> Participant:
    return with_case_flags(Participant.objects.filter(pk=participant.pk)).get()


def test_timing_counts_down_to_expected_release_in_custody():
    participant = factories.ParticipantFactory.create(expected_release_date=factories.days_ahead(10))
    timing = timing_of(participant, today=factories.today())
    assert (timing.days_until_release, timing.release_within_28_days) == (10, True)


def test_timing_after_release_uses_the_actual_date():
    participant = factories.ParticipantFactory.create(
        released=True, expected_release_date=factories.days_ago(5), actual_release_date=factories.days_ago(3)
    )
    timing = timing_of(participant, today=factories.today())
    assert (timing.days_until_release, timing.summary) == (-3, "Released 3 days ago")


def test_recalled_person_counts_down_to_the_new_expected_release():
    participant = factories.ParticipantFactory.create(
        custody_status=CustodyStatus.RECALLED,
        actual_release_date=factories.days_ago(100),
        expected_release_date=factories.days_ahead(10),
    )
    timing = timing_of(participant, today=factories.today())
    assert timing.days_until_release == 10
    assert timing.release_within_28_days


def test_recalled_person_is_not_counted_as_released():
    participant = factories.ParticipantFactory.create(
        custody_status=CustodyStatus.RECALLED,
        actual_release_date=factories.days_ago(100),
        expected_release_date=factories.days_ahead(10),
    )
    assert "Released" not in timing_of(participant, today=factories.today()).summary


def test_phase_of_uses_the_annotations():
    in_work = factories.EpisodeFactory.create(participant__released=True).participant
    factories.JobFactory.create(participant=in_work, start_date=factories.days_ago(20))
    follow_along = factories.EpisodeFactory.create(participant__released=True).participant
    factories.JobFactory.create(participant=follow_along, start_date=factories.days_ago(200))
    ended_job = factories.EpisodeFactory.create(
        participant__released=True, participant__actual_release_date=factories.days_ago(100)
    ).participant
    factories.JobFactory.create(participant=ended_job, ended=True)
    recalled = factories.EpisodeFactory.create(
        participant__custody_status=CustodyStatus.RECALLED, participant__expected_release_date=factories.days_ahead(90)
    ).participant
    just_out = factories.EpisodeFactory.create(
        participant__released=True, participant__actual_release_date=factories.days_ago(14)
    ).participant
    referred = factories.ReferralFactory.create(participant__expected_release_date=factories.days_ahead(10)).participant
    closed = factories.ClosedEpisodeFactory.create().participant
    declined = factories.ReferralFactory.create(declined=True).participant
    today = factories.today()

    def phase(participant: Participant) -> Phase:
        annotated = with_task_facts(with_case_flags(Participant.objects.filter(pk=participant.pk))).get()
        return phase_of(annotated, today=today).phase

    assert phase(in_work) == Phase.IN_WORK
    assert phase(follow_along) == Phase.FOLLOW_ALONG
    assert phase(ended_job) == Phase.COMMUNITY_JOB_SEARCH
    assert phase(recalled) == Phase.PRE_RELEASE
    assert phase(just_out) == Phase.THROUGH_THE_GATE
    assert phase(referred) == Phase.THROUGH_THE_GATE  # a pending referral is on the journey too
    assert phase(closed) == Phase.CLOSED
    assert phase(declined) == Phase.CLOSED


def test_search_by_name_and_prison_number_within_scope():
    manager = factories.ServiceManagerFactory.create()
    ada = factories.ReferralFactory.create(
        participant__given_name="Ada", participant__family_name="Lovelace"
    ).participant
    factories.ReferralFactory.create(participant__given_name="Alan", participant__family_name="Turing")
    assert list(participant_search(manager, text="lovelace")) == [ada]
    assert list(participant_search(manager, text="ada LOVE")) == [ada]
    assert list(participant_search(manager, text=ada.prison_number.lower())) == [ada]
    assert list(participant_search(manager, text=ada.prison_number[:4])) == []  # numbers match whole
    specialist = factories.SpecialistFactory.create()
    assert list(participant_search(specialist, text="lovelace")) == []


def test_search_hides_inactive_unless_asked():
    manager = factories.ServiceManagerFactory.create()
    closed = factories.ClosedEpisodeFactory.create().participant
    assert closed not in participant_search(manager)
    assert closed in participant_search(manager, active_only=False)


def test_participant_get_404_outside_scope():
    from django.http import Http404

    participant = factories.ParticipantFactory.create()
    with pytest.raises(Http404):
        participant_get(factories.SpecialistFactory.create(), participant.pk)
    assert participant_get(factories.ServiceManagerFactory.create(), participant.pk) == participant
