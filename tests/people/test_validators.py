"""NOMIS prison numbers: normalisation and validation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ipsgate.people.validators import normalise_prison_number, validate_prison_number
from tests.factories import prison_number_for


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("A1234BC", "A1234BC"),
        ("a1234bc", "A1234BC"),
        (" a1234bc ", "A1234BC"),
        ("A 1234 BC", "A1234BC"),
        ("a1234 bc\n", "A1234BC"),
        ("\tA1234BC\t", "A1234BC"),
        ("", ""),
        (None, ""),
        ("12345", "12345"),  # normalising never makes a bad number valid
    ],
)
def test_normalise_prison_number(raw, normalised):
    assert normalise_prison_number(raw) == normalised


@pytest.mark.parametrize("value", ["A1234BC", "Z0000ZZ", "B9999AA", ""])
def test_valid_prison_numbers(value):
    validate_prison_number(value)  # does not raise


@pytest.mark.parametrize(
    "value",
    [
        "12345",
        "a1234bc",  # the validator expects normalised (upper case) input
        "A123BC",
        "A12345BC",
        "A1234B",
        "A1234BCD",
        "AB1234C",
        "1234ABC",
        "A1234B1",
        "A-1234-BC",
        " A1234BC",
        "A1234 BC",
        "Ä1234BC",
        "A١٢٣٤BC",  # Arabic-Indic digits are not NOMIS digits
    ],
)
def test_invalid_prison_numbers(value):
    with pytest.raises(ValidationError) as caught:
        validate_prison_number(value)
    assert caught.value.code == "invalid_prison_number"
    assert caught.value.messages == ["Enter a prison number in the format A1234BC: a letter, 4 numbers, then 2 letters"]


def test_trailing_newline_is_invalid():
    with pytest.raises(ValidationError):
        validate_prison_number("A1234BC\n")


@pytest.mark.parametrize("n", [0, 1, 9_999, 10_000, 123_456, 26**3 * 10_000 - 1])
def test_factory_prison_numbers_are_valid(n):
    validate_prison_number(prison_number_for(n))


def test_factory_prison_numbers_are_distinct():
    numbers = [prison_number_for(n) for n in range(0, 26**3 * 10_000, 997)]
    assert len(numbers) == len(set(numbers))
