"""The service navigation and the user's capabilities, for every template."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from .capabilities import NOTHING, Capabilities, capabilities_for


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


# Each link is shown only with the capability its page checks, so the navigation never offers a page that would be
# refused. The first three are listed for the roles whose work starts there (the `menu_*` flags), although more
# roles may open them.
_NAV: list[tuple[str, str, Callable[[Capabilities], bool]]] = [
    # A peer mentor's own list (issue 17 §2): their current mentees, and nothing else of the service.
    ("My mentees", "mentoring:my-mentees", lambda can: can.read_own_mentees),
    ("My caseload", "people:my-caseload", lambda can: can.menu_own_caseload and can.see_my_caseload),
    ("To do", "journey:todo", lambda can: can.menu_own_caseload and can.use_todo),
    ("Team caseloads", "people:team-caseloads", lambda can: can.menu_team_caseloads and can.see_team_caseloads),
    ("Team To do", "people:team-todo", lambda can: can.menu_team_caseloads and can.see_team_caseloads),
    ("Participants", "people:participant-list", lambda can: can.see_case_records),
    ("New referral", "people:referral-create", lambda can: can.take_referrals),
    ("Service overview", "people:service-overview", lambda can: can.menu_service_overview and can.see_service_overview),
    ("Configuration", "admin:index", lambda can: can.use_configuration),
    # Employers are shared across the service: every staff role but analysts (aggregates only) reads them.
    ("Employers", "employers:employer-list", lambda can: can.read_employers),
    ("Vacancies", "employers:vacancy-list", lambda can: can.read_employers),
    # The directory of partner organisations people are signposted to (issue 18).
    ("Partners", "partners:partner-list", lambda can: can.read_partners),
    # Evidence pages: fidelity reviews for the roles that record them (team leaders their teams, service managers
    # any team); outcome dashboards and the evaluation are aggregates, so analysts see them too.
    ("Fidelity reviews", "fidelity:team-list", lambda can: can.record_fidelity),
    ("Outcomes", "outcomes:dashboard", lambda can: can.see_outcomes),
    ("Evaluation", "evaluation:report", lambda can: can.see_evaluation),
    # Peer mentors (issue 17): team leaders and service managers keep their records.
    ("Mentors", "mentoring:mentor-list", lambda can: can.manage_mentors),
    # Changes to staff access waiting for a service manager's decision (issue 15).
    ("Security log", "security-log", lambda can: can.decide_staff_access),
]


def _verified_capabilities(request: HttpRequest) -> Capabilities:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return NOTHING
    if not getattr(user, "is_verified", lambda: False)():
        return NOTHING  # nothing to navigate to until the second factor is done
    return capabilities_for(user)


def navigation(request: HttpRequest) -> dict[str, list[NavItem]]:
    can = _verified_capabilities(request)
    items = []
    for label, name, shown in _NAV:
        if not shown(can):
            continue
        url = reverse(name)
        items.append(NavItem(label, url, request.path.startswith(url) if url != "/" else request.path == "/"))
    return {"nav_items": items}


def capabilities(request: HttpRequest) -> dict[str, Capabilities]:
    """`can`: what the signed-in user may do, so a template shows a link only with the capability its page checks
    (`{% if can.see_offence_data %}`)."""
    return {"can": _verified_capabilities(request)}
