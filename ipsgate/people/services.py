"""Writes to participant records. Each service owns its transaction and its audit events."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from ipsgate.core.audit import AuditTarget, audit_record, audit_record_many
from ipsgate.core.batch_writes import BatchItemInvalid, check_records
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction, SecurityEventKind
from ipsgate.core.models import Site, User
from ipsgate.core.scoping import specialists_for
from ipsgate.core.security import record_security_event

from .choices import ClosureReason, CustodyStatus, ReferralOutcome, ReferralSource
from .models import DUPLICATE_PRISON_NUMBER, ContactDetails, Episode, Participant, Reallocation, Referral
from .validators import normalise_prison_number

LOOKUP_CHUNK = 2_000  # ids per IN (...) query, well inside every database's limit on parameters


def participant_target(participant: Participant) -> AuditTarget:
    return AuditTarget("participant", str(participant.pk), participant.pk)


def audit_participants_read(user: User, participants: Iterable[Participant]) -> None:
    """Each participant named on a list page counts as read."""
    audit_record_many(user=user, action=AuditAction.READ, targets=[participant_target(p) for p in participants])


def referral_target(referral: Referral) -> AuditTarget:
    return AuditTarget("referral", str(referral.pk), referral.participant_id)


def episode_target(episode: Episode) -> AuditTarget:
    return AuditTarget("episode", str(episode.pk), episode.participant_id)


@dataclass(frozen=True)
class ReferralDetails:
    """Everything the referral form collects, already validated by the form."""

    wants_paid_work: bool
    given_name: str
    family_name: str
    preferred_name: str
    date_of_birth: datetime.date
    prison_number: str
    current_site: Site
    custody_status: CustodyStatus
    expected_release_date: datetime.date | None
    source: ReferralSource
    referral_date: datetime.date
    referrer_name: str
    referrer_organisation: str
    allocated_specialist: User | None
    sex: str = ""


def participant_refer(*, actor: User, details: ReferralDetails) -> Referral:
    """Record a new participant and their referral (`participants_refer` with one)."""
    return participants_refer(actor=actor, details=[details])[0]


@transaction.atomic
def participants_refer(*, actor: User, details: Sequence[ReferralDetails]) -> list[Referral]:
    """Record new participants and their referrals, in one transaction: all of them or none (`BatchItemInvalid`
    says which one was refused).

    Zero exclusion: the only question that decides anything is whether the person wants help to find
    paid work. If they do not, the referral is kept with the outcome "declined by the person".
    """
    people = [
        Participant(
            given_name=item.given_name,
            family_name=item.family_name,
            preferred_name=item.preferred_name,
            date_of_birth=item.date_of_birth,
            prison_number=item.prison_number,
            current_site=item.current_site,
            custody_status=item.custody_status,
            expected_release_date=item.expected_release_date,
            allocated_specialist=item.allocated_specialist,
            sex=item.sex,
        )
        for item in details
    ]
    check_records(people)
    if len(people) > 1:
        _check_prison_numbers_free(people)
    Participant.objects.bulk_create(people)
    referrals = [_new_referral(person, item, actor) for person, item in zip(people, details, strict=True)]
    check_records(referrals)
    Referral.objects.bulk_create(referrals)
    audit_record_many(
        user=actor,
        action=AuditAction.CREATE,
        targets=[target for r in referrals for target in (participant_target(r.participant), referral_target(r))],
    )
    return referrals


def _new_referral(participant: Participant, details: ReferralDetails | RepeatReferral, actor: User) -> Referral:
    """An unsaved referral from the form's answers. Zero exclusion: the only question that decides anything is
    whether the person wants help to find paid work; if not, it is kept, closed as "declined by the person"."""
    referral = Referral(
        participant=participant,
        source=details.source,
        referral_date=details.referral_date,
        referrer_name=details.referrer_name,
        referrer_organisation=details.referrer_organisation,
        wants_paid_work=details.wants_paid_work,
        received_by=actor,
    )
    if not details.wants_paid_work:
        referral.outcome = ReferralOutcome.DECLINED_BY_PERSON
        referral.outcome_date = details.referral_date
    return referral


def _check_prison_numbers_free(people: Sequence[Participant]) -> None:
    """No two of these new people, and nobody on record, share a prison number (a query per 2,000 numbers). The
    item refused is the first one a record at a time would refuse."""
    first: dict[str, int] = {}
    refused = len(people)  # none
    for index, person in enumerate(people):
        if person.prison_number and person.prison_number in first:
            refused = index
            break
        if person.prison_number:
            first[person.prison_number] = index
    numbers = sorted(first)
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        taken = Participant.objects.filter(prison_number__in=numbers[start : start + LOOKUP_CHUNK])
        refused = min([refused, *(first[number] for number in taken.values_list("prison_number", flat=True))])
    if refused < len(people):
        raise BatchItemInvalid(refused, ValidationError(DUPLICATE_PRISON_NUMBER))


def referral_decide(
    *, actor: User, referral: Referral, outcome: ReferralOutcome, outcome_date: datetime.date
) -> Episode | None:
    """Record the outcome of a referral awaiting a decision (`referrals_decide` with one). Acceptance opens an
    episode of support."""
    return referrals_decide(actor=actor, decisions=[Decision(referral, outcome, outcome_date)])[0]


@dataclass(frozen=True)
class Decision:
    referral: Referral
    outcome: ReferralOutcome
    outcome_date: datetime.date


@transaction.atomic
def referrals_decide(*, actor: User, decisions: Sequence[Decision]) -> list[Episode | None]:
    """Record the outcomes of referrals awaiting a decision, all or none (`BatchItemInvalid` says which was refused).
    Each acceptance opens an episode of support; the episode, if any, for each decision in order."""
    ids = [decision.referral.pk for decision in decisions]
    locked: dict[int, Referral] = {}
    for start in range(0, len(ids), LOOKUP_CHUNK):
        chunk = ids[start : start + LOOKUP_CHUNK]
        locked.update({r.pk: r for r in Referral.objects.select_for_update().filter(pk__in=chunk)})
    referrals = []
    for index, decision in enumerate(decisions):
        referral = locked[decision.referral.pk]
        if referral.outcome:
            raise BatchItemInvalid(
                index, ValidationError("This referral already has an outcome.", code="already_decided")
            )
        if decision.outcome_date < referral.referral_date:
            raise BatchItemInvalid(
                index,
                ValidationError(
                    {"outcome_date": "The decision date must be on or after the referral date"},
                    code="before_referral",
                ),
            )
        referral.outcome = decision.outcome
        referral.outcome_date = decision.outcome_date
        referrals.append(referral)
    check_records(referrals)
    by_outcome: dict[tuple[str, datetime.date | None], list[int]] = {}
    for referral in referrals:
        by_outcome.setdefault((referral.outcome, referral.outcome_date), []).append(referral.pk)
    for (outcome, outcome_date), decided in by_outcome.items():  # a query per outcome and date, not per referral
        for start in range(0, len(decided), LOOKUP_CHUNK):
            chunk = decided[start : start + LOOKUP_CHUNK]
            Referral.objects.filter(pk__in=chunk).update(outcome=outcome, outcome_date=outcome_date)
    accepted = [(i, r) for i, r in enumerate(referrals) if r.outcome == ReferralOutcome.ACCEPTED]
    people = [r.participant_id for _, r in accepted]
    already_open: set[int] = set()
    for start in range(0, len(people), LOOKUP_CHUNK):
        open_episodes = Episode.objects.filter(participant_id__in=people[start : start + LOOKUP_CHUNK])
        already_open.update(open_episodes.filter(end_date__isnull=True).values_list("participant_id", flat=True))
    episodes: list[Episode | None] = [None] * len(referrals)
    seen: set[int] = set()
    for index, referral in accepted:
        if referral.participant_id in already_open or referral.participant_id in seen:
            raise BatchItemInvalid(
                index, ValidationError("This person already has an open episode of support.", code="episode_open")
            )
        seen.add(referral.participant_id)
        episodes[index] = Episode(
            participant_id=referral.participant_id, referral=referral, start_date=decisions[index].outcome_date
        )
    Episode.objects.bulk_create([episode for episode in episodes if episode is not None])
    targets = [referral_target(referral) for referral in referrals]
    targets += [episode_target(episode) for episode in episodes if episode is not None]
    audit_record_many(user=actor, action=AuditAction.UPDATE, targets=targets)
    return episodes


PARTICIPANT_EDITABLE_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "prison_number",
    "current_site",
    "custody_status",
    "expected_release_date",
    "actual_release_date",
    "allocated_specialist",
    "sex",
    "preferred_language",
)


def participant_update(*, actor: User, participant: Participant, changes: dict[str, object]) -> list[str]:
    """Apply validated changes to a participant's details; returns the names of fields that changed."""
    return participants_update(actor=actor, updates=[(participant, changes)])[0]


