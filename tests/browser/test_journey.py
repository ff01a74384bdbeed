"""End-to-end journeys in a real browser, through the pages a person uses, with a screenshot of each step.

The first test follows one person from referral to a sustained job, as their employment specialist, and ends with
the team leader's outcome dashboard. The second completes the referral form with the keyboard alone. Assertions
are on what the person sees (banners, rows, statuses), not on the database.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.utils import timezone
from playwright.sync_api import ConsoleMessage, Locator, Page, expect

from ipsgate.demo.generator import DEMO_PASSWORD

# A colour GOV.UK Frontend uses only for focus (the focus ring and a focused button's background).
FOCUS_YELLOW = "rgb(255, 221, 0)"


class BrowserErrors:
    """Console errors (CSP violations are reported there) and uncaught exceptions from every page watched."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def watch(self, page: Page) -> Page:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.messages.append(f"{page.url}: uncaught {error}"))
        return page

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.messages.append(f"{message.page.url if message.page else '?'}: {message.text}")


def fill_date(page: Page | Locator, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def choose(page: Page, legend: str, option: str) -> None:
    page.get_by_role("group", name=legend, exact=True).get_by_label(option, exact=True).check()


def expect_banner(page: Page, text: str | re.Pattern[str]) -> None:
    expect(page.get_by_role("alert").filter(has_text=text)).to_be_visible()


def test_journey_from_referral_to_sustained_job_and_outcomes(signed_in: Any, screenshot: Any) -> None:
    errors = BrowserErrors()
    today = timezone.localdate()
    days_ago = lambda n: today - datetime.timedelta(days=n)  # noqa: E731

    # Sign in with both factors. The harness signs specialist1 in once per module; here the second-factor page is
    # shown once, for a user this module signs in by hand (a code can be used only once).
    login = errors.watch(signed_in.new_context().new_page())
    login.goto("/login/")
    login.get_by_label("Username").fill("probation1")
    login.get_by_label("Password").fill("wrong password")
    login.get_by_role("button", name="Sign in").click()
    expect(login.get_by_role("alert")).to_be_visible()
    screenshot(login, "sign in refused with a wrong password")
    login.goto("/login/")
    login.get_by_label("Username").fill("probation1")
    login.get_by_label("Password").fill(DEMO_PASSWORD)
    login.get_by_role("button", name="Sign in").click()
    expect(login.get_by_label("Security code")).to_be_visible()
    screenshot(login, "second factor code asked")
    login.get_by_label("Security code").fill(signed_in.server.current_code("probation1"))
    login.get_by_role("button", name="Continue").click()
    expect(login.get_by_role("heading", level=1)).to_be_visible()
    assert "/mfa/" not in login.url and "/login/" not in login.url
    screenshot(login, "signed in after the second factor")
    login.context.close()

    page = errors.watch(signed_in.page("specialist1"))
    page.goto("/")
    expect(page.get_by_role("heading", name="My caseload", level=1)).to_be_visible()
    screenshot(page, "specialist's caseload")

    # Referral for a new person, in prison and due out in ten days.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="New referral").click()
    expect(page.get_by_role("heading", name="New referral", level=1)).to_be_visible()
    choose(page, "Does the person want help to find paid work?", "Yes")
    page.get_by_label("First name", exact=True).fill("Journey")
    page.get_by_label("Last name", exact=True).fill("Walker")
    fill_date(page, "Date of birth", datetime.date(1991, 4, 17))
    page.get_by_label("Prison number").fill("Q4821JW")
    choose(page, "Custody status", "In custody")
    fill_date(page, "Expected release date", today + datetime.timedelta(days=10))
    choose(page, "Who made the referral?", "Prison mental health in-reach team")
    fill_date(page, "Date of referral", days_ago(7))
    page.get_by_label("Referrer's name").fill("Ada Inreach")
    choose(page, "Evaluation arm", "IPS (Individual Placement and Support)")
    choose(page, "Will the person be offered peer mentoring?", "No")
    screenshot(page, "referral form filled in")
    page.get_by_role("button", name="Save referral").click()
    expect_banner(page, "Referral recorded")
    expect(page.get_by_role("heading", name="Journey Walker", level=1)).to_be_visible()
    participant_url = page.url
    screenshot(page, "referral recorded")

    # Accepting the referral starts an episode of support.
    page.get_by_role("link", name="record outcome").click()
    choose(page, "What was the outcome of the referral?", "Accepted")
    fill_date(page, "Date of decision", days_ago(6))
    page.get_by_role("button", name="Save outcome").click()
    expect_banner(page, "Referral outcome recorded")
    referrals = page.get_by_role("table", name="Referrals")
    expect(referrals).to_contain_text("Accepted")
    expect(page.get_by_role("table", name="Episodes of support")).to_contain_text("Open")
    screenshot(page, "referral accepted and episode started")

    # Vocational profile: goals, then where the person will live after release.
    page.get_by_role("link", name="Vocational profile").click()
    expect(page.get_by_text("The profile has not been started")).to_be_visible()
    page.get_by_role("link", name="Change job goals").click()
    page.get_by_label("Warehousing and storage").check()
    page.get_by_label("Job goal in the person's words (optional)").fill("Driving a forklift in a big warehouse")
    choose(page, "How many hours a week?", "Full time (30 hours or more)")
    page.get_by_role("button", name="Save").click()
    expect_banner(page, "saved")
    page.get_by_role("link", name=re.compile("^Change travel")).click()
    page.get_by_label("Postcode district where the person will live after release").fill("LS9")
    page.get_by_label("Furthest distance to work, in kilometres (optional)").fill("10")
    page.get_by_role("button", name="Save").click()
    expect_banner(page, "saved")
    expect(page.get_by_text("Started on")).to_be_visible()
    expect(page.get_by_text("Warehousing and storage")).to_be_visible()
    screenshot(page, "vocational profile started")

    # A contact in prison before release.
    page.get_by_role("link", name="Back to Journey Walker").click()
    page.get_by_role("link", name="Record a contact").click()
    fill_date(page, "Date", days_ago(3))
    page.get_by_label("Time", exact=True).fill("10:30")
    choose(page, "Did the contact happen?", "Yes")
    choose(page, "Who was it with?", "Participant")
    choose(page, "How?", "Face to face in prison")
    page.get_by_label("How long, in minutes (optional)").fill("45")
    page.get_by_role("button", name="Record contact").click()
    expect_banner(page, "Contact recorded")
    screenshot(page, "pre-release contact recorded")

    # Release on licence, the day before yesterday.
    page.get_by_role("link", name="Record a custody event").click()
    choose(page, "What happened?", "Released on licence")
    fill_date(page, "Date", days_ago(2))
    page.get_by_role("button", name="Record event").click()
    expect_banner(page, "Custody event recorded")
    details = page.locator(".govuk-summary-card").filter(has_text="Personal and custody details")
    expect(details).to_contain_text("Released on licence")
    expect(details).to_contain_text(f"{days_ago(2):%-d %B %Y}")
    screenshot(page, "release recorded")

    # A new employer, and a contact with them about the person.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Employers").click()
    page.get_by_role("link", name="Add an employer").click()
    page.get_by_label("Name", exact=True).fill("Knowsthorpe Logistics")
    page.get_by_label("Industry").select_option(label="Logistics and transport")
    page.get_by_label("Postcode (optional)").fill("LS9 0PS")
    page.get_by_role("button", name="Save").click()
    expect_banner(page, "Employer saved")
    expect(page.get_by_role("heading", name="Knowsthorpe Logistics", level=1)).to_be_visible()
    page.get_by_role("link", name="Record a contact").click()
    fill_date(page, "Date of the contact", days_ago(1))
    choose(page, "Was it face to face?", "Yes")
    choose(page, "Purpose", "Introducing a participant")
    page.get_by_role("group", name="People discussed (optional)").get_by_label(re.compile("Journey Walker")).check()
    page.get_by_role("button", name="Save contact").click()
    expect_banner(page, "Employer contact recorded")
    screenshot(page, "employer contact recorded")

    # The employer's vacancy.
    page.get_by_role("link", name="Add a vacancy").click()
    page.get_by_label("Job title").fill("Forklift operative")
    page.get_by_label("Type of work").select_option(label="Warehousing and storage")
    page.get_by_label("Hours a week").fill("37.5")
    choose(page, "Work pattern", "Daytime (about 8am to 6pm)")
    page.get_by_label("Contract").select_option(label="Permanent")
    page.get_by_label("Pay in pounds").fill("13.25")
    page.get_by_role("button", name="Save vacancy").click()
    expect_banner(page, "Vacancy saved")
    expect(page.get_by_role("heading", name="Forklift operative", level=1)).to_be_visible()
    screenshot(page, "vacancy added")

    # Matching: the new vacancy is suitable for the person.
    page.goto(participant_url)
    page.get_by_role("link", name="Find matching vacancies").click()
    expect(page.get_by_role("heading", name="Matching vacancies", level=1)).to_be_visible()
    suitable = page.get_by_role("table", name="Suitable vacancies")
    row = suitable.get_by_role("row").filter(has_text="Knowsthorpe Logistics")
    expect(row).to_contain_text("Forklift operative")
    screenshot(page, "matching vacancies")

    # An application for it, moved on to an offer the person accepts.
    row.get_by_role("link", name="Record interest in Forklift operative").click()
    choose(page, "Where it has got to", "Applied")
    fill_date(page, "Date", days_ago(1))
    page.get_by_role("button", name="Save").click()
    expect_banner(page, "Application recorded")
    applications = page.get_by_role("table", name="Applications")
    expect(applications).to_contain_text("Forklift operative")
    screenshot(page, "application recorded")

    applications.get_by_role("link", name="Forklift operative").click()
    for status in ("Offered", "Offer accepted"):
        choose(page, "Move the application to", status)
        page.get_by_role("button", name="Save").click()
        expect_banner(page, "Application updated")
    expect(page.get_by_role("main").locator(".govuk-tag")).to_have_text("Offer accepted")

    # The job starts, and its first four paid hours are done.
    choose(page, "Move the application to", "Started")
    page.get_by_role("button", name="Save").click()
    expect_banner(page, "Application updated and job recorded")
    page.get_by_role("link", name="Back to applications and jobs").click()
    page.get_by_role("table", name="Jobs").get_by_role("link", name="Forklift operative").click()
    fill_date(page, "Date the first 4 paid hours were done", today)
    page.get_by_role("button", name="Save").click()
    expect_banner(page, "Job updated")
    summary = page.get_by_role("main").locator(".govuk-summary-list").first
    expect(summary).to_contain_text(f"First 4 paid hours done{today:%-d %B %Y}")
    expect(summary).to_contain_text("Competitive employmentYes.")
    screenshot(page, "job started")

    # A sustainment check.
    page.get_by_role("link", name="Record a sustainment check").click()
    choose(page, "Which check", "4 weeks")
    fill_date(page, "Date checked", today)
    choose(page, "Is the person still in work?", "Yes")
    page.get_by_role("button", name="Save check").click()
    expect_banner(page, "Sustainment check recorded")
    expect(page.get_by_text("still in work")).to_be_visible()
    screenshot(page, "sustainment check recorded")

    # The team leader's outcome dashboard.
    leader = errors.watch(signed_in.page("teamleader1"))
    leader.goto("/")
    leader.get_by_role("navigation", name="Menu").get_by_role("link", name="Outcomes").click()
    expect(leader.get_by_role("heading", name="Outcomes", level=1)).to_be_visible()
    headline = leader.get_by_role("table").first
    expect(headline).to_be_visible()
    expect(headline.get_by_role("cell").filter(has_text=re.compile(r"\d"))).not_to_have_count(0)
    screenshot(leader, "outcome dashboard")

    assert errors.messages == []
