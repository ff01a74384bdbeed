"""Small-number suppression: counts of 1 to 4 could identify someone, so people without case access see "<5"."""

from __future__ import annotations

SMALL_NUMBER_THRESHOLD = 5


def shown(count: int, *, suppress_small: bool) -> str:
    """The count as text, or "<5" for 1 to 4 when suppressing (0 is shown: it identifies nobody)."""
    if suppress_small and 0 < count < SMALL_NUMBER_THRESHOLD:
        return f"<{SMALL_NUMBER_THRESHOLD}"
    return str(count)
