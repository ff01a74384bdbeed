"""What goes in the person's papers, built from what the case already holds, in the active language (callers wrap
it in `translation.override(participant.preferred_language)`).

Each builder returns plain text lines: the person's own words and facts, never an internal id, a staff-only note
(an appointment's outcome note, adjustments, the disclosure plan, case notes) or a health detail. The lines are
frozen into the issued version, and every format (the page, the print page, PDF, DOCX) renders them as text."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import formats, timezone

from ipsgate.advice.models import BetterOffCheck, DisclosureStatement
from ipsgate.core.choices import JobSector
from ipsgate.journey.models import Appointment, Qualification, VocationalProfile, WorkHistoryEntry
from ipsgate.mentoring.models import MentorMatch
from ipsgate.partners.models import ReferralOut
from ipsgate.people.models import Participant
from ipsgate.rules.cv import experience_line

from . import texts
from .models import CvSection, NextStep, PlanSection

SECTOR_LABELS = dict(JobSector.choices)
OPEN_REFERRAL_STATUSES = ("sent", "acknowledged", "accepted", "support_started")
MAX_LINES = 40  # per section: a plan that fits two pages


@dataclass(frozen=True)
class Part:
    key: str
    heading: str
    lines: list[str]

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "heading": self.heading, "lines": self.lines}


def _t(message: Any, **values: Any) -> str:
    """A message from `texts` in the active language, with its values filled in."""
    text = str(message)  # a lazy message turns into the active language here
    return text % values if values else text


def long_date(day: datetime.date) -> str:
    return formats.date_format(day, "l j F Y")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _money(value: Any) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('1')):,}"


# --- The facts the plan reads, one query each --------------------------------------------------------------------


def future_appointments(participant: Participant, *, now: datetime.datetime | None = None) -> QuerySet[Appointment]:
    """Appointments still to come (nothing recorded, not started yet): the only ones "next appointments" may list."""
    now = now or timezone.now()
    return Appointment.objects.filter(participant=participant, outcome="", starts_at__gte=now).order_by("starts_at")


def latest_better_off(participant: Participant) -> BetterOffCheck | None:
    return BetterOffCheck.objects.filter(participant=participant).order_by("-created_at", "-id").first()


def latest_statement(participant: Participant) -> DisclosureStatement | None:
    return DisclosureStatement.objects.filter(participant=participant).order_by("-updated_at", "-id").first()


def next_steps(participant: Participant, today: datetime.date) -> QuerySet[NextStep]:
    return NextStep.objects.filter(participant=participant, due_on__gte=today)


# --- Plan sections -----------------------------------------------------------------------------------------------


def goal_lines(participant: Participant) -> list[str]:
    profile = VocationalProfile.objects.filter(participant=participant).first()
    if profile is None:
        return []
    lines = _lines(profile.job_goal)  # the person's own words
    if not lines and profile.job_sectors:
        jobs = ", ".join(str(SECTOR_LABELS.get(code, code)) for code in profile.job_sectors)
        lines = [_t(texts.GOAL_JOBS, jobs=jobs)]
    return lines


def step_lines(participant: Participant, today: datetime.date) -> list[str]:
    return [_t(texts.STEP_LINE, date=long_date(step.due_on), step=step.text) for step in next_steps(participant, today)]


def appointment_lines(appointments: Iterable[Appointment]) -> list[str]:
    lines: list[str] = []
    for appointment in appointments:
        at = timezone.localtime(appointment.starts_at)
        what = _t(texts.APPOINTMENT_KINDS.get(appointment.kind, texts.APPOINTMENT_KINDS["other"]))
        lines.append(_t(texts.APPOINTMENT_WHEN, what=what, date=long_date(at.date()), time=f"{at:%H:%M}"))
        if appointment.place:
            lines.append(_t(texts.APPOINTMENT_WHERE, place=appointment.place))
        if appointment.with_whom:
            lines.append(_t(texts.APPOINTMENT_WHO, who=appointment.with_whom))
        if appointment.what_to_bring:
            lines.append(_t(texts.APPOINTMENT_BRING, things=" ".join(appointment.what_to_bring.split())))
    return lines


def contact_lines(participant: Participant) -> list[str]:
    lines: list[str] = []
    specialist = participant.allocated_specialist
    if specialist is not None:
        lines.append(_t(texts.CONTACT_SPECIALIST, name=specialist.get_full_name()))
        if specialist.site is not None:
            lines.append(_t(texts.CONTACT_SPECIALIST_WHERE, place=specialist.site.name))
    match = MentorMatch.objects.filter(participant=participant, ended_on__isnull=True).select_related("mentor").first()
    if match is not None:
        lines.append(_t(texts.CONTACT_MENTOR, name=match.mentor.name, organisation=match.mentor.organisation))
    referrals = (
        ReferralOut.objects.filter(participant=participant, status__in=OPEN_REFERRAL_STATUSES)
        .select_related("partner")
        .order_by("partner__name")
    )
    seen: set[int] = set()
    for referral in referrals:
        partner = referral.partner
        if partner.pk in seen or partner.closed_on is not None:
            continue
        seen.add(partner.pk)
        lines.append(partner.name)
        if partner.phone:
            lines.append(_t(texts.CONTACT_PHONE, phone=partner.phone))
        if partner.opening_hours:
            lines.append(_t(texts.CONTACT_HOURS, hours=partner.opening_hours))
    return lines


def money_lines(participant: Participant) -> list[str]:
    check = latest_better_off(participant)
    if check is None:
        return []
    result = check.result
    better = Decimal(str(result.get("better_off_by", 0)))
    sentence = (
        _t(texts.MONEY_SENTENCE, better=_money(better)) if better >= 0 else _t(texts.MONEY_WORSE, worse=_money(-better))
    )
    return [
        sentence,
        _t(texts.MONEY_JOB, hours=f"{check.hours_per_week.normalize():f}", pay=f"{check.hourly_pay:.2f}"),
        _t(texts.MONEY_NOW, amount=_money(result.get("income_out_of_work", 0))),
        _t(texts.MONEY_IN_WORK, amount=_money(result.get("income_in_work", 0))),
        _t(texts.MONEY_DIFFERENCE, amount=_money(better)),
    ]


def disclosure_lines(participant: Participant) -> list[str]:
    statement = latest_statement(participant)
    if statement is None:
        return []
    return [
        " ".join(text.split())
        for text in (statement.what_happened, statement.what_has_changed, statement.why_this_job)
        if text.strip()
    ]


def support_lines() -> list[str]:
    return [_t(line) for line in texts.SUPPORT_LINES]


def plan_parts(
    participant: Participant,
    sections: Sequence[str],
    *,
    appointments: Iterable[Appointment] = (),
    today: datetime.date,
) -> list[Part]:
    """The chosen sections in the plan's order, in the active language."""
    builders = {
        PlanSection.GOAL: lambda: goal_lines(participant),
        PlanSection.STEPS: lambda: step_lines(participant, today),
        PlanSection.APPOINTMENTS: lambda: appointment_lines(appointments),
        PlanSection.CONTACTS: lambda: contact_lines(participant),
        PlanSection.MONEY: lambda: money_lines(participant),
        PlanSection.DISCLOSURE: lambda: disclosure_lines(participant),
        PlanSection.SUPPORT: support_lines,
    }
    return [
        Part(key, _t(texts.PLAN_HEADINGS[key]), builders[PlanSection(key)]()[:MAX_LINES])
        for key in PlanSection.values
        if key in sections
    ]


