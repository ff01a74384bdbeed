"""The authorization policy, declared: who may use each route, per HTTP method, on whose records.

This is a specification written from DESIGN.md §3 ("Roles") and issue 7 §2 (field-level protection), not a copy
of the code. The application never imports it. `test_authorization_matrix.py` checks every route the URL resolver
knows against it, so a new page fails the suite until it has a row here.

A row names the route's object kind and, per HTTP method it accepts, the roles allowed. A method the row does not
list must be refused (405, 403 or 404) for everyone. Scope is applied on top of the roles:

- participant-scoped routes: "own" is a participant every case role can see (allocated to the specialist, at the
  team leader's and the clinician's prison, naming the probation practitioner); "other" is a participant at another
  prison, allocated elsewhere, which only the service manager (the whole service) may reach; "mixed" is the own
  participant with another participant's child record in the URL, which no one may reach.
- other kinds have no per-person scope: "own" and "other" objects (employers, vacancies, prisons, admin objects)
  are allowed alike.

Where the code does not do what the design says, the row keeps the design's answer and lists the cell in `xfail`
with the reason: "DESIGN:" for a design/code contradiction, "BUG:" for an access-control defect. Those cells are
strict: once the code is fixed the matrix fails until the xfail entry is removed.

To add a route: add a row to `ROUTES` under its URL name (unnamed routes: "path:" + the full route string), e.g.
`"journey:plan": case_write_rule()` or `rule(Kind.PARTICIPANT, get=CASE_READERS, post=CASE_WRITERS)`: pick its
`Kind`, list the roles per accepted method (leave a method out and it must be refused), and add xfail cells with a
"DESIGN:"/"BUG:" reason only where the code is knowingly wrong. A new URL kwarg needs its world object: a line in
`test_authorization_matrix.KWARG_OBJECTS` (child records under a participant), `PK_BY_PREFIX` (what `<pk>` means
under a path prefix) or `FIXED_KWARGS`, plus the object in `_records` if the world lacks one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from ipsgate.core.choices import Role

S = Role.SPECIALIST
TL = Role.TEAM_LEADER
SM = Role.SERVICE_MANAGER
C = Role.CLINICIAN
P = Role.PROBATION_PRACTITIONER
AN = Role.ANALYST
AD = Role.ADMINISTRATOR
M = Role.MENTOR

ALL_ROLES: frozenset[Role] = frozenset(Role)
# Issue 17 §2: a peer mentor sees only their current mentees' narrow view (name, phase, planned sessions, shared
# goals, their own sessions) and logs sessions; nothing else of the service. "own" for a mentor is the own
# participant, matched with the mentor's record; "other" is another mentor's mentee.
MENTORS = frozenset({M})
STAFF_ROLES = ALL_ROLES - MENTORS
NOBODY: frozenset[Role] = frozenset()
# DESIGN §3: specialist, team leader and service manager hold and change cases; clinicians read (their site);
# probation practitioners read a limited view (participants naming them); analysts aggregates only, no names;
# administrators configuration only, no case data.
CASE_READERS = frozenset({S, TL, SM, C, P})
CASE_WRITERS = frozenset({S, TL, SM})
# Referrals and support contacts (the working record with its notes): not probation's limited view.
CASE_HISTORY_READERS = frozenset({S, TL, SM, C})
READ_ONLY_ROLES = frozenset({C, P, AN})
# Issue 16 item 16: the person's phone, email and address, only to the roles that contact them (the case writers).
CONTACT_DETAIL_READERS = frozenset({S, TL, SM})
# Issue 7 §2: offence/conviction details only to the participant's specialist and team leader; health details to
# them and clinicians (who only read). The service manager is not in either list.
OFFENCE_ROLES = frozenset({S, TL})
HEALTH_WRITERS = frozenset({S, TL})
HEALTH_READERS = HEALTH_WRITERS | {C}
# Employers and vacancies are shared across the service and hold no case data: every staff role but analysts.
EMPLOYER_READERS = frozenset({S, TL, SM, C, P, AD})
EMPLOYER_WRITERS = CASE_WRITERS
OVERSIGHT = frozenset({TL, SM})
# Roles whose participant scope is the whole service, so "other" is allowed wherever "own" is.
SEES_WHOLE_SERVICE = frozenset({SM})
# IPS-25 fidelity reviews (a team's, no participant data): specialists and team leaders their own team, the service
# manager and analysts every team; team leaders and the service manager record them.
FIDELITY_READERS = frozenset({S, TL, SM, AN})
FIDELITY_WRITERS = OVERSIGHT
SEES_ALL_TEAMS = frozenset({SM, AN})
# Outcome figures (aggregates): oversight and analysts.
OUTCOME_READERS = frozenset({TL, SM, AN})
# Figures per specialist (outcomes grouped or filtered by specialist): oversight only; analysts see none, as too few
# people stand behind each. Counts under 5 are shown only to roles with case access ("<5" for the others).
SPECIALIST_FIGURE_READERS = OVERSIGHT
SMALL_NUMBER_READERS = CASE_READERS
# Peer mentors' records (issue 17 §1): their vetting and capacity, kept by oversight.
MENTOR_MANAGERS = OVERSIGHT
# Issue 18: the directory of partner organisations (no participant data): every case role reads it, to signpost
# people; team leaders and service managers keep it.
PARTNER_READERS = CASE_READERS
PARTNER_KEEPERS = OVERSIGHT
# Issue 19: the person's own papers (plan, CV, disclosure letter), built with them and issued: the roles that work
# with the person and give disclosure advice (a plan may hold the disclosure statement). Not probation's read-only
# view, not clinicians, not the service manager.
PAPER_ISSUERS = frozenset({S, TL})
# Issue 21: bulk import of caseloads and release lists, into the importer's own scope: team leaders and managers.
IMPORTERS = OVERSIGHT

GET = "GET"
POST = "POST"
METHODS = (GET, POST)
OWN, OTHER, MIXED, ANY = "own", "other", "mixed", "any"


class Kind(StrEnum):
    PUBLIC = "public"  # sign-in, sign-out, password reset: anyone signed in may use them too
    OWN_ACCOUNT = "own account"  # the signed-in person's own account and second factor
    SERVICE_LIST = "service-wide list"  # lists and reports; what they show is scoped inside
    PARTICIPANT = "participant-scoped"  # one participant's record (or a record under it)
    TEAM = "team-scoped"  # one team's fidelity reviews ("own": the world's team; "other": another team)
    SHARED = "shared employer-or-vacancy"  # employers, vacancies, employment register by prison
    ADMIN = "admin"  # Django admin (configuration)


# (method, role, scope) -> reason; "*" matches any method or scope.
CellKey = tuple[str, str, str]


@dataclass(frozen=True)
class Rule:
    kind: Kind
    allow: Mapping[str, frozenset[Role]]  # method -> roles allowed; a method not listed is refused for everyone
    xfail: Mapping[CellKey, str] = field(default_factory=dict)
    why: str = ""
    ends_session: bool = False  # signing out: a redirect to the sign-in page is the allowed outcome

    def expected_allowed(self, method: str, role: Role, scope: str) -> bool:
        roles = self.allow.get(method)
        if roles is None or role not in roles:
            return False
        if self.kind is Kind.PARTICIPANT:
            if scope == MIXED:
                return False
            if scope == OTHER:
                return role in SEES_WHOLE_SERVICE
        if self.kind is Kind.TEAM and scope == OTHER:
            return role in SEES_ALL_TEAMS
        return True

    def xfail_reason(self, method: str, role: Role, scope: str) -> str | None:
        for m, r, s in ((method, role.value, scope), (method, role.value, "*"), ("*", role.value, "*")):
            if (m, r, s) in self.xfail:
                return self.xfail[(m, r, s)]
        return None


def rule(
    kind: Kind,
    *,
    get: Iterable[Role] | None = None,
    post: Iterable[Role] | None = None,
    xfail: Mapping[CellKey, str] | None = None,
    why: str = "",
    ends_session: bool = False,
) -> Rule:
    allow: dict[str, frozenset[Role]] = {}
    if get is not None:
        allow[GET] = frozenset(get)
    if post is not None:
        allow[POST] = frozenset(post)
    return Rule(kind, allow, dict(xfail or {}), why, ends_session)


def cells(method: str, roles: Iterable[Role], reason: str, scope: str = "*") -> dict[CellKey, str]:
    return {(method, role.value, scope): reason for role in roles}


# --- Known contradictions and bugs, one reason each ------------------------------------------------------------


def offence_rule(
    *, get: bool = True, post: bool = True, why: str = "", xfail: Mapping[CellKey, str] | None = None
) -> Rule:
    return rule(
        Kind.PARTICIPANT,
        get=OFFENCE_ROLES if get else None,
        post=OFFENCE_ROLES if post else None,
        xfail=xfail,
        why=why or "criminal-offence data (issue 7 §2)",
    )


def case_write_rule(why: str = "") -> Rule:
    return rule(Kind.PARTICIPANT, get=CASE_WRITERS, post=CASE_WRITERS, why=why or "changes a case: case writers")


def case_read_rule(why: str = "") -> Rule:
    return rule(
        Kind.PARTICIPANT,
        get=CASE_READERS,
        why=why or "reads a case: every case role within scope",
    )


# --- The table ---------------------------------------------------------------------------------------------------

ROUTES: dict[str, Rule] = {
    # Sign-in, sign-out and password reset. Signed-in staff reach them too (sign-in just sends them home).
    "login": rule(Kind.PUBLIC, get=ALL_ROLES, post=ALL_ROLES),
    "logout": rule(Kind.PUBLIC, post=ALL_ROLES, ends_session=True, why="POST only"),
    "password_reset": rule(Kind.PUBLIC, get=ALL_ROLES, post=ALL_ROLES),
    "password_reset_done": rule(Kind.PUBLIC, get=ALL_ROLES),
    "password_reset_confirm": rule(Kind.PUBLIC, get=ALL_ROLES, post=ALL_ROLES),
    "password_reset_complete": rule(Kind.PUBLIC, get=ALL_ROLES),
    # The admin's sign-in page is replaced by a bounce to the service's.
    "path:admin/login/": rule(Kind.PUBLIC, get=ALL_ROLES),
    # Health checks for load balancers (issue 20): no sign-in, and they say only "ok" / "ready" / "not ready".
    "healthz": rule(Kind.PUBLIC, get=ALL_ROLES, why="process up; no sign-in"),
    "readyz": rule(Kind.PUBLIC, get=ALL_ROLES, why="database, migrations, worker heartbeat; no sign-in"),
    "admin:login": rule(Kind.PUBLIC, get=ALL_ROLES, why="shadowed by path:admin/login/"),
    # The person's own account: every role.
    "home": rule(Kind.OWN_ACCOUNT, get=ALL_ROLES, why="role's start page"),
    "mfa-verify": rule(Kind.OWN_ACCOUNT, get=ALL_ROLES, post=ALL_ROLES),
    "mfa-setup": rule(Kind.OWN_ACCOUNT, get=ALL_ROLES, post=ALL_ROLES),
    "account": rule(Kind.OWN_ACCOUNT, get=ALL_ROLES),
    "reauthenticate": rule(Kind.OWN_ACCOUNT, get=ALL_ROLES, post=ALL_ROLES),
    "password-change": rule(Kind.OWN_ACCOUNT, get=ALL_ROLES, post=ALL_ROLES),
    "recovery-codes-new": rule(Kind.OWN_ACCOUNT, post=ALL_ROLES, why="POST only"),
    # Service-wide lists and reports (their rows are scoped inside the view).
    "people:my-caseload": rule(
        Kind.SERVICE_LIST,
        get=CASE_READERS,
        why="names participants: case roles (non-specialists see only people allocated to them)",
    ),
    "people:team-caseloads": rule(Kind.SERVICE_LIST, get=OVERSIGHT),
    "people:team-todo": rule(Kind.SERVICE_LIST, get=OVERSIGHT, why="the team's tasks: specialists they oversee"),
    "people:reallocate": rule(
        Kind.SERVICE_LIST, get=OVERSIGHT, post=OVERSIGHT, why="moves people between specialists they oversee"
    ),
    "people:service-overview": rule(
        Kind.SERVICE_LIST,
        get={TL, SM, AN, AD},
        why="aggregates without names; small numbers suppressed for roles without case access",
    ),
    "people:participant-list": rule(Kind.SERVICE_LIST, get=CASE_READERS),
    "people:referral-create": rule(Kind.SERVICE_LIST, get=CASE_WRITERS, post=CASE_WRITERS),
    "journey:todo": rule(Kind.SERVICE_LIST, get=CASE_WRITERS, post=CASE_WRITERS, why="POST marks reminders read"),
    "employers:contacts-report": rule(Kind.SERVICE_LIST, get=OVERSIGHT),
    "employers:register-index": rule(
        Kind.SERVICE_LIST,
        get=STAFF_ROLES,
        why="employers and counts, no participant data (staff, not mentors)",
    ),
    # Shared employers, vacancies and the employment register (no per-person scope).
    "employers:employer-list": rule(Kind.SHARED, get=EMPLOYER_READERS),
    "employers:employer-create": rule(Kind.SHARED, get=EMPLOYER_WRITERS, post=EMPLOYER_WRITERS),
    "employers:employer-detail": rule(Kind.SHARED, get=EMPLOYER_READERS),
    "employers:employer-edit": rule(Kind.SHARED, get=EMPLOYER_WRITERS, post=EMPLOYER_WRITERS),
    "employers:person-add": rule(Kind.SHARED, get=EMPLOYER_WRITERS, post=EMPLOYER_WRITERS),
    "employers:contact-add": rule(Kind.SHARED, get=EMPLOYER_WRITERS, post=EMPLOYER_WRITERS),
    "employers:vacancy-create": rule(Kind.SHARED, get=EMPLOYER_WRITERS, post=EMPLOYER_WRITERS),
    "employers:vacancy-list": rule(Kind.SHARED, get=EMPLOYER_READERS),
    "employers:vacancy-detail": rule(Kind.SHARED, get=EMPLOYER_READERS),
    "employers:vacancy-edit": rule(Kind.SHARED, get=EMPLOYER_WRITERS, post=EMPLOYER_WRITERS),
    "employers:register": rule(Kind.SHARED, get=STAFF_ROLES),
    "employers:register-csv": rule(Kind.SHARED, get=STAFF_ROLES),
    # The directory of partner organisations (issue 18 §1): no participant data.
    "partners:partner-list": rule(Kind.SHARED, get=PARTNER_READERS),
    "partners:partner-detail": rule(Kind.SHARED, get=PARTNER_READERS),
    "partners:partner-create": rule(Kind.SHARED, get=PARTNER_KEEPERS, post=PARTNER_KEEPERS),
    "partners:partner-edit": rule(Kind.SHARED, get=PARTNER_KEEPERS, post=PARTNER_KEEPERS),
    "partners:export-csv": rule(Kind.SHARED, get=PARTNER_READERS),
    "partners:export-xlsx": rule(Kind.SHARED, get=PARTNER_READERS),
    "partners:export-oruk": rule(Kind.SHARED, get=PARTNER_READERS),
    # The service map per prison (issue 18 §3): aggregates, small numbers suppressed for roles without case access.
    "partners:service-map-index": rule(Kind.SERVICE_LIST, get={TL, SM, AN, AD}),
    "partners:service-map": rule(Kind.SHARED, get={TL, SM, AN, AD}),
    "partners:service-map-csv": rule(Kind.SHARED, get={TL, SM, AN, AD}),
    "partners:service-map-xlsx": rule(Kind.SHARED, get={TL, SM, AN, AD}),
    # The printable "Services for people at HMP X": directory entries only, no participant data and no figures.
    "partners:prison-services": rule(Kind.SHARED, get=PARTNER_READERS),
    # One participant's record.
    "partners:referrals": rule(Kind.PARTICIPANT, get=CASE_HISTORY_READERS, why="referrals out: the working record"),
    "partners:referral-create": case_write_rule(),
    "partners:referral-update": case_write_rule(),
    "people:participant-detail": case_read_rule(),
    "people:participant-edit": case_write_rule(),
    "people:referral-decision": case_write_rule(),
    "people:episode-close": case_write_rule(),
    "people:contact-details": rule(
        Kind.PARTICIPANT,
        get=CONTACT_DETAIL_READERS,
        post=CONTACT_DETAIL_READERS,
        why="phone, email and address (issue 16 item 16): the roles that contact the person",
    ),
    "people:referral-repeat": case_write_rule("a new referral for someone on record (issue 16 item 9)"),
    "advice:disclosure": offence_rule(post=False),
    "advice:conviction-add": offence_rule(),
    "advice:conviction-edit": offence_rule(),
    "advice:conviction-delete": offence_rule(),
    "advice:statement-create": offence_rule(),
    "advice:statement": offence_rule(),
    "advice:licence-conditions": offence_rule(),
    "advice:licence-condition-delete": offence_rule(),
    "advice:better-off": case_write_rule("benefits calculation for a case: case writers"),
    "journey:profile": case_read_rule(),
    "journey:profile-section": case_write_rule(),
    "journey:work-history-add": case_write_rule(),
    "journey:work-history-edit": case_write_rule(),
    "journey:work-history-delete": case_write_rule(),
    "journey:qualification-add": case_write_rule(),
    "journey:qualification-delete": case_write_rule(),
    "journey:needs": case_read_rule(),
    "journey:need-add": case_write_rule(),
    "journey:need-update": case_write_rule(),
    "journey:health-care": rule(
        Kind.PARTICIPANT,
        get=HEALTH_WRITERS,
        post=HEALTH_WRITERS,
        why="health details (issue 7 §2); clinicians only read",
    ),
    "journey:contact-add": case_write_rule(),
    "journey:custody-event-add": case_write_rule(),
    # Planning ahead (issue 16 items 7, 11 and 17): appointments are the working record (not probation's view).
    "journey:appointments": rule(
        Kind.PARTICIPANT, get=CASE_HISTORY_READERS, why="appointments: the working record (issue 16 item 7)"
    ),
    "journey:appointment-add": case_write_rule(),
    "journey:appointment-edit": case_write_rule(),
    "journey:appointment-outcome": case_write_rule(),
    "journey:checklist-item": case_write_rule("the ready-for-release checklist (issue 16 item 17)"),
    "journey:handover": case_write_rule("who supports the person after release (issue 16 item 11)"),
    "journey:handover-pick-up": case_write_rule(),
    "employers:matching": rule(
        Kind.PARTICIPANT,
        get=OFFENCE_ROLES,
        why="weighs convictions and licence conditions against vacancies: offence data",
    ),
    # Job and application pages are the specialist side's working pages; clinicians and probation see whether the
    # person is in work on the participant page (and the API's jobs resource).
    "jobs:work": rule(Kind.PARTICIPANT, get=CASE_WRITERS, why="a case's jobs and applications: case writers"),
    "jobs:application-create": case_write_rule(),
    "jobs:application-detail": case_write_rule(),
    "jobs:job-create": case_write_rule(),
    "jobs:job-detail": case_write_rule(),
    "jobs:sustainment-add": case_write_rule(),
    # IPS-25 fidelity reviews of a team.
    "fidelity:team-list": rule(Kind.SERVICE_LIST, get=FIDELITY_READERS),
    "fidelity:team-reviews": rule(Kind.TEAM, get=FIDELITY_READERS),
    "fidelity:review-detail": rule(Kind.TEAM, get=FIDELITY_READERS),
    "fidelity:review-create": rule(Kind.TEAM, get=FIDELITY_WRITERS, post=FIDELITY_WRITERS),
    "fidelity:review-edit": rule(Kind.TEAM, get=FIDELITY_WRITERS, post=FIDELITY_WRITERS),
    # Outcome dashboard and exports: aggregates (small numbers suppressed for roles without case access).
    "outcomes:dashboard": rule(Kind.SERVICE_LIST, get=OUTCOME_READERS),
    "outcomes:export-csv": rule(Kind.SERVICE_LIST, get=OUTCOME_READERS),
    "outcomes:export-xlsx": rule(Kind.SERVICE_LIST, get=OUTCOME_READERS),
    # The IPS-versus-SAU evaluation report: aggregates for oversight and analysts.
    "evaluation:report": rule(Kind.SERVICE_LIST, get=OUTCOME_READERS),
    # Peer mentors (issue 17 §1): team leaders and service managers keep the records; no participant data.
    "mentoring:mentor-list": rule(Kind.SHARED, get=MENTOR_MANAGERS),
    "mentoring:mentor-create": rule(Kind.SHARED, get=MENTOR_MANAGERS, post=MENTOR_MANAGERS),
    "mentoring:mentor-detail": rule(Kind.SHARED, get=MENTOR_MANAGERS),
    "mentoring:mentor-edit": rule(Kind.SHARED, get=MENTOR_MANAGERS, post=MENTOR_MANAGERS),
    # A person's mentoring (issue 17 §3): matching and ending a match change the case.
    "mentoring:participant-mentoring": case_write_rule(),
    "mentoring:match-end": case_write_rule(),
    "mentoring:match-goals": case_write_rule("the goals the person agreed to share with their mentor"),
    "mentoring:session-add": case_write_rule(),
    "mentoring:offer-add": case_write_rule(),
    "mentoring:offer-edit": case_write_rule(),
    # A peer mentor's own pages (issue 17 §2): their current mentees, one mentee's narrow view, and logging a
    # session with them. Nobody else opens them (staff see the person's whole record on the case pages).
    "mentoring:my-mentees": rule(Kind.SERVICE_LIST, get=MENTORS, why="the mentor's current mentees"),
    "mentoring:mentee": rule(Kind.PARTICIPANT, get=MENTORS, why="a mentee's narrow view: their mentor only"),
    "mentoring:mentee-session-add": rule(
        Kind.PARTICIPANT, get=MENTORS, post=MENTORS, why="a mentor logs a session with their own mentee"
    ),
    # The person's own papers (issue 19): building, issuing and downloading them are for the paper issuers.
    "papers:index": rule(Kind.PARTICIPANT, get=PAPER_ISSUERS, why="the person's own papers"),
    "papers:step-add": rule(Kind.PARTICIPANT, get=PAPER_ISSUERS, post=PAPER_ISSUERS),
    "papers:plan": rule(Kind.PARTICIPANT, get=PAPER_ISSUERS, post=PAPER_ISSUERS),
    "papers:cv": rule(Kind.PARTICIPANT, get=PAPER_ISSUERS, post=PAPER_ISSUERS),
    "papers:letter": rule(Kind.PARTICIPANT, get=PAPER_ISSUERS, post=PAPER_ISSUERS, why="offence data too"),
    "papers:version": rule(Kind.PARTICIPANT, get=PAPER_ISSUERS, why="an issued paper: the print and phone page"),
    "papers:version-pdf": rule(Kind.PARTICIPANT, get=PAPER_ISSUERS, why="download, audited as an export"),
    "papers:version-docx": rule(Kind.PARTICIPANT, get=PAPER_ISSUERS, why="download, audited as an export"),
    # Bulk import (issue 21): upload and preview, confirm (the import's id in the form), blank templates per kind.
    "imports:start": rule(Kind.SERVICE_LIST, get=IMPORTERS, post=IMPORTERS),
    "imports:confirm": rule(Kind.SERVICE_LIST, post=IMPORTERS),
    # One import's page (waiting while it is checked or written, then its preview or result): its uploader only.
    # The matrix's import is the team leader's, so a service manager (who may import) gets 404 for it; the
    # capability import_records is checked first (403 for every other role: tests/imports/test_background.py).
    "imports:run": rule(Kind.SERVICE_LIST, get={TL}, why="one import: only the person who uploaded it"),
    "imports:template": rule(Kind.SERVICE_LIST, get=IMPORTERS),
    "imports:export": rule(
        Kind.SERVICE_LIST, get=IMPORTERS, why="every employer or vacancy, to change and import back"
    ),
    # Data-protection rights (issue 7 §3) for one participant.
    "privacy:data-protection": rule(
        Kind.PARTICIPANT, get=CASE_READERS, why="lawful basis, consent, hold: every case role within scope"
    ),
    "privacy:basis-consent": case_write_rule(),
    "privacy:legal-hold": rule(Kind.PARTICIPANT, get=OVERSIGHT, post=OVERSIGHT, why="team leaders and managers"),
    "privacy:subject-access": rule(Kind.PARTICIPANT, get=OVERSIGHT, why="everything held about the person"),
    "privacy:subject-access-json": rule(Kind.PARTICIPANT, get=OVERSIGHT, why="everything held about the person"),
    # The security log (issue 15 §1): changes to staff access, listed for service managers, who approve or refuse
    # the changes administrators ask for (an administrator decides a service manager's in the admin, below).
    "security-log": rule(Kind.SERVICE_LIST, get={SM}, why="changes to staff access: service managers"),
    "role-change-decision": rule(
        Kind.SERVICE_LIST, post={SM}, why="approve or refuse a waiting change to staff access (POST only)"
    ),
    # REST API (issue 7 §4): read-only, same scoping and roles as the pages; POST is refused (405) for everyone.
    "api:schema": rule(Kind.OWN_ACCOUNT, get=ALL_ROLES, why="any signed-in caller may read the schema"),
    "api:docs": rule(Kind.OWN_ACCOUNT, get=ALL_ROLES),
    "api:outcomes": rule(Kind.SERVICE_LIST, get=OUTCOME_READERS, why="outcome aggregates, as the dashboard"),
    "api:participant-list": rule(Kind.SERVICE_LIST, get=CASE_READERS),
    "api:participant-detail": rule(Kind.PARTICIPANT, get=CASE_READERS),
    "api:referral-list": rule(Kind.SERVICE_LIST, get=CASE_HISTORY_READERS),
    "api:referral-detail": rule(Kind.PARTICIPANT, get=CASE_HISTORY_READERS),
    "api:support-contact-list": rule(Kind.SERVICE_LIST, get=CASE_HISTORY_READERS),
    "api:support-contact-detail": rule(Kind.PARTICIPANT, get=CASE_HISTORY_READERS),
    "api:application-list": rule(Kind.SERVICE_LIST, get=CASE_WRITERS),
    "api:application-detail": rule(Kind.PARTICIPANT, get=CASE_WRITERS),
    "api:job-list": rule(Kind.SERVICE_LIST, get=CASE_READERS),
    "api:job-detail": rule(Kind.PARTICIPANT, get=CASE_READERS),
    "api:employer-list": rule(Kind.SHARED, get=EMPLOYER_READERS),
    "api:employer-detail": rule(Kind.SHARED, get=EMPLOYER_READERS),
    "api:vacancy-list": rule(Kind.SHARED, get=EMPLOYER_READERS),
    "api:vacancy-detail": rule(Kind.SHARED, get=EMPLOYER_READERS),
    # Issue 18: the partner directory (no participant data) and referrals out (the working record, in scope).
    "api:partner-list": rule(Kind.SHARED, get=PARTNER_READERS),
    "api:partner-detail": rule(Kind.SHARED, get=PARTNER_READERS),
    "api:partner-referral-list": rule(Kind.SERVICE_LIST, get=CASE_HISTORY_READERS),
    "api:partner-referral-detail": rule(Kind.PARTICIPANT, get=CASE_HISTORY_READERS),
    # Peer mentoring (issue 17 §7): mentor records as the mentor pages; sessions as the working record.
    "api:mentor-list": rule(Kind.SHARED, get=MENTOR_MANAGERS),
    "api:mentor-detail": rule(Kind.SHARED, get=MENTOR_MANAGERS),
    "api:mentoring-session-list": rule(Kind.SERVICE_LIST, get=CASE_HISTORY_READERS),
    "api:mentoring-session-detail": rule(Kind.PARTICIPANT, get=CASE_HISTORY_READERS),
    # Admin routes that differ from the prefix rules below.
    "admin:logout": rule(Kind.ADMIN, post={AD}, ends_session=True),
    "admin:password_change": rule(
        Kind.OWN_ACCOUNT,
        get=ALL_ROLES,
        post=ALL_ROLES,
        why="shadowed by admin-password-change: a redirect to account/password/, which re-authenticates",
    ),
    "admin-password-change": rule(
        Kind.OWN_ACCOUNT, get=ALL_ROLES, post=ALL_ROLES, why="redirects to account/password/ (re-authenticates)"
    ),
    "admin-view-on-site-disabled": rule(Kind.ADMIN, why="the admin's view-on-site is switched off: 404 to everyone"),
    "admin:jsi18n": rule(Kind.ADMIN, get={AD}),
    "admin:password_change_done": rule(Kind.ADMIN, get={AD}),
    # The authentication event log, read-only in the admin.
    "admin:core_securityevent_changelist": rule(Kind.ADMIN, get={AD}, post={AD}, why="read-only event log"),
    "admin:core_securityevent_change": rule(Kind.ADMIN, get={AD}, why="read-only: view, never change"),
    "admin:api_apitoken_change": rule(Kind.ADMIN, get={AD}, why="a token is viewed or revoked, never edited"),
    "admin:core_securityevent_history": rule(Kind.ADMIN, get={AD}, post={AD}, why="the admin's history page"),
    "admin:core_securityevent_add": rule(Kind.ADMIN, why="read-only event log"),
    "admin:core_securityevent_delete": rule(Kind.ADMIN, why="read-only, append-only event log"),
    # Changes to staff access, read-only in the admin; administrators decide service managers' requests with the
    # list's approve and refuse actions (a POST to the list).
    "admin:core_rolechangerequest_changelist": rule(
        Kind.ADMIN, get={AD}, post={AD}, why="read-only list; approve and refuse actions"
    ),
    "admin:core_rolechangerequest_change": rule(Kind.ADMIN, get={AD}, why="read-only: view, never change"),
    "admin:core_rolechangerequest_history": rule(Kind.ADMIN, get={AD}, post={AD}, why="the admin's history page"),
    "admin:core_rolechangerequest_add": rule(Kind.ADMIN, why="changes are asked for on the staff record"),
    "admin:core_rolechangerequest_delete": rule(Kind.ADMIN, why="the record of changes to staff access is kept"),
    "admin:autocomplete": rule(Kind.ADMIN, why="no autocomplete fields are configured: refused to everyone"),
    "admin:view_on_site": rule(
        Kind.ADMIN,
        get=NOBODY,
        post=NOBODY,
        why="no case data for administrators: must not confirm a participant exists",
    ),
    "path:admin/(?P<url>.*)$": rule(Kind.ADMIN, why="catch-all: 404 for administrators, sign-in for others"),
}

# The Django admin's generated routes, by prefix (the longest matching prefix wins; an explicit row above wins over
# any prefix). Administrators configure staff, sites, teams and benefit rates (DESIGN §3: configuration, no case
# data); the models the service does not configure there (groups, task results, authenticator devices, lockout
# records) are refused to everyone, administrators included.
_ADMIN = rule(Kind.ADMIN, get={AD}, post={AD}, why="configuration: administrators only")
_ADMIN_NOBODY = rule(Kind.ADMIN, why="not configured through the admin: refused to everyone")
PREFIX_RULES: dict[str, Rule] = {
    "admin:": _ADMIN,
    "path:admin/": _ADMIN,  # the admin's unnamed "<object id>/" redirects to the change page
    "admin:auth_group_": _ADMIN_NOBODY,
    "admin:django_tasks_database_": _ADMIN_NOBODY,
    "admin:otp_totp_": _ADMIN_NOBODY,
    "admin:axes_": _ADMIN_NOBODY,
    # Service-account tokens and the evaluation's random-allocation settings: administrators.
    "admin:api_apitoken_": rule(Kind.ADMIN, get={AD}, post={AD}, why="service-account API tokens"),
    "admin:evaluation_trialconfiguration_": rule(Kind.ADMIN, get={AD}, post={AD}, why="trial configuration"),
}


def rule_for(key: str) -> Rule | None:
    if key in ROUTES:
        return ROUTES[key]
    matches = [prefix for prefix in PREFIX_RULES if key.startswith(prefix)]
    return PREFIX_RULES[max(matches, key=len)] if matches else None
