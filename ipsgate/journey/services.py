"""Writes to the journey records. Each service owns its transaction and its audit events; a validation
failure raises `ValidationError` before anything is written, and the transaction rolls back otherwise."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ipsgate.core.audit import AuditTarget, audit_record
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction, Role, SiteKind
from ipsgate.core.models import Site, User
from ipsgate.core.scoping import specialists_for
from ipsgate.jobs.selectors import current_jobs
from ipsgate.jobs.services import jobs_on_recall, jobs_on_recall_problems
from ipsgate.people.choices import IN_CUSTODY_STATUSES, CustodyStatus
from ipsgate.people.models import Participant
from ipsgate.people.services import participant_target
from ipsgate.rules.planning import planned_date_problem
from ipsgate.rules.release_readiness import ITEM_BY_CODE, ItemStatus

from .choices import AppointmentOutcome, ContactWith, CustodyEventKind, NeedStatus, Pathway, Responsible
from .models import (
    Appointment,
    CustodyEvent,
    Handover,
    MentalHealthCare,
    NeedUpdate,
    ProfileSectionChange,
    Qualification,
    ReleaseChecklist,
    ResettlementNeed,
    SupportContact,
    VocationalProfile,
    WorkHistoryEntry,
)

# The profile's sections and the fields each one edits. Work history and qualifications are rows of their own.
PROFILE_SECTIONS: dict[str, tuple[str, ...]] = {
    "goals": ("job_sectors", "job_goal", "hours_wanted", "min_hours_per_week", "max_hours_per_week"),
    "travel": ("postcode_district", "max_travel_minutes", "max_travel_km"),
    "strengths": ("strengths", "interests"),
    "adjustments": ("adjustment_kinds", "adjustments"),
    "right-to-work": ("right_to_work_confirmed", "right_to_work_evidence"),
    "disclosure": ("disclosure_share", "disclosed_by", "disclosure_plan"),
}
ROW_SECTIONS = ("work-history", "qualifications")


def _target(kind: str, pk: int, participant_id: int) -> AuditTarget:
    return AuditTarget(kind, str(pk), participant_id)


def _stamp(profile: VocationalProfile, section: str, actor: User, at: datetime.datetime) -> None:
    ProfileSectionChange.objects.update_or_create(
        profile=profile, section=section, defaults={"changed_by": actor, "changed_at": at}
    )


def _profile_for_change(participant: Participant, *, at: datetime.datetime) -> tuple[VocationalProfile, bool]:
    """The participant's profile, locked for the change; created (the person is now engaged) if it is new."""
    profile = VocationalProfile.objects.select_for_update().filter(participant=participant).first()
    if profile is not None:
        return profile, False
    return VocationalProfile.objects.create(participant=participant, started_at=at), True


@transaction.atomic
def profile_section_save(
    *, actor: User, participant: Participant, section: str, values: Mapping[str, Any]
) -> VocationalProfile:
    """Save one section of the vocational profile. Saving any section starts the profile."""
    if section not in PROFILE_SECTIONS:
        raise ValueError(f"Unknown profile section {section!r}")
    now = timezone.now()
    profile, created = _profile_for_change(participant, at=now)
    for name in PROFILE_SECTIONS[section]:
        setattr(profile, name, values[name])
    profile.full_clean(exclude=["participant"])
    profile.save()
    _stamp(profile, section, actor, now)
    audit_record(
        user=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=_target("vocational_profile", profile.pk, participant.pk),
    )
    return profile


def _profile_row_stamp(*, actor: User, participant: Participant, section: str) -> None:
    now = timezone.now()
    profile, created = _profile_for_change(participant, at=now)
    _stamp(profile, section, actor, now)
    if created:
        audit_record(
            user=actor, action=AuditAction.CREATE, target=_target("vocational_profile", profile.pk, participant.pk)
        )


