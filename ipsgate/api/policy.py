"""Who may call each API resource: the table the authorization matrix reads.

Each resource needs one predicate; a caller who fails it gets 403 for the whole resource. Which records they then
see comes from `core.scoping` (404 outside it) and which fields from `core.field_policy`.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from ipsgate.core.field_policy import FieldGroup, field_groups_for
from ipsgate.core.models import User
from ipsgate.core.scoping import may_edit_participants
from ipsgate.employers.services import may_read_employers


class Resource(StrEnum):
    PARTICIPANTS = "participants"
    REFERRALS = "referrals"
    SUPPORT_CONTACTS = "support-contacts"
    EMPLOYERS = "employers"
    VACANCIES = "vacancies"
    APPLICATIONS = "applications"
    JOBS = "jobs"


def _has(group: FieldGroup) -> Callable[[User], bool]:
    return lambda user: group in field_groups_for(user)


# Participant-level resources follow the page rules: the participant page (case roles, probation included) shows
# identity, custody and jobs; referrals and support contacts are the working record (not probation's limited view);
# applications have their own page for the roles that work the case (`jobs:work`). Employers and vacancies hold
# no participant data and are read by every staff role except analysts (`employers.services.may_read_employers`).
READ_POLICY: dict[Resource, Callable[[User], bool]] = {
    Resource.PARTICIPANTS: _has(FieldGroup.CASE),
    Resource.REFERRALS: _has(FieldGroup.CASE_HISTORY),
    Resource.SUPPORT_CONTACTS: _has(FieldGroup.CASE_HISTORY),
    Resource.APPLICATIONS: may_edit_participants,
    Resource.JOBS: _has(FieldGroup.CASE),
    Resource.EMPLOYERS: may_read_employers,
    Resource.VACANCIES: may_read_employers,
}


def may_read(user: User, resource: Resource) -> bool:
    return user.is_authenticated and user.is_active and READ_POLICY[resource](user)
