"""Writes about employers, their people, employer contacts and vacancies. Each service owns its transaction.

Employers are not participant data, so only writes that name participants (an employer contact that
discussed people) are audited, once per participant.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ipsgate.core.audit import AuditTarget, audit_record_many
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction
from ipsgate.core.models import User
from ipsgate.people.models import Participant

from .models import Employer, EmployerContact, EmployerContactPerson, Vacancy

EMPLOYER_FIELDS = (
    "name", "sector", "size", "address", "postcode", "relationship_owner", "partnership_level",
    "offence_exclusions", "takes_rotl", "usual_dbs_level", "notes",
)  # fmt: skip
CONTACT_PERSON_FIELDS = ("name", "job_title", "email", "phone")
VACANCY_FIELDS = (
    "employer", "title", "sector", "postcode", "hours_per_week", "work_pattern", "contract_type", "pay_amount",
    "pay_period", "closing_date", "start_date", "offence_exclusions", "dbs_level", "suitable_for_rotl",
    "works_with_children", "works_with_vulnerable_adults", "involves_driving", "status",
)  # fmt: skip


def _require_editor(actor: User) -> None:
    if not capabilities_for(actor).edit_employers:
        raise ValidationError("Your role cannot change employer records.", code="not_allowed")


def _assign(instance: Any, data: dict[str, Any], fields: Sequence[str]) -> None:
    unknown = set(data) - set(fields)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    for name, value in data.items():
        setattr(instance, name, value)


@transaction.atomic
def employer_save(*, actor: User, data: dict[str, Any], employer: Employer | None = None) -> Employer:
    _require_editor(actor)
    employer = employer or Employer()
    _assign(employer, data, EMPLOYER_FIELDS)
    employer.offence_exclusions = _tidy_exclusions(employer.offence_exclusions)
    employer.full_clean()
    employer.save()
    return employer


def _tidy_exclusions(codes: list[str]) -> list[str]:
    """'None' with any real exclusion contradicts itself; the real exclusions win. Stable order."""
    codes = sorted(set(codes))
    return [c for c in codes if c != "NONE"] if len(codes) > 1 else codes


@transaction.atomic
def contact_person_add(*, actor: User, employer: Employer, data: dict[str, Any]) -> EmployerContactPerson:
    _require_editor(actor)
    person = EmployerContactPerson(employer=employer)
    _assign(person, data, CONTACT_PERSON_FIELDS)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def employer_contact_record(
    *,
    actor: User,
    employer: Employer,
    contact_date: Any,
    face_to_face: bool,
    purpose: str,
    contact_person: EmployerContactPerson | None = None,
    participants: Sequence[Participant] = (),
    note: str = "",
) -> EmployerContact:
    """Log a job-development contact. Only participants the specialist may see can be named as discussed."""
    _require_editor(actor)
    if contact_person is not None and contact_person.employer_id != employer.pk:
        raise ValidationError({"contact_person": "Select a person who works for this employer"}, code="wrong_employer")
    ids = {p.pk for p in participants}
    if ids and Participant.objects.visible_to(actor).filter(pk__in=ids).count() != len(ids):
        raise ValidationError(
            {"participants": "You can only name people on your caseload or at your site"}, code="out_of_scope"
        )
    contact = EmployerContact(
        employer=employer,
        contact_person=contact_person,
        specialist=actor,
        contact_date=contact_date,
        face_to_face=face_to_face,
        purpose=purpose,
        note=note,
    )
    contact.full_clean()
    contact.save()
    if ids:
        contact.participants_discussed.set(sorted(ids))
        audit_record_many(
            user=actor,
            action=AuditAction.CREATE,
            targets=[AuditTarget("employer_contact", str(contact.pk), pid) for pid in sorted(ids)],
        )
    return contact


@transaction.atomic
def vacancy_save(*, actor: User, data: dict[str, Any], vacancy: Vacancy | None = None) -> Vacancy:
    _require_editor(actor)
    vacancy = vacancy or Vacancy()
    _assign(vacancy, data, VACANCY_FIELDS)
    vacancy.offence_exclusions = _tidy_exclusions(vacancy.offence_exclusions)
    vacancy.derive()  # hourly pay and place before validation, which checks them
    vacancy.full_clean()
    vacancy.save()
    return vacancy


def employer_for_name(*, actor: User, name: str) -> Employer:
    """The employer with this name, or a new one (industry "Other") for a job found outside the listed vacancies.
    Runs inside the caller's transaction."""
    name = " ".join(name.split())
    existing = Employer.objects.filter(name__iexact=name).order_by("id").first()
    if existing:
        return existing
    return employer_save(actor=actor, data={"name": name, "sector": "OTHER"})
