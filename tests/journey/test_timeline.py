"""The participant timeline: referrals, custody events, contacts (attempts marked as such) and needs updates,
newest first."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from ipsgate.casework.selectors import timeline_for
from tests import factories
from tests.journey.conftest import detail_url, make_supported, timeline_titles

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


def test_timeline_has_every_kind_of_event_newest_first(make_client, specialist, prison, other_prison):
    person = factories.ParticipantFactory.create(current_site=other_prison, allocated_specialist=specialist)
    person.current_site = prison
    person.save()
    factories.EpisodeFactory.create(participant=person, referral__referral_date=factories.days_ago(40))
    factories.CustodyEventFactory.create(
        participant=person, kind="received", event_date=factories.days_ago(200), prison=other_prison,
        expected_release_date=factories.days_ahead(90),
    )  # fmt: skip
    factories.SupportContactFactory.create(
        participant=person, recorded_by=specialist, occurred_at=at(factories.days_ago(35), 10), mode="in_prison",
        note="First meeting",
    )  # fmt: skip
    factories.CustodyEventFactory.create(
        participant=person, kind="transferred", event_date=factories.days_ago(20), prison=prison, note="Cat C move"
    )
    need = factories.ResettlementNeedFactory.create(
        participant=person, created_by=specialist, title="Photo ID", created_at=at(factories.days_ago(15), 9)
    )
    factories.NeedUpdateFactory.create(need=need, status="IN_PROGRESS", recorded_at=at(factories.days_ago(10), 9))
    factories.SupportContactFactory.create(
        participant=person, recorded_by=specialist, occurred_at=at(factories.days_ago(3), 14), mode="phone",
        took_place=False, duration_minutes=None, note="No answer",
    )  # fmt: skip
    factories.SupportContactFactory.create(
        participant=person, recorded_by=specialist, occurred_at=at(factories.days_ago(1), 11), mode="video",
        contact_with="probation",
    )  # fmt: skip

    page = make_client(specialist).get(detail_url(person)).content.decode()

    assert timeline_titles(page) == [
        "Video with probation",
        "Attempted contact that did not happen: phone",
        "Photo ID: support in progress",
        "Photo ID: support not started",
        "Transferred to another prison",
        "Face to face in prison with participant",
        "Referred",
        "Received into prison",
    ]
    assert "No answer" in page and "Cat C move" in page and "First meeting" in page
    assert f"{prison.name}; Cat C move" in page
    assert f"by {specialist.get_full_name()}" in page


def test_an_attempt_is_never_shown_as_a_contact(specialist):
    person = make_supported(specialist)
    factories.SupportContactFactory.create(
        participant=person, recorded_by=specialist, took_place=False, mode="in_prison", duration_minutes=None
    )
    (attempt,) = [entry for entry in timeline_for(person, viewer=specialist) if entry.kind != "referral"]
    assert attempt.kind == "attempt"
    assert attempt.title == "Attempted contact that did not happen: face to face in prison"
    assert "with participant" not in attempt.title


def test_timed_entries_on_the_same_day_are_newest_first(make_client, specialist):
    person = make_supported(specialist)
    day = factories.days_ago(2)
    factories.SupportContactFactory.create(participant=person, recorded_by=specialist, occurred_at=at(day, 9))
    need = factories.ResettlementNeedFactory.create(
        participant=person, created_by=specialist, title="Bank account", created_at=at(factories.days_ago(5), 9)
    )
    factories.NeedUpdateFactory.create(need=need, status="MET", note="Opened", recorded_at=at(day, 12))
    factories.SupportContactFactory.create(
        participant=person, recorded_by=specialist, occurred_at=at(day, 16), took_place=False, mode="phone"
    )
    titles = timeline_titles(make_client(specialist).get(detail_url(person)).content.decode())
    assert titles[:3] == [
        "Attempted contact that did not happen: phone",
        "Bank account: support need met",
        "Face to face in prison with participant",
    ]


def test_a_contact_just_after_midnight_in_summer_sorts_on_its_own_day(make_client, specialist, other_prison):
    person = make_supported(specialist)
    factories.CustodyEventFactory.create(
        participant=person, kind="transferred", event_date=datetime.date(2026, 6, 10), prison=other_prison
    )
    factories.SupportContactFactory.create(
        participant=person, recorded_by=specialist, occurred_at=at(datetime.date(2026, 6, 11), 0, 30)
    )
    titles = timeline_titles(make_client(specialist).get(detail_url(person)).content.decode())
    assert titles.index("Face to face in prison with participant") < titles.index("Transferred to another prison")