@transaction.atomic
def work_history_save(
    *, actor: User, participant: Participant, values: Mapping[str, Any], entry: WorkHistoryEntry | None = None
) -> WorkHistoryEntry:
    created = entry is None
    entry = entry or WorkHistoryEntry(participant=participant, recorded_by=actor)
    for name in ("employer", "role", "start_date", "end_date", "why_it_ended"):
        setattr(entry, name, values[name])
    entry.full_clean()
    entry.save()
    _profile_row_stamp(actor=actor, participant=participant, section="work-history")
    audit_record(
        user=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=_target("work_history", entry.pk, participant.pk),
    )
    return entry


@transaction.atomic
def work_history_delete(*, actor: User, entry: WorkHistoryEntry) -> None:
    participant = entry.participant
    target = _target("work_history", entry.pk, participant.pk)
    entry.delete()
    _profile_row_stamp(actor=actor, participant=participant, section="work-history")
    audit_record(user=actor, action=AuditAction.DELETE, target=target)


@transaction.atomic
def qualification_add(*, actor: User, participant: Participant, values: Mapping[str, Any]) -> Qualification:
    qualification = Qualification(participant=participant, recorded_by=actor, **values)
    qualification.full_clean()
    qualification.save()
    _profile_row_stamp(actor=actor, participant=participant, section="qualifications")
    audit_record(
        user=actor, action=AuditAction.CREATE, target=_target("qualification", qualification.pk, participant.pk)
    )
    return qualification


@transaction.atomic
def qualification_delete(*, actor: User, qualification: Qualification) -> None:
    participant = qualification.participant
    target = _target("qualification", qualification.pk, participant.pk)
    qualification.delete()
    _profile_row_stamp(actor=actor, participant=participant, section="qualifications")
    audit_record(user=actor, action=AuditAction.DELETE, target=target)


