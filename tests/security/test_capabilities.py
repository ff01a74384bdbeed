"""The code's capability table (`ipsgate.core.capabilities`) against the declared policy (`policy.py`).

For every capability, the roles that hold it must be exactly the roles the policy declares for it, and every route
the capability gates must be declared, for each method it accepts, for exactly those roles. The API's resource
policy and the field policy, both read off the table, are checked the same way, and so is the API schema's text
about who sees which fields.
"""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from ipsgate.api.policy import Resource, may_read
from ipsgate.core.capabilities import CAPABILITY_NAMES, capabilities_for, roles_text, roles_with
from ipsgate.core.choices import Role
from ipsgate.core.field_policy import FieldGroup, field_groups_for
from ipsgate.core.models import User

from . import policy
from .policy import (
    CASE_HISTORY_READERS,
    CASE_READERS,
    CASE_WRITERS,
    CONTACT_DETAIL_READERS,
    EMPLOYER_READERS,
    EMPLOYER_WRITERS,
    FIDELITY_READERS,
    FIDELITY_WRITERS,
    HEALTH_READERS,
    HEALTH_WRITERS,
    MENTOR_MANAGERS,
    OFFENCE_ROLES,
    OUTCOME_READERS,
    OVERSIGHT,
    PAPER_ISSUERS,
    SEES_ALL_TEAMS,
    SMALL_NUMBER_READERS,
    SPECIALIST_FIGURE_READERS,
)

