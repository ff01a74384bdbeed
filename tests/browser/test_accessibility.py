"""Accessibility: axe-core (WCAG 2.2 AA rules) finds nothing on every main page and every error state (issue 8).

Each page is opened by the role that uses it, in the demo service, and checked by axe-core 4.12 (bundled with
axe-playwright-python). A failure lists each rule broken, its impact, what to do and the elements at fault.
"""

from __future__ import annotations

import datetime
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import FilePayload, Page, ViewportSize, expect

from ipsgate.advice.models import BetterOffCheck, ConvictionRecord, DisclosureStatement
from ipsgate.advice.services import statement_save
from ipsgate.core.choices import SiteKind
from ipsgate.core.models import Site, User
from ipsgate.core.scoping import sites_for, specialists_for
from ipsgate.demo.generator import DEMO_PASSWORD
from ipsgate.employers.models import Employer, Vacancy
from ipsgate.fidelity.models import FidelityReview
from ipsgate.fidelity.selectors import teams_writable
from ipsgate.fidelity.services import review_save
from ipsgate.jobs.models import Application, Job
from ipsgate.journey.models import Appointment, Handover, ResettlementNeed, WorkHistoryEntry
from ipsgate.journey.services import latest_release
from ipsgate.mentoring import selectors as mentoring_selectors
from ipsgate.mentoring.models import Mentor, MentorMatch
from ipsgate.partners.models import Partner, ReferralOut
from ipsgate.people.models import Episode, Participant, Referral, in_service_as_usual
from ipsgate.rules.fidelity import ITEM_COUNT

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()

# Third-party pages we do not control. Swagger UI (/api/docs/) is its own application rendered in the page; the
# Django admin ships its own templates. Only their own containers are excluded, so our part of the page is checked.
SWAGGER_UI = "#swagger-ui"