@transaction.atomic
def participants_update(*, actor: User, updates: Sequence[tuple[Participant, Mapping[str, object]]]) -> list[list[str]]:
    """Apply validated changes to several participants' details, all or none (`BatchItemInvalid` says which was
    refused); for each, the names of the fields that changed. People written together share a query per set of
    changed fields."""
    changed_people: list[Participant] = []
    changed_at: list[int] = []  # where each changed person is in `updates`
    changed_names: list[list[str]] = []
    for index, (participant, changes) in enumerate(updates):
        unknown = set(changes) - set(PARTICIPANT_EDITABLE_FIELDS)
        if unknown:
            raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
        changed = [name for name, value in changes.items() if getattr(participant, name) != value]
        for name in changed:
            setattr(participant, name, changes[name])
        changed_names.append(changed)
        if changed:
            changed_people.append(participant)
            changed_at.append(index)
    try:
        check_records(changed_people)
        if len(changed_people) > 1 and any("prison_number" in names for names in changed_names):
            _check_prison_numbers_free_of_others(changed_people)
    except BatchItemInvalid as refused:
        raise BatchItemInvalid(changed_at[refused.index], refused) from None
    now = timezone.now()
    # A query per distinct change (a release list moving many people to the same date is one), not per person.
    by_change: dict[tuple[tuple[str, object], ...], list[int]] = {}
    for participant, names in zip((p for p, _ in updates), changed_names, strict=True):
        if names:
            participant.updated_at = now
            change = tuple((name, getattr(participant, name)) for name in sorted(names))
            by_change.setdefault(change, []).append(participant.pk)
    for change, ids in by_change.items():
        for start in range(0, len(ids), LOOKUP_CHUNK):
            Participant.objects.filter(pk__in=ids[start : start + LOOKUP_CHUNK]).update(**dict(change), updated_at=now)
    audit_record_many(user=actor, action=AuditAction.UPDATE, targets=[participant_target(p) for p in changed_people])
    return changed_names