# capability -> (the policy's roles for it, the routes it gates: each must be declared for exactly those roles).
DECLARED: dict[str, tuple[frozenset[Role], tuple[str, ...]]] = {
    "see_case_records": (
        CASE_READERS,
        (
            "people:participant-list",
            "people:participant-detail",
            "journey:profile",
            "journey:needs",
            "privacy:data-protection",
            "api:participant-list",
            "api:participant-detail",
            "api:job-list",
            "api:job-detail",
        ),
    ),
    "see_case_history": (
        CASE_HISTORY_READERS,
        (
            "api:referral-list",
            "api:referral-detail",
            "api:support-contact-list",
            "api:support-contact-detail",
            "journey:appointments",
            "partners:referrals",
            "api:partner-referral-list",
            "api:partner-referral-detail",
        ),
    ),
    "see_health_data": (HEALTH_READERS, ()),
    "see_offence_data": (
        OFFENCE_ROLES,
        (
            "advice:disclosure",
            "advice:conviction-add",
            "advice:conviction-edit",
            "advice:conviction-delete",
            "advice:statement-create",
            "advice:statement",
            "advice:licence-conditions",
            "advice:licence-condition-delete",
        ),
    ),
    "edit_participants": (
        CASE_WRITERS,
        (
            "people:participant-edit",
            "people:referral-decision",
            "people:episode-close",
            "journey:profile-section",
            "journey:need-add",
            "journey:contact-add",
            "journey:custody-event-add",
            "journey:appointment-add",
            "journey:appointment-edit",
            "journey:appointment-outcome",
            "journey:checklist-item",
            "journey:handover",
            "journey:handover-pick-up",
            "advice:better-off",
            "jobs:work",
            "jobs:application-create",
            "jobs:job-detail",
            "privacy:basis-consent",
            "mentoring:participant-mentoring",
            "mentoring:match-end",
            "mentoring:match-goals",
            "mentoring:session-add",
            "partners:referral-create",
            "partners:referral-update",
            "api:application-list",
            "api:application-detail",
        ),
    ),
    "edit_health_data": (HEALTH_WRITERS, ("journey:health-care",)),
    "take_referrals": (CASE_WRITERS, ("people:referral-create", "people:referral-repeat")),
    "find_matching_vacancies": (OFFENCE_ROLES, ("employers:matching",)),
    "manage_legal_hold": (OVERSIGHT, ("privacy:legal-hold",)),
    "export_subject_access": (OVERSIGHT, ("privacy:subject-access", "privacy:subject-access-json")),
    "see_contact_details": (CONTACT_DETAIL_READERS, ("people:contact-details",)),
    "see_my_caseload": (CASE_READERS, ("people:my-caseload",)),
    "use_todo": (CASE_WRITERS, ("journey:todo",)),
    "see_team_caseloads": (OVERSIGHT, ("people:team-caseloads", "people:team-todo")),
    "reallocate_caseloads": (OVERSIGHT, ("people:reallocate",)),
    "see_service_overview": (
        policy.ROUTES["people:service-overview"].allow[policy.GET],
        (
            "people:service-overview",
            "partners:service-map-index",
            "partners:service-map",
            "partners:service-map-csv",
            "partners:service-map-xlsx",
        ),
    ),
    "read_employers": (
        EMPLOYER_READERS,
        (
            "employers:employer-list",
            "employers:employer-detail",
            "employers:vacancy-list",
            "employers:vacancy-detail",
            "api:employer-list",
            "api:employer-detail",
            "api:vacancy-list",
            "api:vacancy-detail",
        ),
    ),
    "edit_employers": (
        EMPLOYER_WRITERS,
        (
            "employers:employer-create",
            "employers:employer-edit",
            "employers:person-add",
            "employers:contact-add",
            "employers:vacancy-create",
            "employers:vacancy-edit",
        ),
    ),
    "see_employment_register": (
        policy.STAFF_ROLES,
        ("employers:register-index", "employers:register", "employers:register-csv"),
    ),
    "see_employer_contacts_report": (OVERSIGHT, ("employers:contacts-report",)),
    "issue_papers": (
        PAPER_ISSUERS,
        (
            "papers:index",
            "papers:step-add",
            "papers:plan",
            "papers:cv",
            "papers:letter",
            "papers:version",
            "papers:version-pdf",
            "papers:version-docx",
        ),
    ),
    "manage_mentors": (
        MENTOR_MANAGERS,
        ("mentoring:mentor-list", "mentoring:mentor-create", "mentoring:mentor-detail", "mentoring:mentor-edit"),
    ),
    "read_own_mentees": (policy.MENTORS, ("mentoring:my-mentees", "mentoring:mentee")),
    "log_own_mentoring_sessions": (policy.MENTORS, ("mentoring:mentee-session-add",)),
    "read_fidelity": (FIDELITY_READERS, ("fidelity:team-list", "fidelity:team-reviews", "fidelity:review-detail")),
    "record_fidelity": (FIDELITY_WRITERS, ("fidelity:review-create", "fidelity:review-edit")),
    "see_all_teams": (SEES_ALL_TEAMS, ()),
    "see_outcomes": (
        OUTCOME_READERS,
        ("outcomes:dashboard", "outcomes:export-csv", "outcomes:export-xlsx", "api:outcomes"),
    ),
    "see_figures_by_specialist": (SPECIALIST_FIGURE_READERS, ()),
    "see_evaluation": (OUTCOME_READERS, ("evaluation:report",)),
    "see_small_numbers": (SMALL_NUMBER_READERS, ()),
    "read_partners": (
        policy.PARTNER_READERS,
        (
            "partners:partner-list",
            "partners:partner-detail",
            "partners:export-csv",
            "partners:export-xlsx",
            "partners:export-oruk",
            "partners:prison-services",
            "api:partner-list",
            "api:partner-detail",
        ),
    ),
    "manage_partners": (policy.PARTNER_KEEPERS, ("partners:partner-create", "partners:partner-edit")),
    "import_records": (policy.IMPORTERS, ("imports:start", "imports:confirm", "imports:template", "imports:export")),
    "use_configuration": (frozenset({Role.ADMINISTRATOR}), ("admin:index", "admin:core_user_changelist")),
    "decide_staff_access": (frozenset({Role.SERVICE_MANAGER}), ("security-log", "role-change-decision")),
}

# Navigation flags, not permissions: each must imply the capability of the page it lists.
MENU_IMPLIES = {
    "menu_own_caseload": ("see_my_caseload", "use_todo"),
    "menu_team_caseloads": ("see_team_caseloads",),
    "menu_service_overview": ("see_service_overview",),
}