def violations(page: Page, exclude: list[str] | None = None) -> str:
    """A readable list of axe-core's WCAG 2.2 AA violations on the page; empty if there are none."""
    context: dict[str, Any] | None = {"exclude": [[selector] for selector in exclude]} if exclude else None
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
    result = AXE.run(page, context=context, options=options)
    lines = []
    for violation in result.response["violations"]:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        for node in violation["nodes"][:8]:
            lines.append(f"    {' '.join(str(t) for t in node['target'])}: {node['failureSummary'].splitlines()[-1]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def assert_accessible(page: Page, exclude: list[str] | None = None) -> None:
    found = violations(page, exclude)
    assert not found, f"axe-core found WCAG 2.2 AA violations on {page.url}:\n{found}"


@dataclass(frozen=True)
class Ids:
    """Records of the demo service the URLs name, read once before any page opens (plain ORM queries)."""

    participant: int  # specialist1's, with a job, an application, a conviction and needs
    job: int
    application: tuple[int, int]
    conviction: tuple[int, int]
    statement: tuple[int, int]
    work_history: tuple[int, int]
    need: tuple[int, int]
    referral: tuple[int, int]  # awaiting a decision, specialist1's
    episode: tuple[int, int]  # open, specialist1's
    employer: int
    vacancy: int
    team: int
    review: int
    prison: int
    better_off_check: tuple[int, int]  # a saved check (the demo saves two for specialist1's first person in work)
    in_prison: int = 0  # Daniel Okoro, 12 days from release: matching shows "After release"
    underpaid_vacancy: int = 0  # the demo's £12.63 an hour vacancy: "Below the minimum wage"
    # Issue 16: planning ahead, a handover, a release to decide on, someone who can be referred again.
    appointment: tuple[int, int] = (0, 0)
    handover: tuple[int, int] = (0, 0)
    released: int = 0
    returning: int = 0
    sau: int = 0  # the walkthrough person in the service-as-usual group
    recalled: tuple[int, int] = (0, 0)  # the recalled walkthrough person and the job the employer keeps open
    no_privacy_notice: int = 0  # the walkthrough person with no lawful basis or privacy notice recorded
    specialist1: int = 0
    mentor: int = 0  # the demo's mentor whose vetting has expired (flagged)
    match: tuple[int, int] = (0, 0)  # Daniel Okoro matched with a mentor (made here)
    partner: int = 0  # issue 18: a partner in the directory
    referral_out: tuple[int, int] = (0, 0)  # issue 18: specialist1's referral to a partner, still waiting
    mentee: int = 0  # issue 17 §2: mentor1's first mentee (who agreed their mentor may see offences and health)
    unmentored: int = 0  # issue 17 §3: specialist1's person with no mentor, for whom one can be suggested


@pytest.fixture(scope="module")
def ids(demo_server: Any, django_db_blocker: Any) -> Ids:
    with django_db_blocker.unblock():
        mine = Participant.objects.filter(allocated_specialist__username="specialist1")
        job = Job.objects.filter(participant__in=mine).order_by("pk").first()
        assert job is not None, "the demo service gives specialist1 someone in work"
        pk = job.participant_id
        application = Application.objects.filter(participant__in=mine).order_by("pk").first()
        conviction = ConvictionRecord.objects.filter(participant__in=mine).order_by("pk").first()
        work = WorkHistoryEntry.objects.filter(participant__in=mine).order_by("pk").first()
        need = ResettlementNeed.objects.filter(participant__in=mine).order_by("pk").first()
        referral = Referral.objects.filter(participant__in=mine, outcome="").order_by("pk").first()
        episode = Episode.objects.filter(participant__in=mine, end_date__isnull=True).order_by("pk").first()
        vacancy = Vacancy.objects.order_by("pk").first()
        specialist = User.objects.get(username="specialist1")
        leader = User.objects.get(username="teamleader1")
        team = teams_writable(leader).order_by("pk").first()
        assert team is not None
        # The demo has no disclosure letter and no fidelity review yet: one of each, through the services.
        statement = DisclosureStatement.objects.filter(participant__in=mine).order_by("pk").first()
        statement = statement or statement_save(
            actor=specialist,
            participant=job.participant,
            data={
                "purpose": "Warehouse work",
                "what_happened": "-",
                "what_has_changed": "-",
                "why_this_job": "-",
                "letter": "-",
            },
        )
        review = FidelityReview.objects.filter(team=team).order_by("pk").first() or review_save(
            actor=leader,
            team=team,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 3, 31),
            review_date=datetime.date(2026, 4, 14),
            reviewers="Accessibility check",
            items=[{"item": n, "score": 3} for n in range(1, ITEM_COUNT + 1)],
        )
        match = MentorMatch.objects.filter(participant__prison_number="A4821DQ").first() or MentorMatch.objects.create(
            participant=Participant.objects.get(prison_number="A4821DQ"),
            mentor=Mentor.objects.get(name="Sam Okafor"),
            started_on=timezone.localdate(),
            matched_by=specialist,
        )
        check = BetterOffCheck.objects.filter(participant__in=mine).order_by("pk").first()
        found = (application, conviction, statement, work, need, referral, episode, vacancy, review, check)
        assert all(found), f"the demo service lacks a record these pages need: {found}"
        assert application and conviction and statement and work and need and referral and episode  # for mypy
        assert vacancy and review and check
        planned = Appointment.objects.filter(participant__in=mine, outcome="").order_by("pk").first()
        handover = Handover.objects.filter(to_specialist=specialist, picked_up_on__isnull=True).order_by("pk").first()
        assert planned and handover, "the demo service gives specialist1 an appointment and a handover to pick up"
        visible = Participant.objects.visible_to(specialist)
        released = next(p for p in mine.order_by("pk") if latest_release(p) is not None)
        returning = visible.exclude(episodes__end_date__isnull=True).exclude(referrals__outcome="").order_by("pk")
        # The match form shows only when a mentor can be suggested: the first person the selector suggests one for.
        today = timezone.localdate()
        unmentored = next(
            (
                person
                for person in mine.exclude(
                    pk__in=MentorMatch.objects.filter(ended_on__isnull=True).values("participant_id")
                )
                .exclude(in_service_as_usual())
                .filter(episodes__end_date__isnull=True)
                .distinct()
                .order_by("pk")
                if (offer := mentoring_selectors.latest_offer(person)) is None or offer.answer != "declined"
                if mentoring_selectors.suggestions(person, today, offer)[0]
            ),
            None,
        )
        assert unmentored is not None, "specialist1 has someone with no mentor for whom a mentor can be suggested"
        return Ids(
            unmentored=unmentored.pk,
            appointment=(planned.participant_id, planned.pk),
            handover=(handover.participant_id, handover.pk),
            released=released.pk,
            returning=(returning.first() or job.participant).pk,
            participant=pk,
            job=job.pk,
            application=(application.participant_id, application.pk),
            conviction=(conviction.participant_id, conviction.pk),
            statement=(statement.participant_id, statement.pk),
            work_history=(work.participant_id, work.pk),
            need=(need.participant_id, need.pk),
            referral=(referral.participant_id, referral.pk),
            episode=(episode.participant_id, episode.pk),
            employer=Employer.objects.order_by("pk").values_list("pk", flat=True)[0],
            vacancy=vacancy.pk,
            team=team.pk,
            review=review.pk,
            prison=Site.objects.filter(kind=SiteKind.PRISON).order_by("pk").values_list("pk", flat=True)[0],
            better_off_check=(check.participant_id, check.pk),
            in_prison=Participant.objects.get(prison_number="A4821DQ").pk,
            underpaid_vacancy=Vacancy.objects.get(title="Picker packer (seasonal)").pk,
            sau=Participant.objects.get(prison_number="A3356LQ").pk,
            recalled=Job.objects.filter(participant__prison_number="A6640RQ").values_list("participant_id", "pk")[0],
            no_privacy_notice=Participant.objects.get(prison_number="A5518PQ").pk,
            specialist1=specialist.pk,
            mentor=Mentor.objects.get(name="Kerry Holt").pk,
            match=(match.participant_id, match.pk),
            partner=Partner.objects.order_by("pk").values_list("pk", flat=True)[0],
            referral_out=ReferralOut.objects.filter(participant__in=mine, status="sent")
            .order_by("pk")
            .values_list("participant_id", "pk")[0],
            mentee=next(
                pk
                for pk, sections in Participant.objects.visible_to(User.objects.get(username="mentor1"))
                .order_by("pk")
                .values_list("pk", "data_protection__mentor_sections")
                if sections
            ),
        )


@pytest.fixture(scope="module")
def tab(signed_in: Any) -> Callable[[str], Page]:
    """One signed-in tab per person for the whole module (a tab per page would cost more than the check).

    Everyone signs in here, before the first test starts: on SQLite what the server writes during a test is rolled
    back with it, and a session row written then would be gone by the next test, which would see the sign-in page."""
    tabs = {username: signed_in.page(username) for username in sorted(USERS)}

    def _tab(username: str) -> Page:
        return tabs[username]

    return _tab


def open_page(page: Page, url: str, status: int = 200) -> None:
    # The evaluation report computes its estimates on the way in: slow on a busy machine.
    response = page.goto(url, timeout=60_000)
    assert response is not None and response.status == status, f"{url} answered {response and response.status}"
    assert "/login/" not in page.url and "/mfa/" not in page.url, f"{url} sent a signed-in person to {page.url}"


