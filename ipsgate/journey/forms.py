"""Forms for the journey pages. Messages follow the GOV.UK error message style."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from ipsgate.core import limits
from ipsgate.core.choices import JobSector, SiteKind
from ipsgate.core.forms import GovukDateField, past_date, time_of_day, with_length_messages
from ipsgate.core.limits import too_long
from ipsgate.core.models import Site, User
from ipsgate.jobs.choices import JobOnRecall
from ipsgate.jobs.models import Job
from ipsgate.jobs.services import jobs_on_recall_problems
from ipsgate.people.models import Participant
from ipsgate.rules.postcodes import outward_code
from ipsgate.rules.release_readiness import ITEM_BY_CODE, ItemStatus

from .choices import (
    AppointmentKind,
    AppointmentOutcome,
    CmhtReferralOutcome,
    ContactMode,
    ContactTopic,
    ContactWith,
    CustodyEventKind,
    DisclosedBy,
    DisclosureShare,
    HoursWanted,
    IdDocument,
    NeedStatus,
    Pathway,
    QualificationKind,
    Responsible,
    WorkAdjustment,
)
from .models import Appointment, VocationalProfile
from .services import appointment_time_problem, contact_in_future, contact_job_problem

YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("unknown", "Not checked yet")]


def tristate_to_bool(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def bool_to_tristate(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "unknown")  # type: ignore[arg-type]


def postcode_district(value: str) -> str:
    """The outward code ("LS9") from a district or a full postcode, or ValidationError."""
    if not value.strip():
        return ""
    district = outward_code(value)
    if not district:
        raise forms.ValidationError("Enter a postcode district like LS9, or a full postcode like LS9 8AB")
    return district


@with_length_messages
class GoalsForm(forms.Form):
    job_sectors = forms.MultipleChoiceField(
        label="Which kinds of work does the person want?",
        choices=JobSector.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one kind of work, or 'Other' and describe it below"},
    )
    job_goal = forms.CharField(
        label="Job goal in the person's words (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=limits.NOTE,
        error_messages={"max_length": too_long("The job goal", limits.NOTE)},
        help_text="For example, 'Work outdoors with my hands, maybe landscaping'.",
    )
    hours_wanted = forms.ChoiceField(
        label="How many hours a week?",
        choices=HoursWanted.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how many hours a week the person wants"},
    )
    min_hours_per_week = forms.IntegerField(
        label="Fewest hours a week (optional)",
        required=False,
        min_value=1,
        max_value=60,
        error_messages={
            "invalid": "Fewest hours must be a whole number, like 16",
            "min_value": "Fewest hours must be 1 or more",
            "max_value": "Fewest hours must be 60 or fewer",
        },
    )
    max_hours_per_week = forms.IntegerField(
        label="Most hours a week (optional)",
        required=False,
        min_value=1,
        max_value=60,
        error_messages={
            "invalid": "Most hours must be a whole number, like 30",
            "min_value": "Most hours must be 1 or more",
            "max_value": "Most hours must be 60 or fewer",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_hours_per_week"), data.get("max_hours_per_week")
        if low and high and low > high:
            self.add_error("max_hours_per_week", "Most hours must be the same as or more than fewest hours")
        if data.get("job_sectors") == [JobSector.OTHER] and not data.get("job_goal", "").strip():
            self.add_error("job_goal", "Describe the kind of work the person wants")
        return data


@with_length_messages
class TravelForm(forms.Form):
    postcode_district = forms.CharField(
        label="Postcode district where the person will live after release",
        max_length=10,
        help_text="For example, LS9. A full postcode is shortened to its district.",
        error_messages={
            "required": "Enter the postcode district, or a full postcode",
            "max_length": too_long("The postcode", 10),
        },
    )
    max_travel_minutes = forms.IntegerField(
        label="Longest journey to work, in minutes (optional)",
        required=False,
        min_value=5,
        max_value=180,
        error_messages={
            "invalid": "Journey time must be a whole number of minutes, like 45",
            "min_value": "Journey time must be 5 minutes or more",
            "max_value": "Journey time must be 180 minutes or fewer",
        },
    )
    max_travel_km = forms.IntegerField(
        label="Furthest distance to work, in kilometres (optional)",
        required=False,
        min_value=1,
        max_value=200,
        error_messages={
            "invalid": "Distance must be a whole number of kilometres, like 10",
            "min_value": "Distance must be 1 kilometre or more",
            "max_value": "Distance must be 200 kilometres or fewer",
        },
    )

    def clean_postcode_district(self) -> str:
        return postcode_district(self.cleaned_data["postcode_district"])


@with_length_messages
class StrengthsForm(forms.Form):
    strengths = forms.CharField(
        label="Strengths", widget=forms.Textarea, max_length=limits.NOTE, required=False,
        help_text="What the person is good at, in work or elsewhere.",
    )  # fmt: skip
    interests = forms.CharField(label="Interests", widget=forms.Textarea, max_length=limits.NOTE, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("strengths", "").strip() and not data.get("interests", "").strip():
            raise forms.ValidationError("Enter the person's strengths or interests")
        return data


@with_length_messages
class AdjustmentsForm(forms.Form):
    adjustment_kinds = forms.MultipleChoiceField(
        label="What kinds of support help at work? (optional)",
        choices=WorkAdjustment.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    adjustments = forms.CharField(
        label="Adjustments that help",
        widget=forms.Textarea,
        max_length=limits.NOTE,
        required=False,
        help_text="For example, a quiet place for breaks, written instructions, a later start on clinic days.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("adjustment_kinds") and not data.get("adjustments", "").strip():
            self.add_error("adjustments", "Describe the adjustments that help")
        return data


@with_length_messages
class RightToWorkForm(forms.Form):
    right_to_work = forms.ChoiceField(
        label="Has the person's right to work in the UK been confirmed?",
        choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the right to work has been confirmed"},
    )
    right_to_work_evidence = forms.CharField(
        label="Evidence seen (optional)",
        max_length=200,
        required=False,
        help_text="For example, UK passport, birth certificate with National Insurance number, share code.",
    )


@with_length_messages
class DisclosureForm(forms.Form):
    disclosure_share = forms.ChoiceField(
        label="What has the person agreed may be shared with employers?",
        choices=DisclosureShare.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what may be shared with employers"},
    )
    disclosed_by = forms.ChoiceField(
        label="Who will tell the employer?",
        choices=DisclosedBy.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    disclosure_plan = forms.CharField(
        label="Disclosure plan",
        widget=forms.Textarea,
        max_length=limits.NOTE,
        required=False,
        help_text="When and how, in the person's words: for example, 'At interview, after the job is offered'.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        share = data.get("disclosure_share")
        if share and share != DisclosureShare.NOTHING and not data.get("disclosed_by"):
            self.add_error("disclosed_by", "Select who will tell the employer")
        if share == DisclosureShare.NOTHING:
            data["disclosed_by"] = ""
        return data


@with_length_messages
class WorkHistoryForm(forms.Form):
    employer = forms.CharField(label="Employer", max_length=150, error_messages={"required": "Enter the employer"})
    role = forms.CharField(label="Job title or role", max_length=150, error_messages={"required": "Enter the role"})
    start_date = GovukDateField(
        label="Start date (optional)", label_for_errors="the start date", required=False,
        help_text="An approximate date is fine. For example, 1 6 2019",
    )  # fmt: skip
    end_date = GovukDateField(label="End date (optional)", label_for_errors="the end date", required=False)
    why_it_ended = forms.CharField(label="Why it ended (optional)", max_length=300, required=False)

    def clean_start_date(self) -> datetime.date | None:
        value = self.cleaned_data.get("start_date")
        return past_date(value, label="Start date") if value else None

    def clean_end_date(self) -> datetime.date | None:
        value = self.cleaned_data.get("end_date")
        return past_date(value, label="End date") if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "End date must be the same as or after the start date")
        return data


@with_length_messages
class QualificationForm(forms.Form):
    kind = forms.ChoiceField(
        label="Qualification or licence",
        choices=[("", "Choose one"), *QualificationKind.choices],
        error_messages={"required": "Select the qualification or licence"},
    )
    detail = forms.CharField(
        label="Details (optional)", max_length=200, required=False,
        help_text="For example, 'Level 2', 'Full UK licence, no points', 'Counterbalance'.",
    )  # fmt: skip
    expires_on = GovukDateField(
        label="Expiry date (optional)", label_for_errors="the expiry date", required=False,
        help_text="For cards and licences that expire, like a CSCS card. For example, 30 9 2028",
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == QualificationKind.OTHER and not data.get("detail", "").strip():
            self.add_error("detail", "Enter the name of the qualification")
        return data


@with_length_messages
class NeedAddForm(forms.Form):
    pathway = forms.ChoiceField(
        label="Pathway",
        choices=[("", "Choose a pathway"), *Pathway.choices],
        error_messages={"required": "Select the pathway"},
    )
    title = forms.CharField(
        label="Need", max_length=150, help_text="For example, 'Somewhere to live on release', 'Photo ID'.",
        error_messages={"required": "Enter the need"},
    )  # fmt: skip
    status = forms.ChoiceField(
        label="Status",
        choices=NeedStatus.choices,
        widget=forms.RadioSelect,
        initial=NeedStatus.NOT_STARTED,
        help_text="'Support need met' only once the outcome is achieved: an attempt that did not work stays in "
        "progress.",
        error_messages={"required": "Select the status"},
    )
    responsible = forms.ChoiceField(
        label="Who is responsible?",
        choices=Responsible.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who is responsible"},
    )
    note = forms.CharField(label="Note (optional)", widget=forms.Textarea, max_length=limits.NOTE, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == NeedStatus.MET and not data.get("note", "").strip():
            self.add_error("note", "Say what was achieved, so the need can be marked as met")
        return data


@with_length_messages
class NeedUpdateForm(forms.Form):
    status = NeedAddForm.base_fields["status"]
    responsible = NeedAddForm.base_fields["responsible"]
    note = forms.CharField(label="What happened", widget=forms.Textarea, max_length=limits.NOTE, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == NeedStatus.MET and not data.get("note", "").strip():
            self.add_error("note", "Say what was achieved, so the need can be marked as met")
        return data


@with_length_messages
class MentalHealthCareForm(forms.Form):
    gp_registered = forms.ChoiceField(
        label="Is the person registered with a GP in the community?",
        choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the person is registered with a GP"},
    )
    gp_practice = forms.CharField(label="GP practice (optional)", max_length=150, required=False)
    cmht_referral_date = GovukDateField(
        label="Date of referral to the community mental health team (optional)",
        label_for_errors="the referral date",
        required=False,
    )
    cmht_referral_outcome = forms.ChoiceField(
        label="Outcome of the referral",
        choices=[("", "No referral made"), *CmhtReferralOutcome.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    care_coordinator = forms.CharField(label="Care coordinator (optional)", max_length=150, required=False)
    care_coordinator_contact = forms.CharField(
        label="Care coordinator's phone or email (optional)", max_length=150, required=False
    )

    def clean_cmht_referral_date(self) -> datetime.date | None:
        value = self.cleaned_data.get("cmht_referral_date")
        return past_date(value, label="Referral date") if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("cmht_referral_outcome")
            and not data.get("cmht_referral_date")
            and "cmht_referral_date" not in self.errors
        ):
            self.add_error("cmht_referral_date", "Enter the referral date, or select 'No referral made'")
        if data.get("cmht_referral_date") and not data.get("cmht_referral_outcome"):
            self.add_error("cmht_referral_outcome", "Select the outcome of the referral, or 'Awaiting a decision'")
        return data

    def service_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["gp_registered"] = tristate_to_bool(data["gp_registered"])
        return data


@with_length_messages
class ContactForm(forms.Form):
    occurred_on = GovukDateField(
        label="Date", label_for_errors="the date of the contact", help_text="For example, 24 11 2026"
    )
    time = forms.CharField(
        label="Time",
        max_length=5,
        help_text="Use the 24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time of the contact"},
    )
    took_place = forms.ChoiceField(
        label="Did the contact happen?",
        choices=[("yes", "Yes"), ("no", "No, it was attempted but did not happen")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the contact happened"},
    )
    contact_with = forms.ChoiceField(
        label="Who was it with?",
        choices=ContactWith.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the contact was with"},
    )
    mode = forms.ChoiceField(
        label="How?",
        choices=ContactMode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the contact was made"},
    )
    duration_minutes = forms.IntegerField(
        label="How long, in minutes (optional)",
        required=False,
        min_value=1,
        max_value=600,
        error_messages={
            "invalid": "Duration must be a whole number of minutes, like 45",
            "min_value": "Duration must be 1 minute or more",
            "max_value": "Duration must be 600 minutes (10 hours) or fewer",
        },
    )
    topics = forms.MultipleChoiceField(
        label="What was discussed? (optional)",
        choices=ContactTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    job = forms.ModelChoiceField(
        label="About which job? (optional)",
        queryset=Job.objects.none(),
        required=False,
        empty_label="Not about a job",
        help_text="For in-work support with the person or their manager.",
        error_messages={"invalid_choice": "Select one of the person's jobs"},
    )
    note = forms.CharField(label="Note (optional)", widget=forms.Textarea, max_length=limits.NOTE, required=False)

    def __init__(self, *args: Any, participant: Participant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participant = participant
        jobs = Job.objects.filter(participant=participant).select_related("employer").order_by("-start_date")
        field = self.fields["job"]
        field.queryset = jobs  # type: ignore[attr-defined]
        field.label_from_instance = lambda job: f"{job.job_title}, {job.employer.name}"  # type: ignore[attr-defined]
        if not jobs.exists():
            del self.fields["job"]

    def clean_occurred_on(self) -> datetime.date:
        return past_date(self.cleaned_data["occurred_on"], label="The date of the contact")

    def clean_time(self) -> datetime.time:
        return time_of_day(self.cleaned_data["time"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, time = data.get("occurred_on"), data.get("time")
        if day and time:
            when = timezone.make_aware(datetime.datetime.combine(day, time))
            if contact_in_future(when):
                self.add_error("time", "The time cannot be in the future")
            data["occurred_at"] = when
        problem = contact_job_problem(self.participant, data.get("job"), data.get("contact_with", ""))
        if problem:
            self.add_error("job", problem)
        return data

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        job = data.get("job")
        return {
            "occurred_at": data["occurred_at"],
            "took_place": data["took_place"] == "yes",
            "contact_with": data["contact_with"],
            "mode": data["mode"],
            "duration_minutes": data["duration_minutes"],
            "topics": list(data["topics"]),
            "note": data["note"],
            "job": job,
            # A contact with an employer about a job is with that job's employer.
            "employer": job.employer if job and data["contact_with"] == ContactWith.EMPLOYER else None,
        }


@with_length_messages
class CustodyEventForm(forms.Form):
    kind = forms.ChoiceField(
        label="What happened?",
        choices=CustodyEventKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happened"},
    )
    event_date = GovukDateField(label="Date", label_for_errors="the date", help_text="For example, 3 11 2026")
    prison = forms.ModelChoiceField(
        label="Prison",
        queryset=Site.objects.filter(kind=SiteKind.PRISON).order_by("name"),
        required=False,
        empty_label="Choose a prison",
        help_text="Needed when the person is received, transferred or recalled.",
        error_messages={"invalid_choice": "Select a prison from the list"},
    )
    expected_release_date = GovukDateField(
        label="Expected release date (optional)",
        label_for_errors="the expected release date",
        required=False,
        help_text="For a new sentence or a recall. Leave blank if not known yet.",
    )
    supported_at = forms.ModelChoiceField(
        label="Where the person is supported after release (optional)",
        queryset=Site.objects.exclude(kind=SiteKind.PRISON).order_by("name"),
        required=False,
        empty_label="No change",
        help_text="For a release: the community team or probation office whose staff now work with the person.",
        error_messages={"invalid_choice": "Select a community team or probation office from the list"},
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)
    job_outcome = forms.ChoiceField(
        label="If this is a recall: what has happened to their job?",
        choices=JobOnRecall.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    job_held_reason = forms.CharField(
        label="If the employer is keeping the job open: why, and for how long",
        max_length=limits.SHORT_TEXT,
        required=False,
        help_text="For example, the manager will hold the job for 8 weeks.",
        error_messages={"max_length": too_long("The reason the job is kept open", limits.SHORT_TEXT)},
    )

    def __init__(self, *args: Any, current_jobs: Sequence[Job] = (), **kwargs: Any) -> None:
        """`current_jobs`: the person's jobs not yet ended. The question about them is asked only when there are
        any (a recall then needs an answer)."""
        super().__init__(*args, **kwargs)
        self.current_jobs = list(current_jobs)
        if not self.current_jobs:
            del self.fields["job_outcome"]
            del self.fields["job_held_reason"]
        else:
            named = ", ".join(f"{job.job_title} at {job.employer.name}" for job in self.current_jobs)
            self.fields["job_outcome"].help_text = f"They are recorded as working as {named}."
        self.fields["event_date"].initial = timezone.localdate()  # recording what happened: today unless changed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        event_date, release = data.get("event_date"), data.get("expected_release_date")
        if event_date and release and release < event_date:
            self.add_error("expected_release_date", "Expected release date must be on or after the date of the event")
        if data.get("kind") == CustodyEventKind.RECALLED:
            problems = jobs_on_recall_problems(
                self.current_jobs, outcome=data.get("job_outcome", ""), held_reason=data.get("job_held_reason", "")
            )
            for name, message in problems.items():
                self.add_error(name, message)
        return data


def profile_initial(profile: VocationalProfile | None, section: str) -> dict[str, Any]:
    if profile is None:
        return {}
    values = {field.name: getattr(profile, field.name) for field in profile._meta.concrete_fields}
    values["right_to_work"] = bool_to_tristate(profile.right_to_work_confirmed)
    return values


PROFILE_FORMS: dict[str, type[forms.Form]] = {
    "goals": GoalsForm,
    "travel": TravelForm,
    "strengths": StrengthsForm,
    "adjustments": AdjustmentsForm,
    "right-to-work": RightToWorkForm,
    "disclosure": DisclosureForm,
}
PROFILE_SECTION_TITLES = {
    "goals": "Job goals",
    "travel": "Travel",
    "work-history": "Work history",
    "qualifications": "Qualifications and licences",
    "strengths": "Strengths and interests",
    "adjustments": "Adjustments that help at work",
    "right-to-work": "Right to work in the UK",
    "disclosure": "Disclosure preferences",
}


def profile_values(section: str, cleaned: dict[str, Any]) -> dict[str, Any]:
    """The model values a section form saves."""
    values = dict(cleaned)
    if section == "right-to-work":
        values = {
            "right_to_work_confirmed": tristate_to_bool(cleaned["right_to_work"]),
            "right_to_work_evidence": cleaned["right_to_work_evidence"],
        }
    return values


@with_length_messages
class AppointmentForm(forms.Form):
    """Plan an appointment: any day from the last 3 months to a year ahead (planning ahead accepts future dates)."""

    kind = forms.ChoiceField(
        label="What is the appointment?",
        choices=AppointmentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the appointment is"},
    )
    day = GovukDateField(
        label="Date", label_for_errors="the date of the appointment", help_text="For example, 8 12 2026"
    )
    time = forms.CharField(
        label="Time",
        max_length=5,
        help_text="Use the 24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time of the appointment"},
    )
    place = forms.CharField(
        label="Where (optional)",
        max_length=limits.SHORT_TEXT,
        required=False,
        help_text="For example, the visits hall at HMP Leeds, or the address of the employer.",
    )
    with_whom = forms.CharField(
        label="Who with (optional)",
        max_length=limits.SHORT_TEXT,
        required=False,
        help_text="For example, the probation practitioner's or the manager's name.",
    )
    what_to_bring = forms.CharField(
        label="What to bring (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.PARAGRAPH,
        required=False,
        help_text="For example, photo ID, a CV, the disclosure letter, a bank card for the payroll form.",
    )

    def clean_time(self) -> datetime.time:
        return time_of_day(self.cleaned_data["time"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, time = data.get("day"), data.get("time")
        if day and time:
            when = timezone.make_aware(datetime.datetime.combine(day, time))
            problem = appointment_time_problem(when)
            if problem:
                self.add_error("day", problem)
            data["starts_at"] = when
        return data

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in ("kind", "starts_at", "place", "with_whom", "what_to_bring")}


def appointment_initial(appointment: Appointment) -> dict[str, Any]:
    local = timezone.localtime(appointment.starts_at)
    return {
        "kind": appointment.kind,
        "day": local.date(),
        "time": f"{local:%H:%M}",
        "place": appointment.place,
        "with_whom": appointment.with_whom,
        "what_to_bring": appointment.what_to_bring,
    }


@with_length_messages
class AppointmentOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=AppointmentOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the person attended, missed it, or it was cancelled"},
    )
    note = forms.CharField(
        label="Note (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.PARAGRAPH,
        required=False,
        help_text="For example, why it was missed, or when it was moved to.",
    )


class ChecklistItemForm(forms.Form):
    """One item of the ready-for-release checklist: where it has got to, in the item's own words, and when."""

    status = forms.ChoiceField(
        label="Where has this got to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select where this has got to"},
    )
    on = GovukDateField(
        label="Date",
        label_for_errors="the date",
        required=False,
        help_text="When this happened. For example, 3 11 2026",
    )

    def __init__(self, *args: Any, item: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        definition = ITEM_BY_CODE[item]
        self.item = item
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (status.value, definition.status_label(status)) for status in ItemStatus
        ]
        self.fields["status"].label = f"{definition.label}: where has this got to?"
        self.fields["status"].help_text = definition.hint
        self.fields["on"].initial = timezone.localdate()  # recording what happened: today unless changed
        if item == "id":
            self.fields["id_document"] = forms.ChoiceField(
                label="Which ID document?",
                choices=IdDocument.choices,
                widget=forms.RadioSelect,
                required=False,
                help_text="Needed once the document is applied for.",
                error_messages={"invalid_choice": "Select which ID document"},
            )

    def clean_on(self) -> datetime.date | None:
        value = self.cleaned_data.get("on")
        return past_date(value, label="The date") if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status")
        if status and status != ItemStatus.NOT_STARTED and data.get("on") is None and "on" not in self.errors:
            self.add_error("on", "Enter the date")
        if (
            self.item == "id"
            and status in (ItemStatus.IN_PROGRESS, ItemStatus.DONE)
            and not data.get("id_document")
            and "id_document" not in self.errors
        ):
            self.add_error("id_document", "Select which ID document")
        return data


class SpecialistChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        where = f", {obj.site.name}" if obj.site_id else ""
        return f"{obj.get_full_name() or obj.username}{where}"


CONTINUES, HAND_OVER = "continues", "hand_over"


@with_length_messages
class HandoverForm(forms.Form):
    decision = forms.ChoiceField(
        label="Who will support the person now they are out?",
        choices=[(CONTINUES, "The same specialist continues"), (HAND_OVER, "Hand over to a community specialist")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the same specialist continues or the person is handed over"},
    )
    to_specialist = SpecialistChoiceField(
        label="Community specialist (for a handover)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose a specialist",
        error_messages={"invalid_choice": "Select a specialist from the list"},
    )
    note = forms.CharField(
        label="Handover note (for a handover)",
        widget=forms.Textarea,
        max_length=limits.NOTE,
        required=False,
        help_text="What the new specialist needs to know: the job goal, what is planned, what worries the person, "
        "and when you will meet together if you can.",
        error_messages={"max_length": too_long("The handover note", limits.NOTE)},
    )
    on = GovukDateField(label="Date of the handover", label_for_errors="the date of the handover")

    def __init__(self, *args: Any, specialists: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_specialist"].queryset = specialists  # type: ignore[attr-defined]
        self.fields["on"].initial = timezone.localdate()

    def clean_on(self) -> datetime.date:
        return past_date(self.cleaned_data["on"], label="The date of the handover")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == HAND_OVER:
            if not data.get("to_specialist") and "to_specialist" not in self.errors:
                self.add_error("to_specialist", "Select the community specialist")
            if not data.get("note", "").strip() and "note" not in self.errors:
                self.add_error("note", "Enter a handover note for the new specialist")
        else:
            data["to_specialist"] = None
        return data