@transaction.atomic
def need_add(
    *,
    actor: User,
    participant: Participant,
    pathway: Pathway,
    title: str,
    status: NeedStatus,
    responsible: Responsible,
    note: str,
) -> ResettlementNeed:
    """A new need on a pathway, with its first update."""
    now = timezone.now()
    need = ResettlementNeed(
        participant=participant,
        pathway=pathway,
        title=title,
        status=status,
        responsible=responsible,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    need.full_clean()
    need.save()
    NeedUpdate.objects.create(
        need=need, status=status, responsible=responsible, note=note, recorded_by=actor, recorded_at=now
    )
    audit_record(user=actor, action=AuditAction.CREATE, target=_target("resettlement_need", need.pk, participant.pk))
    return need


@transaction.atomic
def need_update(
    *, actor: User, need: ResettlementNeed, status: NeedStatus, responsible: Responsible, note: str
) -> NeedUpdate:
    """Append an update; the need takes its status and responsibility. History is never rewritten."""
    if status == need.status and responsible == need.responsible and not note.strip():
        raise ValidationError("Change the status or who is responsible, or add a note about what happened.")
    now = timezone.now()
    update = NeedUpdate.objects.create(
        need=need, status=status, responsible=responsible, note=note, recorded_by=actor, recorded_at=now
    )
    ResettlementNeed.objects.filter(pk=need.pk).update(status=status, responsible=responsible, updated_at=now)
    audit_record(
        user=actor, action=AuditAction.UPDATE, target=_target("resettlement_need", need.pk, need.participant_id)
    )
    return update


@transaction.atomic
def mental_health_care_save(*, actor: User, participant: Participant, values: Mapping[str, Any]) -> MentalHealthCare:
    care = MentalHealthCare.objects.select_for_update().filter(participant=participant).first()
    created = care is None
    care = care or MentalHealthCare(participant=participant)
    for name, value in values.items():
        setattr(care, name, value)
    care.updated_by = actor
    care.updated_at = timezone.now()
    care.full_clean()
    care.save()
    audit_record(
        user=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=_target("mental_health_care", care.pk, participant.pk),
    )
    return care


CONTACT_IN_FUTURE = "The contact cannot be in the future. Record it once it has happened."
JOB_NOT_THEIRS = "Select one of the person's jobs"
JOB_CONTACT_WITH = "A contact about a job is with the person or their employer or manager"


def contact_in_future(occurred_at: datetime.datetime) -> bool:
    """The one rule for a contact's time (the form and `contact_record` both ask it): a contact is recorded once it
    has happened, so any time after now is refused."""
    return occurred_at > timezone.now()


def contact_job_problem(participant: Participant, job: Any, contact_with: str) -> str | None:
    """Why a contact cannot be about this job, or None: it must be one of the person's own jobs, and the contact
    must be with the person or their employer (the form and `contact_record` both ask it)."""
    if job is None:
        return None
    if job.participant_id != participant.pk:
        return JOB_NOT_THEIRS
    if contact_with not in (ContactWith.PARTICIPANT, ContactWith.EMPLOYER):
        return JOB_CONTACT_WITH
    return None


@transaction.atomic
def contact_record(*, actor: User, participant: Participant, values: Mapping[str, Any]) -> SupportContact:
    """Record a contact, or an attempt that did not happen (kept, but never counted as a contact)."""
    contact = SupportContact(participant=participant, recorded_by=actor, **values)
    if contact_in_future(contact.occurred_at):
        raise ValidationError({"occurred_at": CONTACT_IN_FUTURE})
    job_problem = contact_job_problem(participant, values.get("job"), contact.contact_with)
    if job_problem:
        raise ValidationError({"job": job_problem})
    if not contact.took_place:
        contact.duration_minutes = None
    contact.full_clean()
    contact.save()
    audit_record(user=actor, action=AuditAction.CREATE, target=_target("support_contact", contact.pk, participant.pk))
    return contact


# Which custody events can follow which custody status, and the status each one leads to.
OUT_OF_CUSTODY = (CustodyStatus.RELEASED_ON_LICENCE, CustodyStatus.IN_COMMUNITY)
CUSTODY_TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    CustodyEventKind.RECEIVED: (OUT_OF_CUSTODY, CustodyStatus.IN_CUSTODY),
    CustodyEventKind.TRANSFERRED: (IN_CUSTODY_STATUSES, None),
    CustodyEventKind.RELEASED_ON_LICENCE: ((CustodyStatus.IN_CUSTODY,), CustodyStatus.RELEASED_ON_LICENCE),
    CustodyEventKind.RELEASED_NO_LICENCE: ((CustodyStatus.IN_CUSTODY,), CustodyStatus.IN_COMMUNITY),
    CustodyEventKind.LICENCE_ENDED: ((CustodyStatus.RELEASED_ON_LICENCE,), CustodyStatus.IN_COMMUNITY),
    CustodyEventKind.RECALLED: ((CustodyStatus.RELEASED_ON_LICENCE,), CustodyStatus.RECALLED),
    CustodyEventKind.RE_RELEASED: ((CustodyStatus.RECALLED,), CustodyStatus.RELEASED_ON_LICENCE),
}
NEEDS_PRISON = (CustodyEventKind.RECEIVED, CustodyEventKind.TRANSFERRED, CustodyEventKind.RECALLED)
RELEASES = (CustodyEventKind.RELEASED_ON_LICENCE, CustodyEventKind.RELEASED_NO_LICENCE, CustodyEventKind.RE_RELEASED)


def custody_event_problems(
    *,
    kind: CustodyEventKind,
    status: str,
    event_date: datetime.date,
    latest_event_date: datetime.date | None,
    prison: Site | None,
    current_site: Site,
    today: datetime.date,
) -> dict[str, str]:
    """Why this event cannot be recorded now, by form field (empty when it can)."""
    problems: dict[str, str] = {}
    allowed_from, _ = CUSTODY_TRANSITIONS[kind]
    if status not in allowed_from:
        label = CustodyStatus(status).label.lower()
        problems["kind"] = f"{CustodyEventKind(kind).label} cannot be recorded while the person is {label}."
    if event_date > today:
        problems["event_date"] = "The date cannot be in the future. Record the event once it has happened."
    elif latest_event_date is not None and event_date < latest_event_date:
        problems["event_date"] = (
            f"The date must be on or after the last custody event ({latest_event_date:%-d %B %Y}), so the "
            "timeline stays in order."
        )
    if kind in NEEDS_PRISON:
        if prison is None:
            problems["prison"] = "Select the prison"
        elif prison.kind != SiteKind.PRISON:
            problems["prison"] = "Select a prison"
        elif kind == CustodyEventKind.TRANSFERRED and prison.pk == current_site.pk:
            problems["prison"] = "Select the prison the person moved to, not the one they are in"
    return problems


