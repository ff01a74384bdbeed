"""The service navigation, chosen by role."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from .choices import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


_NAV_BY_ROLE: dict[str, list[tuple[str, str]]] = {
    Role.SPECIALIST: [
        ("My caseload", "people:my-caseload"),
        ("To do", "journey:todo"),
        ("Participants", "people:participant-list"),
        ("New referral", "people:referral-create"),
    ],
    Role.TEAM_LEADER: [
        ("Team caseloads", "people:team-caseloads"),
        ("Participants", "people:participant-list"),
        ("New referral", "people:referral-create"),
    ],
    Role.SERVICE_MANAGER: [
        ("Participants", "people:participant-list"),
        ("New referral", "people:referral-create"),
        ("Service overview", "people:service-overview"),
        ("Security log", "security-log"),
    ],
    Role.CLINICIAN: [("Participants", "people:participant-list")],
    Role.PROBATION_PRACTITIONER: [("Participants", "people:participant-list")],
    Role.ANALYST: [("Service overview", "people:service-overview")],
    Role.ADMINISTRATOR: [("Service overview", "people:service-overview"), ("Configuration", "admin:index")],
}


# Employers are shared across the service: every staff role but analysts (aggregates only) reads them.
_EMPLOYER_NAV = [("Employers", "employers:employer-list"), ("Vacancies", "employers:vacancy-list")]


# Evidence pages, for the roles that oversee a team or the service: fidelity reviews are recorded by team leaders
# (their team) and service managers (any team); outcome dashboards and the IPS-versus-service-as-usual evaluation
# are aggregates, so analysts see them too.
_EVIDENCE_NAV: list[tuple[str, str, frozenset[str]]] = [
    ("Fidelity reviews", "fidelity:team-list", frozenset({Role.TEAM_LEADER, Role.SERVICE_MANAGER})),
    ("Outcomes", "outcomes:dashboard", frozenset({Role.TEAM_LEADER, Role.SERVICE_MANAGER, Role.ANALYST})),
    ("Evaluation", "evaluation:report", frozenset({Role.TEAM_LEADER, Role.SERVICE_MANAGER, Role.ANALYST})),
]


def navigation(request: HttpRequest) -> dict[str, list[NavItem]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    if not getattr(user, "is_verified", lambda: False)():
        return {"nav_items": []}  # nothing to navigate to until the second factor is done
    items = []
    role = getattr(user, "role", "")
    entries = _NAV_BY_ROLE.get(role, []) + (_EMPLOYER_NAV if role in _NAV_BY_ROLE and role != Role.ANALYST else [])
    entries += [(label, name) for label, name, roles in _EVIDENCE_NAV if role in roles]
    for label, name in entries:
        url = reverse(name)
        items.append(NavItem(label, url, request.path.startswith(url) if url != "/" else request.path == "/"))
    return {"nav_items": items}
