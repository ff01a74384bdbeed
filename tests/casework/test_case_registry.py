"""The case registry: domain apps put their parts on the casework pages without casework importing them."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.urls import reverse

from ipsgate.core.case_registry import (
    AttentionFlag,
    CaseLink,
    CaseRegistry,
    CaseSection,
    CaseView,
    TimelineEntry,
    case_registry,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_domain_apps_register_what_the_pages_showed_before_the_registry():
    names = case_registry.names
    assert names["annotations"] == [
        "people.referral_flags",
        "journey.has_contact",
        "jobs.in_work",
        "mentoring.has_match",
        "evaluation.service_as_usual",
        "partners.referral_to_chase",
    ]
    assert set(names["flags"]) == {
        "people.release_and_referral",
        "journey.no_contact",
        "evaluation.service_as_usual",
        "partners.referral_to_chase",
    }
    assert set(names["links"]) == {
        "journey.records",
        "advice.tools",
        "privacy.data_protection",
        "mentoring.mentoring",
        "partners.referrals",
    }
    assert set(names["timeline"]) == {
        "people.referrals",
        "people.reallocations",
        "journey.events",
        "employers.contacts",
        "mentoring.sessions",
        "partners.referrals",
    }
    # The "mentor" sections (issue 17 §2) are a peer mentor's view of a mentee, never on the casework pages.
    assert set(names["sections"]) == {
        "jobs.work",
        "people.contact_details",
        "journey.planning",
        "advice.mentor",
        "journey.mentor",
    }
    assert set(names["columns"]) == {"journey.next_appointment"}
    assert set(names["summary_facts"]) == {"people.contact_details", "journey.next_appointment"}
    assert set(names["banners"]) == {"evaluation.service_as_usual", "privacy.data_protection"}


def test_contributions_come_back_in_order_whoever_registered_first():
    registry = CaseRegistry()
    view = CaseView(participant=None, viewer=None, today=datetime.date(2026, 12, 4))  # type: ignore[arg-type]
    registry.add_links("b", lambda v: [CaseLink("Second", "/2", "records", 20), CaseLink("Advice", "/a", "advice", 1)])
    registry.add_links("a", lambda v: [CaseLink("First", "/1", "records", 10)])
    registry.add_flags("f", lambda v: [AttentionFlag("Late", "red", 30), AttentionFlag("Soon", "red", 5)])
    registry.add_sections("s", lambda v: [CaseSection("b.html", 2), CaseSection("a.html", 1)])
    day = datetime.date(2026, 1, 1)
    registry.add_timeline(
        "t",
        lambda v: [
            TimelineEntry(day, "Dated", "", "", "x"),
            TimelineEntry(datetime.datetime(2026, 1, 2, 9, tzinfo=datetime.UTC), "Timed", "", "", "x"),
        ],
    )
    assert [link.label for link in registry.links(view, "records")] == ["First", "Second"]
    assert [link.label for link in registry.links(view, "advice")] == ["Advice"]
    assert [flag.label for flag in registry.flags(view)] == ["Soon", "Late"]
    assert [section.template for section in registry.sections(view)] == ["a.html", "b.html"]
    assert [entry.title for entry in registry.timeline(view)] == ["Timed", "Dated"]  # newest first


def test_registering_a_name_again_replaces_it():
    registry = CaseRegistry()
    registry.add_timeline("app.kind", lambda v: [])
    registry.add_timeline("app.kind", lambda v: [])
    assert registry.names["timeline"] == ["app.kind"]


@pytest.fixture
def new_app_entries() -> Iterator[None]:
    """A new area's contributor, as its AppConfig.ready would register it (removed afterwards)."""

    def meetings(view: CaseView) -> Iterator[TimelineEntry]:
        yield TimelineEntry(view.today, "Mentoring session", "with a mentor", f"for {view.viewer.username}", "mentor")

    def flags(view: CaseView) -> Iterator[AttentionFlag]:
        yield AttentionFlag("Mentor waiting", "blue", 50)

    case_registry.add_timeline("test.meetings", meetings)
    case_registry.add_flags("test.flags", flags)
    yield
    case_registry._timeline.pop("test.meetings")
    case_registry._flags.pop("test.flags")


def test_a_new_app_appears_on_the_participant_page_and_caseload_without_casework_changing(
    new_app_entries, make_client, specialist, prison
):
    person = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    factories.EpisodeFactory.create(participant=person)
    client = make_client(specialist)
    page = client.get(reverse("people:participant-detail", args=[person.pk])).content.decode()
    assert "Mentoring session" in page and f"for {specialist.username}" in page
    caseload = client.get(reverse("people:my-caseload")).content.decode()
    assert "Mentor waiting" in caseload


def test_the_probation_view_of_the_timeline_has_no_notes(make_client, prison):
    """The contributor decides from the viewer: the same participant, two viewers, two timelines."""
    probation = factories.ProbationPractitionerFactory.create()
    specialist = factories.SpecialistFactory.create(site=prison)
    person = factories.ParticipantFactory.create(
        current_site=prison, allocated_specialist=specialist, probation_practitioner=probation
    )
    factories.SupportContactFactory.create(participant=person, recorded_by=specialist, note="Talked about debts")
    from ipsgate.casework.selectors import timeline_for

    assert any(entry.description == "Talked about debts" for entry in timeline_for(person, viewer=specialist))
    assert not any("debts" in entry.description for entry in timeline_for(person, viewer=probation))
