"""The demo service shows mentoring (issue 17 §8): five mentors, one with expired vetting, people matched with
sessions, and no mentor over capacity."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from ipsgate.demo.generator import generate_service
from ipsgate.mentoring.models import Mentor, MentoringOffer, MentoringSession, MentorMatch
from ipsgate.outcomes import mentoring as mentoring_figures
from ipsgate.outcomes.metrics import Period
from ipsgate.people.models import Participant
from ipsgate.rules.mentoring_value import MENTORED, NOT_MENTORED

pytestmark = pytest.mark.django_db


def test_the_demo_has_mentors_matches_and_sessions() -> None:
    today = timezone.localdate()
    generate_service(people=120, seed=2026, as_of=today, demo=True)
    mentors = Mentor.objects.annotate(current=Count("matches", filter=Q(matches__ended_on__isnull=True)))
    assert mentors.count() == 5
    assert [m.name for m in mentors if not m.vetting(today).valid] == ["Kerry Holt"]
    assert all(m.current <= m.capacity for m in mentors)
    # Issue 17 §5, §6: about thirty people matched, with sessions before release, at the gate and after it.
    assert 27 <= MentorMatch.objects.count() <= 30
    assert MentoringSession.objects.filter(place="at_the_gate", took_place=True).count() >= 10
    assert not MentoringSession.objects.filter(held_at__gt=timezone.now()).exists()
    assert not MentorMatch.objects.filter(ended_on__gt=today).exists()
    for match in MentorMatch.objects.prefetch_related("sessions"):
        assert all(timezone.localtime(s.held_at).date() >= match.started_on for s in match.sessions.all())
    # Some offers declined, with a reason; nobody who declined is matched.
    declined = MentoringOffer.objects.filter(answer="declined")
    assert declined.count() >= 5 and not declined.filter(decline_reason="").exists()
    assert not MentorMatch.objects.filter(participant__mentoring_offers__answer="declined").exists()
    # The dashboard's table has both groups to compare.
    figures = mentoring_figures.figures_for(
        Participant.objects.all(), Period(today - datetime.timedelta(days=365), today), today=today
    )
    assert figures[MENTORED].people >= 10 and figures[NOT_MENTORED].people >= 10
    assert figures[MENTORED].released_followed >= 5
