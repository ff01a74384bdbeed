"""More demo mentoring (issue 17 §5, §6, §8): about thirty people matched with a mentor in all, with sessions before
release, at the gate and after it, so the outcome dashboard's "Mentored and not mentored" table and the specialists'
mentoring tasks have something to show; offers of mentoring, some declined with a reason. Deterministic: the same
people (by id, in order) and the same dates from `as_of` every time. Names are the mentors' of
`mentoring_generator`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from ipsgate.core.models import User
from ipsgate.mentoring.models import Mentor, MentoringOffer, MentoringSession, MentorMatch
from ipsgate.people.models import Participant

ENDED_MATCHES = 18  # people released 70 to 400 days ago, matched through the gate, the match since ended
FIRST_MEETING_MATCHES = 2  # due out within 28 days, matched, no session yet
AFTER_RELEASE_MATCHES = 2  # released in the last 2 months, no session since release
KEEP_IN_TOUCH_MATCHES = 2  # released 1 to 6 months ago, met since release
DECLINED = ("not_interested", "not_now", "has_support", "no_peer", "other")
GENDERS = ("", "", "man", "woman", "")


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _specialist(person: Participant, fallback: User) -> User:
    return person.allocated_specialist or fallback


def _with_room(mentors: Sequence[Mentor], prison_id: int | None) -> Mentor | None:
    """The first mentor (in the given order) with room, in date and, for someone in prison, cleared for it."""
    current = dict(
        Mentor.objects.annotate(n=Count("matches", filter=Q(matches__ended_on__isnull=True))).values_list("pk", "n")
    )
    for mentor in mentors:
        cleared = {site.pk for site in mentor.cleared_prisons.all()}
        if current[mentor.pk] < mentor.capacity and (prison_id is None or prison_id in cleared):
            return mentor
    return None


def _offer(person: Participant, by: User, *, offered: date, answer: str, n: int) -> None:
    MentoringOffer.objects.create(
        participant=person,
        offered_on=offered,
        answer=answer,
        answered_on=None if answer == "waiting" else offered + timedelta(days=2),
        decline_reason=DECLINED[n % len(DECLINED)] if answer == "declined" else "",
        decline_detail="Wants to get settled first." if answer == "declined" and n % len(DECLINED) == 4 else "",
        gender_wanted=GENDERS[n % len(GENDERS)] if answer != "declined" else "",
        lived_experience_wanted=answer != "declined" and n % 3 == 0,
        recorded_by=by,
    )


def _session(match: MentorMatch, day: date, place: str, by: User, *, held: bool = True, hour: int = 11) -> None:
    MentoringSession.objects.create(
        match=match,
        held_at=_at(day, hour),
        took_place=held,
        place=place,
        duration_minutes=50 if held else None,
        topics=["first_weeks", "routines"] if place != "in_prison" else ["confidence", "work_expectations"],
        note="Met as planned and talked about the week ahead." if held else "",
        recorded_by=by,
    )


def _current_match(person: Participant, mentor: Mentor, by: User, *, started: date, n: int) -> MentorMatch:
    _offer(person, by, offered=started - timedelta(days=4), answer="accepted", n=n)
    return MentorMatch.objects.create(participant=person, mentor=mentor, started_on=started, matched_by=by)


def write_demo_mentoring_through_the_gate(*, as_of: date, mentors: Sequence[Mentor], fallback: User) -> int:
    """Matches, sessions and offers for the demo; returns how many people were matched here. `fallback`'s own
    caseload (specialist1) is served first, so their To do shows each mentoring task."""
    # Mentors with a demo sign-in go last, so mentor1 and mentor2 keep room for a new match made in the demo.
    usable = sorted((m for m in mentors if m.vetting(as_of).valid), key=lambda m: m.user_id is not None)
    matched = set(MentorMatch.objects.values_list("participant_id", flat=True))
    supported = Participant.objects.filter(episodes__end_date__isnull=True).values("pk")
    people = (
        Participant.objects.filter(pk__in=supported)
        .exclude(pk__in=matched)
        .select_related("allocated_specialist")
        .order_by("pk")
    )
    theirs = [p for p in people if p.allocated_specialist_id == fallback.pk]
    everyone = theirs + [p for p in people if p.allocated_specialist_id != fallback.pk]

    def pick(test: Callable[[Participant], bool], count: int) -> list[Participant]:
        found = [p for p in everyone if p.pk not in matched and test(p)][:count]
        matched.update(p.pk for p in found)
        return found

    def released_between(p: Participant, most: int, least: int) -> bool:
        day = p.actual_release_date
        return (
            not p.in_custody
            and day is not None
            and as_of - timedelta(days=most) <= day <= as_of - timedelta(days=least)
        )

    count = 0
    # Still matched (issue 17 §5): due out within 28 days with no session yet (the first meeting before release);
    # released without a session since (a session within 7 days of release); met since release (keep in touch).
    due_out = pick(
        lambda p: (
            p.in_custody
            and p.expected_release_date is not None
            and as_of + timedelta(days=3) <= p.expected_release_date <= as_of + timedelta(days=27)
        ),
        FIRST_MEETING_MATCHES,
    )
    for n, person in enumerate(due_out):
        mentor = _with_room(usable, person.current_site_id)
        if mentor is not None:
            _current_match(person, mentor, _specialist(person, fallback), started=as_of - timedelta(days=6), n=n)
            count += 1
    for n, person in enumerate(pick(lambda p: released_between(p, 60, 2), AFTER_RELEASE_MATCHES)):
        mentor = _with_room(usable, None)
        release = person.actual_release_date
        if mentor is not None and release is not None:
            by = _specialist(person, fallback)
            match = _current_match(person, mentor, by, started=release - timedelta(days=20), n=n)
            _session(match, release - timedelta(days=10), "in_prison", by)  # none since release
            count += 1
    for n, person in enumerate(pick(lambda p: released_between(p, 200, 30), KEEP_IN_TOUCH_MATCHES)):
        mentor = _with_room(usable, None)
        release = person.actual_release_date
        if mentor is not None and release is not None:
            by = _specialist(person, fallback)
            match = _current_match(person, mentor, by, started=release - timedelta(days=20), n=n)
            _session(match, release - timedelta(days=10), "in_prison", by)
            _session(match, release, "at_the_gate", by, hour=9)
            _session(match, as_of - timedelta(days=10), "community", by)  # the next is due in 4 days
            count += 1
    # Matched through the gate, the match since ended: most met at least twice (mentored), some only once.
    for n, person in enumerate(pick(lambda p: released_between(p, 400, 70), ENDED_MATCHES)):
        by = _specialist(person, fallback)
        release = person.actual_release_date
        assert release is not None  # noqa: S101  # picked as released
        started = release - timedelta(days=35)
        _offer(person, by, offered=started - timedelta(days=5), answer="accepted", n=n)
        short = n % 5 == 4  # met once, then lost touch: not mentored (fewer than 2 sessions)
        match = MentorMatch.objects.create(
            participant=person,
            mentor=usable[n % len(usable)],
            started_on=started,
            ended_on=release + timedelta(days=20 if short else 56),
            end_reason="disengaged" if short else "goals_met",
            matched_by=by,
        )
        _session(match, release - timedelta(days=21), "in_prison", by)
        if short:
            _session(match, release, "at_the_gate", by, held=False)
        else:
            _session(match, release - timedelta(days=7), "in_prison", by, held=n % 4 != 0)
            _session(match, release, "at_the_gate", by, hour=9)
            _session(match, release + timedelta(days=5), "community", by)
            _session(match, release + timedelta(days=19), "phone_or_video", by)
            _session(match, release + timedelta(days=40), "at_work" if n % 2 else "community", by)
        count += 1
    # Offers not (yet) taken up: some declined with a reason, some waiting for an answer.
    for n, person in enumerate(pick(lambda p: True, 11)):
        answer = "waiting" if n % 4 == 3 else "declined"
        _offer(person, _specialist(person, fallback), offered=as_of - timedelta(days=10 + n), answer=answer, n=n)
    return count
