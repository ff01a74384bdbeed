"""The Mentor role (issue 17 §2): a peer mentor signs in to an account linked to their mentor record and sees only
their current mentees, each through a narrow view (name, preferred name, phase, planned sessions, shared goals,
the sessions they logged); offence, health, benefits and case notes only where the person's data-protection
record names that section for their mentor. Every read is audited; the pages cost the same for 1 and 15 mentees."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ipsgate.advice.models import ConvictionRecord
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import Role
from ipsgate.core.models import AuditEvent
from ipsgate.mentoring.models import Mentor, MentoringSession, MentorMatch
from ipsgate.people.models import Participant
from ipsgate.privacy.models import DataProtectionChange, DataProtectionRecord
from tests import factories
from tests.conftest import date_fields
from tests.evaluation.test_service_as_usual import allocate

pytestmark = pytest.mark.django_db

CONVICTION = "Burglary of a shed"
GP_PRACTICE_WORDS = "Registered with a GP"


@pytest.fixture
def mentor_user():
    return factories.MentorUserFactory.create(first_name="Sam", last_name="Okafor")


@pytest.fixture
def mentor(mentor_user):
    return factories.MentorFactory.create(name="Sam Okafor", user=mentor_user, capacity=20)


@pytest.fixture
def mentor_client(make_client, mentor_user):
    return make_client(mentor_user)


def matched(mentor, specialist, prison, *, days=30, **person):
    participant = factories.ParticipantFactory.create(
        current_site=prison, allocated_specialist=specialist, probation_practitioner=None, **person
    )
    return MentorMatch.objects.create(
        participant=participant,
        mentor=mentor,
        started_on=timezone.localdate() - datetime.timedelta(days=days),
        matched_by=specialist,
        shared_goals="Find warehouse work near home",
    )


@pytest.fixture
def match(mentor, specialist, prison):
    return matched(mentor, specialist, prison, given_name="Quillon", family_name="Farrowmere", preferred_name="Q")


@pytest.fixture
def other_match(specialist, prison):
    """Another mentor's mentee, at the same prison, with the same specialist."""
    return matched(factories.MentorFactory.create(), specialist, prison, given_name="Isolde", family_name="Brackwick")


def with_offence_and_health(participant, specialist):
    ConvictionRecord.objects.create(
        participant=participant,
        description=CONVICTION,
        conviction_date=timezone.localdate() - datetime.timedelta(days=800),
        disposal="fine",
        recorded_by=specialist,
    )
    factories.MentalHealthCareFactory.create(participant=participant, updated_by=specialist, gp_registered=True)


def consent(participant, *sections):
    DataProtectionRecord.objects.update_or_create(participant=participant, defaults={"mentor_sections": list(sections)})


# --- The role and its scope --------------------------------------------------------------------------------------


def test_a_mentor_may_only_read_their_mentees_and_log_their_sessions(mentor_user):
    can = capabilities_for(mentor_user)
    held = {name for name, value in vars(can).items() if value}
    assert held == {"read_own_mentees", "log_own_mentoring_sessions"}


def test_visible_to_is_the_mentors_current_mentees_only(mentor_user, match, other_match, specialist):
    assert list(Participant.objects.visible_to(mentor_user)) == [match.participant]
    match.ended_on, match.end_reason = timezone.localdate(), "goals_met"
    match.save()
    assert not Participant.objects.visible_to(mentor_user).exists()  # an ended match drops out
    unlinked = factories.MentorUserFactory.create()
    assert not Participant.objects.visible_to(unlinked).exists()


def test_the_mentor_starts_at_my_mentees_and_the_navigation_shows_only_their_pages(mentor_client, match):
    response = mentor_client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("mentoring:my-mentees")
    page = mentor_client.get(reverse("mentoring:my-mentees")).content.decode()
    assert "My mentees" in page and "Quillon Farrowmere" in page
    for other in ("My caseload", "Participants", "Employers", "Vacancies", "Partners", "Mentors", "To do"):
        assert f">{other}<" not in page, other


