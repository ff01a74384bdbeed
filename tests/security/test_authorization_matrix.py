"""The authorization matrix: every route × role × scope × method, checked against the declared policy.

The routes are enumerated from the URL resolver, so a new page fails `test_every_route_has_a_policy` until it has a
row in `tests/security/policy.py`. Each route's test builds one small world (two prisons, staff in every role, an
"own" and an "other" participant with one of every child record), then requests the route as each role, on each
scope, with each method, and reports every wrong cell of the route together. Requests run inside a transaction that
is rolled back, so no cell changes what the next one sees. Anonymous requests are covered by
tests/core/test_login_required.py.
"""

from __future__ import annotations

import datetime
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, Q
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ipsgate.advice.models import ConvictionRecord, DisclosureStatement, LicenceCondition, UcRate
from ipsgate.api.services import api_token_create
from ipsgate.core.choices import Role
from ipsgate.core.models import RoleChangeRequest, SecurityEvent, User
from ipsgate.evaluation.models import TrialConfiguration
from ipsgate.fidelity.models import FidelityItemScore, FidelityReview
from ipsgate.imports.models import ImportRun, ImportStatus
from ipsgate.imports.services import seal_report
from ipsgate.mentoring.models import MentoringOffer, MentoringSession, MentorMatch
from ipsgate.papers.models import PaperVersion
from ipsgate.partners.models import Partner, ReferralOut
from ipsgate.people.models import Participant
from tests import factories

from . import policy
from .policy import ANY, METHODS, MIXED, OTHER, OWN, Kind, Rule

pytestmark = pytest.mark.django_db

LOGIN_PATH = resolve_url(settings.LOGIN_URL)
ADMIN_BOUNCES = {"/admin/login/", "/admin/"}  # where the admin sends signed-in staff it refuses

# --- Enumerating the routes ----------------------------------------------------------------------------------------

ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)")


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or "path:<full route>" for an unnamed pattern
    route: str  # the full route string, e.g. "participants/<int:pk>/"
    kwargs: tuple[str, ...]
    view: str

    @property
    def plain(self) -> str:
        """The route without regex anchors (DRF's router patterns are regexes under a path prefix)."""
        return self.route.replace("^", "").replace("$", "")

    @property
    def test_id(self) -> str:
        return self.key if self.key.startswith("path:") else f"{self.key} {self.route}"


def _kwarg_names(pattern: Any) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return [m.group("name") for m in ROUTE_PARAMETER.finditer(str(pattern))]
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex)
    raise TypeError(f"unknown pattern type {type(pattern)!r}")


