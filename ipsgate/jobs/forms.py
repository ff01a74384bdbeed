"""Forms for applications, jobs and sustainment checks."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from ipsgate.core import limits
from ipsgate.core.forms import YES_NO, GovukDateField, past_date, time_of_day, with_length_messages
from ipsgate.core.spreadsheet import formula_start_validator
from ipsgate.employers.choices import ContractType
from ipsgate.rules.applications import STATUS_LABELS, Status, next_statuses
from ipsgate.rules.planning import planned_date_problem

from .choices import SUSTAINMENT_WEEK_CHOICES, JobEndReason, NotStartedReason

HOURS_MESSAGES = {
    "required": "Enter the hours a week",
    "invalid": "Hours a week must be a number",
    "min_value": "Hours a week must be more than 0",
    "max_value": "Hours a week must be 100 or fewer",
}
ROTL_QUESTION = "Is this paid work on release on temporary licence (ROTL)?"
ROTL_HINT = "The person is in prison: a job can start now only if it is paid ROTL work."
ROTL_REQUIRED = "Select yes if this is paid work on release on temporary licence (ROTL)"


def rotl_field() -> forms.ChoiceField:
    """Asked only while the person is in custody (the forms drop it otherwise); `jobs.services` refuses a "no"."""
    return forms.ChoiceField(
        label=ROTL_QUESTION,
        help_text=ROTL_HINT,
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )


PAY_MESSAGES = {
    "required": "Enter the pay an hour",
    "invalid": "Pay must be an amount in pounds, like 12.50",
    "min_value": "Pay must be more than 0",
}


@with_length_messages
class ApplicationForm(forms.Form):
    """An application. With a vacancy, employer and title come from it; otherwise they are typed in."""

    employer_name = forms.CharField(
        label="Employer", max_length=150, required=False, validators=[formula_start_validator("The employer's name")]
    )
    job_title = forms.CharField(label="Job title", max_length=150, required=False)
    status = forms.ChoiceField(
        label="Where it has got to",
        choices=[(Status.INTERESTED.value, "Interested"), (Status.APPLIED.value, "Applied")],
        widget=forms.RadioSelect,
        initial=Status.INTERESTED.value,
    )
    on_date = GovukDateField(label="Date", label_for_errors="the date")
    note = forms.CharField(label="Note (optional)", widget=forms.Textarea, max_length=limits.NOTE, required=False)

    def __init__(self, *args: Any, with_vacancy: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.with_vacancy = with_vacancy
        if with_vacancy:
            del self.fields["employer_name"]
            del self.fields["job_title"]

    def clean_on_date(self) -> Any:
        return past_date(self.cleaned_data["on_date"], label="The date")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.with_vacancy:
            if not data.get("employer_name", "").strip():
                self.add_error("employer_name", "Enter the employer's name")
            if not data.get("job_title", "").strip():
                self.add_error("job_title", "Enter the job title")
        return data


class PlannedDatesMixin(forms.Form):
    """The interview's date and time and the expected first day at work: planned ahead, so future dates are
    accepted (`rules.planning`)."""

    interview_day = GovukDateField(
        label="Interview date (optional)",
        label_for_errors="the interview date",
        required=False,
        help_text="For an interview. For example, 8 12 2026",
    )
    interview_time = forms.CharField(
        label="Interview time (optional)", max_length=5, required=False, help_text="24-hour clock, for example 10:30"
    )
    expected_start_date = GovukDateField(
        label="Expected start date (optional)",
        label_for_errors="the expected start date",
        required=False,
        help_text="Once an offer is accepted: the first day at work. For example, 4 1 2027",
    )

    def clean_interview_time(self) -> datetime.time | None:
        value = self.cleaned_data.get("interview_time", "").strip()
        if not value:
            return None
        return time_of_day(value)

    def clean_interview_day(self) -> datetime.date | None:
        return self._planned("interview_day", "The interview date")

    def clean_expected_start_date(self) -> datetime.date | None:
        return self._planned("expected_start_date", "The expected start date")

    def _planned(self, name: str, what: str) -> datetime.date | None:
        day = self.cleaned_data.get(name)
        if day is None:
            return None
        problem = planned_date_problem(day, today=timezone.localdate(), what=what)
        if problem:
            raise forms.ValidationError(problem)
        return day

    def clean_planned(self, data: dict[str, Any]) -> None:
        day, time = data.get("interview_day"), data.get("interview_time")
        if day and time is None and "interview_time" not in self.errors:
            self.add_error("interview_time", "Enter the time of the interview")
        if time is not None and day is None and "interview_day" not in self.errors:
            self.add_error("interview_day", "Enter the interview date")
        data["interview_at"] = timezone.make_aware(datetime.datetime.combine(day, time)) if day and time else None


class ApplicationDatesForm(PlannedDatesMixin):
    """Change the interview's date and time or the expected start date when they move."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_planned(data)
        return data


