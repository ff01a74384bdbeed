"""Shared fixtures and helpers for the journey pages: a supported participant in custody, the records its pages
edit, every journey page with a valid POST, and readers for the error summary and the database state."""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from ipsgate.core.models import AuditChainHead, AuditEvent, Site, User
from ipsgate.journey.models import (
    CustodyEvent,
    MentalHealthCare,
    NeedUpdate,
    ProfileSectionChange,
    Qualification,
    ReminderNotification,
    ResettlementNeed,
    SupportContact,
    VocationalProfile,
    WorkHistoryEntry,
)
from ipsgate.people.models import Participant
from tests import factories
from tests.conftest import date_fields

JOURNEY_MODELS = (
    VocationalProfile,
    ProfileSectionChange,
    WorkHistoryEntry,
    Qualification,
    ResettlementNeed,
    NeedUpdate,
    MentalHealthCare,
    SupportContact,
    CustodyEvent,
    ReminderNotification,
)


@pytest.fixture(autouse=True)
def audit_chain_started(db):
    """The very first audit write also creates the chain's head row; tests measure pages after that."""
    AuditChainHead.objects.get_or_create(id=1)


@pytest.fixture
def participant(specialist, prison) -> Participant:
    """In custody at the specialist's prison, due out in 90 days, allocated to the specialist, in an open episode."""
    person = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    factories.EpisodeFactory.create(participant=person)
    return person


@dataclass(frozen=True)
class Records:
    """A participant and one of each row its pages edit, plus a second prison to move to."""

    participant: Participant
    entry: WorkHistoryEntry
    qualification: Qualification
    need: ResettlementNeed
    other_prison: Site


@pytest.fixture
def records(participant, specialist, other_prison) -> Records:
    return Records(
        participant=participant,
        entry=factories.WorkHistoryEntryFactory.create(participant=participant, recorded_by=specialist),
        qualification=factories.QualificationFactory.create(participant=participant, recorded_by=specialist),
        need=factories.ResettlementNeedFactory.create(participant=participant, created_by=specialist),
        other_prison=other_prison,
    )


# --- Valid form data for every journey form ---------------------------------------------------------------


def goals_data(**overrides: Any) -> dict[str, Any]:
    return {
        "job_sectors": ["WAREHOUSING", "OUTDOOR"],
        "job_goal": "Outdoor work with my hands",
        "hours_wanted": "full_time",
        "min_hours_per_week": "16",
        "max_hours_per_week": "30",
        **overrides,
    }


def travel_data(**overrides: Any) -> dict[str, Any]:
    return {"postcode_district": "LS9", "max_travel_minutes": "45", "max_travel_km": "", **overrides}


def strengths_data(**overrides: Any) -> dict[str, Any]:
    return {"strengths": "Reliable, good with people", "interests": "Football", **overrides}


def adjustments_data(**overrides: Any) -> dict[str, Any]:
    return {"adjustment_kinds": ["literacy"], "adjustments": "Written instructions read aloud", **overrides}


def right_to_work_data(**overrides: Any) -> dict[str, Any]:
    return {"right_to_work": "yes", "right_to_work_evidence": "UK passport", **overrides}


def disclosure_data(**overrides: Any) -> dict[str, Any]:
    return {
        "disclosure_share": "both",
        "disclosed_by": "specialist",
        "disclosure_plan": "At interview, after the offer",
        **overrides,
    }


SECTION_DATA: dict[str, Callable[..., dict[str, Any]]] = {
    "goals": goals_data,
    "travel": travel_data,
    "strengths": strengths_data,
    "adjustments": adjustments_data,
    "right-to-work": right_to_work_data,
    "disclosure": disclosure_data,
}


def work_history_data(**overrides: Any) -> dict[str, Any]:
    return {
        "employer": "Leeds Building Supplies",
        "role": "Yard operative",
        **date_fields("start_date", datetime.date(2019, 6, 1)),
        **date_fields("end_date", datetime.date(2020, 2, 1)),
        "why_it_ended": "Arrested",
        **overrides,
    }


def qualification_data(**overrides: Any) -> dict[str, Any]:
    return {"kind": "cscs_card", "detail": "Green card", **date_fields("expires_on", None), **overrides}


def need_add_data(**overrides: Any) -> dict[str, Any]:
    return {
        "pathway": "FINANCE_AND_ID",
        "title": "Photo ID",
        "status": "IN_PROGRESS",
        "responsible": "prison",
        "note": "Birth certificate applied for",
        **overrides,
    }


def need_update_data(**overrides: Any) -> dict[str, Any]:
    return {"status": "IN_PROGRESS", "responsible": "specialist", "note": "Called the council", **overrides}


def health_care_data(**overrides: Any) -> dict[str, Any]:
    return {
        "gp_registered": "yes",
        "gp_practice": "Harehills Surgery",
        **date_fields("cmht_referral_date", factories.days_ago(10)),
        "cmht_referral_outcome": "awaiting",
        "care_coordinator": "Alex Coordinator",
        "care_coordinator_contact": "0113 000 0000",
        **overrides,
    }


def contact_data(**overrides: Any) -> dict[str, Any]:
    """A face-to-face meeting in prison with the person, today at midnight (always in the past)."""
    return {
        **date_fields("occurred_on", factories.today()),
        "time": "00:00",
        "took_place": "yes",
        "contact_with": "participant",
        "mode": "in_prison",
        "duration_minutes": "40",
        "topics": ["release_planning"],
        "note": "Talked about the first week out",
        **overrides,
    }


