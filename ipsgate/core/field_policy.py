"""Which groups of participant fields a role may read, for pages, exports and the API alike: each group is one
capability in `core.capabilities`, so this module only names the groups.

`core.scoping` decides *which participants* a user may see; this decides *which parts* of their records.

- CASE: identity, custody, release dates, allocation and whether they are in work (`see_case_records`). Every
  role with case records, including probation's limited read-only view of the people they are named on.
- CASE_HISTORY: how the case is being worked (referrals, support contacts, episode and referral flags, who the
  probation practitioner is) (`see_case_history`). The case roles except probation: a probation practitioner's
  view is limited to what they need to manage a licence (who, where, custody, release and work).
- HEALTH: health details (adjustments at work, mental health care links) (`see_health_data`).
- OFFENCE: conviction details and disclosure preferences (`see_offence_data`).

Analysts and administrators get no group: aggregates and configuration only.
"""

from __future__ import annotations

from enum import StrEnum

from .capabilities import capabilities_for
from .models import User


class FieldGroup(StrEnum):
    CASE = "case"
    CASE_HISTORY = "case_history"
    HEALTH = "health"
    OFFENCE = "offence"


def field_groups_for(user: User) -> frozenset[FieldGroup]:
    """The field groups this user may read, for any participant already in their scope."""
    can = capabilities_for(user)
    held = {
        FieldGroup.CASE: can.see_case_records,
        FieldGroup.CASE_HISTORY: can.see_case_history,
        FieldGroup.HEALTH: can.see_health_data,
        FieldGroup.OFFENCE: can.see_offence_data,
    }
    return frozenset(group for group, allowed in held.items() if allowed)
