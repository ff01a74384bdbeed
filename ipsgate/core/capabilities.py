"""Who may do what: the one role → capability table.

Every "may this role …?" question in the service is answered here, through `capabilities_for(user)`: views refuse
a page (403) when a capability is missing, services refuse a write, the navigation and the templates show a link
only with the capability its page checks (`{% if can.see_offence_data %}`, from the `capabilities` context
processor), and the API's resource policy (`api/policy.py`) and the field policy (`core/field_policy.py`) are read
off the same table.

*Which* participants, teams and sites a user reaches is scope, not capability: `Participant.objects.visible_to` and
`core.scoping` decide it (404 outside it). This table decides what a role may do with what is in its scope.

    capability                   S  TL SM C  P  AN AD M
    see_case_records             x  x  x  x  x           participant list and page, profile, needs, data protection
    see_case_history             x  x  x  x              referrals, support contacts and free-text case notes
    see_health_data              x  x     x              adjustments, mental health care links, health needs
    see_offence_data             x  x                    convictions, licence conditions, disclosure advice
    edit_participants            x  x  x                 change a case, and its working pages (applications, jobs)
    edit_health_data             x  x                    change health details
    take_referrals               x  x  x                 record a new referral
    find_matching_vacancies      x  x                    matching (weighs convictions against vacancies)
    manage_legal_hold               x  x                 set or lift a legal hold
    export_subject_access           x  x                 the subject-access export (everything about the person)
    see_contact_details          x  x  x                 the person's phone, email and address (to contact them)
    see_my_caseload              x  x  x  x  x           "My caseload" (people allocated to the user)
    use_todo                     x  x  x                 "To do" (tasks across the user's own caseload)
    see_team_caseloads              x  x                 specialists' caseloads and the team's To do
    reallocate_caseloads            x  x                 move people from one specialist to another (with a reason)
    see_service_overview            x  x        x  x     figures by site, without names
    read_employers               x  x  x  x  x     x     employers and vacancies
    edit_employers               x  x  x                 change employers, contacts and vacancies
    see_employment_register      x  x  x  x  x  x  x     employers and counts by prison, no participant data
    see_employer_contacts_report    x  x                 employer contacts per specialist, offer conversion
    read_partners                x  x  x  x  x           the directory of partner organisations (no participant data)
    manage_partners                 x  x                 add, change and close partners in the directory
    read_fidelity                x  x  x        x        IPS-25 fidelity reviews
    record_fidelity                 x  x                 record and change fidelity reviews
    see_all_teams                      x        x        every team's reviews and figures (not only one's own)
    see_outcomes                    x  x        x        outcome dashboards and exports
    see_figures_by_specialist       x  x                 outcome figures grouped by or filtered to a specialist
    see_evaluation                  x  x        x        the IPS-versus-service-as-usual evaluation
    see_small_numbers            x  x  x  x  x           counts under 5 shown (others see "<5")
    manage_mentors                  x  x                 peer mentors: their records, vetting and capacity
    read_own_mentees                                  x  a mentor's current mentees: name, phase, sessions, shared goals
    log_own_mentoring_sessions                        x  a mentor logs their own sessions with their current mentees
    use_configuration                              x     the configuration screens (Django admin)
    decide_staff_access                x                 the security log: decide administrators' staff-access requests

The three `menu_*` flags are not permissions: they say which of the pages a role may open its navigation lists
(a specialist's work starts from their caseload and To do, a team leader's from the team caseloads, the service
manager's, analyst's and administrator's from the service overview). Each implies the page's capability.

`tests/security/test_capabilities.py` checks every column against the declared authorization policy
(`tests/security/policy.py`), so the code and the policy cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import TYPE_CHECKING

from .choices import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


@dataclass(frozen=True)
class Capabilities:
    """What one signed-in, active member of staff may do. Every flag is False unless the role's row sets it."""

    # Participants' records, within the user's scope.
    see_case_records: bool = False
    see_case_history: bool = False
    see_health_data: bool = False
    see_offence_data: bool = False
    edit_participants: bool = False
    edit_health_data: bool = False
    take_referrals: bool = False
    find_matching_vacancies: bool = False
    manage_legal_hold: bool = False
    export_subject_access: bool = False
    see_contact_details: bool = False
    # Caseloads and service lists.
    see_my_caseload: bool = False
    use_todo: bool = False
    see_team_caseloads: bool = False
    reallocate_caseloads: bool = False
    see_service_overview: bool = False
    # Employers and vacancies (shared across the service, no case data).
    read_employers: bool = False
    edit_employers: bool = False
    see_employment_register: bool = False
    see_employer_contacts_report: bool = False
    # Partner organisations people are signposted to (issue 18; no case data).
    read_partners: bool = False
    manage_partners: bool = False
    # Evidence: fidelity, outcomes, the evaluation.
    read_fidelity: bool = False
    record_fidelity: bool = False
    see_all_teams: bool = False
    see_outcomes: bool = False
    see_figures_by_specialist: bool = False
    see_evaluation: bool = False
    see_small_numbers: bool = False
    # Peer mentoring (issue 17).
    manage_mentors: bool = False
    read_own_mentees: bool = False
    log_own_mentoring_sessions: bool = False
    # Configuration.
    use_configuration: bool = False
    decide_staff_access: bool = False
    # Where the navigation starts (presentation, not permission: each implies its page's capability).
    menu_own_caseload: bool = False
    menu_team_caseloads: bool = False
    menu_service_overview: bool = False