def test_my_mentees_lists_current_mentees_only_and_audits_each(mentor_client, mentor_user, match, other_match):
    page = mentor_client.get(reverse("mentoring:my-mentees")).content.decode()
    assert "Quillon Farrowmere" in page and "Isolde" not in page
    assert AuditEvent.objects.filter(
        user_id_at_event=mentor_user.pk, action="read", participant_id=match.participant_id
    ).exists()
    assert not AuditEvent.objects.filter(
        participant_id=other_match.participant_id, user_id_at_event=mentor_user.pk
    ).exists()


def test_another_mentors_mentee_an_ended_match_and_anyone_else_answer_404(
    mentor_client, match, other_match, specialist, prison
):
    stranger = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    for person in (other_match.participant, stranger):
        for name in ("mentoring:mentee", "mentoring:mentee-session-add"):
            assert mentor_client.get(reverse(name, args=[person.pk])).status_code == 404
        assert mentor_client.get(reverse("api:participant-detail", args=[person.pk])).status_code in (403, 404)
    match.ended_on, match.end_reason = timezone.localdate(), "goals_met"
    match.save()
    assert mentor_client.get(reverse("mentoring:mentee", args=[match.participant_id])).status_code == 404


def test_the_case_pages_and_the_api_refuse_a_mentor_even_for_their_own_mentee(mentor_client, match, specialist):
    with_offence_and_health(match.participant, specialist)
    consent(match.participant, "offence", "health")
    pk = match.participant_id
    for name in ("people:participant-detail", "advice:disclosure", "journey:profile", "privacy:data-protection"):
        response = mentor_client.get(reverse(name, args=[pk]))
        assert response.status_code in (403, 404), name
        assert CONVICTION not in response.content.decode()
    for name in ("api:participant-detail",):
        response = mentor_client.get(reverse(name, args=[pk]))
        assert response.status_code in (403, 404) and CONVICTION not in response.content.decode()
    assert mentor_client.get(reverse("api:participant-list")).status_code == 403


# --- The narrow view ---------------------------------------------------------------------------------------------


def test_the_mentee_page_shows_the_narrow_view_and_is_audited(mentor_client, mentor_user, match, specialist):
    factories.AppointmentFactory.create(
        participant=match.participant,
        created_by=specialist,
        kind="mentoring",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Visits hall",
    )
    MentoringSession.objects.create(
        match=match, held_at=timezone.now() - datetime.timedelta(days=2), place="in_prison",
        note="Talked about routines", recorded_by=mentor_user,
    )  # fmt: skip
    MentoringSession.objects.create(
        match=match, held_at=timezone.now() - datetime.timedelta(days=1), place="phone",
        note="Specialist's own note", recorded_by=specialist,
    )  # fmt: skip
    before = AuditEvent.objects.filter(participant_id=match.participant_id, user_id_at_event=mentor_user.pk).count()
    page = mentor_client.get(reverse("mentoring:mentee", args=[match.participant_id])).content.decode()
    assert "Quillon Farrowmere" in page and "Likes to be called" in page
    assert "Find warehouse work near home" in page  # the goals they agreed to share
    assert "Visits hall" in page  # the next planned session
    assert "Talked about routines" in page and "Specialist&#x27;s own note" not in page  # only their own sessions
    assert (
        AuditEvent.objects.filter(participant_id=match.participant_id, user_id_at_event=mentor_user.pk).count()
        == before + 1
    )


def test_offence_and_health_are_shown_only_with_the_persons_consent(mentor_client, match, specialist):
    with_offence_and_health(match.participant, specialist)
    url = reverse("mentoring:mentee", args=[match.participant_id])
    page = mentor_client.get(url).content.decode()
    assert CONVICTION not in page and GP_PRACTICE_WORDS not in page and "Offences" not in page

    consent(match.participant, "health")
    page = mentor_client.get(url).content.decode()
    assert GP_PRACTICE_WORDS in page and CONVICTION not in page

    consent(match.participant, "health", "offence")
    page = mentor_client.get(url).content.decode()
    assert GP_PRACTICE_WORDS in page and CONVICTION in page


