"""Writes of the papers app: each in one transaction with its audit event. Issuing a paper and every download is
audited as an export (the person's record leaves the service on paper or as a file)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation

from ipsgate.advice.models import DisclosureStatement
from ipsgate.core.audit import AuditTarget, audit_record
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction
from ipsgate.core.models import User
from ipsgate.journey.models import Appointment
from ipsgate.people.models import Participant

from . import content
from .models import CvSection, NextStep, PaperKind, PaperVersion, PlanSection

NO_SECTION = "Choose at least one section to go in the plan"
NO_APPOINTMENT = "Choose the appointments to go under “My next appointments”, or leave that section out"
PAST_APPOINTMENT = "An appointment that has already started cannot go under “My next appointments”: {when}"
EMPTY_CV = "Write something in at least one part of the CV before saving it"
NOT_AGREED = "Confirm that the person has read the letter and agrees to it"
NO_STATEMENT = "Save a disclosure statement first: the letter is made from it"
PAST_STEP = "The date of a next step must be today or in the future"


def paper_target(version: PaperVersion) -> AuditTarget:
    return AuditTarget(f"paper_{version.kind}", str(version.pk), version.participant_id)


def _require_papers(actor: User) -> None:
    if not capabilities_for(actor).issue_papers:
        raise PermissionDenied


def _issue(
    *, actor: User, participant: Participant, kind: str, sections: Sequence[str], parts: list[content.Part]
) -> PaperVersion:
    version = PaperVersion(
        participant=participant,
        kind=kind,
        language=participant.preferred_language,
        sections=list(sections),
        issued_by=actor,
        issued_at=timezone.now(),
    )
    version.content = [part.as_json() for part in parts]
    version.full_clean()
    version.save()
    audit_record(user=actor, action=AuditAction.EXPORT, target=paper_target(version), detail=f"{kind} issued")
    return version


@transaction.atomic
def step_add(*, actor: User, participant: Participant, text: str, due_on: datetime.date) -> NextStep:
    _require_papers(actor)
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": PAST_STEP})
    step = NextStep(
        participant=participant, text=text.strip(), due_on=due_on, created_by=actor, created_at=timezone.now()
    )
    step.full_clean()
    step.save()
    audit_record(user=actor, action=AuditAction.CREATE, target=AuditTarget("next_step", str(step.pk), participant.pk))
    return step


@transaction.atomic
def plan_issue(
    *,
    actor: User,
    participant: Participant,
    sections: Iterable[str],
    appointments: Iterable[Appointment] = (),
    today: datetime.date | None = None,
) -> PaperVersion:
    """Issue "My plan" with the sections the person chose. Refused, with nothing written: no section; an
    appointment that is not this person's, is recorded already or has already started; the appointments section
    with no appointment chosen."""
    _require_papers(actor)
    chosen = [key for key in PlanSection.values if key in set(sections)]
    if not chosen:
        raise ValidationError({"sections": NO_SECTION})
    if PlanSection.DISCLOSURE in chosen and not capabilities_for(actor).see_offence_data:
        raise PermissionDenied
    picked = sorted(appointments, key=lambda a: a.starts_at)
    now = timezone.now()
    for appointment in picked:
        if appointment.participant_id != participant.pk:
            raise ValidationError({"appointments": "Choose appointments from this person's list"})
        if appointment.starts_at < now or appointment.outcome:
            when = timezone.localtime(appointment.starts_at).strftime("%-d %B %Y at %H:%M")
            raise ValidationError({"appointments": PAST_APPOINTMENT.format(when=when)})
    if PlanSection.APPOINTMENTS in chosen and not picked:
        raise ValidationError({"appointments": NO_APPOINTMENT})
    with translation.override(participant.preferred_language):
        parts = content.plan_parts(participant, chosen, appointments=picked, today=today or timezone.localdate())
    return _issue(actor=actor, participant=participant, kind=PaperKind.PLAN, sections=chosen, parts=parts)


@transaction.atomic
def cv_save(*, actor: User, participant: Participant, texts: Mapping[str, str]) -> PaperVersion:
    """Save a version of the CV as edited with the person. An empty CV is refused."""
    _require_papers(actor)
    with translation.override(participant.preferred_language):
        parts = content.cv_parts({key: texts.get(key, "") for key in CvSection.values})
    if not parts:
        raise ValidationError(EMPTY_CV)
    return _issue(actor=actor, participant=participant, kind=PaperKind.CV, sections=[p.key for p in parts], parts=parts)


@transaction.atomic
def letter_issue(
    *, actor: User, participant: Participant, statement: DisclosureStatement | None, agreed: bool
) -> PaperVersion:
    """The saved disclosure statement's letter as a document to give an employer, once the person has read it and
    agrees (they sign the printed copy)."""
    _require_papers(actor)
    if not capabilities_for(actor).see_offence_data:
        raise PermissionDenied
    if statement is None or statement.participant_id != participant.pk or not statement.letter.strip():
        raise ValidationError(NO_STATEMENT)
    if not agreed:
        raise ValidationError({"agreed": NOT_AGREED})
    with translation.override(participant.preferred_language):
        parts = content.letter_parts(statement)
    return _issue(actor=actor, participant=participant, kind=PaperKind.LETTER, sections=["letter"], parts=parts)


def download_record(*, actor: User, version: PaperVersion, file_format: str) -> None:
    """Every download of a paper is an export in the audit trail."""
    audit_record(
        user=actor,
        action=AuditAction.EXPORT,
        target=paper_target(version),
        detail=f"{version.kind} downloaded as {file_format}",
    )
