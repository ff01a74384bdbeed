"""Template tags for tables: sortable column headers (`core.sorting`)."""

from __future__ import annotations

from typing import Any

from django import template

from ipsgate.core.sorting import Header, Sorting

register = template.Library()


@register.inclusion_tag("govuk/sort_header.html")
def sort_header(sorting: Sorting | None, key: str, label: str = "", numeric: bool = False) -> dict[str, Any]:
    """`{% sort_header sorting "name" %}`: the column's `<th>` with its sort link and aria-sort. A table shared by
    pages that sort it differently names the label too (`{% sort_header sorting "phase" "Phase" %}`), and the
    column is a plain header where the page cannot sort by it."""
    header: Header | None = sorting.headers.get(key) if sorting is not None else None
    return {"header": header, "label": header.label if header else label, "numeric": numeric}