# (test id, who, URL built from the ids). One row per page; the role is one that uses the page day to day.
PAGES: list[tuple[str, str, Callable[[Ids], str]]] = [
    ("home-todo", "specialist1", lambda i: "/"),
    ("todo", "specialist1", lambda i: "/todo/"),
    ("my-caseload", "specialist1", lambda i: "/caseload/"),
    ("my-caseload-sorted-searched", "specialist1", lambda i: "/caseload/?sort=-name&q=a&phase=pre-release"),
    ("my-caseload-search-refused", "specialist1", lambda i: "/caseload/?q=" + "x" * 101),
    ("team-caseloads", "teamleader1", lambda i: "/team/"),
    ("team-todo", "teamleader1", lambda i: "/team-to-do/"),
    ("import-upload", "teamleader1", lambda i: "/imports/"),
    ("team-todo-overdue", "teamleader1", lambda i: "/team-to-do/?when=overdue"),
    ("reallocate", "teamleader1", lambda i: "/team-to-do/reallocate/"),
    ("reallocate-caseload", "teamleader1", lambda i: f"/team-to-do/reallocate/?from={i.specialist1}"),
    ("participant-sau", "specialist1", lambda i: f"/participants/{i.sau}/"),
    ("matching-sau", "specialist1", lambda i: f"/participants/{i.sau}/matching-vacancies/"),
    ("participant-recalled", "specialist1", lambda i: f"/participants/{i.recalled[0]}/"),
    ("job-held", "specialist1", lambda i: "/participants/{}/jobs/{}/".format(*i.recalled)),
    ("custody-event-recall", "specialist1", lambda i: f"/participants/{i.recalled[0]}/custody-events/add/"),
    ("job-new-in-custody", "specialist1", lambda i: f"/participants/{i.in_prison}/jobs/new/"),
    ("participant-no-privacy-notice", "specialist1", lambda i: f"/participants/{i.no_privacy_notice}/"),
    ("team-caseloads-sorted", "teamleader1", lambda i: "/team/?sort=-active"),
    ("service-overview", "manager1", lambda i: "/overview/"),
    ("security-log", "manager1", lambda i: "/security-log/"),
    ("participant-list", "specialist1", lambda i: "/participants/"),
    ("participant-list-sorted", "specialist1", lambda i: "/participants/?sort=-release"),
    ("referral-new", "specialist1", lambda i: "/referrals/new/"),
    ("participant", "specialist1", lambda i: f"/participants/{i.participant}/"),
    ("participant-edit", "specialist1", lambda i: f"/participants/{i.participant}/edit/"),
    ("referral-decision", "specialist1", lambda i: "/participants/{}/referrals/{}/decision/".format(*i.referral)),
    ("episode-close", "specialist1", lambda i: "/participants/{}/episodes/{}/close/".format(*i.episode)),
    ("profile", "specialist1", lambda i: f"/participants/{i.participant}/profile/"),
    *[
        (f"profile-{slug}", "specialist1", lambda i, slug=slug: f"/participants/{i.participant}/profile/{slug}/")
        for slug in ("goals", "travel", "strengths", "adjustments", "right-to-work", "disclosure")
    ],
    ("work-history-add", "specialist1", lambda i: f"/participants/{i.participant}/profile/work-history/add/"),
    (
        "work-history-edit",
        "specialist1",
        lambda i: "/participants/{}/profile/work-history/{}/".format(*i.work_history),
    ),
    (
        "work-history-delete",
        "specialist1",
        lambda i: "/participants/{}/profile/work-history/{}/delete/".format(*i.work_history),
    ),
    ("qualification-add", "specialist1", lambda i: f"/participants/{i.participant}/profile/qualifications/add/"),
    ("needs", "specialist1", lambda i: f"/participants/{i.participant}/needs/"),
    ("need-add", "specialist1", lambda i: f"/participants/{i.participant}/needs/add/"),
    ("need-update", "specialist1", lambda i: "/participants/{}/needs/{}/update/".format(*i.need)),
    ("health-care", "specialist1", lambda i: f"/participants/{i.participant}/health-care/"),
    ("contact-add", "specialist1", lambda i: f"/participants/{i.participant}/contacts/add/"),
    ("custody-event-add", "specialist1", lambda i: f"/participants/{i.participant}/custody-events/add/"),
    ("disclosure", "specialist1", lambda i: f"/participants/{i.participant}/disclosure/"),
    ("conviction-add", "specialist1", lambda i: f"/participants/{i.participant}/disclosure/add/"),
    (
        "conviction-edit",
        "specialist1",
        lambda i: "/participants/{}/disclosure/{}/edit/".format(*i.conviction),
    ),
    (
        "conviction-delete",
        "specialist1",
        lambda i: "/participants/{}/disclosure/{}/delete/".format(*i.conviction),
    ),
    ("statement-new", "specialist1", lambda i: f"/participants/{i.participant}/disclosure/letters/new/"),
    ("statement", "specialist1", lambda i: "/participants/{}/disclosure/letters/{}/".format(*i.statement)),
    ("better-off", "specialist1", lambda i: f"/participants/{i.participant}/better-off/"),
    (
        "better-off-result",
        "specialist1",
        lambda i: "/participants/{}/better-off/?check={}".format(*i.better_off_check),
    ),
    ("licence-conditions", "specialist1", lambda i: f"/participants/{i.participant}/licence-conditions/"),
    ("matching", "specialist1", lambda i: f"/participants/{i.participant}/matching-vacancies/"),
    ("matching-in-prison", "specialist1", lambda i: f"/participants/{i.in_prison}/matching-vacancies/"),
    ("work", "specialist1", lambda i: f"/participants/{i.participant}/work/"),
    ("application-new", "specialist1", lambda i: f"/participants/{i.participant}/applications/new/"),
    ("application", "specialist1", lambda i: "/participants/{}/applications/{}/".format(*i.application)),
    ("job-new", "specialist1", lambda i: f"/participants/{i.participant}/jobs/new/"),
    ("job", "specialist1", lambda i: f"/participants/{i.participant}/jobs/{i.job}/"),
    ("sustainment-add", "specialist1", lambda i: f"/participants/{i.participant}/jobs/{i.job}/checks/new/"),
    ("data-protection", "specialist1", lambda i: f"/participants/{i.participant}/data-protection/"),
    ("basis-consent", "specialist1", lambda i: f"/participants/{i.participant}/data-protection/basis/"),
    ("legal-hold", "teamleader1", lambda i: f"/participants/{i.participant}/data-protection/legal-hold/"),
    ("subject-access", "teamleader1", lambda i: f"/participants/{i.participant}/data-protection/subject-access/"),
    ("employers", "specialist1", lambda i: "/employers/"),
    ("employers-sorted", "specialist1", lambda i: "/employers/?sort=-open_vacancies"),
    ("employer-new", "specialist1", lambda i: "/employers/new/"),
    ("employer", "specialist1", lambda i: f"/employers/{i.employer}/"),
    ("employer-edit", "specialist1", lambda i: f"/employers/{i.employer}/edit/"),
    ("employer-person-add", "specialist1", lambda i: f"/employers/{i.employer}/people/new/"),
    ("employer-contact-add", "specialist1", lambda i: f"/employers/{i.employer}/contacts/new/"),
    ("employer-contacts-report", "teamleader1", lambda i: "/employers/contacts/"),
    ("register-index", "specialist1", lambda i: "/employers/register/"),
    ("register", "specialist1", lambda i: f"/employers/register/{i.prison}/"),
    # Issue 18: the partner directory and referrals out.
    ("partners", "teamleader1", lambda i: "/partners/"),
    ("partners-filtered", "specialist1", lambda i: "/partners/?pathway=ACCOMMODATION&area=LS9"),
    ("service-map-index", "teamleader1", lambda i: "/partners/service-map/"),
    ("service-map", "teamleader1", lambda i: f"/partners/service-map/{i.prison}/"),
    ("service-map-analyst", "analyst1", lambda i: f"/partners/service-map/{i.prison}/"),
    ("service-map-period", "teamleader1", lambda i: f"/partners/service-map/{i.prison}/?months=3"),
    ("prison-services", "specialist1", lambda i: f"/partners/service-map/{i.prison}/services/"),
    ("partner", "specialist1", lambda i: f"/partners/{i.partner}/"),
    ("partner-new", "teamleader1", lambda i: "/partners/new/"),
    ("partner-edit", "teamleader1", lambda i: f"/partners/{i.partner}/edit/"),
    ("partner-referrals", "specialist1", lambda i: f"/participants/{i.referral_out[0]}/partner-referrals/"),
    ("partner-referral-pathway", "specialist1", lambda i: f"/participants/{i.participant}/partner-referrals/new/"),
    (
        "partner-referral-new",
        "specialist1",
        lambda i: f"/participants/{i.participant}/partner-referrals/new/?pathway=ACCOMMODATION",
    ),
    (
        "partner-referral-update",
        "specialist1",
        lambda i: "/participants/{}/partner-referrals/{}/update/".format(*i.referral_out),
    ),
    ("vacancies", "specialist1", lambda i: "/vacancies/"),
    ("vacancies-sorted", "specialist1", lambda i: "/vacancies/?sort=pay"),
    ("vacancy-new", "specialist1", lambda i: f"/employers/{i.employer}/vacancies/new/"),
    ("vacancy", "specialist1", lambda i: f"/vacancies/{i.vacancy}/"),
    ("vacancy-below-minimum", "specialist1", lambda i: f"/vacancies/{i.underpaid_vacancy}/"),
    ("vacancy-edit", "specialist1", lambda i: f"/vacancies/{i.vacancy}/edit/"),
    ("outcomes", "manager1", lambda i: "/outcomes/"),
    ("evaluation", "analyst1", lambda i: "/evaluation/"),
    ("fidelity", "teamleader1", lambda i: "/fidelity/"),
    ("fidelity-team", "teamleader1", lambda i: f"/fidelity/teams/{i.team}/"),
    ("fidelity-review-new", "teamleader1", lambda i: f"/fidelity/teams/{i.team}/new/"),
    ("fidelity-review", "teamleader1", lambda i: f"/fidelity/reviews/{i.review}/"),
    ("fidelity-review-edit", "teamleader1", lambda i: f"/fidelity/reviews/{i.review}/edit/"),
    ("mentors", "teamleader1", lambda i: "/mentors/"),
    ("mentor-new", "teamleader1", lambda i: "/mentors/new/"),
    ("mentor", "teamleader1", lambda i: f"/mentors/{i.mentor}/"),
    ("mentor-edit", "teamleader1", lambda i: f"/mentors/{i.mentor}/edit/"),
    ("participant-mentoring", "specialist1", lambda i: f"/participants/{i.participant}/mentoring/"),
    ("participant-mentor-current", "specialist1", lambda i: f"/participants/{i.match[0]}/mentoring/"),
    ("mentor-match-end", "specialist1", lambda i: "/participants/{}/mentoring/{}/end/".format(*i.match)),
    ("mentor-match-goals", "specialist1", lambda i: "/participants/{}/mentoring/{}/goals/".format(*i.match)),
    ("mentoring-session-add", "specialist1", lambda i: "/participants/{}/mentoring/{}/sessions/add/".format(*i.match)),
    ("mentoring-offer", "specialist1", lambda i: f"/participants/{i.participant}/mentoring/offer/"),
    # Issue 17 §2: a peer mentor's own pages.
    ("my-mentees", "mentor1", lambda i: "/mentees/"),
    ("mentee", "mentor1", lambda i: f"/mentees/{i.mentee}/"),
    ("mentee-session-add", "mentor1", lambda i: f"/mentees/{i.mentee}/sessions/add/"),
    ("account", "specialist1", lambda i: "/account/"),
    ("reauthenticate", "specialist1", lambda i: "/account/confirm/"),
    ("password-change", "specialist1", lambda i: "/account/password/"),
    # Issue 16: contact details, re-referral, appointments, the release checklist, the handover.
    ("contact-details", "specialist1", lambda i: f"/participants/{i.participant}/contact-details/"),
    ("referral-repeat", "specialist1", lambda i: f"/participants/{i.returning}/referrals/new/"),
    ("appointments", "specialist1", lambda i: f"/participants/{i.appointment[0]}/appointments/"),
    ("appointment-add", "specialist1", lambda i: f"/participants/{i.participant}/appointments/add/"),
    ("appointment-edit", "specialist1", lambda i: "/participants/{}/appointments/{}/".format(*i.appointment)),
    (
        "appointment-outcome",
        "specialist1",
        lambda i: "/participants/{}/appointments/{}/outcome/".format(*i.appointment),
    ),
    ("checklist-item-id", "specialist1", lambda i: f"/participants/{i.participant}/ready-for-release/id/"),
    ("handover", "specialist1", lambda i: f"/participants/{i.released}/handover/"),
    ("handover-pick-up", "specialist1", lambda i: "/participants/{}/handover/{}/".format(*i.handover)),
    ("participant-handed-over", "specialist1", lambda i: f"/participants/{i.handover[0]}/"),
    ("home-clinician", "clinician1", lambda i: "/"),
    ("participant-clinician", "clinician1", lambda i: "/participants/"),
    ("home-probation", "probation1", lambda i: "/"),
    ("home-analyst", "analyst1", lambda i: "/"),
    ("home-manager", "manager1", lambda i: "/"),
    ("home-admin", "admin1", lambda i: "/"),
    ("not-found", "specialist1", lambda i: "/no-such-page/"),
]


