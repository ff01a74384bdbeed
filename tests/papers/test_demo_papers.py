"""The demo shows the person's own papers (issue 19 §6): specialist1 has at least three people with an issued plan,
one in Welsh, and one with a CV and a disclosure letter; none of them shows a staff-only detail."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ipsgate.demo.generator import generate_service
from ipsgate.papers.models import PaperVersion


@pytest.mark.django_db
def test_specialist1_has_papers_to_show():
    generate_service(people=40, seed=2026, as_of=timezone.localdate(), demo=True)
    mine = PaperVersion.objects.filter(participant__allocated_specialist__username="specialist1")
    plans = mine.filter(kind="plan")
    assert plans.values("participant").distinct().count() >= 3
    assert plans.filter(language="cy").exists()
    welsh = plans.get(language="cy")
    assert welsh.participant.preferred_language == "cy"
    assert "Fy nod" in welsh.headings or "Cymorth yn y gwaith" in welsh.headings
    with_cv = set(mine.filter(kind="cv").values_list("participant", flat=True))
    with_letter = set(mine.filter(kind="letter").values_list("participant", flat=True))
    assert with_cv & with_letter