def test_consent_sections_are_recorded_on_the_data_protection_record_with_history(make_client, specialist, match):
    client = make_client(specialist)
    today = timezone.localdate()
    response = client.post(
        reverse("privacy:basis-consent", args=[match.participant_id]),
        {
            "lawful_basis": "6_1_e",
            "health_condition": "9_2_h",
            "offence_condition": "sch1_p6",
            "research_consent": "not_asked",
            "mentor_sections": ["offence", "health"],
            **date_fields("service_consent_date", None),
            **date_fields("research_consent_date", None),
            **date_fields("privacy_notice_date", today),
        },
    )
    assert response.status_code == 302
    record = DataProtectionRecord.objects.get(participant=match.participant)
    assert record.mentor_sections == ["health", "offence"]
    change = DataProtectionChange.objects.get(record=record)
    assert (
        change.changes["Sections their mentor may see"][1]
        == "Health and mental health care, Offences and licence conditions"
    )
    page = client.get(reverse("privacy:data-protection", args=[match.participant_id])).content.decode()
    assert "Their peer mentor may also see" in page and "Offences and licence conditions" in page


# --- Logging a session ----------------------------------------------------------------------------------------------


def session_data(day, time="10:30", **changes):
    return {
        **date_fields("held_on", day),
        "time": time,
        "took_place": "yes",
        "place": "community",
        "duration_minutes": "40",
        "topics": ["routines"],
        "note": "Went through the bus route to work",
    } | changes


def test_a_mentor_logs_a_session_with_their_mentee_and_the_specialist_sees_it(
    mentor_client, mentor_user, match, make_client, specialist
):
    url = reverse("mentoring:mentee-session-add", args=[match.participant_id])
    assert "Log a mentoring session" in mentor_client.get(url).content.decode()
    response = mentor_client.post(url, session_data(timezone.localdate(), "00:00"))
    assert response.status_code == 302 and response["Location"] == reverse(
        "mentoring:mentee", args=[match.participant_id]
    )
    session = MentoringSession.objects.get()
    assert (session.match, session.recorded_by) == (match, mentor_user)
    assert AuditEvent.objects.filter(
        object_type="mentoring_session", action="create", user_id_at_event=mentor_user.pk
    ).exists()
    timeline = make_client(specialist).get(match.participant.get_absolute_url()).content.decode()
    assert "Went through the bus route to work" in timeline


@pytest.mark.parametrize(
    ("day_offset", "took_place", "message"),
    [
        (1, "yes", "The date of the session must be today or in the past"),
        (-31, "no", "The date of the session must be on or after the start of the match"),
    ],
)
def test_a_mentors_impossible_session_is_refused_and_nothing_is_written(
    mentor_client, match, day_offset, took_place, message
):
    day = timezone.localdate() + datetime.timedelta(days=day_offset)
    url = reverse("mentoring:mentee-session-add", args=[match.participant_id])
    page = mentor_client.post(url, session_data(day, took_place=took_place)).content.decode()
    assert "govuk-error-summary" in page and message in page
    assert not MentoringSession.objects.exists()


def test_an_attempt_by_the_mentor_is_kept_as_an_attempt(mentor_client, match):
    url = reverse("mentoring:mentee-session-add", args=[match.participant_id])
    assert mentor_client.post(url, session_data(timezone.localdate(), "00:00", took_place="no")).status_code == 302
    assert not MentoringSession.objects.get().took_place


def test_a_mentor_cannot_log_a_session_on_another_mentors_match(mentor_user, other_match):
    from django.core.exceptions import ValidationError

    from ipsgate.mentoring.services import session_record

    with pytest.raises(ValidationError):
        session_record(
            actor=mentor_user,
            match=other_match,
            data={"held_at": timezone.now(), "took_place": True, "place": "phone"},
        )
    assert not MentoringSession.objects.exists()


# --- Query counts ---------------------------------------------------------------------------------------------------

LIST_BUDGET = 14
PAGE_BUDGET = 21


@pytest.mark.parametrize("mentees", [1, 15])
def test_the_mentors_pages_cost_the_same_for_1_and_15_mentees(
    mentor_client, mentor, specialist, prison, mentees, django_assert_max_num_queries
):
    matches = [matched(mentor, specialist, prison) for _ in range(mentees)]
    for m in matches:
        with_offence_and_health(m.participant, specialist)
        consent(m.participant, "offence", "health", "benefits", "case_notes")
        MentoringSession.objects.create(match=m, held_at=timezone.now(), place="phone", recorded_by=mentor.user)
    with django_assert_max_num_queries(LIST_BUDGET):
        assert mentor_client.get(reverse("mentoring:my-mentees")).status_code == 200
    with django_assert_max_num_queries(PAGE_BUDGET):
        assert mentor_client.get(reverse("mentoring:mentee", args=[matches[-1].participant_id])).status_code == 200


