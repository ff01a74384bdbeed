"""Money written one way on every page (`rules.money.money_text`): `{% load money %}` then `{{ amount|money }}`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from ipsgate.rules.money import money_text

register = template.Library()


@register.filter
def money(value: Decimal | float | int | str | None) -> str:
    """`{{ amount|money }}`: '£1,234.56' ('minus £12.00' below zero); blank for no amount."""
    if value is None or value == "":
        return ""
    return money_text(value)


@register.filter
def money_abs(value: Any) -> str:
    """`{{ difference|money_abs }}`: the amount without its sign, for sentences that say which way it goes."""
    if value is None or value == "":
        return ""
    return money_text(abs(Decimal(str(value))))
