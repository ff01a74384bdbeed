"""Writes about peer mentors. Each service owns its transaction and its audit event.

A mentor record holds the mentor's vetting, so every create and change is audited (it names no participant).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ipsgate.core.audit import AuditTarget, audit_record
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction
from ipsgate.core.models import User

from .models import Mentor

MENTOR_FIELDS = (
    "name", "organisation", "organisation_kind", "lived_experience", "training", "trained_on", "iag_level3",
    "dbs_level", "dbs_checked_on", "vetting_expires", "postcode_districts", "capacity", "gender", "languages",
    "interests", "other_interests", "status", "status_since",
)  # fmt: skip
MENTOR_RELATIONS = ("cleared_prisons", "sites")


def _require_manager(actor: User) -> None:
    if not capabilities_for(actor).manage_mentors:
        raise ValidationError("Your role cannot change mentor records.", code="not_allowed")


def mentor_target(mentor: Mentor) -> AuditTarget:
    return AuditTarget("mentor", str(mentor.pk), None)


@transaction.atomic
def mentor_save(*, actor: User, data: dict[str, Any], mentor: Mentor | None = None) -> Mentor:
    """Add or change a mentor. Vetting must not run out before the DBS check was done."""
    _require_manager(actor)
    unknown = set(data) - set(MENTOR_FIELDS) - set(MENTOR_RELATIONS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    creating = mentor is None
    mentor = mentor or Mentor()
    for name in MENTOR_FIELDS:
        if name in data:
            setattr(mentor, name, data[name])
    mentor.interests = sorted(set(mentor.interests))
    if mentor.vetting_expires and mentor.dbs_checked_on and mentor.vetting_expires < mentor.dbs_checked_on:
        raise ValidationError(
            {"vetting_expires": "Vetting expiry must be on or after the date of the DBS check"}, code="before_check"
        )
    mentor.full_clean()
    mentor.save()
    for name in MENTOR_RELATIONS:
        if name in data:
            related: Sequence[Any] = data[name]
            getattr(mentor, name).set(related)
    audit_record(
        user=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        target=mentor_target(mentor),
    )
    return mentor
