"""Bad input writes nothing: each form re-renders (200) with the GOV.UK error summary naming the problem and
linking to the field, and no row is created or changed. Also the one cleaning that does write: a full
postcode is kept as its district."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from ipsgate.journey.models import VocationalProfile
from ipsgate.people.models import Participant
from tests import factories
from tests.conftest import date_fields
from tests.journey.conftest import (
    Records,
    contact_data,
    custody_event_data,
    db_state,
    disclosure_data,
    error_summary,
    goals_data,
    health_care_data,
    long_date,
    need_add_data,
    need_update_data,
    travel_data,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Bad:
    id: str
    url: Callable[[Records], str]
    data: Callable[[Records], dict[str, Any]]
    anchor: str  # "" for an error about the whole form
    message: str
    setup: Callable[[Records], None] | None = None


def section(name: str) -> Callable[[Records], str]:
    return lambda r: reverse("journey:profile-section", args=[r.participant.pk, name])


def journey(name: str, row: str | None = None) -> Callable[[Records], str]:
    def url(r: Records) -> str:
        args: list[int] = [r.participant.pk]
        if row:
            args.append(getattr(r, row).pk)
        return reverse(f"journey:{name}", args=args)

    return url


def release_participant(r: Records) -> None:
    Participant.objects.filter(pk=r.participant.pk).update(
        custody_status="released_on_licence", actual_release_date=factories.days_ago(5)
    )


def add_recent_custody_event(r: Records) -> None:
    factories.CustodyEventFactory.create(
        participant=r.participant,
        kind="transferred",
        event_date=factories.days_ago(10),
        prison=r.participant.current_site,
    )


TOMORROW_MESSAGE = "The date of the contact must be today or in the past"

CASES = [
    Bad(
        "contact-in-the-future",
        journey("contact-add"),
        lambda r: contact_data(**date_fields("occurred_on", factories.days_ahead(1))),
        "id_occurred_on_day",
        TOMORROW_MESSAGE,
    ),
    Bad(
        "contact-time-25:00",
        journey("contact-add"),
        lambda r: contact_data(time="25:00"),
        "id_time",
        "Enter a real time, like 09:15 or 14:30",
    ),
    Bad(
        "contact-duration-0",
        journey("contact-add"),
        lambda r: contact_data(duration_minutes="0"),
        "id_duration_minutes",
        "Duration must be 1 minute or more",
    ),
    Bad(
        "goals-min-above-max",
        section("goals"),
        lambda r: goals_data(min_hours_per_week="30", max_hours_per_week="16"),
        "id_max_hours_per_week",
        "Most hours must be the same as or more than fewest hours",
    ),
    Bad(
        "travel-postcode-XYZ",
        section("travel"),
        lambda r: travel_data(postcode_district="XYZ"),
        "id_postcode_district",
        "Enter a postcode district like LS9, or a full postcode like LS9 8AB",
    ),
    Bad(
        "disclosure-conviction-only-without-who",
        section("disclosure"),
        lambda r: disclosure_data(disclosure_share="conviction_only", disclosed_by=""),
        "id_disclosed_by_0",
        "Select who will tell the employer",
    ),
    Bad(
        "need-add-met-without-note",
        journey("need-add"),
        lambda r: need_add_data(status="MET", note="  "),
        "id_note",
        "Say what was achieved, so the need can be marked as met",
    ),
    Bad(
        "need-update-met-without-note",
        journey("need-update", "need"),
        lambda r: need_update_data(status="MET", note=""),
        "id_note",
        "Say what was achieved, so the need can be marked as met",
    ),
    Bad(
        "need-update-no-change-no-note",
        journey("need-update", "need"),
        lambda r: need_update_data(status=r.need.status, responsible=r.need.responsible, note=" "),
        "",
        "Change the status or who is responsible, or add a note about what happened.",
    ),
    Bad(
        "health-care-outcome-without-referral-date",
        journey("health-care"),
        lambda r: health_care_data(cmht_referral_outcome="accepted", **date_fields("cmht_referral_date", None)),
        "id_cmht_referral_date_day",
        "Enter the referral date, or select 'No referral made'",
    ),
    Bad(
        "custody-released-when-already-released",
        journey("custody-event-add"),
        lambda r: custody_event_data(kind="released_on_licence", on=factories.today()),
        "id_kind_0",
        "Released on licence cannot be recorded while the person is released on licence.",
        setup=release_participant,
    ),
    Bad(
        "custody-transfer-to-the-same-prison",
        journey("custody-event-add"),
        lambda r: custody_event_data(kind="transferred", on=factories.today(), prison=r.participant.current_site),
        "id_prison",
        "Select the prison the person moved to, not the one they are in",
    ),
    Bad(
        "custody-event-before-the-last-event",
        journey("custody-event-add"),
        lambda r: custody_event_data(kind="transferred", on=factories.days_ago(11), prison=r.other_prison),
        "id_event_date_day",
        f"The date must be on or after the last custody event ({long_date(factories.days_ago(10))}), so the "
        "timeline stays in order.",
        setup=add_recent_custody_event,
    ),
    Bad(
        "custody-expected-release-before-event",
        journey("custody-event-add"),
        lambda r: custody_event_data(
            kind="transferred",
            on=factories.days_ago(2),
            prison=r.other_prison,
            **date_fields("expected_release_date", factories.days_ago(3)),
        ),
        "id_expected_release_date_day",
        "Expected release date must be on or after the date of the event",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_shown_in_the_error_summary_and_nothing_is_written(make_client, specialist, records, case: Bad):
    if case.setup:
        case.setup(records)
    before = db_state()

    response = make_client(specialist).post(case.url(records), case.data(records))

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert (case.anchor, case.message) in error_summary(page)
    assert "<title>Error: " in page
    assert db_state() == before


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_into_an_existing_record_changes_nothing(make_client, specialist, records, case: Bad):
    """The same, when the participant already has a profile, health care links and history to overwrite."""
    if case.setup:
        case.setup(records)
    profile = factories.VocationalProfileFactory.create(participant=records.participant)
    factories.ProfileSectionChangeFactory.create(profile=profile, changed_by=specialist)
    factories.MentalHealthCareFactory.create(participant=records.participant, updated_by=specialist)
    factories.SupportContactFactory.create(participant=records.participant, recorded_by=specialist)
    before = db_state()

    response = make_client(specialist).post(case.url(records), case.data(records))

    assert response.status_code == 200
    assert (case.anchor, case.message) in error_summary(response.content.decode())
    assert db_state() == before


def test_the_valid_versions_of_the_bad_inputs_do_save(make_client, specialist, records):
    """The error cases above differ from a save by the bad value only."""
    client = make_client(specialist)
    participant = records.participant
    posts = [
        (reverse("journey:contact-add", args=[participant.pk]), contact_data()),
        (reverse("journey:profile-section", args=[participant.pk, "goals"]), goals_data()),
        (reverse("journey:profile-section", args=[participant.pk, "travel"]), travel_data()),
        (reverse("journey:profile-section", args=[participant.pk, "disclosure"]), disclosure_data()),
        (reverse("journey:need-add", args=[participant.pk]), need_add_data(status="MET", note="Got a passport")),
        (reverse("journey:need-update", args=[participant.pk, records.need.pk]), need_update_data()),
        (reverse("journey:health-care", args=[participant.pk]), health_care_data()),
        (
            reverse("journey:custody-event-add", args=[participant.pk]),
            custody_event_data(kind="transferred", on=factories.today(), prison=records.other_prison),
        ),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 302, (url, error_summary(response.content.decode()))


@pytest.mark.parametrize(
    ("typed", "saved"),
    [("ls9 8ab", "LS9"), ("LS98AB", "LS9"), ("  sw1a  1aa ", "SW1A"), ("ls9", "LS9"), ("M1", "M1")],
)
def test_postcode_is_saved_as_its_district(make_client, specialist, participant, typed, saved):
    url = reverse("journey:profile-section", args=[participant.pk, "travel"])
    response = make_client(specialist).post(url, travel_data(postcode_district=typed))
    assert response.status_code == 302
    assert VocationalProfile.objects.get(participant=participant).postcode_district == saved


def test_time_is_checked_against_now_on_todays_date(make_client, specialist, participant):
    """Today's date with a time later than now is refused (skipped in the last minute of the day)."""
    from django.utils import timezone

    now = timezone.localtime()
    later = now + datetime.timedelta(minutes=2)
    if later.date() != now.date():
        pytest.skip("too close to midnight to pick a later time today")
    before = db_state()
    response = make_client(specialist).post(
        reverse("journey:contact-add", args=[participant.pk]), contact_data(time=f"{later:%H:%M}")
    )
    assert ("id_time", "The time cannot be in the future") in error_summary(response.content.decode())
    assert db_state() == before
