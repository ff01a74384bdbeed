"""Issue 17 §2 in a browser: the specialist matches a person with mentor1's mentor record, mentor1 signs in with
the second factor, sees only their mentees, logs a session, and the specialist sees it on the person's timeline."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from ipsgate.core.models import User
from ipsgate.demo.generator import DEMO_PASSWORD
from ipsgate.mentoring.models import Mentor, MentorMatch
from ipsgate.people.choices import IN_CUSTODY_STATUSES
from ipsgate.people.models import Participant

NOTE = "Walked the bus route to the warehouse together"


def test_specialist_matches_mentor1_signs_in_logs_a_session_and_the_specialist_sees_it(
    signed_in: Any, screenshot: Any
) -> None:
    specialist = User.objects.get(username="specialist2")
    mentor = Mentor.objects.get(user__username="mentor1")
    hull = mentor.cleared_prisons.get(name="HMP Hull")
    person = (
        Participant.objects.visible_to(specialist)
        .filter(current_site=hull, custody_status__in=IN_CUSTODY_STATUSES)
        .exclude(pk__in=MentorMatch.objects.filter(ended_on__isnull=True).values("participant_id"))
        .order_by("pk")
        .first()
    )
    assert person is not None, "the demo service has someone at HMP Hull in custody without a mentor"

    # The specialist matches the person with Sam Okafor (mentor1's record), sharing a goal with him.
    page = signed_in.page("specialist2")
    page.goto(f"/participants/{person.pk}/mentoring/")
    page.get_by_role("group", name="Suggested mentors").get_by_label("Sam Okafor", exact=False).check()
    page.get_by_label("Goals the person agreed to share with their mentor (optional)").fill("Warehouse work")
    screenshot(page, "specialist matches the person with Sam Okafor")
    page.get_by_role("button", name="Match with this mentor").click()
    expect(page.get_by_role("alert").filter(has_text="matched with Sam Okafor")).to_be_visible()

    # mentor1 signs in with a password and the code from their authenticator app, and starts at My mentees.
    login = signed_in.new_context().new_page()
    login.goto("/login/")
    login.get_by_label("Username").fill("mentor1")
    login.get_by_label("Password").fill(DEMO_PASSWORD)
    login.get_by_role("button", name="Sign in").click()
    expect(login.get_by_label("Security code")).to_be_visible()
    login.get_by_label("Security code").fill(signed_in.server.current_code("mentor1"))
    login.get_by_role("button", name="Continue").click()
    expect(login.get_by_role("heading", name="My mentees", level=1)).to_be_visible()
    menu = login.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link")).to_have_text(["My mentees"])
    screenshot(login, "mentor1's mentees")

    # The mentee's narrow view, then the session form.
    login.get_by_role("link", name=f"{person.given_name} {person.family_name}").click()
    expect(login.get_by_role("heading", name=f"{person.given_name} {person.family_name}", level=1)).to_be_visible()
    expect(login.get_by_text("Warehouse work")).to_be_visible()
    login.get_by_role("link", name="Log a session").click()
    login.get_by_label("Time").fill("00:00")
    login.get_by_role("group", name="Did the session happen?").get_by_label("Yes", exact=True).check()
    login.get_by_role("group", name="Where?").get_by_label("In prison", exact=True).check()
    login.get_by_label("Short note (optional)").fill(NOTE)
    screenshot(login, "mentor1 logs a session")
    login.get_by_role("button", name="Log the session").click()
    expect(login.get_by_role("alert").filter(has_text="Mentoring session logged")).to_be_visible()
    expect(login.get_by_text(NOTE)).to_be_visible()
    login.context.close()

    # The specialist sees the session on the person's timeline.
    page.goto(f"/participants/{person.pk}/")
    timeline = page.locator(".ipsgate-timeline")
    expect(timeline.get_by_text(NOTE)).to_be_visible()
    expect(timeline.get_by_text("with Sam Okafor", exact=False).first).to_be_visible()
    screenshot(page, "the session on the specialist's timeline")
