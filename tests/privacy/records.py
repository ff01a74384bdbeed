"""Build a participant with at least one row of every kind of record linked to them.

Every free-text field carries the `tag`, so a test can search an export or the whole database for it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.utils import timezone

from ipsgate.advice.models import BetterOffCheck, ConvictionRecord, DisclosureStatement, LicenceCondition
from ipsgate.core.models import Site, User
from ipsgate.employers.models import Employer, EmployerContact
from ipsgate.evaluation.choices import AllocationMethod, Arm
from ipsgate.evaluation.models import Allocation
from ipsgate.imports.models import ImportedChange, ImportRun
from ipsgate.jobs.models import Application, ApplicationStatusChange, Job, SustainmentCheck
from ipsgate.journey.models import (
    Appointment,
    CustodyEvent,
    Handover,
    MentalHealthCare,
    NeedUpdate,
    ProfileSectionChange,
    Qualification,
    ReleaseChecklist,
    ReminderNotification,
    ResettlementNeed,
    SupportContact,
    VocationalProfile,
    WorkHistoryEntry,
)
from ipsgate.mentoring.models import MentoringOffer, MentoringSession, MentorMatch
from ipsgate.papers.models import NextStep, PaperVersion
from ipsgate.partners.models import Partner, ReferralOut, ReferralOutUpdate
from ipsgate.people.models import ContactDetails, Episode, Participant, Reallocation, Referral
from ipsgate.privacy.choices import ChangeKind, LawfulBasis
from ipsgate.privacy.models import DataProtectionChange, DataProtectionRecord
from tests import factories


@dataclass(frozen=True)
class Dates:
    referral: datetime.date = datetime.date(2018, 1, 8)
    decided: datetime.date = datetime.date(2018, 1, 11)
    job_start: datetime.date = datetime.date(2018, 3, 5)
    job_end: datetime.date = datetime.date(2018, 5, 31)
    episode_end: datetime.date | None = datetime.date(2018, 6, 29)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10, 30), tzinfo=datetime.UTC)


def make_full_record(
    participant: Participant,
    *,
    tag: str,
    staff: User,
    employer: Employer,
    released_from: Site,
    dates: Dates | None = None,
) -> None:
    """One row (at least) of every kind linked to a participant, dated so the episode ends on dates.episode_end."""
    d = dates or Dates()
    referral = Referral.objects.create(
        participant=participant,
        source="prison_mental_health",
        referral_date=d.referral,
        referrer_name=f"{tag} referrer",
        referrer_organisation=f"{tag} in-reach",
        wants_paid_work=True,
        outcome="accepted",
        outcome_date=d.decided,
        received_by=staff,
    )
    Allocation.objects.create(
        referral=referral,
        arm=Arm.IPS,
        mentoring=False,
        method=AllocationMethod.CHOSEN,
        stratum_site=participant.current_site,
        allocated_by=staff,
    )
    Episode.objects.create(
        participant=participant,
        referral=referral,
        start_date=d.decided,
        end_date=d.episode_end,
        closure_reason="moved_away" if d.episode_end else "",
    )
    vacancy = factories.VacancyFactory.create(employer=employer)
    application = Application.objects.create(
        participant=participant,
        vacancy=vacancy,
        employer=employer,
        job_title=f"{tag} job title",
        status="started",
        offer_date=d.job_start,
        created_by=staff,
    )
    ApplicationStatusChange.objects.create(
        application=application,
        from_status="offered",
        to_status="started",
        on_date=d.job_start,
        note=f"{tag} status note",
        changed_by=staff,
    )
    job = Job.objects.create(
        participant=participant,
        employer=employer,
        application=application,
        job_title=f"{tag} warehouse",
        start_date=d.job_start,
        end_date=d.job_end,
        end_reason="resigned",
        hours_per_week=Decimal("16.0"),
        hourly_pay=Decimal("12.21"),
        released_from=released_from,
        competitive=True,
        held_from=d.job_start + datetime.timedelta(days=30),
        held_reason=f"{tag} job held reason",
    )
    SustainmentCheck.objects.create(
        job=job,
        week=4,
        checked_on=d.job_start + datetime.timedelta(weeks=4),
        still_in_work=True,
        note=f"{tag} sustainment note",
        recorded_by=staff,
    )
    SupportContact.objects.create(
        participant=participant,
        recorded_by=staff,
        occurred_at=at(d.job_start + datetime.timedelta(days=7)),
        contact_with="participant",
        mode="phone",
        duration_minutes=30,
        topics=["work"],
        note=f"{tag} in-work support note",
        job=job,
        employer=employer,
    )
    release = CustodyEvent.objects.create(
        participant=participant,
        kind="released_on_licence",
        event_date=d.referral + datetime.timedelta(days=20),
        note=f"{tag} custody note",
        recorded_by=staff,
        recorded_at=at(d.referral),
    )
    # Issue 16: planning ahead, contact details, the release checklist and the handover.
    Handover.objects.create(
        participant=participant,
        release=release,
        from_specialist=staff,
        to_specialist=staff,
        same_specialist=True,
        note=f"{tag} handover note",
        handed_over_on=release.event_date,
        recorded_by=staff,
        recorded_at=at(release.event_date),
    )
    Appointment.objects.create(
        participant=participant,
        kind="probation",
        starts_at=at(d.decided),
        place=f"{tag} appointment place",
        with_whom=f"{tag} appointment with",
        what_to_bring=f"{tag} what to bring",
        outcome="missed",
        outcome_note=f"{tag} appointment outcome note",
        outcome_recorded_by=staff,
        outcome_recorded_at=at(d.decided),
        created_by=staff,
        created_at=at(d.referral),
    )
    ContactDetails.objects.create(
        participant=participant,
        mobile=f"{tag} 07700 900982",
        email=f"{tag}@example.test",
        address=f"{tag} address on release",
        accommodation_status="settled",
        preferred_contact_method="text",
        reminders_by_text=True,
        updated_by=staff,
        updated_at=at(d.decided),
    )
    ReleaseChecklist.objects.create(
        participant=participant,
        id_document="passport",
        id_status="done",
        id_on=d.referral,
        bank_account_status="in_progress",
        bank_account_on=d.referral,
        updated_by=staff,
        updated_at=at(d.decided),
    )
    profile = VocationalProfile.objects.create(
        participant=participant,
        started_at=at(d.decided),
        job_sectors=["WAREHOUSING"],
        job_goal=f"{tag} job goal",
        postcode_district="LS9",
        strengths=f"{tag} strengths",
        interests=f"{tag} interests",
        adjustment_kinds=["quiet_space"],
        adjustments=f"{tag} adjustments (health)",
        right_to_work_evidence=f"{tag} passport",
        disclosure_plan=f"{tag} disclosure plan",
    )
    ProfileSectionChange.objects.create(profile=profile, section="goals", changed_by=staff, changed_at=at(d.decided))
    WorkHistoryEntry.objects.create(
        participant=participant, employer=f"{tag} old employer", role=f"{tag} porter", why_it_ended=f"{tag} why",
        recorded_by=staff,
    )  # fmt: skip
    Qualification.objects.create(participant=participant, kind="forklift", detail=f"{tag} licence", recorded_by=staff)
    need = ResettlementNeed.objects.create(
        participant=participant,
        pathway="accommodation",
        title=f"{tag} housing need",
        responsible="probation",
        created_by=staff,
        created_at=at(d.decided),
        updated_at=at(d.decided),
    )
    NeedUpdate.objects.create(
        need=need,
        status="in_progress",
        responsible="specialist",
        note=f"{tag} need note",
        recorded_by=staff,
        recorded_at=at(d.decided),
    )
    # Issue 18: a referral out to a partner for the need, with its first status change.
    partner = Partner.objects.create(
        name="Housing partner", kind="housing", areas="LS9", updated_by=staff, updated_at=at(d.decided)
    )
    referral_out = ReferralOut.objects.create(
        participant=participant, partner=partner, need=need, pathway="ACCOMMODATION",
        referred_from=participant.current_site, referred_on=d.decided,
        method="phone", asked=f"{tag} asked for a room", consent_to_share=True, status="sent", status_on=d.decided,
        created_by=staff, created_at=at(d.decided),
    )  # fmt: skip
    ReferralOutUpdate.objects.create(
        referral=referral_out, status="sent", happened_on=d.decided, recorded_by=staff, recorded_at=at(d.decided)
    )
    # Issue 19: a next step the person owns and an issued plan (its content kept as issued).
    NextStep.objects.create(
        participant=participant, text=f"{tag} next step", due_on=d.decided, created_by=staff, created_at=at(d.decided)
    )
    PaperVersion.objects.create(
        participant=participant,
        kind="plan",
        language="en",
        sections=["goal"],
        content_json=f'[{{"key": "goal", "heading": "My goal", "lines": ["{tag} goal"]}}]',
        issued_by=staff,
        issued_at=at(d.decided),
    )
    # Issue 21: a change an import made to the record (a release date from a prison's release list).
    run = ImportRun.objects.create(
        kind="release-list", file_name="release-list.csv", sha256="0" * 64, size_bytes=1, uploaded_by=staff,
        uploaded_at=at(d.decided), status="imported",
    )  # fmt: skip
    ImportedChange.objects.create(
        run=run, participant=participant, happened_on=d.decided, summary="Expected release date changed"
    )
    MentalHealthCare.objects.create(
        participant=participant,
        gp_registered=True,
        gp_practice=f"{tag} surgery",
        care_coordinator=f"{tag} coordinator",
        care_coordinator_contact=f"{tag} 0113 000 0000",
        updated_by=staff,
        updated_at=at(d.decided),
    )
    ReminderNotification.objects.create(
        key=f"u{staff.pk}:p{participant.pk}:keep-in-touch:{d.decided}",
        recipient=staff,
        participant=participant,
        task_kind="keep-in-touch",
        due_date=d.decided,
        reason=f"{tag} reminder reason",
        created_at=at(d.decided),
    )
    ConvictionRecord.objects.create(
        participant=participant,
        description=f"{tag} offence description",
        conviction_date=datetime.date(2015, 5, 1),
        disposal="custody",
        length_months=24,
        recorded_by=staff,
    )
    LicenceCondition.objects.create(
        participant=participant,
        kind="exclusion_zone",
        detail=f"{tag} licence detail",
        districts=["LS1"],
        start_date=d.decided,
        recorded_by=staff,
    )
    DisclosureStatement.objects.create(
        participant=participant,
        purpose=f"{tag} purpose",
        what_happened=f"{tag} what happened",
        what_has_changed=f"{tag} what changed",
        why_this_job=f"{tag} why this job",
        letter=f"{tag} letter",
        updated_by=staff,
    )
    BetterOffCheck.objects.create(
        participant=participant,
        label=f"{tag} better-off label",
        tax_year="2025-26",
        age=32,
        hours_per_week=Decimal("16.0"),
        hourly_pay=Decimal("12.21"),
        result={"difference": "100.00"},
        created_by=staff,
    )
    contact = EmployerContact.objects.create(
        employer=employer,
        specialist=staff,
        contact_date=d.job_start - datetime.timedelta(days=10),
        face_to_face=True,
        purpose="introducing_participant",
        note=f"{tag} employer contact note",
    )
    contact.participants_discussed.add(participant)
    Reallocation.objects.create(
        participant=participant, from_specialist=staff, to_specialist=staff, reason=f"{tag} reallocation reason",
        moved_by=staff, moved_at=at(d.decided),
    )  # fmt: skip
    record = DataProtectionRecord.objects.create(
        participant=participant, lawful_basis=LawfulBasis.PUBLIC_TASK, privacy_notice_date=d.referral
    )
    DataProtectionChange.objects.create(
        record=record, kind=ChangeKind.HOLD_LIFTED, reason=f"{tag} hold lifted reason", changed_by=staff,
        changed_at=at(d.decided),
    )  # fmt: skip
    match = MentorMatch.objects.create(
        participant=participant, mentor=factories.MentorFactory.create(), started_on=d.referral, ended_on=d.decided,
        end_reason="goals_met", matched_by=staff,
    )  # fmt: skip
    MentoringSession.objects.create(
        match=match, held_at=at(d.decided), place="in_prison", note=f"{tag} mentoring note", recorded_by=staff
    )
    MentoringOffer.objects.create(
        participant=participant, offered_on=d.referral, answer="accepted", answered_on=d.referral,
        gender_wanted="woman", recorded_by=staff,
    )  # fmt: skip


def more_of_many_kinds(participant: Participant, *, staff: User, released_from: Site, times: int) -> None:
    """More rows of the kinds a person has many of (applications, jobs and their children, contacts, needs)."""
    for n in range(times):
        employer = factories.EmployerFactory.create()
        application = factories.ApplicationFactory.create(
            participant=participant, vacancy=factories.VacancyFactory.create(employer=employer), created_by=staff
        )
        ApplicationStatusChange.objects.create(
            application=application, to_status="interested", on_date=Dates().job_start, changed_by=staff
        )
        job = Job.objects.create(
            participant=participant, employer=employer, application=application, job_title=f"Extra job {n}",
            start_date=Dates().job_start, hours_per_week=Decimal("10.0"), hourly_pay=Decimal("12.50"),
            released_from=released_from,
        )  # fmt: skip
        SustainmentCheck.objects.create(
            job=job, week=4, checked_on=Dates().job_end, still_in_work=True, recorded_by=staff
        )
        SupportContact.objects.create(
            participant=participant, recorded_by=staff, occurred_at=at(Dates().job_end), contact_with="participant",
            mode="phone", job=job,
        )  # fmt: skip
        need = factories.ResettlementNeedFactory.create(participant=participant, created_by=staff)
        factories.NeedUpdateFactory.create(need=need)
        ConvictionRecord.objects.create(
            participant=participant, description=f"Extra offence {n}", conviction_date=datetime.date(2014, 1, 1),
            disposal="fine", recorded_by=staff,
        )  # fmt: skip
        contact = EmployerContact.objects.create(
            employer=employer, specialist=staff, contact_date=Dates().job_start, face_to_face=True,
            purpose="follow_up",
        )  # fmt: skip
        contact.participants_discussed.add(participant)


def snapshot(models: list[type[Any]] | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every model (or of the given models), in id order: a full picture of the database."""
    chosen = models if models is not None else [m for m in apps.get_models() if m._meta.managed]
    return {
        model._meta.label: [tuple(row) for row in model._default_manager.order_by("pk").values_list()]
        for model in chosen
    }


def rows_about(participant_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """Every row linked to one participant, found the same way the export does, plus the person row."""
    from ipsgate.privacy.discovery import related_models

    out = {
        related.label: [tuple(row) for row in related.rows_for(participant_id).values_list()]
        for related in related_models()
    }
    out["people.Participant"] = [tuple(Participant.objects.filter(pk=participant_id).values_list().get())]
    return out


def now() -> datetime.datetime:
    return timezone.now()
