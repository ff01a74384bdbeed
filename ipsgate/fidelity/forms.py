"""The fidelity review form: the period, the reviewers, and for each of the 25 items a score (1-5), a note and
an action plan (action, owner, due date). Messages follow the GOV.UK style and name the item."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from ipsgate.core import limits
from ipsgate.core.forms import GovukDateField, past_date, with_length_messages
from ipsgate.core.limits import too_long
from ipsgate.rules.fidelity import ITEMS, Item, Section

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


def score_field(number: int) -> str:
    return f"item_{number}"


@with_length_messages
class ReviewForm(forms.Form):
    period_start = GovukDateField(label="Start of the review period", label_for_errors="the start of the review period")
    period_end = GovukDateField(label="End of the review period", label_for_errors="the end of the review period")
    review_date = GovukDateField(label="Date of the review", label_for_errors="the date of the review")
    reviewers = forms.CharField(
        label="Reviewers",
        max_length=300,
        help_text="The names of the people who carried out the review.",
        error_messages={"required": "Enter the names of the reviewers"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            n = item.number
            self.fields[score_field(n)] = forms.TypedChoiceField(
                label=f"{n}. {item.name}",
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Select a score for item {n}, {item.name.lower()}",
                    "invalid_choice": f"Select a score of 1, 2, 3, 4 or 5 for item {n}, {item.name.lower()}",
                },
            )
            self.fields[f"note_{n}"] = forms.CharField(
                label=f"Notes on item {n}", required=False, widget=forms.Textarea, max_length=limits.NOTE,
                error_messages={"max_length": too_long(f"Notes on item {n}", limits.NOTE)},
            )  # fmt: skip
            self.fields[f"action_{n}"] = forms.CharField(
                label=f"Action for item {n}", required=False, max_length=limits.PARAGRAPH,
                error_messages={"max_length": too_long(f"The action for item {n}", limits.PARAGRAPH)},
            )  # fmt: skip
            self.fields[f"owner_{n}"] = forms.CharField(
                label=f"Who owns the action for item {n}", required=False, max_length=150,
                error_messages={"max_length": too_long(f"The owner of the action for item {n}", 150)},
            )  # fmt: skip
            self.fields[f"due_{n}"] = GovukDateField(
                label=f"Action due date for item {n}",
                label_for_errors=f"the due date of the action for item {n}",
                required=False,
            )

    def clean_period_end(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["period_end"]
        return past_date(value, label="The end of the review period")

    def clean_review_date(self) -> datetime.date:
        value: datetime.date = self.cleaned_data["review_date"]
        return past_date(value, label="The date of the review")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, reviewed = data.get("period_start"), data.get("period_end"), data.get("review_date")
        if start and end and end < start:
            self.add_error("period_end", "The end of the review period must be on or after its start")
        if start and reviewed and reviewed < start:
            self.add_error("review_date", "The date of the review must be on or after the start of the review period")
        for item in ITEMS:
            n = item.number
            action, owner, due = data.get(f"action_{n}"), data.get(f"owner_{n}"), data.get(f"due_{n}")
            if action:
                if not owner:
                    self.add_error(f"owner_{n}", f"Enter who owns the action for item {n}")
                if not due and f"due_{n}" not in self.errors:
                    self.add_error(f"due_{n}", f"Enter the due date of the action for item {n}")
            elif owner or due:
                self.add_error(f"action_{n}", f"Enter the action for item {n}, or clear its owner and due date")
        return data

    def sections(self) -> list[tuple[Section, list[tuple[Item, dict[str, forms.BoundField]]]]]:
        """The item fields grouped Staffing / Organisation / Services, for the template."""
        grouped: list[tuple[Section, list[tuple[Item, dict[str, forms.BoundField]]]]] = []
        for section in Section:
            rows = [
                (
                    item,
                    {
                        "score": self[score_field(item.number)],
                        "note": self[f"note_{item.number}"],
                        "action": self[f"action_{item.number}"],
                        "owner": self[f"owner_{item.number}"],
                        "due": self[f"due_{item.number}"],
                    },
                )
                for item in ITEMS
                if item.section == section
            ]
            grouped.append((section, rows))
        return grouped

    def item_data(self) -> list[dict[str, Any]]:
        """The 25 item rows as the service takes them."""
        data = self.cleaned_data
        return [
            {
                "item": item.number,
                "score": data[score_field(item.number)],
                "note": data.get(f"note_{item.number}", ""),
                "action": data.get(f"action_{item.number}", ""),
                "action_owner": data.get(f"owner_{item.number}", "") if data.get(f"action_{item.number}") else "",
                "action_due": data.get(f"due_{item.number}") if data.get(f"action_{item.number}") else None,
            }
            for item in ITEMS
        ]