def _check_prison_numbers_free_of_others(people: Sequence[Participant]) -> None:
    """No two of these people, and nobody else on record, share a prison number, checked as if they were written a
    record at a time in this order (a number someone earlier in the batch gives up may be taken later): the item
    refused is the first one a record at a time would refuse."""
    numbers = sorted({person.prison_number for person in people if person.prison_number})
    holder: dict[str, int] = {}  # who holds each of these numbers, as each change is applied in turn
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        held = Participant.objects.filter(prison_number__in=numbers[start : start + LOOKUP_CHUNK])
        holder.update(held.values_list("prison_number", "pk"))
    number_of = {pk: number for number, pk in holder.items()}
    for index, person in enumerate(people):
        number = person.prison_number
        if number and holder.get(number, person.pk) != person.pk:
            raise BatchItemInvalid(index, ValidationError(DUPLICATE_PRISON_NUMBER))
        previous = number_of.pop(person.pk, None)
        if previous is not None:
            del holder[previous]
        if number:
            holder[number] = person.pk
            number_of[person.pk] = number


@transaction.atomic
def episode_close(*, actor: User, episode: Episode, end_date: datetime.date, reason: ClosureReason) -> Episode:
    """End an open episode of support with a reason."""
    episode = Episode.objects.select_for_update().get(pk=episode.pk)
    if episode.end_date is not None:
        raise ValidationError("This episode is already closed.", code="already_closed")
    if end_date < episode.start_date:
        raise ValidationError({"end_date": "The end date must be on or after the start date"}, code="before_start")
    episode.end_date = end_date
    episode.closure_reason = reason
    episode.full_clean()
    episode.save(update_fields=["end_date", "closure_reason"])
    audit_record(user=actor, action=AuditAction.UPDATE, target=episode_target(episode))
    return episode


# --- A prison number already on record (issue 16 item 9; security finding 15 §6) -----------------------------

PRISON_NUMBER_CHECK_WITH_TEAM_LEADER = "Check this prison number with your team leader"


@dataclass(frozen=True)
class PrisonNumberCheck:
    """What a prison number typed on a form says about the records: nobody has it (`free`), someone this user may
    see has it (`known`, the person), or someone outside their scope has it (`out_of_scope`: the form answers
    neutrally and never says who, nor even plainly that the number is on record)."""

    free: bool
    known: Participant | None = None

    @property
    def out_of_scope(self) -> bool:
        return not self.free and self.known is None


