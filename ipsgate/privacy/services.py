"""Writes to data protection records: lawful basis and consent, legal hold. Each owns its transaction and audit."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ipsgate.core.audit import AuditTarget, audit_record
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction
from ipsgate.core.models import User
from ipsgate.people.models import Participant

from .choices import ChangeKind, MentorSection, ResearchConsent
from .models import DataProtectionChange, DataProtectionRecord

BASIS_CONSENT_FIELDS = (
    "lawful_basis",
    "health_condition",
    "offence_condition",
    "service_consent_date",
    "service_consent_method",
    "research_consent",
    "research_consent_date",
    "privacy_notice_date",
    "mentor_sections",
)


def data_protection_target(participant_id: int) -> AuditTarget:
    return AuditTarget("data_protection", str(participant_id), participant_id)


def _shown(record: DataProtectionRecord, name: str) -> str:
    value = getattr(record, name)
    field = DataProtectionRecord._meta.get_field(name)
    if value in (None, "") and name != "mentor_sections":
        return "Not recorded"
    if getattr(field, "choices", None):
        return str(getattr(record, f"get_{name}_display")())
    if name == "mentor_sections":
        if not value:
            return "None"
        labels = dict(MentorSection.choices)
        return ", ".join(labels.get(code, code) for code in value)
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    return str(value)


def _label(name: str) -> str:
    field = DataProtectionRecord._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


def _locked_record(participant: Participant) -> DataProtectionRecord:
    DataProtectionRecord.objects.get_or_create(participant=participant)
    return DataProtectionRecord.objects.select_for_update().get(participant=participant)


@transaction.atomic
def basis_consent_save(*, actor: User, participant: Participant, data: dict[str, Any]) -> list[str]:
    """Record the lawful basis, conditions and consent; returns the names of fields that changed.

    Each change is kept in the record's history with who made it and when, showing before and after.
    """
    if not capabilities_for(actor).edit_participants:  # the roles that change a case record its basis
        raise PermissionDenied
    unknown = set(data) - set(BASIS_CONSENT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    record = _locked_record(participant)
    before = {name: _shown(record, name) for name in BASIS_CONSENT_FIELDS}
    changed = [name for name, value in data.items() if getattr(record, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(record, name, data[name])
    if record.research_consent == ResearchConsent.NOT_ASKED:
        record.research_consent_date = None
    now = timezone.now()
    record.updated_by = actor
    record.updated_at = now
    record.full_clean()
    record.save()
    DataProtectionChange.objects.create(
        record=record,
        kind=ChangeKind.BASIS_AND_CONSENT,
        changes={
            _label(name): [
                before[name],
                _shown(record, name),
            ]
            for name in changed
        },
        changed_by=actor,
        changed_at=now,
    )
    audit_record(user=actor, action=AuditAction.UPDATE, target=data_protection_target(participant.pk))
    return changed


@transaction.atomic
def legal_hold_set(*, actor: User, participant: Participant, reason: str) -> DataProtectionRecord:
    """Put the record on legal hold: the retention policy will not anonymise it while the hold stands."""
    if not capabilities_for(actor).manage_legal_hold:
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the record must be kept"}, code="required")
    record = _locked_record(participant)
    if record.legal_hold:
        raise ValidationError("This record is already on legal hold.", code="already_held")
    now = timezone.now()
    record.legal_hold = True
    record.legal_hold_reason = reason
    record.legal_hold_set_by = actor
    record.legal_hold_set_at = now
    record.full_clean()
    record.save()
    DataProtectionChange.objects.create(
        record=record, kind=ChangeKind.HOLD_SET, reason=reason, changed_by=actor, changed_at=now
    )
    audit_record(user=actor, action=AuditAction.UPDATE, target=data_protection_target(participant.pk))
    return record


@transaction.atomic
def legal_hold_lift(*, actor: User, participant: Participant, reason: str) -> DataProtectionRecord:
    """Lift a legal hold, with the reason it is no longer needed."""
    if not capabilities_for(actor).manage_legal_hold:
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Enter why the legal hold is no longer needed"}, code="required")
    record = _locked_record(participant)
    if not record.legal_hold:
        raise ValidationError("This record is not on legal hold.", code="not_held")
    now = timezone.now()
    record.legal_hold = False
    record.legal_hold_reason = ""
    record.legal_hold_set_by = None
    record.legal_hold_set_at = None
    record.full_clean()
    record.save()
    DataProtectionChange.objects.create(
        record=record, kind=ChangeKind.HOLD_LIFTED, reason=reason, changed_by=actor, changed_at=now
    )
    audit_record(user=actor, action=AuditAction.UPDATE, target=data_protection_target(participant.pk))
    return record