def custody_event_data(*, kind: str, on: datetime.date, prison: Site | None = None, **overrides: Any) -> dict:
    return {
        "kind": kind,
        **date_fields("event_date", on),
        "prison": str(prison.pk) if prison else "",
        **date_fields("expected_release_date", None),
        "note": "",
        **overrides,
    }


# --- Every journey page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    name: str
    write: bool
    url: Callable[[Records], str]
    data: Callable[[Records], dict[str, Any]]


def _url(name: str, *extra: Callable[[Records], int]) -> Callable[[Records], str]:
    return lambda r: reverse(f"journey:{name}", args=[r.participant.pk, *(get(r) for get in extra)])


def _section(section: str) -> Page:
    return Page(
        f"profile-section:{section}",
        True,
        lambda r: reverse("journey:profile-section", args=[r.participant.pk, section]),
        lambda r: SECTION_DATA[section](),
    )


PAGES: list[Page] = [
    Page("profile", False, _url("profile"), lambda r: {}),
    *(_section(section) for section in SECTION_DATA),
    Page("work-history-add", True, _url("work-history-add"), lambda r: work_history_data()),
    Page("work-history-edit", True, _url("work-history-edit", lambda r: r.entry.pk), lambda r: work_history_data()),
    Page("work-history-delete", True, _url("work-history-delete", lambda r: r.entry.pk), lambda r: {}),
    Page("qualification-add", True, _url("qualification-add"), lambda r: qualification_data()),
    Page("qualification-delete", True, _url("qualification-delete", lambda r: r.qualification.pk), lambda r: {}),
    Page("needs", False, _url("needs"), lambda r: {}),
    Page("need-add", True, _url("need-add"), lambda r: need_add_data()),
    Page("need-update", True, _url("need-update", lambda r: r.need.pk), lambda r: need_update_data()),
    Page("health-care", True, _url("health-care"), lambda r: health_care_data()),
    Page("contact-add", True, _url("contact-add"), lambda r: contact_data()),
    Page(
        "custody-event-add",
        True,
        _url("custody-event-add"),
        lambda r: custody_event_data(kind="transferred", on=factories.today(), prison=r.other_prison),
    ),
]
WRITE_PAGES = [page for page in PAGES if page.write]
READ_PAGES = [page for page in PAGES if not page.write]


def page_ids(pages: list[Page]) -> list[str]:
    return [page.name for page in pages]


# --- Reading pages and the database -----------------------------------------------------------------------

SUMMARY = re.compile(
    r'<div class="govuk-error-summary".*?<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', re.S
)
SUMMARY_ITEM = re.compile(r'<li>(?:<a href="#([^"]*)">(.*?)</a>|(.*?))</li>', re.S)


def error_summary(page: str) -> list[tuple[str, str]]:
    """The GOV.UK error summary as (anchor, message) pairs, anchor "" for a form-wide error; [] if none."""
    match = SUMMARY.search(page)
    if not match:
        return []
    return [
        (anchor, html.unescape((linked or plain).strip())) for anchor, linked, plain in SUMMARY_ITEM.findall(match[1])
    ]


def db_state() -> dict[str, Any]:
    """Every journey row and every participant, in full, plus the number of audited writes: equal before and after
    means nothing was written."""
    state: dict[str, Any] = {model.__name__: list(model.objects.order_by("pk").values()) for model in JOURNEY_MODELS}
    state["Participant"] = list(Participant.objects.order_by("pk").values())
    # Writes only: a form shown again with its errors records a read of the person, which is not a write.
    state["AuditEvent"] = AuditEvent.objects.exclude(action="read").count()
    return state


def audit_rows(participant: Participant, **filters: Any) -> list[tuple[str, str]]:
    """(action, object type) of every audit event about the participant, oldest first."""
    events = AuditEvent.objects.filter(participant_id=participant.pk, **filters).order_by("sequence")
    return list(events.values_list("action", "object_type"))


TIMELINE_TITLE = re.compile(r'<h3 class="ipsgate-timeline__title govuk-heading-s">(.*?)</h3>', re.S)


def timeline_titles(page: str) -> list[str]:
    return [html.unescape(title.strip()) for title in TIMELINE_TITLE.findall(page)]


def todo_section(page: str) -> str:
    """The participant page's To do list (empty when there is none)."""
    if '<h2 class="govuk-heading-m">To do</h2>' not in page:
        return ""
    return page.split('<h2 class="govuk-heading-m">To do</h2>', 1)[1].split("</ul>", 1)[0]


def long_date(day: datetime.date) -> str:
    """ "3 December 2026", as the task reasons write dates."""
    return f"{day.day} {day:%B} {day.year}"


def detail_url(participant: Participant) -> str:
    return reverse("people:participant-detail", args=[participant.pk])


def make_supported(specialist: User, **kwargs: Any) -> Participant:
    """A participant on the specialist's caseload at their prison, in an open episode."""
    kwargs.setdefault("current_site", specialist.site)
    person = factories.ParticipantFactory.create(allocated_specialist=specialist, **kwargs)
    factories.EpisodeFactory.create(participant=person)
    return person