@dataclass(frozen=True)
class PrisonNumberHolders:
    """Who holds each of some prison numbers, looked up once for many forms filled in by one user (a bulk import
    checks every row with the page's form): the holder's id, and the holder when this user may see them."""

    holder_ids: dict[str, int]
    visible: dict[int, Participant]

    @classmethod
    def lookup(cls, user: User, numbers: Iterable[str]) -> PrisonNumberHolders:
        wanted = sorted({normalise_prison_number(number) for number in numbers} - {""})  # as the form will read them
        holder_ids: dict[str, int] = {}
        visible: dict[int, Participant] = {}
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            held = Participant.objects.filter(prison_number__in=wanted[start : start + LOOKUP_CHUNK])
            found = dict(held.values_list("prison_number", "pk"))
            holder_ids.update(found)
            if found:
                seen = Participant.objects.visible_to(user).filter(pk__in=list(found.values()))
                visible.update({person.pk: person for person in seen})
        return cls(holder_ids, visible)


def prison_number_check(
    *,
    user: User,
    number: str,
    exclude_pk: int | None = None,
    request: HttpRequest | None = None,
    holders: PrisonNumberHolders | None = None,
) -> PrisonNumberCheck:
    """Whether a prison number is already recorded, answered as this user may be told. Naming a person in scope
    is a read of their record (audited); a number recorded outside the user's scope is a security event, so
    someone probing for numbers is seen. `holders`: looked up already for many numbers."""
    if not number:
        return PrisonNumberCheck(free=True)
    if holders is not None:
        holder_id = holders.holder_ids.get(number)
        holder_id = None if holder_id == exclude_pk else holder_id
        known = holders.visible.get(holder_id) if holder_id is not None else None
    else:
        held = Participant.objects.filter(prison_number=number)
        if exclude_pk is not None:
            held = held.exclude(pk=exclude_pk)
        holder_id = held.values_list("pk", flat=True).first()
        known = Participant.objects.visible_to(user).filter(pk=holder_id).first() if holder_id is not None else None
    if holder_id is None:
        return PrisonNumberCheck(free=True)
    if known is None:
        record_security_event(
            SecurityEventKind.PRISON_NUMBER_OUT_OF_SCOPE,
            request=request,
            user=user,
            detail="prison number entered on a referral or details form; the answer did not say whose it is",
        )
        return PrisonNumberCheck(free=False)
    audit_record(user=user, action=AuditAction.READ, target=participant_target(known))
    return PrisonNumberCheck(free=False, known=known)


@dataclass(frozen=True)
class RepeatReferral:
    """A new referral for someone already on record (after a closed episode, a recall or a gap)."""

    wants_paid_work: bool
    source: ReferralSource
    referral_date: datetime.date
    referrer_name: str
    referrer_organisation: str


def repeat_referral_problem(participant: Participant) -> str | None:
    """Why a new referral cannot be made for this person now, or None."""
    if Episode.objects.filter(participant=participant, end_date__isnull=True).exists():
        return "This person is already being supported (their episode of support is open). There is nothing to refer."
    if Referral.objects.filter(participant=participant, outcome="").exists():
        return "This person already has a referral awaiting a decision. Record its outcome instead."
    return None


@transaction.atomic
def referral_repeat(*, actor: User, participant: Participant, details: RepeatReferral) -> Referral:
    """A new referral for someone already on record. Accepting it opens a new episode of support
    (`referral_decide`). Zero exclusion as for a first referral: only wanting paid work decides anything."""
    if not capabilities_for(actor).take_referrals:
        raise ValidationError("Your role cannot record referrals.", code="not_allowed")
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    problem = repeat_referral_problem(participant)
    if problem:
        raise ValidationError(problem, code="already_supported")
    referral = _new_referral(participant, details, actor)
    referral.full_clean()
    referral.save()
    audit_record(user=actor, action=AuditAction.CREATE, target=referral_target(referral))
    return referral


# --- Contact details (issue 16 item 16) -------------------------------------------------------------------------

CONTACT_DETAIL_FIELDS = (
    "mobile",
    "email",
    "address",
    "accommodation_status",
    "preferred_contact_method",
    "reminders_by_text",
    "reminders_by_email",
)