NOTHING = Capabilities()

CAPABILITY_NAMES: tuple[str, ...] = tuple(f.name for f in fields(Capabilities))

# DESIGN §3 and issue 7 §2. Specialists, team leaders and service managers hold and change cases; clinicians read
# (their site) with health details; probation practitioners read a limited view (the people naming them, without
# the working record); analysts see aggregates only, no names; administrators configure, no case data. Offence
# details only for the roles that give disclosure advice (specialists, team leaders); health details for them and
# clinicians. Service managers oversee the service without either (a subject-access export is the exception: the
# person is entitled to everything, and fulfilling that request is a manager's duty).
TABLE: MappingProxyType[str, Capabilities] = MappingProxyType(
    {
        Role.SPECIALIST: Capabilities(
            see_case_records=True,
            see_case_history=True,
            see_health_data=True,
            see_offence_data=True,
            edit_participants=True,
            edit_health_data=True,
            take_referrals=True,
            find_matching_vacancies=True,
            see_contact_details=True,
            see_my_caseload=True,
            use_todo=True,
            read_employers=True,
            edit_employers=True,
            see_employment_register=True,
            read_fidelity=True,
            see_small_numbers=True,
            menu_own_caseload=True,
            read_partners=True,
        ),
        Role.TEAM_LEADER: Capabilities(
            see_case_records=True,
            see_case_history=True,
            see_health_data=True,
            see_offence_data=True,
            edit_participants=True,
            edit_health_data=True,
            take_referrals=True,
            find_matching_vacancies=True,
            manage_legal_hold=True,
            export_subject_access=True,
            see_contact_details=True,
            see_my_caseload=True,
            use_todo=True,
            see_team_caseloads=True,
            reallocate_caseloads=True,
            see_service_overview=True,
            read_employers=True,
            edit_employers=True,
            see_employment_register=True,
            see_employer_contacts_report=True,
            read_fidelity=True,
            record_fidelity=True,
            see_outcomes=True,
            see_figures_by_specialist=True,
            see_evaluation=True,
            see_small_numbers=True,
            manage_mentors=True,
            menu_team_caseloads=True,
            read_partners=True,
            manage_partners=True,
        ),
        Role.SERVICE_MANAGER: Capabilities(
            see_case_records=True,
            see_case_history=True,
            edit_participants=True,
            take_referrals=True,
            manage_legal_hold=True,
            export_subject_access=True,
            see_contact_details=True,
            see_my_caseload=True,
            use_todo=True,
            see_team_caseloads=True,
            reallocate_caseloads=True,
            see_service_overview=True,
            read_employers=True,
            edit_employers=True,
            see_employment_register=True,
            see_employer_contacts_report=True,
            read_fidelity=True,
            record_fidelity=True,
            see_all_teams=True,
            see_outcomes=True,
            see_figures_by_specialist=True,
            see_evaluation=True,
            see_small_numbers=True,
            manage_mentors=True,
            decide_staff_access=True,
            menu_service_overview=True,
            read_partners=True,
            manage_partners=True,
        ),
        Role.CLINICIAN: Capabilities(
            see_case_records=True,
            see_case_history=True,
            see_health_data=True,
            see_my_caseload=True,
            read_employers=True,
            see_employment_register=True,
            see_small_numbers=True,
            read_partners=True,
        ),
        Role.PROBATION_PRACTITIONER: Capabilities(
            see_case_records=True,
            see_my_caseload=True,
            read_employers=True,
            see_employment_register=True,
            see_small_numbers=True,
            read_partners=True,
        ),
        Role.ANALYST: Capabilities(
            see_service_overview=True,
            see_employment_register=True,
            read_fidelity=True,
            see_all_teams=True,
            see_outcomes=True,
            see_evaluation=True,
            menu_service_overview=True,
        ),
        Role.ADMINISTRATOR: Capabilities(
            see_service_overview=True,
            read_employers=True,
            see_employment_register=True,
            use_configuration=True,
            menu_service_overview=True,
        ),
        # Issue 17 §2: a peer mentor sees only their current mentees' narrow view (no case pages, no lists, no
        # employers) and logs their own sessions.
        Role.MENTOR: Capabilities(
            read_own_mentees=True,
            log_own_mentoring_sessions=True,
        ),
    }
)


def capabilities_for(user: User | AnonymousUser | None) -> Capabilities:
    """What this user may do. Anonymous and inactive users, and a role the table does not know, may do nothing."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    return TABLE.get(getattr(user, "role", ""), NOTHING)


def roles_with(capability: str) -> frozenset[Role]:
    """The roles that have a capability, e.g. to choose staff who may own an employer relationship."""
    if capability not in CAPABILITY_NAMES:
        raise ValueError(f"No such capability: {capability!r}")
    return frozenset(Role(role) for role, can in TABLE.items() if getattr(can, capability))


def roles_text(capability: str) -> str:
    """The roles that have a capability, in words and in the order of `Role`: "employment specialists and team
    leaders" (for text that must say who, such as the API schema)."""
    holders = roles_with(capability)
    names = [f"{role.label.lower()}s" for role in Role if role in holders]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