def _user(role: Role) -> User:
    return User(username=f"x-{role.value}", role=role, is_active=True)


def test_every_capability_is_checked_against_the_policy():
    assert set(DECLARED) | set(MENU_IMPLIES) == set(CAPABILITY_NAMES)


@pytest.mark.parametrize("capability", sorted(DECLARED))
def test_the_roles_holding_a_capability_are_the_declared_roles(capability):
    declared, routes = DECLARED[capability]
    assert roles_with(capability) == declared
    for key in routes:
        rule = policy.rule_for(key)
        assert rule is not None, key
        assert rule.allow, f"{key}: no method allowed"
        for method, roles in rule.allow.items():
            assert roles == declared, (
                f"{key} {method}: the policy allows {sorted(roles)}, {capability} has {sorted(declared)}"
            )


@pytest.mark.parametrize("flag", sorted(MENU_IMPLIES))
def test_a_navigation_flag_implies_the_capability_of_its_page(flag):
    for needed in MENU_IMPLIES[flag]:
        assert roles_with(flag) <= roles_with(needed), f"{flag} without {needed}"
    assert roles_with(flag), flag


def test_the_table_is_consistent():
    """Changing health data needs seeing it and changing the case; matching weighs offence data; seeing every team's
    figures needs the pages that show them; recording fidelity needs reading it."""
    for role in Role:
        can = capabilities_for(_user(role))
        assert can.edit_health_data == (can.see_health_data and can.edit_participants), role
        assert not can.find_matching_vacancies or can.see_offence_data, role
        assert not can.see_offence_data or can.edit_participants, role  # offence data only for those who advise
        assert not can.see_case_history or can.see_case_records, role
        assert not can.record_fidelity or can.read_fidelity, role
        assert not can.see_all_teams or can.read_fidelity, role
        assert not can.edit_employers or can.read_employers, role


API_LIST_ROUTES = {
    Resource.PARTICIPANTS: "api:participant-list",
    Resource.REFERRALS: "api:referral-list",
    Resource.SUPPORT_CONTACTS: "api:support-contact-list",
    Resource.EMPLOYERS: "api:employer-list",
    Resource.VACANCIES: "api:vacancy-list",
    Resource.APPLICATIONS: "api:application-list",
    Resource.JOBS: "api:job-list",
    Resource.PARTNERS: "api:partner-list",
    Resource.PARTNER_REFERRALS: "api:partner-referral-list",
    Resource.MENTORS: "api:mentor-list",
    Resource.MENTORING_SESSIONS: "api:mentoring-session-list",
}


@pytest.mark.parametrize("resource", list(Resource), ids=[r.value for r in Resource])
def test_api_resource_policy_matches_the_declared_routes(resource):
    declared = policy.ROUTES[API_LIST_ROUTES[resource]].allow[policy.GET]
    assert {role for role in Role if may_read(_user(role), resource)} == declared
    assert not may_read(User(role=Role.SPECIALIST, is_active=False), resource)  # inactive: nothing


def test_field_groups_follow_the_declared_policy():
    expected = {
        FieldGroup.CASE: CASE_READERS,
        FieldGroup.CASE_HISTORY: CASE_HISTORY_READERS,
        FieldGroup.HEALTH: HEALTH_READERS,
        FieldGroup.OFFENCE: OFFENCE_ROLES,
    }
    for group, roles in expected.items():
        assert {role for role in Role if group in field_groups_for(_user(role))} == roles, group


def test_api_schema_says_who_sees_health_and_offence_fields():
    participant = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]["Participant"]
    offence = participant["properties"]["offence"]["description"]
    health = participant["properties"]["health"]["description"]
    assert "(employment specialists and team leaders)" in offence
    assert "manager" not in offence  # service managers do not see offence data
    assert "(employment specialists, team leaders and clinicians)" in health
    assert roles_text("see_offence_data") in offence and roles_text("see_health_data") in health
