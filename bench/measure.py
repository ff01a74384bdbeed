"""The measurements, run inside Django with the connection switched between the small and national databases.

Pages go through the whole Django stack (middleware, second factor, audit, templates) with the test client, as the
person who uses them: a specialist with a typical caseload and their team leader. The people, team and site are
chosen the same way in both datasets, so a page's cost should follow the caseload, not the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench import raw_sql
from bench.engine import SIZES, Timing, interleaved
from ipsgate.casework.matching import load_seeker, matching_vacancies
from ipsgate.core.choices import Role, SiteKind
from ipsgate.core.models import Site, User
from ipsgate.employers.models import Employer, Vacancy
from ipsgate.jobs.models import Application, Job
from ipsgate.journey.models import SupportContact
from ipsgate.outcomes import metrics
from ipsgate.people.models import Participant


class DatabaseSwitch:
    """Points the default connection at one of the datasets' databases (same engine, different NAME)."""

    def __init__(self, urls: dict[str, str]) -> None:
        import dj_database_url

        self.names = {size: dj_database_url.parse(url)["NAME"] for size, url in urls.items()}
        self.current = ""

    def use(self, size: str) -> None:
        if size == self.current:
            return
        conn = connections["default"]
        conn.close()
        conn.settings_dict["NAME"] = self.names[size]
        ContentType.objects.clear_cache()  # ids are per database
        conn.ensure_connection()
        self.current = size


def row_counts() -> dict[str, int]:
    return {
        "participants": Participant.objects.count(),
        "support contacts": SupportContact.objects.count(),
        "employers": Employer.objects.count(),
        "vacancies": Vacancy.objects.count(),
        "jobs": Job.objects.count(),
        "applications": Application.objects.count(),
    }


@dataclass
class Subjects:
    """Who and what each measurement uses in one dataset."""

    specialist: User
    team_leader: User
    participant: Participant
    seeker: Participant
    site: Site
    analyst: User
    team_size: int
    clients: dict[str, Client]


