"""Template tags for tables: sortable column headers (`core.sorting`) and money written one way (`rules.money`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from ipsgate.core.sorting import Header, Sorting
from ipsgate.rules.money import money_text

register = template.Library()


@register.inclusion_tag("govuk/sort_header.html")
def sort_header(sorting: Sorting | None, key: str, label: str = "", numeric: bool = False) -> dict[str, Any]:
    """`{% sort_header sorting "name" %}`: the column's `<th>` with its sort link and aria-sort. A table shared by
    pages that sort it differently names the label too (`{% sort_header sorting "phase" "Phase" %}`), and the
    column is a plain header where the page cannot sort by it."""
    header: Header | None = sorting.headers.get(key) if sorting is not None else None
    return {"header": header, "label": header.label if header else label, "numeric": numeric}


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
