"""Validators for identifiers HMPPS systems use."""

import re

from django.core.exceptions import ValidationError

# NOMIS prison number: one letter, four digits, two letters, e.g. A1234BC.
PRISON_NUMBER_PATTERN = re.compile(r"[A-Z][0-9]{4}[A-Z]{2}")


def normalise_prison_number(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def validate_prison_number(value: str) -> None:
    if value and not PRISON_NUMBER_PATTERN.fullmatch(value):
        raise ValidationError(
            "Enter a prison number in the format A1234BC: a letter, 4 numbers, then 2 letters",
            code="invalid_prison_number",
        )
