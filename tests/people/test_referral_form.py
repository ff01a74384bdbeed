"""The referral form (zero exclusion), recording a referral's outcome, and ending support."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from ipsgate.casework.forms import ReferralIntakeForm
from ipsgate.core.choices import AuditAction
from ipsgate.core.models import AuditEvent
from ipsgate.people.choices import ClosureReason, ReferralOutcome
from ipsgate.people.models import Episode, Participant, Referral
from tests import factories
from tests.conftest import date_fields

pytestmark = pytest.mark.django_db

REFERRAL_URL = reverse("people:referral-create")


def counts() -> tuple[int, int, int, int]:
    # Audited writes only: a form shown again with its errors records a read of the person (issue 15 §2).
    writes = AuditEvent.objects.exclude(action="read").count()
    return (Participant.objects.count(), Referral.objects.count(), Episode.objects.count(), writes)


def error_links(html: str) -> list[tuple[str, str]]:
    """(anchor, message) for each linked entry of the GOV.UK error summary."""
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary on the page"
    return re.findall(r'<li><a href="#([^"]+)">([^<]*)</a></li>', summary.group(0))


@pytest.fixture
def referral_data(specialist):
    today = factories.today()
    return {
        "wants_paid_work": "yes",
        "given_name": "Alex",
        "family_name": "Example",
        "preferred_name": "Lex",
        **date_fields("date_of_birth", datetime.date(1990, 3, 27)),
        "prison_number": " a1234bc ",
        "current_site": str(specialist.site_id),
        "custody_status": "in_custody",
        **date_fields("expected_release_date", today + datetime.timedelta(days=60)),
        "source": "prison_mental_health",
        **date_fields("referral_date", today),
        "referrer_name": "Dr Ref",
        "referrer_organisation": "In-reach",
        "allocated_specialist": str(specialist.pk),
        "evaluation_arm": "IPS",
        "mentoring": "no",
    }


def post_invalid(client, data) -> str:
    before = counts()
    response = client.post(REFERRAL_URL, data)
    assert response.status_code == 200
    assert counts() == before, "an invalid referral must write nothing"
    html = response.content.decode()
    assert "<title>Error: New referral" in html
    return html


def test_blank_form_renders_for_a_specialist(specialist_client, specialist):
    response = specialist_client.get(REFERRAL_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_wants_paid_work_0"' in html
    assert 'name="date_of_birth_day"' in html
    assert 'name="referral_date_year"' in html
    assert f'<option value="{specialist.pk}" selected>' in html  # allocated to themselves by default
    assert f'<option value="{specialist.site_id}" selected>' in html


def test_missing_wants_paid_work(specialist_client, referral_data):
    del referral_data["wants_paid_work"]
    html = post_invalid(specialist_client, referral_data)
    assert ("id_wants_paid_work_0", "Select yes if the person wants help to find paid work") in error_links(html)
    assert 'href="#id_wants_paid_work_0"' in html
    assert 'id="id_wants_paid_work_0"' in html  # the anchor exists on the page


def test_wants_paid_work_must_be_yes_or_no(specialist_client, referral_data):
    referral_data["wants_paid_work"] = "maybe"
    html = post_invalid(specialist_client, referral_data)
    assert [anchor for anchor, _ in error_links(html)] == ["id_wants_paid_work_0"]


@pytest.mark.parametrize("number", ["12345", "A123BC", "AB1234C", "A1234B", "A12345BC", "1234ABC", "A1234B1"])
def test_malformed_prison_number(specialist_client, referral_data, number):
    referral_data["prison_number"] = number
    html = post_invalid(specialist_client, referral_data)
    links = error_links(html)
    assert (
        "id_prison_number",
        "Enter a prison number in the format A1234BC: a letter, 4 numbers, then 2 letters",
    ) in links
    assert {anchor for anchor, _ in links} == {"id_prison_number"}
    assert 'id="id_prison_number"' in html


def test_malformed_prison_number_gives_one_error_only(specialist_client, referral_data):
    referral_data["prison_number"] = "12345"
    html = post_invalid(specialist_client, referral_data)
    assert error_links(html) == [
        ("id_prison_number", "Enter a prison number in the format A1234BC: a letter, 4 numbers, then 2 letters")
    ]


def test_expected_release_before_date_of_birth(specialist_client, referral_data):
    referral_data.update(date_fields("expected_release_date", datetime.date(1989, 1, 1)))
    html = post_invalid(specialist_client, referral_data)
    assert error_links(html) == [
        ("id_expected_release_date_day", "Expected release date must be after the date of birth")
    ]
    assert 'id="id_expected_release_date_day"' in html
    assert "govuk-input--error" in html  # red borders on the date boxes


def test_expected_release_on_date_of_birth(specialist_client, referral_data):
    referral_data.update(date_fields("expected_release_date", datetime.date(1990, 3, 27)))
    html = post_invalid(specialist_client, referral_data)
    assert [a for a, _ in error_links(html)] == ["id_expected_release_date_day"]


@pytest.mark.parametrize(
    ("changes", "anchor", "message"),
    [
        ({"given_name": ""}, "id_given_name", "Enter the person's first name"),
        ({"family_name": ""}, "id_family_name", "Enter the person's last name"),
        (date_fields("date_of_birth", None), "id_date_of_birth_day", "Enter the date of birth"),
        (
            {"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "1990"},
            "id_date_of_birth_day",
            "The date of birth must be a real date",
        ),
        (
            {"date_of_birth_day": "1", "date_of_birth_month": "2", "date_of_birth_year": "90"},
            "id_date_of_birth_day",
            "The date of birth must be a real date",
        ),
        ({"prison_number": ""}, "id_prison_number", "Enter the prison number while the person is in prison"),
        ({"custody_status": ""}, "id_custody_status_0", "Select the person's custody status"),
        ({"source": ""}, "id_source_0", "Select who made the referral"),
        ({"referrer_name": ""}, "id_referrer_name", "Enter the referrer's name"),
        ({"current_site": ""}, "id_current_site", "Select the site"),
        ({"allocated_specialist": ""}, "id_allocated_specialist", "Select the employment specialist"),
        ({"allocated_specialist": "999999"}, "id_allocated_specialist", "Select a specialist from the list"),
        (date_fields("referral_date", None), "id_referral_date_day", "Enter the date of referral"),
    ],
)
def test_field_errors_link_to_the_field(specialist_client, referral_data, changes, anchor, message):
    referral_data.update(changes)
    html = post_invalid(specialist_client, referral_data)
    assert (anchor, message.replace("'", "&#x27;")) in error_links(html)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("given_name", "The person's first name must not start with =, +, - or @"),
        ("family_name", "The person's last name must not start with =, +, - or @"),
        ("preferred_name", "The preferred first name must not start with =, +, - or @"),
        ("referrer_name", "The referrer's name must not start with =, +, - or @"),
    ],
)
@pytest.mark.parametrize("hostile", ['=HYPERLINK("http://x")', "\t=1+1", " +1", "@x", "\uff1d1"])
def test_names_that_start_like_a_spreadsheet_formula_are_refused(
    specialist_client, referral_data, field, message, hostile
):
    referral_data[field] = hostile
    html = post_invalid(specialist_client, referral_data)
    assert (f"id_{field}", message.replace("'", "&#x27;")) in error_links(html)


def test_date_of_birth_rules(specialist_client, referral_data):
    today = factories.today()
    cases = [
        (today, "Date of birth must be in the past"),
        (today.replace(year=today.year - 15), "The person must be at least 16 years old"),
        (today.replace(year=today.year - 101), "Date of birth must be within the last 100 years"),
    ]
    for born, message in cases:
        referral_data.update(date_fields("date_of_birth", born))
        html = post_invalid(specialist_client, referral_data)
        assert ("id_date_of_birth_day", message) in error_links(html)


def test_referral_date_cannot_be_in_the_future(specialist_client, referral_data):
    referral_data.update(date_fields("referral_date", factories.days_ahead(1)))
    html = post_invalid(specialist_client, referral_data)
    assert error_links(html) == [("id_referral_date_day", "Date of referral must be today or in the past")]


def test_in_custody_needs_a_prison(specialist_client, specialist, referral_data):
    community = factories.CommunitySiteFactory.create()
    specialist.team = factories.TeamFactory.create(sites=[community])
    specialist.save()
    referral_data["current_site"] = str(community.pk)
    html = post_invalid(specialist_client, referral_data)
    assert error_links(html) == [("id_current_site", "Select a prison while the person is in custody")]


def test_site_outside_the_specialists_sites_is_refused(specialist_client, referral_data):
    referral_data["current_site"] = str(factories.SiteFactory.create().pk)
    html = post_invalid(specialist_client, referral_data)
    assert error_links(html) == [("id_current_site", "Select a site from the list")]


def test_duplicate_prison_number(specialist_client, referral_data):
    factories.ParticipantFactory.create(prison_number="A1234BC")
    html = post_invalid(specialist_client, referral_data)
    assert error_links(html) == [("id_prison_number", "A participant with this prison number is already recorded")]


def test_valid_referral_creates_participant_pending_referral_and_two_audit_events(
    specialist_client, specialist, referral_data
):
    response = specialist_client.post(REFERRAL_URL, referral_data)

    participant = Participant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:participant-detail", args=[participant.pk])
    assert participant.prison_number == "A1234BC"  # normalised
    assert (participant.given_name, participant.family_name, participant.preferred_name) == ("Alex", "Example", "Lex")
    assert participant.date_of_birth == datetime.date(1990, 3, 27)
    assert participant.expected_release_date == factories.days_ahead(60)
    assert participant.current_site == specialist.site
    assert participant.allocated_specialist == specialist
    referral = Referral.objects.get()
    assert referral.participant == participant
    assert referral.outcome == ""
    assert referral.outcome_date is None
    assert referral.wants_paid_work is True
    assert referral.received_by == specialist
    assert referral.referral_date == factories.today()
    assert not Episode.objects.exists()
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [(e.action, e.object_type, e.object_id, e.participant_id) for e in events] == [
        (AuditAction.CREATE, "participant", str(participant.pk), participant.pk),
        (AuditAction.CREATE, "referral", str(referral.pk), participant.pk),
    ]
    assert {e.request_id for e in events} == {response["X-Request-ID"]}

    page = specialist_client.get(response["Location"])
    html = page.content.decode()
    assert "Referral recorded. Record the outcome once you have met the person." in html
    assert "Awaiting decision" in html


def test_not_wanting_paid_work_is_recorded_as_declined(specialist_client, referral_data):
    referral_data["wants_paid_work"] = "no"
    response = specialist_client.post(REFERRAL_URL, referral_data)
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.wants_paid_work is False
    assert referral.outcome == ReferralOutcome.DECLINED_BY_PERSON
    assert referral.outcome_date == referral.referral_date
    assert not Episode.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.CREATE).count() == 2
    page = specialist_client.get(response["Location"]).content.decode()
    assert "Referral recorded as declined by the person" in page


def test_community_referral_without_prison_number(make_client, referral_data):
    community = factories.CommunitySiteFactory.create()
    manager = factories.ServiceManagerFactory.create()
    referral_data.update(
        prison_number="",
        current_site=str(community.pk),
        custody_status="released_on_licence",
        **date_fields("expected_release_date", None),
    )
    response = make_client(manager).post(REFERRAL_URL, referral_data)
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.prison_number == ""
    assert participant.current_site == community
    assert Referral.objects.get().received_by == manager


EXPECTED_FIELDS = {
    "wants_paid_work",
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "prison_number",
    "current_site",
    "custody_status",
    "expected_release_date",
    "source",
    "referral_date",
    "referrer_name",
    "referrer_organisation",
    "allocated_specialist",
    "evaluation_arm",  # issue 6: not a screening question, every referral gets an arm
    "mentoring",
}
SCREENING_WORDS = (
    "diagnos",
    "offence",
    "offense",
    "crime",
    "conviction",
    "substance",
    "drug",
    "alcohol",
    "ready",
    "readiness",
    "risk",
    "health",
    "disab",
    "motivation",
)


def test_zero_exclusion_no_screening_questions(specialist, specialist_client):
    form = ReferralIntakeForm(user=specialist)
    assert set(form.fields) == EXPECTED_FIELDS
    labels = " ".join(str(field.label).lower() for field in form.fields.values())
    for word in SCREENING_WORDS:
        assert not any(word in name for name in form.fields), word
        assert word not in labels, word

    html = specialist_client.get(REFERRAL_URL).content.decode()
    posted_names = set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', html))
    posted_names -= {"csrfmiddlewaretoken"}
    expected_names = set()
    for name in EXPECTED_FIELDS:
        if name in ("date_of_birth", "expected_release_date", "referral_date"):
            expected_names |= {f"{name}_day", f"{name}_month", f"{name}_year"}
        else:
            expected_names.add(name)
    assert posted_names == expected_names
    # The only eligibility question comes first.
    assert next(iter(form.fields)) == "wants_paid_work"


@pytest.mark.parametrize(
    "factory",
    [
        factories.AnalystFactory,
        factories.AdministratorFactory,
        factories.ClinicianFactory,
        factories.ProbationPractitionerFactory,
    ],
)
def test_roles_without_write_access_cannot_refer(make_client, referral_data, factory):
    client = make_client(factory())
    assert client.get(REFERRAL_URL).status_code == 403
    assert client.post(REFERRAL_URL, referral_data).status_code == 403
    assert counts() == (0, 0, 0, 0)


# --- Recording the outcome of a referral -------------------------------------------------------------


@pytest.fixture
def pending(specialist):
    participant = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    return factories.ReferralFactory.create(participant=participant, referral_date=factories.days_ago(10))


def decision_url(referral) -> str:
    return reverse("people:referral-decision", args=[referral.participant_id, referral.pk])


def test_accepting_a_referral_opens_an_episode(specialist_client, pending):
    decided_on = factories.days_ago(2)
    response = specialist_client.post(
        decision_url(pending), {"outcome": "accepted", **date_fields("outcome_date", decided_on)}
    )
    assert response.status_code == 302
    assert response["Location"] == pending.participant.get_absolute_url()
    pending.refresh_from_db()
    assert (pending.outcome, pending.outcome_date) == (ReferralOutcome.ACCEPTED, decided_on)
    episode = Episode.objects.get()
    assert (episode.participant_id, episode.referral_id, episode.start_date) == (
        pending.participant_id,
        pending.pk,
        decided_on,
    )
    assert episode.is_open
    events = [(e.action, e.object_type, e.object_id) for e in AuditEvent.objects.all()]
    assert events == [
        (AuditAction.UPDATE, "referral", str(pending.pk)),
        (AuditAction.UPDATE, "episode", str(episode.pk)),
    ]


def test_decision_on_the_referral_date_is_allowed(specialist_client, pending):
    response = specialist_client.post(
        decision_url(pending), {"outcome": "accepted", **date_fields("outcome_date", pending.referral_date)}
    )
    assert response.status_code == 302
    assert Episode.objects.get().start_date == pending.referral_date


@pytest.mark.parametrize("outcome", ["declined_by_person", "unable_to_contact", "withdrawn"])
def test_other_outcomes_open_no_episode(specialist_client, pending, outcome):
    response = specialist_client.post(
        decision_url(pending), {"outcome": outcome, **date_fields("outcome_date", factories.today())}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.outcome == outcome
    assert not Episode.objects.exists()
    assert AuditEvent.objects.get().object_type == "referral"


def test_decision_date_before_referral_date_is_rejected(specialist_client, pending):
    response = specialist_client.post(
        decision_url(pending),
        {"outcome": "accepted", **date_fields("outcome_date", pending.referral_date - datetime.timedelta(days=1))},
    )
    assert response.status_code == 200
    expected = f"Date of decision must be on or after the referral date ({pending.referral_date:%-d %B %Y})"
    assert error_links(response.content.decode()) == [("id_outcome_date_day", expected)]
    pending.refresh_from_db()
    assert pending.outcome == ""
    assert not Episode.objects.exists()
    assert not AuditEvent.objects.exclude(action="read").exists()


def test_decision_date_in_the_future_and_missing_outcome_are_rejected(specialist_client, pending):
    response = specialist_client.post(decision_url(pending), date_fields("outcome_date", factories.days_ahead(1)))
    assert response.status_code == 200
    assert error_links(response.content.decode()) == [
        ("id_outcome_0", "Select the outcome of the referral"),
        ("id_outcome_date_day", "Date of decision must be today or in the past"),
    ]
    assert not Episode.objects.exists()


def test_a_decided_referral_cannot_be_decided_again(specialist_client, specialist):
    referral = factories.AcceptedReferralFactory.create(participant__current_site=specialist.site)
    assert specialist_client.get(decision_url(referral)).status_code == 404
    response = specialist_client.post(
        decision_url(referral), {"outcome": "withdrawn", **date_fields("outcome_date", factories.today())}
    )
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.outcome == ReferralOutcome.ACCEPTED


def test_accepting_while_an_episode_is_open_changes_nothing(specialist_client, specialist):
    participant = factories.ParticipantFactory.create(current_site=specialist.site)
    factories.EpisodeFactory.create(participant=participant)
    second = factories.ReferralFactory.create(participant=participant, referral_date=factories.days_ago(5))
    before = counts()

    response = specialist_client.post(
        decision_url(second), {"outcome": "accepted", **date_fields("outcome_date", factories.today())}
    )

    assert response.status_code == 200
    assert "This person already has an open episode of support." in response.content.decode()
    second.refresh_from_db()
    assert second.outcome == ""  # the whole decision was rolled back
    assert counts() == before


def test_referral_decision_for_another_participants_referral_is_404(specialist_client, specialist, pending):
    other = factories.ParticipantFactory.create(current_site=specialist.site)
    url = reverse("people:referral-decision", args=[other.pk, pending.pk])
    assert specialist_client.get(url).status_code == 404


# --- Ending an episode of support --------------------------------------------------------------------


@pytest.fixture
def open_episode(specialist):
    participant = factories.ParticipantFactory.create(current_site=specialist.site, allocated_specialist=specialist)
    return factories.EpisodeFactory.create(participant=participant)


def close_url(episode) -> str:
    return reverse("people:episode-close", args=[episode.participant_id, episode.pk])


def test_closing_an_episode(specialist_client, open_episode):
    ended = factories.days_ago(1)
    response = specialist_client.post(
        close_url(open_episode), {"closure_reason": "sustained_work", **date_fields("end_date", ended)}
    )
    assert response.status_code == 302
    assert response["Location"] == open_episode.participant.get_absolute_url()
    open_episode.refresh_from_db()
    assert (open_episode.end_date, open_episode.closure_reason) == (ended, ClosureReason.SUSTAINED_WORK)
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id, event.participant_id) == (
        AuditAction.UPDATE,
        "episode",
        str(open_episode.pk),
        open_episode.participant_id,
    )
    # Once closed, the close page is gone.
    assert specialist_client.get(close_url(open_episode)).status_code == 404


def test_closing_before_the_start_date_is_rejected(specialist_client, open_episode):
    response = specialist_client.post(
        close_url(open_episode),
        {
            "closure_reason": "moved_away",
            **date_fields("end_date", open_episode.start_date - datetime.timedelta(days=1)),
        },
    )
    assert response.status_code == 200
    expected = f"Date support ended must be on or after the start date ({open_episode.start_date:%-d %B %Y})"
    assert error_links(response.content.decode()) == [("id_end_date_day", expected)]
    open_episode.refresh_from_db()
    assert open_episode.is_open
    assert not AuditEvent.objects.exclude(action="read").exists()


def test_closing_needs_a_reason_and_a_past_date(specialist_client, open_episode):
    response = specialist_client.post(close_url(open_episode), date_fields("end_date", factories.days_ahead(1)))
    assert response.status_code == 200
    assert error_links(response.content.decode()) == [
        ("id_closure_reason_0", "Select why support is ending"),
        ("id_end_date_day", "Date support ended must be today or in the past"),
    ]
    open_episode.refresh_from_db()
    assert open_episode.is_open


def test_clinician_cannot_close_an_episode(make_client, open_episode):
    clinician = factories.ClinicianFactory.create(site=open_episode.participant.current_site)
    response = make_client(clinician).post(
        close_url(open_episode), {"closure_reason": "moved_away", **date_fields("end_date", factories.today())}
    )
    assert response.status_code == 403
    open_episode.refresh_from_db()
    assert open_episode.is_open
