"""GOV.UK date input and the error-summary anchors."""

from __future__ import annotations

import datetime

import pytest
from django import forms

from ipsgate.core.forms import GovukDateField
from ipsgate.core.templatetags.govuk import field_anchor, field_kind


class DateForm(forms.Form):
    when = GovukDateField(label="When", label_for_errors="the date of birth")
    maybe = GovukDateField(label="Maybe", label_for_errors="the expected release date", required=False)


def submit(day="", month="", year="", maybe: tuple[str, str, str] = ("", "", "")) -> DateForm:
    data = {"when_day": day, "when_month": month, "when_year": year}
    data.update(zip(("maybe_day", "maybe_month", "maybe_year"), maybe, strict=True))
    form = DateForm(data)
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("27", "3", "1990", datetime.date(1990, 3, 27)),
        ("1", "1", "2000", datetime.date(2000, 1, 1)),
        ("01", "02", "2000", datetime.date(2000, 2, 1)),
        (" 29 ", " 2 ", " 2024 ", datetime.date(2024, 2, 29)),
    ],
)
def test_valid_dates(day, month, year, expected):
    form = submit(day, month, year)
    assert form.errors == {}
    assert form.cleaned_data["when"] == expected
    assert form.cleaned_data["maybe"] is None


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date of birth"),
        ("31", "2", "1990", "The date of birth must be a real date"),
        ("29", "2", "2023", "The date of birth must be a real date"),
        ("0", "1", "1990", "The date of birth must be a real date"),
        ("1", "13", "1990", "The date of birth must be a real date"),
        ("1", "1", "90", "The date of birth must be a real date"),
        ("1", "1", "19900", "The date of birth must be a real date"),
        ("a", "1", "1990", "The date of birth must be a real date"),
        ("-1", "1", "1990", "The date of birth must be a real date"),
        ("1.5", "1", "1990", "The date of birth must be a real date"),
    ],
)
def test_invalid_dates(day, month, year, message):
    assert submit(day, month, year).errors["when"] == [message]


def test_optional_date_left_blank_is_none():
    form = submit("1", "1", "1990", maybe=("", "", ""))
    assert form.errors == {}
    assert form.cleaned_data["maybe"] is None


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("1", "2", "", "The date of birth must include a year"),
        ("", "2", "1990", "The date of birth must include a day"),
        ("1", "", "", "The date of birth must include a month and year"),
    ],
)
def test_partial_date_says_what_is_missing(day, month, year, message):
    assert submit(day, month, year).errors["when"] == [message]


def test_partial_optional_date_says_what_is_missing():
    form = submit("1", "1", "1990", maybe=("", "", "2027"))
    assert form.errors["maybe"] == ["The expected release date must include a day and month"]


def test_partial_date_is_rejected():
    """Whatever the wording, a partly filled date never validates."""
    assert not submit("1", "2", "").is_valid()
    assert not submit("1", "1", "1990", maybe=("", "", "2027")).is_valid()


class KindsForm(forms.Form):
    text = forms.CharField()
    choice = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    pick = forms.ChoiceField(choices=[("a", "A")])
    notes = forms.CharField(widget=forms.Textarea)
    tick = forms.BooleanField()
    when = GovukDateField(label_for_errors="the date")


@pytest.mark.parametrize(
    ("name", "kind", "anchor"),
    [
        ("text", "input", "id_text"),
        ("choice", "radios", "id_choice_0"),
        ("pick", "select", "id_pick"),
        ("notes", "textarea", "id_notes"),
        ("tick", "checkbox", "id_tick"),
        ("when", "date", "id_when_day"),
    ],
)
def test_field_kind_and_error_anchor(name, kind, anchor):
    bound = KindsForm()[name]
    assert field_kind(bound) == kind
    assert field_anchor(bound) == anchor


def test_ticked_checkbox_renders_checked():
    from django.template import Context, Template

    class TickForm(forms.Form):
        tick = forms.BooleanField(label="Tick")

    html = Template("{% load govuk %}{% govuk_field form.tick %}").render(Context({"form": TickForm({"tick": "on"})}))
    assert "checked" in html
    assert "govuk-checkboxes__input" in html
