"""Money as people read it: one way of writing an amount, used by the rules' explanations and the pages.

Pure Python, no Django. Pounds with a thousands separator and always two decimal places ("£1,234.56"), rounded
half up to the penny; a negative amount reads "minus £12.00" (the GOV.UK style guide's word for a negative number),
never "£-12.00".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")


def as_pounds(value: Decimal | float | int | str) -> Decimal:
    """The amount as a Decimal to the penny. A float (an answer kept as JSON) goes through its shortest repr, so
    446.42 stays 446.42 rather than 446.41999…; ValueError if it is not a finite number."""
    try:
        amount = Decimal(str(value)) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise ValueError(f"not an amount of money: {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"not an amount of money: {value!r}")
    amount = amount.quantize(PENNY, rounding=ROUND_HALF_UP)
    return abs(amount) if amount == 0 else amount  # never "-0.00"


def money_text(value: Decimal | float | int | str) -> str:
    """'£1,234.56'; 'minus £12.00' for a negative amount."""
    amount = as_pounds(value)
    if amount < 0:
        return f"minus £{-amount:,.2f}"
    return f"£{amount:,.2f}"