# --- CV ----------------------------------------------------------------------------------------------------------


def _years(start: datetime.date | None, end: datetime.date | None) -> str:
    if start and end:
        return f"{start.year}" if start.year == end.year else f"{start.year} – {end.year}"
    if start:
        return f"{start.year} –"
    return f"{end.year}" if end else ""


def cv_draft(participant: Participant, *, name_prison: bool = False) -> dict[str, str]:
    """A first draft of each CV section, from the vocational profile, work history and qualifications. Work done in
    prison is written as ordinary experience (`rules.cv`), naming the prison only if the person chooses."""
    profile = VocationalProfile.objects.filter(participant=participant).first()
    history = WorkHistoryEntry.objects.filter(participant=participant).order_by("-start_date", "-id")
    experience = [
        experience_line(
            role=entry.role,
            employer=entry.employer,
            years=_years(entry.start_date, entry.end_date),
            name_prison=name_prison,
        ).text
        for entry in history
    ]
    qualifications = [
        f"{q.get_kind_display()}{': ' + q.detail if q.detail else ''}"
        for q in Qualification.objects.filter(participant=participant).order_by("kind", "id")
    ]
    return {
        CvSection.ABOUT: profile.job_goal if profile else "",
        CvSection.EXPERIENCE: "\n".join(experience),
        CvSection.QUALIFICATIONS: "\n".join(qualifications),
        CvSection.STRENGTHS: profile.strengths if profile else "",
    }


def cv_parts(texts_by_section: dict[str, str]) -> list[Part]:
    return [
        Part(key, _t(texts.CV_HEADINGS[key]), _lines(texts_by_section.get(key, "")))
        for key in CvSection.values
        if _lines(texts_by_section.get(key, ""))
    ]


# --- The disclosure letter ---------------------------------------------------------------------------------------


def letter_parts(statement: DisclosureStatement) -> list[Part]:
    """The saved letter, paragraph by paragraph, as the person and the specialist wrote it."""
    return [Part("letter", _t(texts.LETTER_HEADING), _lines(statement.letter))]
