"""Template tags that render Django form fields with GOV.UK Design System markup."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()

_KINDS = {
    "radioselect": "radios",
    "govukdate": "date",
    "select": "select",
    "textarea": "textarea",
    "checkbox": "checkbox",
    "checkboxselectmultiple": "checkboxes",
}


def field_kind(bound: forms.BoundField) -> str:
    return _KINDS.get(bound.widget_type, "input")


def field_anchor(bound: forms.BoundField) -> str:
    """The id the error summary links to: the first radio, the day box, or the input itself."""
    kind = field_kind(bound)
    if kind in ("radios", "checkboxes"):
        return f"{bound.auto_id}_0"
    if kind == "date":
        return f"{bound.auto_id}_day"
    return str(bound.auto_id)


@register.inclusion_tag("govuk/field.html")
def govuk_field(bound: forms.BoundField, width: str = "", legend_size: str = "s", prefix: str = "") -> dict[str, Any]:
    """`prefix` puts a unit before a text input (GOV.UK's input prefix, e.g. "£"); it is hidden from screen readers,
    so the label names the unit too ("…, in pounds")."""
    if bound.errors and field_kind(bound) == "date":
        bound.field.widget.attrs["error"] = "1"  # red borders on the day, month and year boxes
    return {
        "field": bound,
        "kind": field_kind(bound),
        "anchor": field_anchor(bound),
        "width": width,
        "legend_size": legend_size,
        "prefix": prefix,
        "hint_id": f"{bound.auto_id}-hint",
        "error_id": f"{bound.auto_id}-error",
    }


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(form: forms.BaseForm) -> dict[str, Any]:
    errors: list[tuple[str, str]] = [(str(message), "") for message in form.non_field_errors()]
    for name in form.fields:
        bound = form[name]
        errors.extend((str(message), field_anchor(bound)) for message in bound.errors)
    return {"errors": errors}