# --- The mentor's account on the mentor record ---------------------------------------------------------------------


@pytest.fixture
def leader_client(make_client, prison):
    return make_client(factories.TeamLeaderFactory.create(site=prison))


def test_a_team_leader_links_a_mentor_account_to_a_mentor_record(leader_client, mentor_user, prison):
    from tests.mentoring.test_mentor_pages import form_data

    response = leader_client.post(reverse("mentoring:mentor-create"), form_data(prison, user=str(mentor_user.pk)))
    assert response.status_code == 302
    mentor = Mentor.objects.get()
    assert mentor.user == mentor_user
    assert mentor_user.username in leader_client.get(mentor.get_absolute_url()).content.decode()


@pytest.mark.parametrize("taken", [False, True])
def test_only_a_free_account_in_the_mentor_role_may_be_linked(leader_client, prison, mentor_user, taken):
    from tests.mentoring.test_mentor_pages import form_data

    if taken:
        factories.MentorFactory.create(user=mentor_user)
        account = mentor_user
    else:
        account = factories.SpecialistFactory.create(site=prison)
    page = leader_client.post(reverse("mentoring:mentor-create"), form_data(prison, user=str(account.pk)))
    assert page.status_code == 200
    assert "Select an account from the list" in page.content.decode()
    assert Mentor.objects.filter(user=account).count() == (1 if taken else 0)


def test_the_mentor_role_is_a_role_that_reads_case_data_for_staff_access_approval():
    from ipsgate.rules.staff_access import CASE_ROLES

    assert Role.MENTOR.value in CASE_ROLES


# --- What the specialist shares with the mentor -------------------------------------------------------------------


def test_the_specialist_changes_the_goals_shared_with_the_mentor_and_the_mentor_sees_them(
    make_client, specialist, mentor_client, match
):
    client = make_client(specialist)
    url = reverse("mentoring:match-goals", args=[match.participant_id, match.pk])
    assert "Find warehouse work near home" in client.get(url).content.decode()
    response = client.post(url, {"shared_goals": "  Start a forklift course  "})
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.shared_goals == "Start a forklift course"
    assert AuditEvent.objects.filter(object_type="mentor_match", action="update", object_id=str(match.pk)).exists()
    page = mentor_client.get(reverse("mentoring:mentee", args=[match.participant_id])).content.decode()
    assert "Start a forklift course" in page and "Find warehouse work near home" not in page
    too_long = client.post(url, {"shared_goals": "x" * 5000}).content.decode()
    assert "govuk-error-summary" in too_long


def test_case_notes_are_shown_to_the_mentor_only_with_consent(mentor_client, match, specialist):
    factories.SupportContactFactory.create(
        participant=match.participant, recorded_by=specialist, note="Worried about the first week out"
    )
    url = reverse("mentoring:mentee", args=[match.participant_id])
    assert "Worried about the first week out" not in mentor_client.get(url).content.decode()
    consent(match.participant, "case_notes")
    assert "Worried about the first week out" in mentor_client.get(url).content.decode()


def test_the_mentor_sections_never_appear_on_the_case_pages(make_client, specialist, match):
    with_offence_and_health(match.participant, specialist)
    consent(match.participant, "offence", "health", "benefits", "case_notes")
    page = make_client(specialist).get(match.participant.get_absolute_url()).content.decode()
    assert "Shown because the person agreed their mentor may see this" not in page


def test_a_mentee_in_the_service_as_usual_group_is_shown_in_prison_or_released(mentor_client, match):
    """The evaluation's allocation is not the mentor's business: their pages say where the person is instead."""
    factories.EpisodeFactory.create(participant=match.participant, referral__referral_date=factories.days_ago(30))
    allocate(match.participant, "SAU")
    for url in (reverse("mentoring:my-mentees"), reverse("mentoring:mentee", args=[match.participant_id])):
        page = mentor_client.get(url).content.decode()
        assert "In prison" in page and "Service as usual" not in page, url
