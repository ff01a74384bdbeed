"""The journey services: profile stamps, need history, custody transitions (including a recall), and contact
attempts that never count as a contact."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ipsgate.casework import selectors as casework_selectors
from ipsgate.journey import selectors, services
from ipsgate.journey.choices import CustodyEventKind, NeedStatus, Responsible
from ipsgate.journey.models import (
    CustodyEvent,
    NeedUpdate,
    ProfileSectionChange,
    SupportContact,
    VocationalProfile,
    WorkHistoryEntry,
)
from ipsgate.people.models import Participant
from ipsgate.rules.phase import Phase
from ipsgate.rules.reminders import TaskKind
from tests import factories
from tests.conftest import date_fields
from tests.journey.conftest import (
    contact_data,
    custody_event_data,
    db_state,
    detail_url,
    error_summary,
    goals_data,
    make_supported,
    todo_section,
    travel_data,
    work_history_data,
)

pytestmark = pytest.mark.django_db


def stamp(participant: Participant, section: str) -> ProfileSectionChange:
    return ProfileSectionChange.objects.get(profile__participant=participant, section=section)


# --- Vocational profile ----------------------------------------------------------------------------------------


def test_first_section_starts_the_profile_and_stamps_who_and_when(make_client, specialist, participant):
    assert not VocationalProfile.objects.filter(participant=participant).exists()
    before = timezone.now()
    response = make_client(specialist).post(
        reverse("journey:profile-section", args=[participant.pk, "goals"]), goals_data()
    )
    after = timezone.now()
    assert response.status_code == 302
    assert response["Location"] == reverse("journey:profile", args=[participant.pk])

    profile = VocationalProfile.objects.get(participant=participant)
    assert before <= profile.started_at <= after
    assert profile.job_sectors == ["WAREHOUSING", "OUTDOOR"]
    assert (profile.hours_wanted, profile.min_hours_per_week, profile.max_hours_per_week) == ("full_time", 16, 30)
    goals = stamp(participant, "goals")
    assert goals.changed_by == specialist
    assert goals.changed_at == profile.started_at
    assert list(profile.section_changes.values_list("section", flat=True)) == ["goals"]


def test_a_second_section_by_someone_else_has_its_own_stamp_and_keeps_the_start(make_client, specialist, participant):
    leader = factories.TeamLeaderFactory.create(site=participant.current_site)
    factories.TeamFactory.create(leader=leader, sites=[participant.current_site])
    make_client(specialist).post(reverse("journey:profile-section", args=[participant.pk, "goals"]), goals_data())
    profile = VocationalProfile.objects.get(participant=participant)
    started, goals_at = profile.started_at, stamp(participant, "goals").changed_at

    response = make_client(leader).post(
        reverse("journey:profile-section", args=[participant.pk, "travel"]), travel_data()
    )
    assert response.status_code == 302

    profile.refresh_from_db()
    assert profile.started_at == started
    assert profile.job_sectors == ["WAREHOUSING", "OUTDOOR"]  # the other section is untouched
    assert profile.postcode_district == "LS9"
    goals, travel = stamp(participant, "goals"), stamp(participant, "travel")
    assert (goals.changed_by, goals.changed_at) == (specialist, goals_at)
    assert travel.changed_by == leader
    assert travel.changed_at > goals_at
    assert VocationalProfile.objects.filter(participant=participant).count() == 1


def test_saving_a_section_again_moves_its_stamp_to_the_new_editor(specialist, participant):
    colleague = factories.SpecialistFactory.create(site=participant.current_site)
    values = {"strengths": "Punctual", "interests": ""}
    services.profile_section_save(actor=specialist, participant=participant, section="strengths", values=values)
    services.profile_section_save(
        actor=colleague, participant=participant, section="strengths", values={**values, "interests": "Cooking"}
    )
    assert ProfileSectionChange.objects.filter(profile__participant=participant).count() == 1
    assert stamp(participant, "strengths").changed_by == colleague
    assert VocationalProfile.objects.get(participant=participant).interests == "Cooking"


def test_profile_section_service_refuses_hours_out_of_order_and_writes_nothing(specialist, participant):
    before = db_state()
    values = {"job_sectors": ["RETAIL"], "job_goal": "", "hours_wanted": "part_time",
              "min_hours_per_week": 30, "max_hours_per_week": 20}  # fmt: skip
    with pytest.raises(ValidationError):
        services.profile_section_save(actor=specialist, participant=participant, section="goals", values=values)
    assert db_state() == before  # the profile created for the change is rolled back too


def test_work_history_add_and_delete_stamp_the_work_history_section(make_client, specialist, participant):
    colleague = factories.SpecialistFactory.create(site=participant.current_site)
    before = timezone.now()
    response = make_client(specialist).post(
        reverse("journey:work-history-add", args=[participant.pk]), work_history_data()
    )
    assert response.status_code == 302
    entry = WorkHistoryEntry.objects.get(participant=participant)
    assert (entry.employer, entry.role, entry.recorded_by) == ("Leeds Building Supplies", "Yard operative", specialist)
    assert entry.start_date == datetime.date(2019, 6, 1)
    added = stamp(participant, "work-history")
    assert added.changed_by == specialist and added.changed_at >= before
    # Adding the first row starts the profile: the person is engaged from now.
    assert VocationalProfile.objects.get(participant=participant).started_at == added.changed_at

    response = make_client(colleague).post(reverse("journey:work-history-delete", args=[participant.pk, entry.pk]))
    assert response.status_code == 302
    assert not WorkHistoryEntry.objects.filter(participant=participant).exists()
    removed = stamp(participant, "work-history")
    assert removed.changed_by == colleague
    assert removed.changed_at > added.changed_at
    assert set(ProfileSectionChange.objects.values_list("section", flat=True)) == {"work-history"}


def test_editing_work_history_changes_the_row_not_the_count(make_client, specialist, participant):
    entry = factories.WorkHistoryEntryFactory.create(participant=participant, recorded_by=specialist)
    response = make_client(specialist).post(
        reverse("journey:work-history-edit", args=[participant.pk, entry.pk]), work_history_data(role="Forklift driver")
    )
    assert response.status_code == 302
    assert list(WorkHistoryEntry.objects.values_list("pk", "role")) == [(entry.pk, "Forklift driver")]


# --- Needs -------------------------------------------------------------------------------------------------------


def test_need_update_appends_history_and_moves_the_need(make_client, specialist, participant):
    need = factories.ResettlementNeedFactory.create(participant=participant, created_by=specialist)
    first = need.updates.get()
    response = make_client(specialist).post(
        reverse("journey:need-update", args=[participant.pk, need.pk]),
        {"status": "IN_PROGRESS", "responsible": "specialist", "note": "Housing form sent"},
    )
    assert response.status_code == 302
    services.need_update(
        actor=specialist, need=need, status=NeedStatus.MET, responsible=Responsible.SPECIALIST, note="Keys on Monday"
    )

    need.refresh_from_db()
    assert (need.status, need.responsible) == ("MET", "specialist")
    history = list(need.updates.order_by("recorded_at", "id").values_list("pk", "status", "responsible", "note"))
    assert history == [
        (first.pk, "NOT_STARTED", "probation", ""),
        (history[1][0], "IN_PROGRESS", "specialist", "Housing form sent"),
        (history[2][0], "MET", "specialist", "Keys on Monday"),
    ]
    assert NeedUpdate.objects.get(pk=first.pk).recorded_at == first.recorded_at  # earlier rows never rewritten

    page = make_client(specialist).get(reverse("journey:needs", args=[participant.pk])).content.decode()
    assert "Housing form sent" in page and "Keys on Monday" in page and "Support need met" in page


def test_need_update_with_only_a_note_keeps_the_status(specialist, participant):
    need = factories.ResettlementNeedFactory.create(participant=participant, created_by=specialist)
    services.need_update(
        actor=specialist, need=need, status=NeedStatus(need.status), responsible=Responsible(need.responsible),
        note="Left a message",
    )  # fmt: skip
    need.refresh_from_db()
    assert need.status == "NOT_STARTED"
    assert need.updates.count() == 2


def test_need_update_without_change_or_note_raises_and_writes_nothing(specialist, participant):
    need = factories.ResettlementNeedFactory.create(participant=participant, created_by=specialist)
    before = db_state()
    with pytest.raises(ValidationError, match="Change the status or who is responsible"):
        services.need_update(
            actor=specialist, need=need, status=NeedStatus.NOT_STARTED, responsible=Responsible.PROBATION, note="  "
        )
    assert db_state() == before


# --- Custody events ----------------------------------------------------------------------------------------------


def record(actor, participant, kind, on, *, prison=None, expected=None, note=""):
    return services.custody_event_record(
        actor=actor, participant=participant, kind=CustodyEventKind(kind), event_date=on, prison=prison,
        expected_release_date=expected, note=note,
    )  # fmt: skip


def custody(participant: Participant) -> tuple[str, int, datetime.date | None, datetime.date | None]:
    participant.refresh_from_db()
    return (
        participant.custody_status,
        participant.current_site_id,
        participant.expected_release_date,
        participant.actual_release_date,
    )


def phase(user, participant: Participant) -> Phase:
    return selectors.phase_of(
        casework_selectors.participant_with_facts(user, participant.pk), today=factories.today()
    ).phase


def test_custody_events_keep_status_site_and_release_dates_in_step(specialist, participant, prison, other_prison):
    ago, ahead = factories.days_ago, factories.days_ahead
    expected_at_start = participant.expected_release_date

    record(specialist, participant, "transferred", ago(100), prison=other_prison)
    assert custody(participant) == ("in_custody", other_prison.pk, expected_at_start, None)  # blank keeps the date

    record(specialist, participant, "transferred", ago(90), prison=prison, expected=ago(80))
    assert custody(participant) == ("in_custody", prison.pk, ago(80), None)  # a transfer may update it

    record(specialist, participant, "released_on_licence", ago(80))
    assert custody(participant) == ("released_on_licence", prison.pk, ago(80), ago(80))

    record(specialist, participant, "recalled", ago(40), prison=other_prison, expected=ahead(60))
    assert custody(participant) == ("recalled", other_prison.pk, ahead(60), ago(80))

    record(specialist, participant, "re_released", ago(10))
    assert custody(participant) == ("released_on_licence", other_prison.pk, ahead(60), ago(10))

    record(specialist, participant, "licence_ended", ago(2))
    assert custody(participant) == ("in_community", other_prison.pk, ahead(60), ago(10))

    record(specialist, participant, "received", factories.today(), prison=prison, expected=ahead(300))
    assert custody(participant) == ("in_custody", prison.pk, ahead(300), ago(10))

    kinds = list(CustodyEvent.objects.filter(participant=participant).values_list("kind", flat=True))
    assert kinds == ["received", "licence_ended", "re_released", "recalled", "released_on_licence",
                     "transferred", "transferred"]  # fmt: skip


def test_release_without_licence_puts_the_person_in_the_community(specialist, participant):
    record(specialist, participant, "released_no_licence", factories.days_ago(1))
    status, _, _, actual = custody(participant)
    assert (status, actual) == ("in_community", factories.days_ago(1))
    with pytest.raises(ValidationError) as error:
        record(specialist, participant, "recalled", factories.today(), prison=participant.current_site)
    assert "kind" in error.value.message_dict  # no licence, so no recall


def test_a_new_sentence_without_a_known_release_clears_the_old_expected_date(specialist):
    person = make_supported(specialist)
    person.custody_status, person.actual_release_date = "in_community", factories.days_ago(100)
    person.save()
    record(specialist, person, "received", factories.days_ago(3), prison=specialist.site)
    assert custody(person) == ("in_custody", specialist.site.pk, None, factories.days_ago(100))
    assert phase(specialist, person) == Phase.PRE_RELEASE


@pytest.fixture
def released_after_history(specialist, prison):
    """Received 400 days ago, released on licence 30 days ago: both events in the history."""
    person = make_supported(specialist, expected_release_date=factories.days_ago(30))
    factories.CustodyEventFactory.create(
        participant=person, kind="received", event_date=factories.days_ago(400), prison=prison,
        expected_release_date=factories.days_ago(30),
    )  # fmt: skip
    record(specialist, person, "released_on_licence", factories.days_ago(30))
    person.refresh_from_db()
    return person


def test_a_recall_keeps_the_history_and_the_old_release_date(specialist, released_after_history, other_prison):
    person = released_after_history
    earlier = list(CustodyEvent.objects.filter(participant=person).order_by("pk").values())
    assert len(earlier) == 2
    assert phase(specialist, person) == Phase.COMMUNITY_JOB_SEARCH  # 30 days out: past the 28-day window

    recall = record(specialist, person, "recalled", factories.days_ago(1), prison=other_prison,
                    expected=factories.days_ahead(60))  # fmt: skip

    assert (
        list(CustodyEvent.objects.filter(participant=person).exclude(pk=recall.pk).order_by("pk").values()) == earlier
    )
    assert custody(person) == ("recalled", other_prison.pk, factories.days_ahead(60), factories.days_ago(30))
    assert phase(specialist, person) == Phase.PRE_RELEASE
    facts = selectors.case_facts_of(casework_selectors.participant_with_facts(specialist, person.pk))
    assert facts.in_custody and facts.actual_release_date is None  # no after-release task while back inside


@pytest.mark.parametrize(
    ("release_in", "expected_phase"),
    [(60, Phase.PRE_RELEASE), (29, Phase.PRE_RELEASE), (28, Phase.THROUGH_THE_GATE), (10, Phase.THROUGH_THE_GATE)],
)
def test_recall_through_the_form_keeps_history_and_restarts_the_countdown(
    make_client, specialist, released_after_history, other_prison, release_in, expected_phase
):
    person = released_after_history
    earlier = list(CustodyEvent.objects.filter(participant=person).order_by("pk").values())
    old_release = person.actual_release_date
    client = make_client(specialist)

    response = client.post(
        reverse("journey:custody-event-add", args=[person.pk]),
        custody_event_data(
            kind="recalled",
            on=factories.days_ago(1),
            prison=other_prison,
            note="Breach of licence",
            **date_fields("expected_release_date", factories.days_ahead(release_in)),
        ),
    )
    assert response.status_code == 302, error_summary(response.content.decode())

    assert list(CustodyEvent.objects.filter(participant=person).order_by("pk").values())[:2] == earlier
    recall = CustodyEvent.objects.filter(participant=person).latest("pk")
    assert (recall.kind, recall.prison, recall.note) == ("recalled", other_prison, "Breach of licence")
    assert custody(person) == ("recalled", other_prison.pk, factories.days_ahead(release_in), old_release)
    assert phase(specialist, person) == expected_phase

    page = client.get(detail_url(person)).content.decode()
    assert f"{expected_phase.value}</strong>" in page
    assert "Received into prison" in page and "Released on licence" in page and "Recalled to prison" in page


def test_recall_without_a_known_release_is_pre_release(specialist, released_after_history, other_prison):
    record(specialist, released_after_history, "recalled", factories.today(), prison=other_prison)
    assert custody(released_after_history)[2] is None
    assert phase(specialist, released_after_history) == Phase.PRE_RELEASE


def test_a_refused_custody_event_writes_nothing(specialist, participant):
    before = db_state()
    with pytest.raises(ValidationError) as error:
        record(specialist, participant, "re_released", factories.today())
    assert set(error.value.message_dict) == {"kind"}
    with pytest.raises(ValidationError) as error:
        record(specialist, participant, "transferred", factories.days_ahead(1), prison=participant.current_site)
    assert set(error.value.message_dict) == {"event_date", "prison"}
    assert db_state() == before


# --- Contacts ------------------------------------------------------------------------------------------------------


def test_an_attempt_is_kept_without_a_duration_and_never_counts_as_first_contact(make_client, specialist):
    person = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    factories.ReferralFactory.create(participant=person, referral_date=factories.days_ago(3))  # awaiting a decision
    client = make_client(specialist)

    def first_contact_task_shown() -> bool:
        return TaskKind.FIRST_CONTACT.title in todo_section(client.get(detail_url(person)).content.decode())

    assert first_contact_task_shown()
    response = client.post(
        reverse("journey:contact-add", args=[person.pk]),
        contact_data(took_place="no", mode="phone", duration_minutes="30"),
    )
    assert response.status_code == 302
    attempt = SupportContact.objects.get(participant=person)
    assert (attempt.took_place, attempt.duration_minutes, attempt.mode) == (False, None, "phone")

    assert first_contact_task_shown()
    facts = selectors.case_facts_of(casework_selectors.participant_with_facts(specialist, person.pk))
    assert (facts.first_contact_since_referral, facts.last_contact, facts.last_face_to_face_contact) == (None,) * 3

    client.post(reverse("journey:contact-add", args=[person.pk]), contact_data(mode="phone"))
    assert not first_contact_task_shown()


def test_a_contact_with_someone_else_does_not_count_as_contact_with_the_person(make_client, specialist):
    person = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    factories.ReferralFactory.create(participant=person, referral_date=factories.days_ago(3))
    client = make_client(specialist)
    client.post(reverse("journey:contact-add", args=[person.pk]), contact_data(contact_with="probation"))
    page = client.get(detail_url(person)).content.decode()
    assert TaskKind.FIRST_CONTACT.title in todo_section(page)


def test_contact_service_refuses_a_future_time_and_writes_nothing(specialist, participant):
    before = db_state()
    with pytest.raises(ValidationError) as error:
        services.contact_record(
            actor=specialist, participant=participant,
            values={"occurred_at": timezone.now() + datetime.timedelta(hours=1), "took_place": True,
                    "contact_with": "participant", "mode": "phone", "duration_minutes": 10, "topics": [], "note": ""},
        )  # fmt: skip
    assert "occurred_at" in error.value.message_dict
    assert db_state() == before


def test_release_can_move_the_person_to_the_community_team_that_supports_them(specialist, community_site):
    from ipsgate.journey.services import custody_event_record

    person = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    custody_event_record(
        actor=specialist, participant=person, kind=CustodyEventKind.RELEASED_ON_LICENCE, event_date=factories.today(),
        prison=None, expected_release_date=None, note="", supported_at=community_site,
    )  # fmt: skip
    person.refresh_from_db()
    assert person.current_site == community_site
    assert person.custody_status == "released_on_licence"


def test_supported_at_is_only_for_a_release_and_never_a_prison(specialist, other_prison, community_site):
    from django.core.exceptions import ValidationError

    from ipsgate.journey.models import CustodyEvent
    from ipsgate.journey.services import custody_event_record

    person = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    with pytest.raises(ValidationError) as not_a_release:
        custody_event_record(
            actor=specialist, participant=person, kind=CustodyEventKind.TRANSFERRED, event_date=factories.today(),
            prison=other_prison, expected_release_date=None, note="", supported_at=community_site,
        )  # fmt: skip
    assert "supported_at" in not_a_release.value.message_dict
    with pytest.raises(ValidationError) as a_prison:
        custody_event_record(
            actor=specialist, participant=person, kind=CustodyEventKind.RELEASED_ON_LICENCE,
            event_date=factories.today(), prison=None, expected_release_date=None, note="", supported_at=other_prison,
        )  # fmt: skip
    assert "supported_at" in a_prison.value.message_dict
    assert not CustodyEvent.objects.filter(participant=person).exists()