def walk(patterns: Any = None, prefix: str = "", namespace: str = "", kwargs: tuple[str, ...] = ()) -> list[Route]:
    """Every URL pattern, recursing into includes (the admin's and each app's)."""
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        names = kwargs + tuple(_kwarg_names(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            routes.extend(walk(entry.url_patterns, route, inner, names))
        elif isinstance(entry, URLPattern):
            key = f"{namespace}{entry.name}" if entry.name else f"path:{route}"
            routes.append(Route(key, route, names, entry.lookup_str))
    return routes


ROUTES = walk()


def build_path(route: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        return values[match.group("name")]

    path = REGEX_GROUP.sub(value, route)
    path = ROUTE_PARAMETER.sub(value, path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


# --- The world -----------------------------------------------------------------------------------------------------

OWN_NAMES = ("Quillon", "Farrowmere")
OTHER_NAMES = ("Isolde", "Brackenwick")


@dataclass
class World:
    users: dict[Role, User]
    own: dict[str, Any]
    other: dict[str, Any]
    clients: dict[Role, Client] = field(default_factory=dict)


def _records(participant: Participant, specialist: User, prison: Any, team: Any, *, full: bool) -> dict[str, Any]:
    """One of every record a URL can name for this side of the world. The admin, account and sign-in routes name
    no case record, so their worlds skip them (`full=False`)."""
    base = {
        "participant": participant,
        "prison": prison,
        "specialist": specialist,
        "team": team,
        "group": Group.objects.create(name=f"Group {participant.pk}"),
        "device": TOTPDevice.objects.create(user=specialist, name="Authenticator app", confirmed=True),
        "security_event": SecurityEvent.objects.create(kind="signed_in", user=specialist, username=specialist.username),
        "trial": TrialConfiguration.objects.create(name=f"Trial {participant.pk}", seed="s", block_sizes="4"),
        "token": api_token_create(actor=None, user=factories.ServiceAccountFactory.create()).token,
        "role_change": RoleChangeRequest.objects.create(
            requested_by=factories.AdministratorFactory.create(),
            requested_by_role=Role.ADMINISTRATOR,
            subject=specialist,
            from_role=Role.SPECIALIST,
            from_site=prison,
            from_active=True,
            to_role=Role.SERVICE_MANAGER,
            to_active=True,
            reason="Acting up",
        ),
    }
    if not full:
        return base
    when = factories.days_ago(400)
    employer = factories.EmployerFactory.create()
    vacancy = factories.VacancyFactory.create(employer=employer)
    mentor = factories.MentorFactory.create()
    factories.VocationalProfileFactory.create(participant=participant)
    factories.MentalHealthCareFactory.create(participant=participant, updated_by=specialist)
    contact = factories.SupportContactFactory.create(participant=participant, recorded_by=specialist)
    factories.CustodyEventFactory.create(participant=participant, recorded_by=specialist)
    match = MentorMatch.objects.create(
        participant=participant, mentor=mentor, started_on=factories.days_ago(30), matched_by=specialist
    )
    return base | {
        "employer": employer,
        "vacancy": vacancy,
        "mentor": mentor,
        "match": match,
        "mentoring_session": MentoringSession.objects.create(
            match=match, held_at=timezone.now(), place="in_prison", recorded_by=specialist
        ),
        "offer": MentoringOffer.objects.create(
            participant=participant, offered_on=factories.days_ago(40), recorded_by=specialist
        ),
        "contact": contact,
        "review": _review(team, team.leader),
        "referral": factories.ReferralFactory.create(participant=participant, received_by=specialist),
        "episode": factories.EpisodeFactory.create(participant=participant),
        "conviction": ConvictionRecord.objects.create(
            participant=participant,
            description="Theft from a shop",
            conviction_date=when,
            disposal="fine",
            recorded_by=specialist,
        ),
        "licence_condition": LicenceCondition.objects.create(
            participant=participant, kind="no_driving", start_date=when, recorded_by=specialist
        ),
        "statement": DisclosureStatement.objects.create(
            participant=participant,
            purpose="Warehouse work",
            what_happened="x",
            what_has_changed="x",
            why_this_job="x",
            letter="x",
            updated_by=specialist,
        ),
        "need": factories.ResettlementNeedFactory.create(participant=participant, created_by=specialist),
        "work_history": factories.WorkHistoryEntryFactory.create(participant=participant, recorded_by=specialist),
        "qualification": factories.QualificationFactory.create(participant=participant, recorded_by=specialist),
        "application": factories.ApplicationFactory.create(
            participant=participant, vacancy=vacancy, created_by=specialist
        ),
        "job": factories.JobFactory.create(participant=participant, employer=employer),
        "appointment": factories.AppointmentFactory.create(participant=participant, created_by=specialist),
        "handover": factories.HandoverFactory.create(participant=participant, to_specialist=specialist),
        "partner": (
            partner := Partner.objects.create(
                name=f"Partner {participant.pk}",
                kind="voluntary",
                areas="LS9",
                updated_by=specialist,
                updated_at=timezone.now(),
            )
        ),
        "referral_out": ReferralOut.objects.create(
            participant=participant,
            partner=partner,
            pathway="ACCOMMODATION",
            referred_from=participant.current_site,
            referred_on=when,
            method="phone",
            asked="A room",
            consent_to_share=True,
            status="sent",
            status_on=when,
            created_by=specialist,
            created_at=timezone.now(),
        ),
        "import_run": ImportRun.objects.create(
            kind="caseload",
            file_name="caseload.csv",
            sha256="0" * 64,
            size_bytes=1,
            uploaded_by=team.leader,
            uploaded_at=timezone.now(),
            status=ImportStatus.IMPORTED,
            report=seal_report({"rows": [[2, "update", str(participant.prison_number), "Site changed", []]]}),
        ),
        "paper": PaperVersion.objects.create(
            participant=participant,
            kind="plan",
            language="en",
            sections=["support"],
            content_json='[{"key": "support", "heading": "Support in work", "lines": ["We will keep helping you."]}]',
            issued_by=specialist,
            issued_at=timezone.now(),
        ),
    }


def build_world(*, full: bool = True) -> World:
    prison = factories.SiteFactory.create()
    other_prison = factories.SiteFactory.create()
    leader = factories.TeamLeaderFactory.create(site=prison)
    team = factories.TeamFactory.create(leader=leader, sites=[prison])
    specialist = factories.SpecialistFactory.create(site=prison, team=team)
    other_leader = factories.TeamLeaderFactory.create(site=other_prison)
    other_team = factories.TeamFactory.create(leader=other_leader, sites=[other_prison])
    other_specialist = factories.SpecialistFactory.create(site=other_prison, team=other_team)
    probation = factories.ProbationPractitionerFactory.create()
    administrator = factories.AdministratorFactory.create()
    # Administrators configure staff, sites, teams and benefit rates (as the demo grants them).
    administrator.user_permissions.set(
        Permission.objects.filter(
            Q(content_type__app_label="core", content_type__model__in=("user", "site", "team"))
            | Q(content_type__app_label="advice", content_type__model="ucrate")
            | Q(content_type__app_label="evaluation", content_type__model="trialconfiguration")
            | Q(content_type__app_label="api", content_type__model="apitoken")
            | Q(content_type__app_label="core", content_type__model="securityevent", codename="view_securityevent")
            | Q(content_type__app_label="core", codename="view_rolechangerequest")
        )
    )
    users = {
        Role.SPECIALIST: specialist,
        Role.TEAM_LEADER: leader,
        Role.SERVICE_MANAGER: factories.ServiceManagerFactory.create(),
        Role.CLINICIAN: factories.ClinicianFactory.create(site=prison),
        Role.PROBATION_PRACTITIONER: probation,
        Role.ANALYST: factories.AnalystFactory.create(),
        Role.ADMINISTRATOR: administrator,
        # A peer mentor (issue 17 §2): the own participant's mentor (linked below), so "other" is another mentor's
        # mentee.
        Role.MENTOR: factories.MentorUserFactory.create(),
    }
    own = factories.ParticipantFactory.create(
        given_name=OWN_NAMES[0],
        family_name=OWN_NAMES[1],
        current_site=prison,
        allocated_specialist=specialist,
        probation_practitioner=probation,
    )
    other = factories.ParticipantFactory.create(
        given_name=OTHER_NAMES[0],
        family_name=OTHER_NAMES[1],
        current_site=other_prison,
        allocated_specialist=other_specialist,
        probation_practitioner=factories.ProbationPractitionerFactory.create(),
    )
    world = World(
        users=users,
        own=_records(own, specialist, prison, team, full=full),
        other=_records(other, other_specialist, other_prison, other_team, full=full),
    )
    if full:
        world.own["mentor"].user = users[Role.MENTOR]
        world.own["mentor"].save(update_fields=["user"])
    return world


def _review(team: Any, leader: User) -> FidelityReview:
    start = factories.days_ago(120)
    now = timezone.now()
    review = FidelityReview.objects.create(
        team=team,
        period_start=start,
        period_end=start + datetime.timedelta(days=90),
        review_date=start + datetime.timedelta(days=95),
        reviewers="A. Reviewer",
        recorded_by=leader,
        recorded_at=now,
        updated_at=now,
    )
    FidelityItemScore.objects.bulk_create(FidelityItemScore(review=review, item=n, score=3) for n in range(1, 26))
    return review


# URL kwarg -> the world object it names, under participants/<pk>/. `pk` itself depends on the route's prefix.
KWARG_OBJECTS = {
    "referral_pk": "referral",
    "episode_pk": "episode",
    "conviction_pk": "conviction",
    "statement_pk": "statement",
    "condition_pk": "licence_condition",
    "entry_pk": "work_history",
    "qualification_pk": "qualification",
    "need_pk": "need",
    "application_pk": "application",
    "job_pk": "job",
    "appointment_pk": "appointment",
    "handover_pk": "handover",
    "match_pk": "match",
    "offer_pk": "offer",
    "referral_out_pk": "referral_out",
    "version_pk": "paper",
}
FIXED_KWARGS = {
    "item": "id",
    "section": "goals",
    "slug": "headline",
    "uidb64": "x",
    "token": "x",
    "url": "x",
    "kind_name": "employers",  # a kind with a template and an export
    "file_format": "csv",
}
PK_BY_PREFIX = (
    ("api/v1/participants/", "participant"),
    ("api/v1/referrals/", "referral"),
    ("api/v1/support-contacts/", "contact"),
    ("api/v1/applications/", "application"),
    ("api/v1/jobs/", "job"),
    ("api/v1/employers/", "employer"),
    ("api/v1/vacancies/", "vacancy"),
    ("api/v1/partners/", "partner"),
    ("api/v1/partner-referrals/", "referral_out"),
    ("api/v1/mentors/", "mentor"),
    ("api/v1/mentoring-sessions/", "mentoring_session"),
    ("participants/", "participant"),
    ("security-log/role-changes/", "role_change"),
    ("fidelity/reviews/", "review"),
    ("mentors/", "mentor"),
    ("mentees/", "participant"),
    ("employers/register/", "prison"),
    ("partners/service-map/", "prison"),
    ("partners/", "partner"),
    ("employers/", "employer"),
    ("vacancies/", "vacancy"),
    ("imports/runs/", "import_run"),
)


def _admin_model(route: Route) -> type[Model] | None:
    match = re.match(r"admin/(\w+)/(\w+)/", route.route)
    if match is None:
        return None
    try:
        return apps.get_model(match.group(1), match.group(2))
    except LookupError:
        return None


def _admin_object(model: type[Model], objects: dict[str, Any], scope: str) -> str:
    named = {
        "core.user": objects["specialist"],
        "core.site": objects["prison"],
        "core.team": objects["team"],
        "auth.group": objects["group"],
        "otp_totp.totpdevice": objects["device"],
        "core.securityevent": objects["security_event"],
        "core.rolechangerequest": objects["role_change"],
        "evaluation.trialconfiguration": objects["trial"],
        "api.apitoken": objects["token"],
    }
    label = model._meta.label_lower
    if label in named:
        return str(named[label].pk)
    if model is UcRate:
        rates = UcRate.objects.order_by("pk")
        rate = rates.first() if scope in (OWN, ANY) else rates.last()
        if rate is not None:
            return str(rate.pk)
    existing = model._default_manager.order_by("pk").first()
    if existing is not None:
        return str(existing.pk)
    # No row (e.g. task results): a well-formed id that matches none.
    return str(uuid.UUID(int=1)) if model._meta.pk.get_internal_type() == "UUIDField" else "999999"


def kwargs_for(route: Route, world: World, scope: str) -> dict[str, str]:
    """The URL kwargs for a scope. "mixed": the own participant with the other participant's child records."""
    objects = world.other if scope == OTHER else world.own
    child_objects = world.other if scope == MIXED else objects
    values: dict[str, str] = {}
    for name in route.kwargs:
        if name in FIXED_KWARGS:
            values[name] = FIXED_KWARGS[name]
        elif name in KWARG_OBJECTS:
            values[name] = str(child_objects[KWARG_OBJECTS[name]].pk)
        elif name == "team_pk":
            values[name] = str(objects["team"].pk)
        elif name == "employer_pk":
            values[name] = str(objects["employer"].pk)
        elif name == "app_label":
            values[name] = "core" if scope in (OWN, ANY) else "advice"
        elif name == "content_type_id":
            values[name] = str(ContentType.objects.get_for_model(Participant).pk)
        elif route.key == "admin:view_on_site" and name == "object_id":
            values[name] = str(objects["participant"].pk)
        elif route.key == "admin-view-on-site-disabled" and name == "rest":
            participant_type = ContentType.objects.get_for_model(Participant).pk
            values[name] = f"{participant_type}/{objects['participant'].pk}/"  # an id that exists
        elif route.key.startswith("admin:otp_totp_") and name == "pk":
            values[name] = str(objects["device"].pk)
        elif route.key == "admin:auth_user_password_change" and name == "id":
            values[name] = str(objects["specialist"].pk)
        elif name == "object_id" and (model := _admin_model(route)) is not None:
            values[name] = _admin_object(model, objects, scope)
        elif name == "pk":
            thing = next((kind for prefix, kind in PK_BY_PREFIX if route.plain.startswith(prefix)), None)
            if thing is None:
                raise LookupError(f"{route.key}: no object for <pk> under {route.route!r}; extend PK_BY_PREFIX")
            values[name] = str(objects[thing].pk)
        else:
            raise LookupError(f"{route.key}: no object for URL kwarg {name!r}; extend KWARG_OBJECTS")
    return values


def scopes_for(route: Route, rule: Rule) -> tuple[str, ...]:
    """Own and other only where the policy scopes by person or team; shared and admin objects have no owner, so
    one object stands for all (the "own" one)."""
    if not route.kwargs or rule.kind not in (Kind.PARTICIPANT, Kind.TEAM):
        return (ANY,)
    if rule.kind is Kind.PARTICIPANT and any(name in KWARG_OBJECTS for name in route.kwargs):
        return (OWN, OTHER, MIXED)  # MIXED: the own participant's URL naming the other's child record
    return (OWN, OTHER)


# --- Judging one response ------------------------------------------------------------------------------------------


def _location_path(response: HttpResponse) -> str:
    return urlsplit(response["Location"]).path if response.has_header("Location") else ""


def judge(
    route: Route, rule: Rule, response: HttpResponse, *, allowed: bool, scope: str, method: str, own_status: int
) -> str:
    """'' when the response fits the expectation, else what is wrong."""
    status = response.status_code
    where = _location_path(response) if status in (301, 302, 303, 307, 308) else ""
    admin = route.route.startswith("admin/")
    if status >= 500:
        return f"{status} server error"
    if allowed:
        if status in (403, 404, 405):
            return f"refused with {status}"
        if where == LOGIN_PATH and not rule.ends_session:
            return "sent to sign-in"
        if admin and where in ADMIN_BOUNCES and route.key not in ("admin:login", "path:admin/login/"):
            return f"bounced to {where}"
        if status not in (200, 201, 204, 301, 302, 303):
            return f"unexpected {status}"
        return ""
    refused = status in (403, 404, 405) or (admin and where in ADMIN_BOUNCES)
    if not refused:
        return f"allowed ({status}{' -> ' + where if where else ''})"
    if rule.kind is Kind.PARTICIPANT and scope == OTHER and status == 403 and own_status != 403:
        # 403 here but not for the own record: the answer depends on the record, so it discloses that it exists.
        return "403 discloses that the out-of-scope record exists (must be 404)"
    if rule.kind is Kind.PARTICIPANT and method == "GET":
        body = response.content.decode(errors="replace")
        names = OTHER_NAMES if scope in (OTHER, MIXED) else OWN_NAMES
        if any(name in body for name in names):
            return "refused, but the page names the participant"
    return ""


# --- Running a route -----------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    cells: int = 0
    wrong: list[str] = field(default_factory=list)  # unexpected results
    expected_failures: list[str] = field(default_factory=list)  # xfail cells that still fail
    reasons: set[str] = field(default_factory=set)  # their declared reasons


def _client(world: World, role: Role, make_client: Callable[[User], Client]) -> Client:
    if role not in world.clients:
        world.clients[role] = make_client(world.users[role])
    return world.clients[role]


def _request(client: Client, method: str, path: str) -> HttpResponse:
    """One request inside a transaction that is always rolled back (POSTs send no data)."""
    with transaction.atomic():
        try:
            if method == "GET":
                return client.get(path)  # type: ignore[return-value]  # the test client's response is an HttpResponse
            return client.post(path, {})  # type: ignore[return-value]  # as above
        finally:
            transaction.set_rollback(True)


def run_route(route: Route, rule: Rule, make_client: Callable[[User], Client]) -> Outcome:
    started = time.perf_counter()
    world = build_world(full=rule.kind not in (Kind.ADMIN, Kind.PUBLIC, Kind.OWN_ACCOUNT))
    TIMINGS["world"] += time.perf_counter() - started
    started = time.perf_counter()
    outcome = Outcome()
    statuses: dict[tuple[Role, str, str], int] = {}
    for scope in scopes_for(route, rule):
        path = build_path(route.route, kwargs_for(route, world, scope))
        for role in Role:
            for method in METHODS:
                client = _client(world, role, make_client)
                session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
                allowed = rule.expected_allowed(method, role, scope)
                try:
                    response = _request(client, method, path)
                    statuses[(role, method, scope)] = response.status_code
                    own_status = statuses.get((role, method, OWN), 0)
                    problem = judge(
                        route, rule, response, allowed=allowed, scope=scope, method=method, own_status=own_status
                    )
                except Exception as error:  # noqa: BLE001 - a crashing cell is reported with the others
                    problem = f"raised {type(error).__name__}: {error}"
                cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
                if cookie is None or cookie.value != session_key:
                    world.clients.pop(role)  # signed out (or the session cycled): sign in afresh for the next cell
                outcome.cells += 1
                cell = f"{role.value:<23} {scope:<5} {method:<4} {path:<55} expected {'ALLOW' if allowed else 'DENY '}"
                reason = rule.xfail_reason(method, role, scope)
                if reason is None and problem:
                    outcome.wrong.append(f"{cell}  got: {problem}")
                elif reason is not None and not problem:
                    outcome.wrong.append(f"{cell}  XPASS(strict): now correct; remove the xfail ({reason[:60]}…)")
                elif reason is not None:
                    outcome.expected_failures.append(f"{cell}  got: {problem}")
                    outcome.reasons.add(reason)
    TIMINGS["requests"] += time.perf_counter() - started
    return outcome


# --- Tests ---------------------------------------------------------------------------------------------------------

MATRIX_SIZE: dict[str, int] = {}
TIMINGS = {"world": 0.0, "requests": 0.0}


def test_enumeration_is_not_vacuous():
    keys = {route.key for route in ROUTES}
    assert len(ROUTES) > 100
    for expected in ("people:participant-detail", "journey:needs", "account", "login", "admin:core_user_change"):
        assert expected in keys


def test_every_route_has_a_policy():
    """Every URL pattern must have a row (or an admin prefix rule); every row must still name a route."""
    keys = {route.key for route in ROUTES}
    missing = sorted(
        f"{route.key}  ({route.route} -> {route.view})" for route in ROUTES if policy.rule_for(route.key) is None
    )
    stale = sorted(key for key in policy.ROUTES if key not in keys)
    unused_prefixes = sorted(prefix for prefix in policy.PREFIX_RULES if not any(k.startswith(prefix) for k in keys))
    report = []
    if missing:
        report.append("Routes with no row in tests/security/policy.py ROUTES:\n  " + "\n  ".join(missing))
    if stale:
        report.append("Rows naming routes that no longer exist:\n  " + "\n  ".join(stale))
    if unused_prefixes:
        report.append("Prefix rules matching no route:\n  " + "\n  ".join(unused_prefixes))
    assert not report, "\n".join(report)


def test_policy_table_is_consistent_with_the_roles():
    """The table itself keeps the design's invariants: read-only roles never POST to case, list, shared, team or
    admin pages; no one but case roles reaches a participant's record; an xfail names a real cell."""
    problems = []
    rules = [(key, r) for key, r in policy.ROUTES.items()] + [(p, r) for p, r in policy.PREFIX_RULES.items()]
    for key, r in rules:
        if (
            r.kind not in (Kind.PUBLIC, Kind.OWN_ACCOUNT)
            and r.allow.get(policy.POST, frozenset()) & policy.READ_ONLY_ROLES
        ):
            problems.append(f"{key}: POST allowed to a read-only role")
        if r.kind is Kind.PARTICIPANT and any(roles - policy.CASE_READERS for roles in r.allow.values()):
            # Only a peer mentor's own pages (their mentee's narrow view, issue 17 §2) admit a role without case
            # access, and nobody else.
            mentor_page = key.startswith("mentoring:mentee") and all(
                roles <= policy.MENTORS for roles in r.allow.values()
            )
            if not mentor_page:
                problems.append(f"{key}: a participant's record allowed to a role without case access")
        for method, role, scope in r.xfail:
            if method not in (*METHODS, "*") or role not in Role.values or scope not in (OWN, OTHER, MIXED, "*"):
                problems.append(f"{key}: xfail cell {(method, role, scope)} matches nothing")
    assert not problems, "\n".join(problems)


def _routes_with_rules() -> Iterator[Any]:
    for route in ROUTES:
        rule = policy.rule_for(route.key)
        if rule is not None:
            yield pytest.param(route, rule, id=route.test_id)


@pytest.fixture
def quiet_request_log() -> Iterator[None]:
    """Thousands of expected 403s and 404s: don't format a logged traceback for each."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


ROUTE_PARAMS = list(_routes_with_rules())


@pytest.mark.parametrize(("route", "rule"), ROUTE_PARAMS)
def test_route_authorization(route: Route, rule: Rule, make_client, quiet_request_log):
    outcome = run_route(route, rule, make_client)
    MATRIX_SIZE[route.test_id] = outcome.cells
    assert not outcome.wrong, (
        f"{route.key} ({route.route}, {rule.kind}): {len(outcome.wrong)} of {outcome.cells} cells wrong\n  "
        + "\n  ".join(outcome.wrong)
        + (
            "\n  known (xfail) cells still failing:\n  " + "\n  ".join(outcome.expected_failures)
            if outcome.expected_failures
            else ""
        )
    )
    if outcome.expected_failures:
        pytest.xfail(
            f"{len(outcome.expected_failures)} of {outcome.cells} cells are known failures, every other cell passed. "
            + " | ".join(sorted(outcome.reasons))
            + "\n  "
            + "\n  ".join(outcome.expected_failures)
        )


def test_matrix_size():
    """Run last (file order): the number of cells the route tests above asserted, for the lead to quote."""
    routes = len(MATRIX_SIZE)
    cells = sum(MATRIX_SIZE.values())
    print(  # noqa: T201 - the figure the lead quotes; shown with -rP
        f"authorization matrix: {routes} routes x {len(Role)} roles x 1-3 scopes x {len(METHODS)} methods"
        f" = {cells} cells asserted (building worlds {TIMINGS['world']:.0f} s, requests {TIMINGS['requests']:.0f} s)"
    )
    if routes < len(ROUTE_PARAMS):
        pytest.skip(f"only {routes} of {len(ROUTE_PARAMS)} route tests ran (a -k selection?): size not comparable")
    assert cells > 1500
