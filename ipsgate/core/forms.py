"""Form pieces that render and validate the GOV.UK Design System way."""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.utils import pretty_name
from django.utils import timezone

from ipsgate.rules.money import money_text

from .limits import too_long

YES_NO = [("yes", "Yes"), ("no", "No")]  # radios for a yes/no question (GOV.UK: inline, Yes first)

FormClass = TypeVar("FormClass", bound=type[forms.Form] | type[forms.ModelForm[Any]])
FormType = TypeVar("FormType", bound=forms.Form)


def with_length_messages(form_class: FormClass) -> FormClass:
    """Class decorator: every text field of the form refuses text over its max_length with the GOV.UK message
    naming the field and the limit, e.g. "Note must be 5,000 characters or fewer" (Django's own message names
    neither). The name is the field's label without "(optional)"; a field whose label would not read well there
    (a question, a long label) sets `error_messages={"max_length": too_long(name, limit)}` itself, which is kept.
    Fields a form adds in __init__ set their message themselves."""
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.CharField) and field.max_length is not None:
            label = str(field.label or pretty_name(name)).removesuffix(" (optional)")
            field.error_messages.setdefault("max_length", too_long(label, field.max_length))
    return form_class


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year boxes (the GOV.UK date input pattern)."""

    template_name = "govuk/widgets/date_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                }
            ),
            "month": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-2",
                }
            ),
            "year": forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "class": "govuk-input govuk-date-input__input govuk-input--width-4",
                }
            ),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class PreloadedModelChoiceField(forms.ModelChoiceField):
    """Django's ModelChoiceField, which can also answer from records already loaded (`preloaded`, by id) instead of
    a query for every form: a form checked thousands of times for one user (a bulk import) loads its choices once.
    The same choices are allowed either way; only where they come from differs."""

    preloaded: Mapping[int, Model] | None = None

    def to_python(self, value: Any) -> Model | None:
        if self.preloaded is None:
            return super().to_python(value)
        if value in self.empty_values:
            return None
        key = value.pk if isinstance(value, Model) else value
        try:
            return self.preloaded[int(str(key))]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None


class FormForMany(Generic[FormType]):
    """One form checking many sets of answers from one user (a bulk import's rows) with one copy of its fields.

    Django copies every field for every form it makes (over half the cost of checking a referral), so that what one
    form's __init__ sets on its fields (this user's sites and specialists) cannot leak into another form made for
    someone else. Forms made with the same arguments set the same things, and checking answers never changes a
    field, so here the form is made once and each set of answers is checked by a copy of it bound to those answers:
    the same class, fields and clean methods, so the same rules. A test checks every answer and message against a
    new form's (`tests/core/test_form_for_many.py`)."""

    def __init__(self, form_class: type[FormType], **kwargs: Any) -> None:
        self.template = form_class(**kwargs)  # unbound: __init__ must not depend on the answers

    def bound(self, data: Mapping[str, Any]) -> FormType:
        form = copy.copy(self.template)
        form.data = data
        form.is_bound = True
        form._errors = None  # type: ignore[attr-defined]
        form._bound_fields_cache = {}  # type: ignore[attr-defined]
        return form


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK-style messages naming what is missing."""

    widget = GovukDateWidget

    def __init__(self, *, label_for_errors: str, **kwargs: Any) -> None:
        self.label_for_errors = label_for_errors
        # Parts are optional individually so compress() can say which part is missing.
        fields = (forms.CharField(required=False), forms.CharField(required=False), forms.CharField(required=False))
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields, **kwargs)
        self.error_messages["required"] = f"Enter {label_for_errors}"
        self.error_messages["incomplete"] = f"Enter {label_for_errors}"

    def compress(self, data_list: list[Any]) -> datetime.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        name = self.label_for_errors[0].upper() + self.label_for_errors[1:]
        if missing:
            raise ValidationError(f"{name} must include a {' and '.join(missing)}", code="incomplete_date")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(f"{name} must be a real date", code="invalid_date")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{name} must be a real date", code="invalid_date") from None


def past_date(
    value: datetime.date, *, label: str, not_before: datetime.date | None = None, not_before_name: str = ""
) -> datetime.date:
    """A date that has happened: today or earlier, and not before a related date (e.g. the referral date)."""
    if value > timezone.localdate():
        raise ValidationError(f"{label} must be today or in the past")
    if not_before is not None and value < not_before:
        raise ValidationError(f"{label} must be on or after the {not_before_name} ({not_before:%-d %B %Y})")
    return value


TIME_OF_DAY = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")


def time_of_day(value: str) -> datetime.time:
    """A time typed as 09:15, 9.15 or 14:30 (the one parser for every form that asks for a time)."""
    match = TIME_OF_DAY.match(value.strip())
    if not match:
        raise forms.ValidationError("Enter a real time, like 09:15 or 14:30")
    return datetime.time(int(match.group(1)), int(match.group(2)))


def _limit(amount: Decimal) -> str:
    """An amount in a message: '£10,000' for whole pounds, '£0.50' otherwise."""
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else money_text(amount)


class MoneyField(forms.DecimalField):
    """An amount in pounds and pence, typed as people write it ("£1,250.50", "1250", " 12.5 "), refused with GOV.UK
    messages that name the field. `name` starts those sentences ("Eligible rent must be £0 or more");
    `required_message` is the message for an empty box; `example` is an amount the field takes, shown in the
    messages. `error_messages` given by the caller replace the ones made here."""

    def __init__(
        self,
        *,
        name: str,
        required_message: str,
        maximum: Decimal,
        minimum: Decimal = Decimal("0"),
        example: str = "450.50",
        **kwargs: Any,
    ) -> None:
        whole_pounds = example.split(".")[0]
        messages = {
            "required": required_message,
            "invalid": f"{name} must be an amount of money, like {whole_pounds} or {example}",
            "min_value": f"{name} must be {_limit(minimum)} or more",
            "max_value": f"{name} must be {_limit(maximum)} or less",
            "max_decimal_places": f"{name} must be in pounds and pence, like {example}",
            **kwargs.pop("error_messages", {}),
        }
        super().__init__(min_value=minimum, max_value=maximum, decimal_places=2, error_messages=messages, **kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)


def number_messages(
    name: str, *, required: str, minimum: Any, maximum: Any, example: str, whole: bool = True
) -> dict[str, str]:
    """GOV.UK messages for a number field that name the field, e.g. "Age must be 16 or more". `required` is the
    message for an empty box; `example` shows a number the field takes ("30", or "37.5" for a decimal)."""
    kind = "a whole number" if whole else "a number"
    return {
        "required": required,
        "invalid": f"{name} must be {kind}, like {example}",
        "min_value": f"{name} must be {minimum} or more",
        "max_value": f"{name} must be {maximum} or less",
        "max_decimal_places": f"{name} must be {kind}, like {example}",
        "max_digits": f"{name} must be {maximum} or less",
        "max_whole_digits": f"{name} must be {maximum} or less",
    }