@transaction.atomic
def custody_event_record(
    *,
    actor: User,
    participant: Participant,
    kind: CustodyEventKind,
    event_date: datetime.date,
    prison: Site | None,
    expected_release_date: datetime.date | None,
    note: str,
    supported_at: Site | None = None,
    job_outcome: str = "",
    job_held_reason: str = "",
) -> CustodyEvent:
    """Record a custody event and bring the participant's custody status, site and release dates in step.

    A recall keeps every earlier event and release date in the history and puts the person back on the
    pre-release path: they count down to the new expected release again. It also needs an answer about any
    current job (`job_outcome`: ended, or kept open by the employer with `job_held_reason`), applied to the jobs
    in this transaction (`jobs.services.jobs_on_recall`), so a refused recall changes no job.
    """
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    latest = participant.custody_events.order_by("-event_date", "-id").values_list("event_date", flat=True).first()
    problems = custody_event_problems(
        kind=kind,
        status=participant.custody_status,
        event_date=event_date,
        latest_event_date=latest,
        prison=prison,
        current_site=participant.current_site,
        today=timezone.localdate(),
    )
    if supported_at is not None and kind not in RELEASES:
        problems["supported_at"] = "Only choose where the person is supported for a release"
    elif supported_at is not None and supported_at.kind == SiteKind.PRISON:
        problems["supported_at"] = "Select a community team or probation office, not a prison"
    if kind == CustodyEventKind.RECALLED:
        jobs = current_jobs(participant, on=event_date)
        problems.update(jobs_on_recall_problems(jobs, outcome=job_outcome, held_reason=job_held_reason))
    if problems:
        raise ValidationError(problems)
    _, new_status = CUSTODY_TRANSITIONS[kind]
    event = CustodyEvent(
        participant=participant,
        kind=kind,
        event_date=event_date,
        prison=prison if kind in NEEDS_PRISON else None,
        expected_release_date=expected_release_date,
        note=note,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    event.full_clean()
    event.save()
    if new_status is not None:
        participant.custody_status = new_status
    if kind in NEEDS_PRISON and prison is not None:
        participant.current_site = prison
    # A new sentence or a recall replaces the expected release (blank = not known yet); a transfer may update it.
    if kind in (CustodyEventKind.RECEIVED, CustodyEventKind.RECALLED) or (
        kind == CustodyEventKind.TRANSFERRED and expected_release_date is not None
    ):
        participant.expected_release_date = expected_release_date
    if kind in RELEASES:
        participant.actual_release_date = event_date
        if supported_at is not None:
            participant.current_site = supported_at
    participant.full_clean()
    participant.save()
    if kind == CustodyEventKind.RECALLED:
        jobs_on_recall(
            actor=actor, participant=participant, on_date=event_date, outcome=job_outcome, held_reason=job_held_reason
        )
    audit_record(user=actor, action=AuditAction.CREATE, target=_target("custody_event", event.pk, participant.pk))
    audit_record(user=actor, action=AuditAction.UPDATE, target=participant_target(participant))
    return event


# --- Appointments (issue 16 item 7) ----------------------------------------------------------------------------

APPOINTMENT_FIELDS = ("kind", "starts_at", "place", "with_whom", "what_to_bring")


def appointment_time_problem(starts_at: datetime.datetime) -> str | None:
    """The appointment's date by the one planning rule (`rules.planning`); the form and the service both ask it."""
    return planned_date_problem(
        timezone.localtime(starts_at).date(), today=timezone.localdate(), what="The appointment"
    )


def _appointment_target(appointment: Appointment) -> AuditTarget:
    return _target("appointment", appointment.pk, appointment.participant_id)


@transaction.atomic
def appointment_save(
    *, actor: User, participant: Participant, values: Mapping[str, Any], appointment: Appointment | None = None
) -> Appointment:
    """Plan an appointment, or change one (its day, time, place, who with, what to bring)."""
    unknown = set(values) - set(APPOINTMENT_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    problem = appointment_time_problem(values["starts_at"])
    if problem:
        raise ValidationError({"starts_at": problem})
    created = appointment is None
    appointment = appointment or Appointment(participant=participant, created_by=actor, created_at=timezone.now())
    if appointment.outcome:
        raise ValidationError("What happened at this appointment is already recorded, so it cannot be changed.")
    for name, value in values.items():
        setattr(appointment, name, value)
    appointment.full_clean()
    appointment.save()
    audit_record(
        user=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=_appointment_target(appointment),
    )
    return appointment


@transaction.atomic
def appointment_outcome_record(
    *, actor: User, appointment: Appointment, outcome: AppointmentOutcome, note: str = ""
) -> Appointment:
    """Record what happened: attended or missed once the day has come; cancelled at any time."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.outcome:
        raise ValidationError("What happened at this appointment is already recorded.")
    day = timezone.localtime(appointment.starts_at).date()
    if outcome != AppointmentOutcome.CANCELLED and day > timezone.localdate():
        raise ValidationError(
            {"outcome": f"The appointment is on {day:%-d %B %Y}. Record whether the person attended from that day"}
        )
    appointment.outcome = outcome
    appointment.outcome_note = note
    appointment.outcome_recorded_by = actor
    appointment.outcome_recorded_at = timezone.now()
    appointment.full_clean()
    appointment.save()
    audit_record(user=actor, action=AuditAction.UPDATE, target=_appointment_target(appointment))
    return appointment


# --- The ready-for-release checklist (issue 16 item 17) --------------------------------------------------------


def checklist_item_problems(
    *, item: str, status: str, on: datetime.date | None, id_document: str, today: datetime.date
) -> dict[str, str]:
    """What is wrong with one checklist answer, by form field."""
    problems: dict[str, str] = {}
    if item not in ITEM_BY_CODE:
        raise ValueError(f"No such checklist item {item!r}")
    if status not in ItemStatus.__members__.values():
        problems["status"] = "Select where this has got to"
    if status != ItemStatus.NOT_STARTED and on is None:
        problems["on"] = "Enter the date"
    if on is not None and on > today:
        problems["on"] = "The date must be today or in the past"
    if item == "id" and status in (ItemStatus.IN_PROGRESS, ItemStatus.DONE) and not id_document:
        problems["id_document"] = "Select which ID document"
    return problems


@transaction.atomic
def checklist_item_save(
    *,
    actor: User,
    participant: Participant,
    item: str,
    status: str,
    on: datetime.date | None,
    id_document: str = "",
) -> ReleaseChecklist:
    """Set one item of the person's ready-for-release checklist (the checklist is made on the first answer)."""
    problems = checklist_item_problems(
        item=item, status=status, on=on, id_document=id_document, today=timezone.localdate()
    )
    if problems:
        raise ValidationError(problems)
    checklist = ReleaseChecklist.objects.select_for_update().filter(participant=participant).first()
    created = checklist is None
    checklist = checklist or ReleaseChecklist(participant=participant)
    setattr(checklist, f"{item}_status", status)
    setattr(checklist, f"{item}_on", None if status == ItemStatus.NOT_STARTED else on)
    if item == "id":
        checklist.id_document = id_document
    checklist.updated_by = actor
    checklist.updated_at = timezone.now()
    checklist.full_clean()
    checklist.save()
    audit_record(
        user=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=_target("release_checklist", checklist.pk, participant.pk),
    )
    return checklist


# --- Handover from prison to community (issue 16 item 11) -----------------------------------------------------


def latest_release(participant: Participant) -> CustodyEvent | None:
    """The person's latest release, if it has no handover decision yet (the one the handover page is about)."""
    release = participant.custody_events.filter(kind__in=RELEASES).order_by("-event_date", "-id").first()
    if release is None or Handover.objects.filter(release=release).exists():
        return None
    return release


@transaction.atomic
def handover_record(
    *,
    actor: User,
    participant: Participant,
    release: CustodyEvent,
    to_specialist: User | None,
    note: str,
    on: datetime.date,
) -> Handover:
    """After a release: hand the person over to a community specialist with a note (they become the person's
    specialist, and have a task to pick the handover up), or record that the same specialist continues
    (`to_specialist` None or the current specialist)."""
    if not capabilities_for(actor).edit_participants:
        raise ValidationError("Your role cannot hand over a case.", code="not_allowed")
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if release.participant_id != participant.pk or release.kind not in RELEASES:
        raise ValueError("A handover follows one of the person's releases")
    if Handover.objects.filter(release=release).exists():
        raise ValidationError("Who supports the person after this release is already recorded.")
    current = participant.allocated_specialist
    continues = to_specialist is None or (current is not None and to_specialist.pk == current.pk)
    problems: dict[str, str] = {}
    if continues and current is None:
        problems["to_specialist"] = "Select the specialist who will support the person now"
    if not continues:
        assert to_specialist is not None  # noqa: S101 - continues covers None
        if not specialists_for(actor).filter(pk=to_specialist.pk).exists():
            problems["to_specialist"] = "Select a specialist from the list"
        if not note.strip():
            problems["note"] = "Enter a handover note for the new specialist"
    if on > timezone.localdate():
        problems["on"] = "The date must be today or in the past"
    elif on < release.event_date:
        problems["on"] = f"The date must be on or after the release ({release.event_date:%-d %B %Y})"
    if problems:
        raise ValidationError(problems)
    receiver = current if continues else to_specialist
    assert receiver is not None  # noqa: S101 - checked above
    handover = Handover(
        participant=participant,
        release=release,
        from_specialist=current,
        to_specialist=receiver,
        same_specialist=continues,
        note=note,
        handed_over_on=on,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    handover.full_clean()
    handover.save()
    audit_record(user=actor, action=AuditAction.CREATE, target=_target("handover", handover.pk, participant.pk))
    if not continues:
        participant.allocated_specialist = receiver
        participant.full_clean()
        participant.save(update_fields=["allocated_specialist", "updated_at"])
        audit_record(user=actor, action=AuditAction.UPDATE, target=participant_target(participant))
    return handover


def handover_pick_up_problem(actor: User, handover: Handover) -> str | None:
    if handover.same_specialist:
        return "The same specialist continues: there is nothing to pick up."
    if handover.picked_up_on is not None:
        return f"This handover was picked up on {handover.picked_up_on:%-d %B %Y}."
    if actor.role == Role.SPECIALIST and actor.pk != handover.to_specialist_id:
        return "Only the specialist the person was handed over to can pick up the handover."
    return None


@transaction.atomic
def handover_pick_up(*, actor: User, handover: Handover) -> Handover:
    """The new specialist has read the note and taken the person on (or their team leader confirms it)."""
    handover = Handover.objects.select_for_update().get(pk=handover.pk)
    if not capabilities_for(actor).edit_participants:
        raise ValidationError("Your role cannot pick up a handover.", code="not_allowed")
    problem = handover_pick_up_problem(actor, handover)
    if problem:
        raise ValidationError(problem)
    handover.picked_up_on = max(timezone.localdate(), handover.handed_over_on)
    handover.full_clean()
    handover.save(update_fields=["picked_up_on"])
    audit_record(
        user=actor, action=AuditAction.UPDATE, target=_target("handover", handover.pk, handover.participant_id)
    )
    return handover