@with_length_messages
class ApplicationAdvanceForm(PlannedDatesMixin):
    to_status = forms.ChoiceField(
        label="Move the application to", widget=forms.RadioSelect, error_messages={"required": "Select a status"}
    )
    on_date = GovukDateField(label="Date it happened", label_for_errors="the date it happened")
    reason = forms.ChoiceField(
        label="If the offer did not start: why",
        choices=NotStartedReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    hours_per_week = forms.DecimalField(
        label="Started: hours a week (if not the vacancy's)",
        max_digits=4,
        decimal_places=1,
        min_value=0.5,
        max_value=100,
        required=False,
        error_messages=HOURS_MESSAGES,
    )
    hourly_pay = forms.DecimalField(
        label="Started: pay an hour in pounds (if not the vacancy's)",
        max_digits=6,
        decimal_places=2,
        min_value=0.01,
        required=False,
        error_messages=PAY_MESSAGES,
    )
    rotl_paid_work = rotl_field()
    note = forms.CharField(label="Note (optional)", widget=forms.Textarea, max_length=limits.NOTE, required=False)

    field_order = [
        "to_status", "on_date", "reason", "interview_day", "interview_time", "expected_start_date",
        "hours_per_week", "hourly_pay", "rotl_paid_work", "note",
    ]  # fmt: skip

    def __init__(self, *args: Any, current: Status, in_custody: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = next_statuses(current)
        self.fields["to_status"].choices = [(s.value, STATUS_LABELS[s]) for s in choices]  # type: ignore[attr-defined]
        # The planned dates only where the next step can use them.
        if Status.INTERVIEW not in choices:
            del self.fields["interview_day"], self.fields["interview_time"]
        if Status.ACCEPTED not in choices:
            del self.fields["expected_start_date"]
        # A start in prison asks whether it is paid ROTL work.
        if not in_custody or Status.STARTED not in choices:
            del self.fields["rotl_paid_work"]
        else:
            self.fields["rotl_paid_work"].label = f"Started: {ROTL_QUESTION[0].lower()}{ROTL_QUESTION[1:]}"

    def clean_on_date(self) -> Any:
        return past_date(self.cleaned_data["on_date"], label="The date it happened")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("to_status") == Status.OFFER_NOT_STARTED.value and not data.get("reason"):
            self.add_error("reason", "Select why the person did not start")
        self.clean_planned(data)
        starting = data.get("to_status") == Status.STARTED.value
        if starting and "rotl_paid_work" in self.fields and not data.get("rotl_paid_work"):
            self.add_error("rotl_paid_work", ROTL_REQUIRED)
        return data

    @property
    def rotl_answer(self) -> bool | None:
        """The answer to the ROTL question: None when it was not asked."""
        if "rotl_paid_work" not in self.fields:
            return None
        return self.cleaned_data.get("rotl_paid_work") == "yes"


@with_length_messages
class JobForm(forms.Form):
    employer_name = forms.CharField(
        label="Employer",
        max_length=150,
        error_messages={"required": "Enter the employer's name"},
        validators=[formula_start_validator("The employer's name")],
    )
    job_title = forms.CharField(label="Job title", max_length=150, error_messages={"required": "Enter the job title"})
    start_date = GovukDateField(label="Start date", label_for_errors="the start date")
    hours_per_week = forms.DecimalField(
        label="Hours a week",
        max_digits=4,
        decimal_places=1,
        min_value=0.5,
        max_value=100,
        error_messages=HOURS_MESSAGES,
    )
    hourly_pay = forms.DecimalField(
        label="Pay an hour in pounds", max_digits=6, decimal_places=2, min_value=0.01, error_messages=PAY_MESSAGES
    )
    contract_type = forms.ChoiceField(label="Contract", choices=ContractType.choices)
    first_four_paid_hours_done = GovukDateField(
        label="Date the first 4 paid hours were done (optional)",
        label_for_errors="the date of the first 4 paid hours",
        required=False,
        help_text="A job start counts (IPS Grow) once the first 4 paid hours are done.",
    )
    open_labour_market = forms.BooleanField(label="Anyone could apply for this job", required=False, initial=True)
    reserved_for_disabled_people = forms.BooleanField(label="The job is set aside for disabled people", required=False)
    rotl_paid_work = rotl_field()

    def __init__(self, *args: Any, in_custody: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not in_custody:
            del self.fields["rotl_paid_work"]
        self.fields["start_date"].initial = timezone.localdate()  # recording a job: today unless changed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, first = data.get("start_date"), data.get("first_four_paid_hours_done")
        if start and first and first < start:
            self.add_error("first_four_paid_hours_done", "The date must be on or after the start date")
        if "rotl_paid_work" in self.fields and not data.get("rotl_paid_work"):
            self.add_error("rotl_paid_work", ROTL_REQUIRED)
        return data

    def service_data(self) -> dict[str, Any]:
        """The cleaned answers as `jobs.services.job_create` takes them (the ROTL answer as yes/no)."""
        data = dict(self.cleaned_data)
        if "rotl_paid_work" in data:
            data["rotl_paid_work"] = data["rotl_paid_work"] == "yes"
        return data


class JobUpdateForm(forms.Form):
    first_four_paid_hours_done = GovukDateField(
        label="Date the first 4 paid hours were done",
        label_for_errors="the date of the first 4 paid hours",
        required=False,
    )
    end_date = GovukDateField(label="End date (if the job has ended)", label_for_errors="the end date", required=False)
    end_reason = forms.ChoiceField(
        label="Why the job ended", choices=[("", "Not ended"), *JobEndReason.choices], required=False
    )


@with_length_messages
class SustainmentCheckForm(forms.Form):
    week = forms.TypedChoiceField(
        label="Which check",
        choices=SUSTAINMENT_WEEK_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which check this is"},
    )
    checked_on = GovukDateField(label="Date checked", label_for_errors="the date checked")
    still_in_work = forms.ChoiceField(
        label="Is the person still in work?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the person is still in work"},
    )
    note = forms.CharField(label="Note (optional)", widget=forms.Textarea, max_length=limits.NOTE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].initial = timezone.localdate()  # recording what happened: today unless changed

    def clean_checked_on(self) -> Any:
        return past_date(self.cleaned_data["checked_on"], label="The date checked")
