"""How much free text a person may type: one small set of limits for every form and model.

A form refuses longer text with a message naming the field and the limit ("Note must be 5,000 characters or
fewer", `too_long`). The models carry the same limits as `max_length`, so the admin's forms refuse longer text
too (on a TextField Django checks max_length in forms only; the column itself is unbounded). Encrypted fields are
bounded the same way: their ciphertext is stored as text whatever max_length says.

Short fields with a column of their own (names 100 or 150, postcodes 8) keep that column's length as their limit.
"""

from __future__ import annotations

SHORT_TEXT = 200  # a line or two: an address, a list of postcode districts
PARAGRAPH = 1_000  # a reason, an action, where a figure comes from, each part of a disclosure statement
NOTE = 5_000  # notes, and the answers that make up a vocational profile
LETTER = 10_000  # a disclosure letter, drafted from the statement's parts and then edited
DOCUMENT = 100_000  # an issued paper's frozen content (issue 19): the sections of a plan or CV, as JSON

LIMITS = (SHORT_TEXT, PARAGRAPH, NOTE, LETTER, DOCUMENT)


def too_long(name: str, limit: int) -> str:
    """The GOV.UK message for text over its limit, e.g. "Note must be 5,000 characters or fewer"."""
    return f"{name} must be {limit:,} characters or fewer"