def contact_details_problems(values: dict[str, object]) -> dict[str, str]:
    """What does not fit together, by field: reminders need somewhere to send them; a preferred method needs the
    detail it uses."""
    problems: dict[str, str] = {}
    if values.get("reminders_by_text") and not values.get("mobile"):
        problems["mobile"] = "Enter a mobile number for text reminders, or say the person does not want them"
    if values.get("reminders_by_email") and not values.get("email"):
        problems["email"] = "Enter an email address for email reminders, or say the person does not want them"
    method = values.get("preferred_contact_method")
    if method in ("phone", "text") and not values.get("mobile") and "mobile" not in problems:
        problems["mobile"] = "Enter a phone number, as the person prefers to be contacted by phone or text"
    if method == "email" and not values.get("email") and "email" not in problems:
        problems["email"] = "Enter an email address, as the person prefers to be contacted by email"
    if method == "letter" and not values.get("address"):
        problems["address"] = "Enter an address, as the person prefers to be contacted by letter"
    return problems


@transaction.atomic
def contact_details_save(*, actor: User, participant: Participant, values: dict[str, object]) -> ContactDetails:
    """Record or change how to reach the person. Only roles that may contact the person may change them."""
    can = capabilities_for(actor)
    if not (can.edit_participants and can.see_contact_details):
        raise ValidationError("Your role cannot change contact details.", code="not_allowed")
    unknown = set(values) - set(CONTACT_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    problems = contact_details_problems(values)
    if problems:
        raise ValidationError(problems)
    details = ContactDetails.objects.select_for_update().filter(participant=participant).first()
    created = details is None
    details = details or ContactDetails(participant=participant)
    for name, value in values.items():
        setattr(details, name, value)
    details.updated_by = actor
    details.updated_at = timezone.now()
    details.full_clean()
    details.save()
    audit_record(
        user=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        target=AuditTarget("contact_details", str(details.pk), participant.pk),
    )
    return details


REALLOCATION_REASON_NEEDED = "Enter why the people are moving to another specialist"


@transaction.atomic
def participants_reallocate(
    *,
    actor: User,
    participant_ids: Iterable[int],
    from_specialist: User,
    to_specialist: User,
    reason: str,
) -> list[Participant]:
    """Move several people from one specialist's caseload to another's in one step, with the reason recorded for
    each (`Reallocation`) and audited. Only a role that may reallocate caseloads (`core.capabilities`), only
    between specialists it oversees (`core.scoping.specialists_for`), and only people it may see who are on the
    first specialist's caseload now; otherwise nothing moves."""
    if not capabilities_for(actor).reallocate_caseloads:
        raise ValidationError("Your role cannot move people between caseloads.", code="not_allowed")
    problems: dict[str, str] = {}
    overseen = specialists_for(actor)
    if not overseen.filter(pk=from_specialist.pk).exists():
        problems["from_specialist"] = "Select a specialist in your team"
    if not overseen.filter(pk=to_specialist.pk).exists():
        problems["to_specialist"] = "Select a specialist in your team"
    elif to_specialist.pk == from_specialist.pk:
        problems["to_specialist"] = "Select a different specialist from the one they are moving from"
    reason = reason.strip()
    if not reason:
        problems["reason"] = REALLOCATION_REASON_NEEDED
    wanted = sorted(set(participant_ids))
    if not wanted:
        problems["participants"] = "Select the people to move"
    if problems:
        raise ValidationError(problems)
    people = list(
        Participant.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .filter(pk__in=wanted, allocated_specialist=from_specialist)
        .order_by("pk")
    )
    if len(people) != len(wanted):
        raise ValidationError(
            {"participants": "Some of the people are no longer on this specialist's caseload. Choose again"},
            code="moved",
        )
    now = timezone.now()
    Participant.objects.filter(pk__in=[p.pk for p in people]).update(allocated_specialist=to_specialist, updated_at=now)
    moves = Reallocation.objects.bulk_create(
        Reallocation(
            participant=person,
            from_specialist=from_specialist,
            to_specialist=to_specialist,
            reason=reason,
            moved_by=actor,
            moved_at=now,
        )
        for person in people
    )
    audit_record_many(
        user=actor,
        action=AuditAction.CREATE,
        targets=[AuditTarget("reallocation", str(move.pk), move.participant_id) for move in moves],
    )
    audit_record_many(user=actor, action=AuditAction.UPDATE, targets=[participant_target(p) for p in people])
    for person in people:
        person.allocated_specialist = to_specialist
    return people
