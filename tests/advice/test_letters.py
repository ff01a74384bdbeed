"""The disclosure letter draft keeps the person's words and adds only the frame."""

import pytest

from ipsgate.advice.letters import draft_disclosure_letter


@pytest.mark.parametrize(
    ("changed", "expected"),
    [
        ("I have changed", "Since then, I have changed."),
        ("I've changed", "Since then, I've changed."),
        ("My life is different", "Since then, my life is different."),
        ("NA meetings every week", "Since then, NA meetings every week."),
        ("", None),
    ],
)
def test_what_has_changed_follows_since_then(changed, expected):
    letter = draft_disclosure_letter(
        name="Sam Smith", purpose="a cleaning job", what_happened="I was convicted of theft",
        what_has_changed=changed, why_this_job="I like the work",
    )  # fmt: skip
    if expected:
        assert expected in letter
    else:
        assert "Since then" not in letter


def test_letter_frame():
    letter = draft_disclosure_letter(
        name="Sam Smith", purpose="a cleaning job", what_happened="I was convicted of theft.",
        what_has_changed="I have changed", why_this_job="I like the work!",
    )  # fmt: skip
    paragraphs = letter.split("\n\n")
    assert paragraphs[0] == "Dear Sir or Madam,"
    assert "I am applying for a cleaning job." in paragraphs[1]
    assert paragraphs[2] == "I was convicted of theft."  # no doubled full stop
    assert paragraphs[4] == "I like the work!"
    assert paragraphs[-1] == "Yours faithfully,\nSam Smith"