# --- Reflow (WCAG 1.4.10): no main page scrolls sideways; a wide table scrolls in its own labelled region ----------

# The main pages, named as in PAGES: every page with a table, and the pages people spend their day on.
MAIN_PAGES = [
    "home-todo", "my-caseload", "my-caseload-sorted-searched", "team-caseloads", "service-overview", "security-log",
    "participant-list", "participant", "needs", "disclosure", "better-off-result", "matching", "work", "job",
    "data-protection", "subject-access", "employers", "employer", "employer-contacts-report", "register",
    "vacancies", "vacancy", "outcomes", "evaluation", "fidelity", "fidelity-team", "fidelity-review", "account",
    "participant-clinician", "service-map", "prison-services",
]  # fmt: skip
assert set(MAIN_PAGES) <= {name for name, _, _ in PAGES}, "a main page not in PAGES would go unchecked"
WIDTHS = (1280, 360)
DEFAULT_VIEWPORT: ViewportSize = {"width": 1280, "height": 720}  # Playwright's, which the other tests here use

# What is wrong with the page at its current width: wider than the window, or a table that neither fits nor
# scrolls inside its own focusable, labelled container (`<div class="ipsgate-table-scroll" tabindex="0"
# role="region" aria-label="…">`) that itself fits.
REFLOW_PROBLEMS = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > width) {
    problems.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${width}px window`);
  }
  for (const table of document.querySelectorAll('main table')) {
    const name = (table.caption && table.caption.textContent.trim()) || 'a table without a caption';
    const edge = table.getBoundingClientRect();
    if (edge.left >= 0 && edge.right <= width + 0.5) continue;  // it fits
    const box = table.closest('.ipsgate-table-scroll');
    if (!box) { problems.push(`"${name}" is ${Math.round(edge.width)}px wide and has no scroll container`); continue; }
    const boxEdge = box.getBoundingClientRect();
    if (boxEdge.left < 0 || boxEdge.right > width + 0.5) problems.push(`the container of "${name}" does not fit`);
    if (!['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) problems.push(`"${name}" cannot scroll`);
    if (box.tabIndex !== 0 || box.getAttribute('role') !== 'region' || !box.getAttribute('aria-label')) {
      problems.push(`the scroll container of "${name}" is not a focusable, labelled region`);
    }
  }
  return problems;
}"""


@pytest.mark.parametrize(("who", "url"), [pytest.param(w, u, id=name) for name, w, u in PAGES if name in MAIN_PAGES])
def test_main_page_fits_the_window_at_1280_and_360_pixels(
    tab: Callable[[str], Page], ids: Ids, screenshot: Any, who: str, url: Callable[[Ids], str]
) -> None:
    page = tab(who)
    found = []
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            open_page(page, url(ids))
            problems = page.evaluate(REFLOW_PROBLEMS)
            if problems:
                screenshot(page, f"{width}px")
                found += [f"at {width}px: {problem}" for problem in problems]
    finally:
        page.set_viewport_size(DEFAULT_VIEWPORT)
    assert not found, f"{url(ids)}:\n" + "\n".join(found)


@pytest.mark.parametrize(("who", "url"), [pytest.param(w, u, id=name) for name, w, u in PAGES])
def test_page_has_no_wcag_violations(tab: Callable[[str], Page], ids: Ids, who: str, url: Callable[[Ids], str]) -> None:
    page = tab(who)
    open_page(page, url(ids), status=404 if url(ids).startswith("/no-such") else 200)
    assert_accessible(page)


def test_api_docs_page(tab: Callable[[str], Page]) -> None:
    page = tab("specialist1")
    open_page(page, "/api/docs/")
    page.wait_for_selector(f"{SWAGGER_UI} .information-container", state="attached", timeout=60_000)
    # Swagger UI is third-party code we do not control; the page around it (title, language) is ours.
    assert_accessible(page, exclude=[SWAGGER_UI])


def test_admin_index(tab: Callable[[str], Page]) -> None:
    page = tab("admin1")
    open_page(page, "/admin/")
    assert_accessible(page)


# --- Signed out and half signed in --------------------------------------------------------------------------------


def test_sign_in_page(signed_in: Any) -> None:
    page = signed_in.new_context().new_page()
    page.goto("/login/")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.context.close()


def test_wrong_password_and_locked_out(signed_in: Any, screenshot: Any) -> None:
    page = signed_in.new_context().new_page()
    page.goto("/login/")
    # A user the demo does not have: failed attempts lock out the (non-existent) username, not real staff.
    for _ in range(12):
        page.fill("#id_username", "nobody-a11y")
        page.fill("#id_password", "wrong password")
        page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
        page.wait_for_load_state()
        if "locked" in page.content().lower() and "/login/" not in page.url:
            break
        if page.locator(".govuk-error-summary").count() == 0:
            break
        if not hasattr(page, "_a11y_checked"):
            screenshot(page, "wrong password")
            assert_accessible(page)
            page._a11y_checked = True
    screenshot(page, "locked out")
    assert_accessible(page)
    page.context.close()


def test_password_reset_pages(signed_in: Any) -> None:
    page = signed_in.new_context().new_page()
    page.goto("/password-reset/")
    assert_accessible(page)
    page.locator("main form").get_by_role("button").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.fill("input[type=email]", "nobody@example.org")
    page.locator("main form").get_by_role("button").click()
    page.wait_for_load_state()
    assert_accessible(page)
    page.context.close()


def test_second_factor_page(signed_in: Any, screenshot: Any) -> None:
    page = signed_in.new_context().new_page()
    page.goto("/login/")
    page.fill("#id_username", "probation1")
    page.fill("#id_password", DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("Sign in", re.I)).click()
    page.wait_for_url(re.compile("/mfa/"))
    assert_accessible(page)
    page.fill("#id_token", "000000" if signed_in.server.current_code("probation1") != "000000" else "111111")
    page.get_by_role("button", name=re.compile("Continue|Verify|Sign in", re.I)).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    screenshot(page, "wrong code")
    assert_accessible(page)
    page.context.close()


def step_now(signed_in: Any, username: str) -> int:
    device = signed_in.server.devices[username]
    return int((time.time() - device.t0) // device.step)


def fresh_code(signed_in: Any, username: str, used_step: int) -> str:
    """A code from a time step after the one used to sign in (a code cannot be used twice). The server accepts one
    step of clock drift, so when the step has not moved on yet the next one's code is given, without waiting."""
    device = signed_in.server.devices[username]
    ahead = max(0, used_step + 1 - step_now(signed_in, username))
    return f"{totp(device.bin_key, device.step, device.t0 - ahead * device.step, device.digits, device.drift):06d}"


def test_account_security_pages(signed_in: Any, django_db_blocker: Any, screenshot: Any) -> None:
    """Re-authentication, the password change form and replacing the authenticator app, with their errors."""
    used_step = step_now(signed_in, "specialist2")
    page = signed_in.page("specialist2")  # signs in through the forms with the code shown now
    open_page(page, "/account/password/")
    assert "/account/confirm/" in page.url
    page.fill("#id_password", DEMO_PASSWORD)
    page.fill("#id_token", fresh_code(signed_in, "specialist2", used_step))
    page.locator("main form").get_by_role("button").click()
    page.wait_for_url(re.compile("/account/password/"))
    assert_accessible(page)
    send_invalid(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    screenshot(page, "password errors")
    assert_accessible(page)
    page.goto("/mfa/setup/")
    expect(page.locator("img.ipsgate-qr")).to_be_visible()
    assert_accessible(page)
    page.fill("#id_token", "000000")
    page.locator("main form").get_by_role("button").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    screenshot(page, "setup errors")
    assert_accessible(page)
    with django_db_blocker.unblock():  # the new app's key, as the person's phone would read it from the QR code
        device = TOTPDevice.objects.filter(user__username="specialist2", confirmed=False).latest("pk")
        code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    page.wait_for_timeout(1_500)  # django-otp refuses any code for a second after a wrong one
    page.fill("#id_token", code)
    page.locator("main form").get_by_role("button").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile("recovery", re.I))
    screenshot(page, "recovery codes")
    assert_accessible(page)
    page.context.close()


# --- Error states: each main form sent empty, or with an impossible date ------------------------------------------

# (test id, who, URL of the form). Dates get 31/2/2025, every other field is left as it is (or emptied).
FORMS: list[tuple[str, str, Callable[[Ids], str]]] = [
    ("import-upload", "teamleader1", lambda i: "/imports/"),
    ("referral-new", "specialist1", lambda i: "/referrals/new/"),
    ("participant-edit", "specialist1", lambda i: f"/participants/{i.participant}/edit/"),
    ("referral-decision", "specialist1", lambda i: "/participants/{}/referrals/{}/decision/".format(*i.referral)),
    ("episode-close", "specialist1", lambda i: "/participants/{}/episodes/{}/close/".format(*i.episode)),
    ("work-history-add", "specialist1", lambda i: f"/participants/{i.participant}/profile/work-history/add/"),
    ("qualification-add", "specialist1", lambda i: f"/participants/{i.participant}/profile/qualifications/add/"),
    ("need-add", "specialist1", lambda i: f"/participants/{i.participant}/needs/add/"),
    ("need-update", "specialist1", lambda i: "/participants/{}/needs/{}/update/".format(*i.need)),
    ("health-care", "specialist1", lambda i: f"/participants/{i.participant}/health-care/"),
    ("contact-add", "specialist1", lambda i: f"/participants/{i.participant}/contacts/add/"),
    ("custody-event-add", "specialist1", lambda i: f"/participants/{i.participant}/custody-events/add/"),
    ("conviction-add", "specialist1", lambda i: f"/participants/{i.participant}/disclosure/add/"),
    ("statement-new", "specialist1", lambda i: f"/participants/{i.participant}/disclosure/letters/new/"),
    ("better-off", "specialist1", lambda i: f"/participants/{i.participant}/better-off/"),
    (
        "better-off-result",
        "specialist1",
        lambda i: "/participants/{}/better-off/?check={}".format(*i.better_off_check),
    ),
    ("licence-conditions", "specialist1", lambda i: f"/participants/{i.participant}/licence-conditions/"),
    ("application-new", "specialist1", lambda i: f"/participants/{i.participant}/applications/new/"),
    ("application", "specialist1", lambda i: "/participants/{}/applications/{}/".format(*i.application)),
    ("job-new", "specialist1", lambda i: f"/participants/{i.participant}/jobs/new/"),
    ("sustainment-add", "specialist1", lambda i: f"/participants/{i.participant}/jobs/{i.job}/checks/new/"),
    ("basis-consent", "specialist1", lambda i: f"/participants/{i.participant}/data-protection/basis/"),
    ("legal-hold", "teamleader1", lambda i: f"/participants/{i.participant}/data-protection/legal-hold/"),
    ("employer-new", "specialist1", lambda i: "/employers/new/"),
    ("employer-person-add", "specialist1", lambda i: f"/employers/{i.employer}/people/new/"),
    ("employer-contact-add", "specialist1", lambda i: f"/employers/{i.employer}/contacts/new/"),
    ("vacancy-new", "specialist1", lambda i: f"/employers/{i.employer}/vacancies/new/"),
    ("fidelity-review-new", "teamleader1", lambda i: f"/fidelity/teams/{i.team}/new/"),
    ("contact-details", "specialist1", lambda i: f"/participants/{i.participant}/contact-details/"),
    ("appointment-add", "specialist1", lambda i: f"/participants/{i.participant}/appointments/add/"),
    (
        "appointment-outcome",
        "specialist1",
        lambda i: "/participants/{}/appointments/{}/outcome/".format(*i.appointment),
    ),
    ("checklist-item-id", "specialist1", lambda i: f"/participants/{i.participant}/ready-for-release/id/"),
    ("handover", "specialist1", lambda i: f"/participants/{i.released}/handover/"),
    ("reallocate-caseload", "teamleader1", lambda i: f"/team-to-do/reallocate/?from={i.specialist1}"),
    ("custody-event-recall", "specialist1", lambda i: f"/participants/{i.recalled[0]}/custody-events/add/"),
    ("job-new-in-custody", "specialist1", lambda i: f"/participants/{i.in_prison}/jobs/new/"),
    ("mentor-new", "teamleader1", lambda i: "/mentors/new/"),
    ("participant-mentoring", "specialist1", lambda i: f"/participants/{i.unmentored}/mentoring/"),
    ("mentor-match-end", "specialist1", lambda i: "/participants/{}/mentoring/{}/end/".format(*i.match)),
    ("mentoring-session-add", "specialist1", lambda i: "/participants/{}/mentoring/{}/sessions/add/".format(*i.match)),
    ("mentoring-offer", "specialist1", lambda i: f"/participants/{i.participant}/mentoring/offer/"),
    ("mentee-session-add", "mentor1", lambda i: f"/mentees/{i.mentee}/sessions/add/"),
    ("partner-new", "teamleader1", lambda i: "/partners/new/"),
    ("partner-edit", "teamleader1", lambda i: f"/partners/{i.partner}/edit/"),
    (
        "partner-referral-new",
        "specialist1",
        lambda i: f"/participants/{i.participant}/partner-referrals/new/?pathway=ACCOMMODATION",
    ),
    (
        "partner-referral-update",
        "specialist1",
        lambda i: "/participants/{}/partner-referrals/{}/update/".format(*i.referral_out),
    ),
    ("reauthenticate", "specialist1", lambda i: "/account/confirm/"),
    ("password-change", "specialist1", lambda i: "/account/password/"),
]


USERS = {who for _, who, _ in PAGES + FORMS} | {"admin1"}


def send_invalid(page: Page) -> None:
    """Empties the main form's text fields, gives its date fields an impossible date, and sends it."""
    form = page.locator("main form[method=post], main form[method=POST]").last
    form.evaluate(
        """form => {
            for (const el of form.querySelectorAll('input[type=text], input[type=number], input[type=email], '
                    + 'input[type=tel], input[type=password], input:not([type]), textarea')) {
                if (/_day$/.test(el.id)) el.value = '31';
                else if (/_month$/.test(el.id)) el.value = '2';
                else if (/_year$/.test(el.id)) el.value = '2025';
                else el.value = '';
            }
            for (const el of form.querySelectorAll('select')) el.selectedIndex = 0;
            for (const el of form.querySelectorAll('[required]')) el.removeAttribute('required');
            form.noValidate = true;
        }"""
    )
    form.locator("button[type=submit], button:not([type]), input[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.mark.parametrize(("who", "url"), [pytest.param(w, u, id=name) for name, w, u in FORMS])
def test_form_error_state_has_no_wcag_violations(
    tab: Callable[[str], Page], ids: Ids, screenshot: Any, who: str, url: Callable[[Ids], str]
) -> None:
    page = tab(who)
    open_page(page, url(ids))
    send_invalid(page)
    assert "/login/" not in page.url, "the form sent a signed-in person to the sign-in page"
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    screenshot(page, "errors")
    assert_accessible(page)


def test_known_prison_number_banner(tab: Callable[[str], Page], ids: Ids, screenshot: Any) -> None:
    """Issue 16 item 9: a prison number already on record for someone in scope names them and offers a new
    referral, above the error summary."""
    page = tab("specialist1")
    open_page(page, "/referrals/new/")
    page.fill("#id_prison_number", "A4821DQ")
    page.locator("main form[method=post]").last.locator("button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("make a new referral for this person")
    screenshot(page, "known prison number")
    assert_accessible(page)


def test_success_message(tab: Callable[[str], Page], ids: Ids, screenshot: Any) -> None:
    """The GOV.UK success banner after a save (job goals: every field is optional, so sending it saves)."""
    page = tab("specialist1")
    open_page(page, f"/participants/{ids.participant}/profile/goals/")
    page.locator("main form[method=post]").last.locator("button[type=submit], button:not([type])").first.click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    screenshot(page, "saved")
    assert_accessible(page)


def test_service_map_with_a_bad_period_answers_an_accessible_400(tab: Callable[[str], Page], ids: Ids) -> None:
    """Issue 18: the service map's period is validated (core.query_params); the 400 page names it."""
    page = tab("teamleader1")
    open_page(page, f"/partners/service-map/{ids.prison}/?months=0", status=400)
    expect(page.get_by_text("months")).to_be_visible()
    assert_accessible(page)


def test_import_preview_with_errors_and_ready_to_import(
    tab: Callable[[str], Page], django_db_blocker: Any, screenshot: Any
) -> None:
    """Issue 21: the preview of a file with problems (the GOV.UK error summary, every problem with its row and
    column, the table in its scroll region), a file that cannot be read, and a file ready to import."""
    with django_db_blocker.unblock():
        leader = User.objects.get(username="teamleader1")
        prison = sites_for(leader).filter(kind="prison").order_by("name").first()
        specialist = specialists_for(leader).order_by("username").first()
        assert prison is not None and specialist is not None
    headings = "Prison number,First name,Last name,Date of birth,Site,Custody status,Specialist,Referral source,"
    headings += "Referral date,Referrer name,Wants paid work\n"
    row = "{},Sam,Example,{},{},In custody,{},Self-referral,2026-01-05,Sam,yes\n"
    good = row.format("D8001XA", "1990-01-02", prison.prison_code, specialist.username)
    bad = row.format("D8002XA", "31/02/1990", prison.prison_code, "nobody")
    page = tab("teamleader1")
    for name, data, heading in (
        ("problems.csv", headings + good + bad, "The file cannot be imported yet"),
        ("notes.txt", "hello", "The file cannot be imported yet"),
        ("ready.csv", headings + good, "Check the import"),
    ):
        open_page(page, "/imports/")
        page.get_by_label("Caseload").check()
        payload: FilePayload = {"name": name, "mimeType": "text/csv", "buffer": data.encode()}
        page.set_input_files("#id_file", files=[payload])
        page.get_by_role("button", name="Check the file").click()
        page.wait_for_load_state()
        expect(page.locator("h1")).to_have_text(heading)
        if name != "ready.csv":
            expect(page.locator(".govuk-error-summary")).to_be_visible()
        screenshot(page, name)
        assert_accessible(page)
    # The check and the write run as background tasks (here at once, as they are queued); the run's page shows
    # the preview above, then the result.
    page.get_by_role("button", name="Import 1 row").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Import complete")
    screenshot(page, "imported")
    assert_accessible(page)


def test_import_waiting_page(tab: Callable[[str], Page], monkeypatch: Any, screenshot: Any) -> None:
    """Issue 21: the run's page while its file is being checked in the background (no meta refresh: a small
    script reloads it, and its "Check progress" button does the same without the script). The check is left
    queued (the live server runs in this process, so the patch reaches it), and the run is made through the page:
    on PostgreSQL the server's connection cannot see rows this test writes in its own transaction."""
    from ipsgate.imports import tasks

    monkeypatch.setattr(tasks, "check_import", SimpleNamespace(enqueue=lambda run_id: None))
    page = tab("teamleader1")
    open_page(page, "/imports/")
    page.get_by_label("Caseload").check()
    payload: FilePayload = {"name": "large-caseload.csv", "mimeType": "text/csv", "buffer": b"Prison number\n"}
    page.set_input_files("#id_file", files=[payload])
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Checking large-caseload.csv")
    expect(page.get_by_text("This page checks for progress every 10 seconds")).to_be_visible()
    # Stop the reload timer, so that a slow machine's check is not cut off by the page reloading itself.
    page.evaluate("() => { const last = setTimeout(() => {}, 0); for (let i = 0; i <= last; i++) clearTimeout(i); }")
    screenshot(page, "checking")
    assert_accessible(page)
