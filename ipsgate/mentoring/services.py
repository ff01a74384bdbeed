"""Writes about peer mentors. Each service owns its transaction and its audit event.

A mentor record holds the mentor's vetting, so every create and change is audited (it names no participant).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ipsgate.core.audit import AuditTarget, audit_record
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction, Role
from ipsgate.core.models import User
from ipsgate.people.models import Participant
from ipsgate.rules.mentoring import eligibility, offer_allows_match, offer_dates_problem

from .choices import OfferAnswer
from .models import Mentor, MentoringOffer, MentoringSession, MentorMatch
from .selectors import latest_offer

MENTOR_FIELDS = (
    "name", "organisation", "organisation_kind", "lived_experience", "training", "trained_on", "iag_level3",
    "dbs_level", "dbs_checked_on", "vetting_expires", "postcode_districts", "capacity", "gender", "languages",
    "interests", "other_interests", "status", "status_since", "user",
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
    if mentor.user is not None and (mentor.user.role != Role.MENTOR or mentor.user.is_service_account):
        raise ValidationError({"user": "Select an account in the Mentor role"}, code="not_mentor_account")
    if mentor.user is not None and Mentor.objects.filter(user=mentor.user).exclude(pk=mentor.pk).exists():
        raise ValidationError({"user": "That account is already linked to another mentor"}, code="account_taken")
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


def _match_target(match: MentorMatch) -> AuditTarget:
    return AuditTarget("mentor_match", str(match.pk), match.participant_id)


@transaction.atomic
def match_start(
    *, actor: User, participant: Participant, mentor: Mentor, started_on: date, today: date, shared_goals: str = ""
) -> MentorMatch:
    """Match a person with a mentor. Refused: a person already matched, a start in the future, and a mentor who
    may not be matched now (not active, at capacity, vetting out of date or not for the person's prison)."""
    if not capabilities_for(actor).edit_participants:
        raise ValidationError("Your role cannot match people with mentors.", code="not_allowed")
    if not Participant.objects.visible_to(actor).filter(pk=participant.pk).exists():
        raise ValidationError("You cannot match this person.", code="out_of_scope")
    Mentor.objects.select_for_update().filter(pk=mentor.pk).first()  # one match at a time per mentor: capacity holds
    if started_on > today:
        raise ValidationError({"started_on": "Start date must be today or in the past"}, code="future")
    if MentorMatch.objects.filter(participant=participant, ended_on__isnull=True).exists():
        raise ValidationError(
            "This person already has a mentor: end that match before starting another", code="already_matched"
        )
    offer = latest_offer(participant)
    offered = offer_allows_match(offer.facts() if offer else None)
    if not offered.eligible:
        raise ValidationError(offered.explanation, code="declined")
    current = MentorMatch.objects.filter(mentor=mentor, ended_on__isnull=True).count()
    cleared = frozenset(mentor.cleared_prisons.values_list("pk", flat=True))
    prison = participant.current_site_id if participant.in_custody else None
    allowed = eligibility(mentor.facts(current_mentees=current, cleared_prisons=cleared), today, prison)
    if not allowed.eligible:
        raise ValidationError({"mentor": f"{mentor.name} cannot be matched: {allowed.explanation}"}, code="ineligible")
    match = MentorMatch(
        participant=participant,
        mentor=mentor,
        started_on=started_on,
        matched_by=actor,
        shared_goals=shared_goals.strip(),
    )
    match.full_clean()
    match.save()
    audit_record(user=actor, action=AuditAction.CREATE, target=_match_target(match))
    return match


@transaction.atomic
def match_end(*, actor: User, match: MentorMatch, ended_on: date, end_reason: str, today: date) -> MentorMatch:
    if not capabilities_for(actor).edit_participants:
        raise ValidationError("Your role cannot end mentoring matches.", code="not_allowed")
    match = MentorMatch.objects.select_for_update().get(pk=match.pk)
    if match.ended_on is not None:
        raise ValidationError("This match has already ended", code="ended")
    if ended_on > today:
        raise ValidationError({"ended_on": "End date must be today or in the past"}, code="future")
    if ended_on < match.started_on:
        raise ValidationError(
            {"ended_on": f"End date must be on or after the start of the match ({match.started_on:%-d %B %Y})"},
            code="before_start",
        )
    match.ended_on, match.end_reason = ended_on, end_reason
    match.full_clean()
    match.save(update_fields=["ended_on", "end_reason"])
    audit_record(user=actor, action=AuditAction.UPDATE, target=_match_target(match))
    return match


@transaction.atomic
def shared_goals_save(*, actor: User, match: MentorMatch, shared_goals: str) -> MentorMatch:
    """Change the goals the person agreed to share with their mentor (what the mentor sees of their plan)."""
    if not capabilities_for(actor).edit_participants:
        raise ValidationError("Your role cannot change what a mentor sees.", code="not_allowed")
    match = MentorMatch.objects.select_for_update().get(pk=match.pk)
    if match.ended_on is not None:
        raise ValidationError("This match has ended", code="ended")
    match.shared_goals = shared_goals.strip()
    match.full_clean()
    match.save(update_fields=["shared_goals"])
    audit_record(user=actor, action=AuditAction.UPDATE, target=_match_target(match))
    return match


@transaction.atomic
def session_record(*, actor: User, match: MentorMatch, data: dict[str, Any]) -> MentoringSession:
    """Log a mentoring session of a current match, by staff who change the case or by the match's own mentor.
    Refused: a session in the future or before the match started."""
    match = MentorMatch.objects.select_for_update().get(pk=match.pk)
    can = capabilities_for(actor)
    own_mentee = can.log_own_mentoring_sessions and Mentor.objects.filter(pk=match.mentor_id, user=actor).exists()
    if not (can.edit_participants or own_mentee):
        raise ValidationError("Your role cannot log mentoring sessions for this person.", code="not_allowed")
    if match.ended_on is not None:
        raise ValidationError("This match has ended: sessions are logged for a current match", code="ended")
    held_at = data["held_at"]
    if held_at > timezone.now():
        raise ValidationError({"time": "The time cannot be in the future"}, code="future")
    if timezone.localtime(held_at).date() < match.started_on:
        started = f"{match.started_on:%-d %B %Y}"
        message = f"The date of the session must be on or after the start of the match ({started})"
        raise ValidationError({"held_on": message}, code="before_start")
    session = MentoringSession(
        match=match,
        held_at=held_at,
        took_place=data["took_place"],
        place=data["place"],
        duration_minutes=data.get("duration_minutes"),
        topics=sorted(set(data.get("topics", []))),
        note=data.get("note", ""),
        recorded_by=actor,
    )
    session.full_clean()
    session.save()
    audit_record(
        user=actor,
        action=AuditAction.CREATE,
        target=AuditTarget("mentoring_session", str(session.pk), match.participant_id),
    )
    return session


OFFER_FIELDS = (
    "offered_on", "answer", "answered_on", "decline_reason", "decline_detail", "gender_wanted",
    "lived_experience_wanted",
)  # fmt: skip


@transaction.atomic
def offer_save(
    *, actor: User, participant: Participant, data: dict[str, Any], today: date, offer: MentoringOffer | None = None
) -> MentoringOffer:
    """Record mentoring offered to a person, or change the answer and preferences of their latest offer. A declined
    offer is not changed: a new offer is recorded instead, so the earlier answer stays on the record. Refused: dates
    in the future, an answer before the offer, a decline without a reason, an offer to someone matched now."""
    if not capabilities_for(actor).edit_participants:
        raise ValidationError("Your role cannot record mentoring offers.", code="not_allowed")
    if not Participant.objects.visible_to(actor).filter(pk=participant.pk).exists():
        raise ValidationError("You cannot record an offer for this person.", code="out_of_scope")
    unknown = set(data) - set(OFFER_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    if offer is None:
        if MentorMatch.objects.filter(participant=participant, ended_on__isnull=True).exists():
            raise ValidationError(
                "This person already has a mentor: change the preferences of their offer instead", code="matched"
            )
        offer = MentoringOffer(participant=participant, recorded_by=actor)
    else:
        offer = MentoringOffer.objects.select_for_update().get(pk=offer.pk, participant=participant)
        if offer.answer == OfferAnswer.DECLINED:
            raise ValidationError("The person declined this offer: record a new offer instead", code="declined")
    creating = offer.pk is None
    for name in OFFER_FIELDS:
        if name in data:
            setattr(offer, name, data[name])
    if offer.answer == OfferAnswer.WAITING:
        offer.answered_on = None
    elif offer.answered_on is None:
        raise ValidationError({"answered_on": "Enter the date of the answer"}, code="no_date")
    problem = offer_dates_problem(offer.offered_on, offer.answered_on, today)
    if problem:
        raise ValidationError({problem[0]: problem[1]}, code="dates")
    if offer.answer == OfferAnswer.DECLINED:
        if not offer.decline_reason:
            raise ValidationError({"decline_reason": "Select why the person declined"}, code="no_reason")
        if offer.decline_reason == "other" and not offer.decline_detail.strip():
            raise ValidationError({"decline_detail": "Say why the person declined"}, code="no_detail")
    else:
        offer.decline_reason, offer.decline_detail = "", ""
    offer.full_clean()
    offer.save()
    audit_record(
        user=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        target=AuditTarget("mentoring_offer", str(offer.pk), participant.pk),
    )
    return offer
