"""The dashboard filter: a date range, an optional site, team or specialist within the user's scope, and a
grouping. Submitted by GET so a filtered dashboard can be bookmarked and its downloads carry the same filter."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.forms import GovukDateField
from ipsgate.core.models import Site, Team, User

from . import metrics as m

MAX_YEARS = 10


class StaffChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


def default_period(today: datetime.date) -> m.Period:
    """The last 12 months up to today."""
    return m.Period(today.replace(year=today.year - 1) + datetime.timedelta(days=1), today)


class OutcomeFilterForm(forms.Form):
    start = GovukDateField(label="From", label_for_errors="the start date")
    end = GovukDateField(label="To", label_for_errors="the end date", help_text="Both dates are included.")
    site: forms.ModelChoiceField[Site] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="All sites",
        error_messages={"invalid_choice": "Select a site you oversee"},
    )
    team: forms.ModelChoiceField[Team] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="All teams",
        error_messages={"invalid_choice": "Select a team you oversee"},
    )
    specialist = StaffChoiceField(
        queryset=None,
        required=False,
        empty_label="All specialists",
        error_messages={"invalid_choice": "Select a specialist in your team"},
    )
    group_by = forms.ChoiceField(
        label="Group figures by",
        choices=[],
        error_messages={
            "invalid_choice": "Select how to group the figures",
            "required": "Select how to group the figures",
        },
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        fields: Any = self.fields
        fields["site"].queryset = m.scope_sites(user).order_by("name")
        fields["team"].queryset = m.scope_teams(user).order_by("name")
        specialists = m.scope_specialists(user).order_by("last_name", "first_name", "username")
        fields["specialist"].queryset = specialists
        by_specialist = capabilities_for(user).see_figures_by_specialist
        groups = [g for g in m.GroupBy if by_specialist or g != m.GroupBy.SPECIALIST]
        fields["group_by"].choices = [(g.value, m.GROUP_LABELS[g]) for g in groups]
        if not by_specialist:
            del self.fields["specialist"]  # analysts see no per-specialist figures

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        today = timezone.localdate()
        if end is not None and end > today:
            self.add_error("end", "The end date must be today or in the past")
        if start is not None and end is not None:
            if start > end:
                self.add_error("end", "The end date must be the same as or after the start date")
            elif end.year - start.year > MAX_YEARS:
                self.add_error("start", f"Choose a period of {MAX_YEARS} years or less")
            elif data.get("group_by") == m.GroupBy.QUARTER and len(m.Period(start, end).quarters()) > m.MAX_QUARTERS:
                self.add_error(
                    "group_by",
                    f"Grouping by quarter covers at most {m.MAX_QUARTERS} quarters: choose a shorter period or "
                    "another grouping",
                )
        return data

    @property
    def period(self) -> m.Period:
        return m.Period(self.cleaned_data["start"], self.cleaned_data["end"])

    @property
    def group(self) -> m.GroupBy:
        return m.GroupBy(self.cleaned_data["group_by"])
