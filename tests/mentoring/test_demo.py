"""The demo service shows mentoring (issue 17 §8): five mentors, one with expired vetting, people matched with
sessions, and no mentor over capacity."""

from __future__ import annotations

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from ipsgate.demo.generator import generate_service
from ipsgate.mentoring.models import Mentor, MentoringSession, MentorMatch

pytestmark = pytest.mark.django_db


def test_the_demo_has_mentors_matches_and_sessions() -> None:
    today = timezone.localdate()
    generate_service(people=120, seed=2026, as_of=today, demo=True)
    mentors = Mentor.objects.annotate(current=Count("matches", filter=Q(matches__ended_on__isnull=True)))
    assert mentors.count() == 5
    assert [m.name for m in mentors if not m.vetting(today).valid] == ["Kerry Holt"]
    assert all(m.current <= m.capacity for m in mentors)
    assert MentorMatch.objects.count() == 6
    assert MentoringSession.objects.filter(took_place=False).count() == 6
    assert MentoringSession.objects.count() == 18
    assert not MentoringSession.objects.filter(held_at__gt=timezone.now()).exists()
