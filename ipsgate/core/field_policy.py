"""Which groups of participant fields a role may read: the one place this is decided, for pages, exports and the
API alike.

`core.scoping` decides *which participants* a user may see; this module decides *which parts* of their records.

- CASE: identity, custody, release dates, allocation and whether they are in work. Every role with case records,
  including probation's limited read-only view of the people they are named on.
- CASE_HISTORY: how the case is being worked (referrals, support contacts, episode and referral flags, who the
  probation practitioner is). The case roles except probation: a probation practitioner's view is limited to
  what they need to manage a licence (who, where, custody, release and work).
- HEALTH: health details (adjustments at work, mental health care links): `scoping.may_see_health_data`.
- OFFENCE: conviction details and disclosure preferences: `scoping.may_see_offence_data`.

Analysts and administrators get no group: aggregates and configuration only.
"""

from __future__ import annotations

from enum import StrEnum

from .models import User
from .scoping import may_see_case_notes, may_see_case_records, may_see_health_data, may_see_offence_data


class FieldGroup(StrEnum):
    CASE = "case"
    CASE_HISTORY = "case_history"
    HEALTH = "health"
    OFFENCE = "offence"


def field_groups_for(user: User) -> frozenset[FieldGroup]:
    """The field groups this user may read, for any participant already in their scope."""
    groups: set[FieldGroup] = set()
    if may_see_case_records(user):
        groups.add(FieldGroup.CASE)
    if may_see_case_notes(user):
        groups.add(FieldGroup.CASE_HISTORY)  # the pages' rule for case notes, so probation is limited alike
    if may_see_health_data(user):
        groups.add(FieldGroup.HEALTH)
    if may_see_offence_data(user):
        groups.add(FieldGroup.OFFENCE)
    return frozenset(groups)