def _median_by(items: list[Any], key: Any) -> Any:
    ordered = sorted(items, key=key)
    return ordered[len(ordered) // 2]


def choose_subjects() -> Subjects:
    specialists = list(
        User.objects.filter(role=Role.SPECIALIST, team__leader__isnull=False)
        .annotate(open_caseload=Count("caseload", filter=Q(caseload__episodes__end_date=None)))
        .filter(open_caseload__gt=0)
        .order_by("open_caseload", "pk")
    )
    specialist = _median_by(specialists, key=lambda u: (u.open_caseload, u.pk))
    supported = list(
        Participant.objects.filter(
            allocated_specialist=specialist, actual_release_date__isnull=False, episodes__end_date=None
        ).annotate(contact_count=Count("contacts"))
    )
    participant = _median_by(supported, key=lambda p: (p.contact_count, p.pk))
    # Matching: someone still in custody with a place and travel distance in their profile (ROTL and the box apply).
    seeker = (
        Participant.objects.filter(
            actual_release_date__isnull=True,
            vocational_profile__postcode_district__gt="",
            vocational_profile__max_travel_km__isnull=False,
        )
        .order_by("pk")
        .first()
    )
    site = (
        Site.objects.exclude(kind=SiteKind.PRISON).annotate(people=Count("participants")).order_by("-people", "pk")[0]
    )
    analyst = User.objects.filter(role=Role.ANALYST).first()
    assert specialist.team and specialist.team.leader and seeker and analyst, "the dataset lacks a subject"
    team_leader = specialist.team.leader
    clients = {user.username: signed_in_client(user) for user in (specialist, team_leader, analyst)}
    team_size = User.objects.filter(team=specialist.team, role=Role.SPECIALIST).count()
    return Subjects(specialist, team_leader, participant, seeker, site, analyst, team_size, clients)


def signed_in_client(user: User) -> Client:
    """A client signed in with the second factor done (a device in the session), as tests/conftest.py does."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=True
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def last_full_quarter(today: datetime.date) -> metrics.Period:
    first_month = 3 * ((today.month - 1) // 3) + 1
    this_quarter = datetime.date(today.year, first_month, 1)
    end = this_quarter - datetime.timedelta(days=1)
    start = datetime.date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
    return metrics.Period(start, end)


def measure_all(switch: DatabaseSwitch, *, repeats: int) -> dict[str, Any]:
    subjects: dict[str, Subjects] = {}
    for size in SIZES:
        switch.use(size)
        subjects[size] = choose_subjects()
    results: dict[str, Any] = {"subjects": {}, "pages": {}}
    for size, s in subjects.items():
        results["subjects"][size] = {
            "specialist": s.specialist.username,
            "open_caseload": s.specialist.open_caseload,  # type: ignore[attr-defined]
            "participant_contacts": s.participant.contact_count,  # type: ignore[attr-defined]
            "team_leader": s.team_leader.username,
            "team_size": s.team_size,
            "dashboard_site": s.site.name,
        }

    pages = {
        "My caseload": lambda s: (s.specialist, reverse("people:my-caseload")),
        "Participant": lambda s: (s.specialist, reverse("people:participant-detail", args=[s.participant.pk])),
        "To do": lambda s: (s.specialist, reverse("journey:todo")),
        "Team caseloads": lambda s: (s.team_leader, reverse("people:team-caseloads")),
    }
    for name, target in pages.items():

        def get(size: str, target: Any = target) -> None:
            user, url = target(subjects[size])
            response = subjects[size].clients[user.username].get(url)
            assert response.status_code == 200, f"{url} answered {response.status_code}"

        timings = interleaved(SIZES, switch.use, get, repeats)
        queries = {}
        for size in SIZES:
            switch.use(size)
            with CaptureQueriesContext(connection) as captured:
                get(size)
            queries[size] = len(captured)
        results["pages"][name] = _ratio_entry(timings, queries)
        print(f"   {name}: ratio {results['pages'][name]['ratio']:.2f}", flush=True)

    results["dashboard"] = measure_dashboard(switch, subjects, repeats)
    print(f"   dashboard: ratio {results['dashboard']['ratio']:.2f}", flush=True)
    results["matching"] = measure_matching(switch, subjects, repeats)
    print(f"   matching: ratio {results['matching']['ratio']:.2f}", flush=True)
    return results


def _ratio_entry(timings: dict[str, Timing], queries: dict[str, int]) -> dict[str, Any]:
    small, national = timings["small"].median, timings["national"].median
    return {
        "small_s": round(small, 5),
        "national_s": round(national, 5),
        "ratio": round(national / small, 3),
        "queries_small": queries["small"],
        "queries_national": queries["national"],
        "spread_national_s": [round(min(timings["national"].samples), 5), round(max(timings["national"].samples), 5)],
    }


def measure_dashboard(switch: DatabaseSwitch, subjects: dict[str, Subjects], repeats: int) -> dict[str, Any]:
    """The dashboard's headline figures and funnel for one site and the last full quarter, as ipsgate computes them
    (metrics.referrals, engaged, job_starts, funnel) against one hand-written SQL statement; both answers must agree.
    Measured on the national database; the whole dashboard page is timed too, at both sizes, for reference."""
    period = last_full_quarter(timezone.localdate())
    size = "national"
    switch.use(size)
    s = subjects[size]

    def ipsgate_figures() -> dict[str, int]:
        people = metrics.participants_in_scope(s.analyst, site=s.site)
        group = metrics.GroupBy.SERVICE
        starts = metrics.job_starts(people, period, group).get(None)
        figures = {
            "referrals": metrics.referrals(people, period, group).get(None, 0),
            "engaged": metrics.engaged(people, period, group).get(None, 0),
            "people_into_work": starts.people if starts else 0,
            "job_starts": starts.starts if starts else 0,
            "competitive_starts": starts.competitive if starts else 0,
        }
        for label, count in metrics.funnel(people, period):
            figures[f"funnel: {label}"] = count
        return figures

    def raw() -> dict[str, int]:
        return raw_sql.dashboard_figures(site_id=s.site.pk, start=period.start, end=period.end)

    expected, got = ipsgate_figures(), raw()
    assert list(expected.values()) == list(got.values()), f"hand-written SQL disagrees: {expected} != {got}"
    timings = interleaved(
        ("ipsgate", "raw"), lambda _: None, lambda k: ipsgate_figures() if k == "ipsgate" else raw(), repeats
    )

    def page(size: str) -> None:
        client = subjects[size].clients[subjects[size].analyst.username]
        query = (
            f"?site={subjects[size].site.pk}&start_day={period.start.day}&start_month={period.start.month}"
            f"&start_year={period.start.year}&end_day={period.end.day}&end_month={period.end.month}"
            f"&end_year={period.end.year}&group_by=service"
        )
        response = client.get(reverse("outcomes:dashboard") + query)
        assert response.status_code == 200, response.status_code
        assert b"govuk-error-summary" not in response.content, "the dashboard filter was not accepted"

    page_timings = interleaved(SIZES, switch.use, page, max(3, repeats // 3))
    ipsgate_s, raw_s = timings["ipsgate"].median, timings["raw"].median
    return {
        "what": f"headline figures and funnel, site '{s.site.name}', {period.label}",
        "figures": expected,
        "ipsgate_s": round(ipsgate_s, 5),
        "raw_sql_s": round(raw_s, 5),
        "ratio": round(ipsgate_s / raw_s, 3),
        "whole_page_s": {size: round(page_timings[size].median, 5) for size in SIZES},
    }


def measure_matching(switch: DatabaseSwitch, subjects: dict[str, Subjects], repeats: int) -> dict[str, Any]:
    """Matching one person over every vacancy (ipsgate: the person's facts, the hard exclusions and count in SQL,
    then the best 50 ranked and explained) against one raw SQL query returning every vacancy that passes the same
    hard exclusions. Both must count the same vacancies."""
    size = "national"
    switch.use(size)
    person = subjects[size].seeker
    today = timezone.localdate()

    def ipsgate_match() -> int:
        return matching_vacancies(load_seeker(person, today=today), today=today).suitable_total

    seeker = load_seeker(person, today=today)

    def raw() -> int:
        return len(raw_sql.matching_candidates(seeker, today=today))

    assert ipsgate_match() == raw(), "the raw filter and ipsgate disagree on the candidates"
    timings = interleaved(
        ("ipsgate", "raw"), lambda _: None, lambda k: ipsgate_match() if k == "ipsgate" else raw(), repeats
    )
    ipsgate_s, raw_s = timings["ipsgate"].median, timings["raw"].median
    return {
        "what": f"{Vacancy.objects.count():,} vacancies, {raw():,} pass the hard exclusions",
        "ipsgate_s": round(ipsgate_s, 5),
        "raw_sql_s": round(raw_s, 5),
        "ratio": round(ipsgate_s / raw_s, 3),
        "scored_in_python": matching_vacancies(load_seeker(person, today=today), today=today).candidates_scored,
    }
