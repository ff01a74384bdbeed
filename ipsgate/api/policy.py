"""Who may call each API resource: one capability each, from the table the pages use (`core.capabilities`).

A caller without a resource's capability gets 403 for the whole resource. Which records they then see comes from
`core.scoping` (404 outside it) and which fields from `core.field_policy`.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from ipsgate.core.capabilities import Capabilities, capabilities_for
from ipsgate.core.models import User


class Resource(StrEnum):
    PARTICIPANTS = "participants"
    REFERRALS = "referrals"
    SUPPORT_CONTACTS = "support-contacts"
    EMPLOYERS = "employers"
    VACANCIES = "vacancies"
    APPLICATIONS = "applications"
    JOBS = "jobs"
    PARTNERS = "partners"
    PARTNER_REFERRALS = "partner-referrals"
    MENTORS = "mentors"
    MENTORING_SESSIONS = "mentoring-sessions"


# Participant-level resources follow the page rules: the participant page (case roles, probation included) shows
# identity, custody and jobs; referrals and support contacts are the working record (not probation's limited view);
# applications have their own page for the roles that work the case (`jobs:work`). Employers and vacancies hold
# no participant data and are read by every staff role except analysts.
READ_POLICY: dict[Resource, Callable[[Capabilities], bool]] = {
    Resource.PARTICIPANTS: lambda can: can.see_case_records,
    Resource.REFERRALS: lambda can: can.see_case_history,
    Resource.SUPPORT_CONTACTS: lambda can: can.see_case_history,
    Resource.APPLICATIONS: lambda can: can.edit_participants,
    Resource.JOBS: lambda can: can.see_case_records,
    Resource.EMPLOYERS: lambda can: can.read_employers,
    Resource.VACANCIES: lambda can: can.read_employers,
    # Issue 18: the partner directory (no participant data) as its pages; referrals out are the working record, as
    # the person's referrals-to-partners page (health-pathway referrals only for health roles: the viewset's query).
    Resource.PARTNERS: lambda can: can.read_partners,
    Resource.PARTNER_REFERRALS: lambda can: can.see_case_history,
    # Peer mentoring (issue 17 §7), as its pages: mentor records (with their vetting) for the roles that keep them;
    # sessions are the working record, like support contacts (the participant's timeline).
    Resource.MENTORS: lambda can: can.manage_mentors,
    Resource.MENTORING_SESSIONS: lambda can: can.see_case_history,
}


def may_read(user: User, resource: Resource) -> bool:
    return READ_POLICY[resource](capabilities_for(user))
