"""The disclosure guard: what may be shown about a participant where an employer is concerned."""

import pytest

from ipsgate.rules.employer_disclosure import EmployerContext, employer_disclosure

PAGE, EXPORT = EmployerContext.PAGE, EmployerContext.EXPORT


@pytest.mark.parametrize(
    ("share", "context", "name", "conviction", "mental_health"),
    [
        ("nothing", PAGE, True, False, False),
        ("conviction_only", PAGE, True, True, False),
        ("mental_health_only", PAGE, True, False, True),
        ("both", PAGE, True, True, True),
        ("", PAGE, True, False, False),  # profile without an answer
        (None, PAGE, True, False, False),  # no profile
        ("nonsense", PAGE, True, False, False),  # an unknown value shares nothing
        ("nothing", EXPORT, False, False, False),
        ("conviction_only", EXPORT, False, False, False),
        ("mental_health_only", EXPORT, False, False, False),
        ("both", EXPORT, False, False, False),  # exports never carry personal details
        (None, EXPORT, False, False, False),
    ],
)
def test_disclosure_guard_table(share, context, name, conviction, mental_health):
    result = employer_disclosure(share, context=context)
    assert (result.show_name, result.conviction, result.mental_health) == (name, conviction, mental_health)
    assert result.explanation


def test_no_preference_is_explained_as_share_nothing():
    assert "share nothing" in employer_disclosure(None, context=PAGE).explanation
