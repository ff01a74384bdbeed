"""Prison work on a CV written as ordinary experience (issue 19): table and property tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.rules.cv import experience_line, names_a_prison


@pytest.mark.parametrize(
    ("role", "employer", "name_prison", "expected", "prison_work"),
    [
        ("Kitchen orderly", "HMP Leeds", False, "Kitchen orderly (2021 – 2023)", True),
        ("Kitchen orderly", "HMP Leeds", True, "Kitchen orderly, HMP Leeds (2021 – 2023)", True),
        ("Prison kitchen assistant", "", False, "Kitchen assistant (2021 – 2023)", True),
        ("Peer mentor", "HMYOI Wetherby", False, "Peer mentor (2021 – 2023)", True),
        ("Shop assistant", "Greggs", False, "Shop assistant, Greggs (2021 – 2023)", False),
        ("Labourer", "Prisma Builders", False, "Labourer, Prisma Builders (2021 – 2023)", False),
    ],
)
def test_experience_lines(role, employer, name_prison, expected, prison_work):
    line = experience_line(role=role, employer=employer, years="2021 – 2023", name_prison=name_prison)
    assert line.text == expected
    assert line.prison_work is prison_work
    assert line.explanation


@given(role=st.text(max_size=40), employer=st.text(max_size=40))
def test_a_prison_is_never_named_unless_chosen(role, employer):
    line = experience_line(role=role, employer=employer, years="", name_prison=False)
    if line.prison_work:
        assert not names_a_prison(line.text) or line.text == " ".join(role.split())
