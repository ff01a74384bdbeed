"""The subject-access export: everything held about one person, as JSON and as a readable document.

Built from `discovery.related_models()`, so every kind of record linked to the person is included. Values are
shown as recorded; choices by their label; staff by name; another participant (should a row ever name one) only
as "Another person (not shown)". Secrets (password hashes, one-time-password keys, tokens) are never read: the
export walks participant records only, never staff accounts, and skips any field whose name marks it as secret.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from ipsgate.core.models import AuditEvent, User
from ipsgate.people.models import Participant

from .discovery import related_models, select_related_paths

NOT_RECORDED = "Not recorded"
SECRET_NAME_PARTS = ("password", "secret", "token", "otp", "recovery_code", "api_key")


@dataclass(frozen=True)
class ExportValue:
    label: str
    data: Any  # JSON-ready
    text: str  # as shown in the document


@dataclass
class ExportSection:
    label: str  # app_label.ModelName
    title: str
    shared: bool
    records: list[list[tuple[str, ExportValue]]] = field(default_factory=list)


@dataclass
class SubjectAccessExport:
    participant_id: int
    generated_at: datetime.datetime
    generated_by: str
    person: list[tuple[str, ExportValue]]
    sections: list[ExportSection]
    audit_events: list[dict[str, str]]

    def as_json_data(self) -> dict[str, Any]:
        return {
            "participant_id": self.participant_id,
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "generated_by": self.generated_by,
            "person": {name: value.data for name, value in self.person},
            "records": {
                section.label: {
                    "title": section.title,
                    "shared_with_other_people": section.shared,
                    "rows": [{name: value.data for name, value in record} for record in section.records],
                }
                for section in self.sections
            },
            "audit_events": self.audit_events,
        }

    def as_json(self) -> str:
        return json.dumps(self.as_json_data(), indent=2, ensure_ascii=False)


def is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(part in lowered for part in SECRET_NAME_PARTS)


def _staff_name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def _describe(field_: models.Field[Any, Any], obj: models.Model, participant_id: int) -> ExportValue:
    label = str(field_.verbose_name).capitalize()
    if field_.many_to_one or field_.one_to_one:
        target_id = getattr(obj, field_.attname)
        if target_id is None:
            return ExportValue(label, None, NOT_RECORDED)
        target_model = field_.related_model
        if target_model is Participant:
            if target_id == participant_id:
                return ExportValue(label, "This person", "This person")
            return ExportValue(label, "Another person (not shown)", "Another person (not shown)")
        target = getattr(obj, field_.name)
        if isinstance(target, User):
            return ExportValue(label, _staff_name(target), _staff_name(target))
        return ExportValue(label, str(target), str(target))
    value = getattr(obj, field_.attname)
    if value is None or value == "" or value == [] or value == {}:
        return ExportValue(label, None, NOT_RECORDED)
    if field_.choices:
        shown = str(dict(field_.flatchoices).get(value, value))
        return ExportValue(label, shown, shown)
    if isinstance(value, bool):
        return ExportValue(label, value, "Yes" if value else "No")
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return ExportValue(label, value.isoformat(timespec="seconds"), f"{local:%-d %B %Y at %H:%M}")
    if isinstance(value, datetime.date):
        return ExportValue(label, value.isoformat(), f"{value:%-d %B %Y}")
    if isinstance(value, datetime.time):
        return ExportValue(label, value.isoformat(timespec="minutes"), f"{value:%H:%M}")
    if isinstance(value, Decimal):
        return ExportValue(label, str(value), str(value))
    if isinstance(value, list | dict):
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return ExportValue(label, value, ", ".join(value))
        return ExportValue(label, value, json.dumps(value, ensure_ascii=False, default=str))
    return ExportValue(label, value, str(value))


def describe_row(obj: models.Model, participant_id: int) -> list[tuple[str, ExportValue]]:
    return [
        (field_.name, _describe(field_, obj, participant_id))
        for field_ in obj._meta.concrete_fields
        if not is_secret(field_.name)
    ]


def build_export(*, participant_id: int, generated_by: User, now: datetime.datetime) -> SubjectAccessExport:
    """Everything held about one participant. One query per kind of record, whatever the amount of data."""
    participant = Participant.objects.select_related(*select_related_paths(Participant)).filter(pk=participant_id).get()
    sections = []
    for related in related_models():
        section = ExportSection(related.label, related.title, related.shared)
        section.records = [describe_row(row, participant_id) for row in related.rows_for(participant_id)]
        sections.append(section)
    events = list(AuditEvent.objects.filter(participant_id=participant_id).order_by("sequence"))
    staff_ids = {event.user_id_at_event for event in events if event.user_id_at_event is not None}
    names = {user.pk: _staff_name(user) for user in User.objects.filter(pk__in=staff_ids)}
    audit_events = [
        {
            "when": event.occurred_at.isoformat(timespec="seconds"),
            "who": names.get(event.user_id_at_event, event.username)
            if event.user_id_at_event is not None
            else "The system",
            "action": event.get_action_display(),
            "what": event.object_type.replace("_", " "),
        }
        for event in events
    ]
    return SubjectAccessExport(
        participant_id=participant_id,
        generated_at=now,
        generated_by=_staff_name(generated_by),
        person=describe_row(participant, participant_id),
        sections=sections,
        audit_events=audit_events,
    )
