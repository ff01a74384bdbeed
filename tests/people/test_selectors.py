"""Selectors: release timing and stage as the pages compute them, and participant search."""

from __future__ import annotations

import pytest

from ipsgate.people.choices import CustodyStatus
from ipsgate.people.models import Participant
from ipsgate.people.selectors import participant_get, participant_search, stage_of, timing_of, with_case_flags
from ipsgate.rules.stage import Stage
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


def test_stage_of_uses_the_annotations():
    in_work = factories.EpisodeFactory.create(participant__released=True).participant
    factories.JobFactory.create(participant=in_work)
    ended_job = factories.EpisodeFactory.create(participant__released=True).participant
    factories.JobFactory.create(participant=ended_job, ended=True)
    recalled = factories.EpisodeFactory.create(participant__custody_status=CustodyStatus.RECALLED).participant
    just_out = factories.EpisodeFactory.create(
        participant__released=True, participant__actual_release_date=factories.days_ago(14)
    ).participant
    referred = factories.ReferralFactory.create().participant
    closed = factories.ClosedEpisodeFactory.create().participant
    declined = factories.ReferralFactory.create(declined=True).participant
    today = factories.today()
    assert stage_of(flagged(in_work), today=today).stage == Stage.IN_WORK
    assert stage_of(flagged(ended_job), today=today).stage == Stage.JOB_SEARCHING
    assert stage_of(flagged(recalled), today=today).stage == Stage.ENGAGED_PRE_RELEASE
    assert stage_of(flagged(just_out), today=today).stage == Stage.JUST_RELEASED
    assert stage_of(flagged(referred), today=today).stage == Stage.REFERRED
    assert stage_of(flagged(closed), today=today).stage == Stage.CLOSED
    assert stage_of(flagged(declined), today=today).stage == Stage.NOT_ACTIVE


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
