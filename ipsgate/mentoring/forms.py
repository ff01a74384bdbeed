"""The mentor record form (GOV.UK error message style)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from ipsgate.core import limits
from ipsgate.core.choices import JobSector, Role, SiteKind
from ipsgate.core.forms import GovukDateField, past_date, time_of_day, with_length_messages
from ipsgate.core.models import Site, User
from ipsgate.employers.choices import DbsLevel

from .choices import (
    DeclineReason,
    GenderWanted,
    LivedExperience,
    MatchEndReason,
    MentorGender,
    MentorStatus,
    OfferAnswer,
    OrganisationKind,
    SessionPlace,
    SessionTopic,
)
from .models import MOST_MENTEES, tidy_districts, valid_district


def _optional_past(value: datetime.date | None, label: str) -> datetime.date | None:
    return past_date(value, label=label) if value else None


@with_length_messages
class MentorForm(forms.Form):
    name = forms.CharField(label="Name", max_length=150, error_messages={"required": "Enter the mentor's name"})
    organisation = forms.CharField(
        label="Organisation", max_length=150, error_messages={"required": "Enter the mentor's organisation"}
    )
    organisation_kind = forms.ChoiceField(
        label="Is the organisation in-house or a partner charity?",
        choices=OrganisationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the organisation is in-house or a partner charity"},
    )
    lived_experience = forms.ChoiceField(
        label="Lived experience of prison",
        choices=LivedExperience.choices,
        widget=forms.RadioSelect,
        initial=LivedExperience.NOT_SAID,
        error_messages={"required": "Select whether the mentor has lived experience of prison"},
    )
    training = forms.CharField(
        label="Training (optional)", max_length=150, required=False, help_text="For example, a peer-mentor course."
    )
    trained_on = GovukDateField(
        label="Date of training (optional)", label_for_errors="the date of training", required=False
    )
    iag_level3 = forms.BooleanField(
        label="Holds a level 3 information, advice and guidance qualification", required=False
    )
    dbs_level = forms.ChoiceField(label="DBS check level", choices=DbsLevel.choices, initial=DbsLevel.NONE)
    dbs_checked_on = GovukDateField(
        label="Date of the DBS check (optional)", label_for_errors="the date of the DBS check", required=False
    )
    cleared_prisons = forms.ModelMultipleChoiceField(
        label="Prisons the vetting clears them to visit",
        queryset=Site.objects.filter(kind=SiteKind.PRISON).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select prisons from the list"},
    )
    vetting_expires = GovukDateField(
        label="Vetting expires (optional)",
        label_for_errors="the date vetting expires",
        required=False,
        help_text="A mentor without vetting in date cannot be matched with anyone.",
    )
    sites = forms.ModelMultipleChoiceField(
        label="Sites they cover",
        queryset=Site.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select sites from the list"},
    )
    postcode_districts = forms.CharField(
        label="Postcode districts they cover (optional)",
        max_length=limits.SHORT_TEXT,
        required=False,
        help_text="The first part of the postcode, separated by spaces, for example LS9 LS10 BD3.",
    )
    capacity = forms.IntegerField(
        label="Most mentees at once",
        min_value=1,
        max_value=MOST_MENTEES,
        initial=3,
        error_messages={
            "required": "Enter the most mentees the mentor can have at once",
            "invalid": "Most mentees at once must be a whole number, like 3",
            "min_value": "Most mentees at once must be 1 or more",
            "max_value": f"Most mentees at once must be {MOST_MENTEES} or fewer",
        },
    )
    gender = forms.ChoiceField(label="Gender", choices=MentorGender.choices, initial=MentorGender.NOT_SAID)
    languages = forms.CharField(
        label="Languages (optional)",
        max_length=limits.SHORT_TEXT,
        required=False,
        help_text="For example, English, Polish.",
    )
    interests = forms.MultipleChoiceField(
        label="Interests (optional)",
        choices=JobSector.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The kinds of work the mentor knows about or is interested in.",
    )
    other_interests = forms.CharField(label="Other interests (optional)", max_length=limits.SHORT_TEXT, required=False)
    status = forms.ChoiceField(
        label="Status", choices=MentorStatus.choices, widget=forms.RadioSelect, initial=MentorStatus.ACTIVE
    )
    status_since = GovukDateField(
        label="Status since", label_for_errors="the date of the status", help_text="For example, 3 11 2026"
    )
    user = forms.ModelChoiceField(
        label="Sign-in account (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="No account",
        help_text="An account in the Mentor role, created by an administrator like any staff account. The mentor "
        "then sees only their current mentees.",
        error_messages={"invalid_choice": "Select an account from the list"},
    )

    def __init__(self, *args: Any, mentor_pk: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status_since"].initial = timezone.localdate()
        # Mentor accounts not linked to another mentor (this mentor's own stays on the list).
        field: Any = self.fields["user"]
        free = Q(mentor_record__isnull=True) | (Q(mentor_record__pk=mentor_pk) if mentor_pk is not None else Q())
        field.queryset = User.objects.filter(free, role=Role.MENTOR, is_service_account=False).order_by("username")
        field.label_from_instance = lambda user: f"{user.get_full_name() or user.username} ({user.username})"

    def clean_trained_on(self) -> datetime.date | None:
        return _optional_past(self.cleaned_data.get("trained_on"), "Date of training")

    def clean_dbs_checked_on(self) -> datetime.date | None:
        return _optional_past(self.cleaned_data.get("dbs_checked_on"), "Date of the DBS check")

    def clean_status_since(self) -> datetime.date:
        return past_date(self.cleaned_data["status_since"], label="Status since")

    def clean_postcode_districts(self) -> str:
        text = tidy_districts(self.cleaned_data["postcode_districts"])
        wrong = [part for part in text.split() if not valid_district(part)]
        if wrong:
            raise forms.ValidationError(
                f"Enter postcode districts like LS9 or BD3 ({', '.join(wrong)} is not one)"
                if len(wrong) == 1
                else f"Enter postcode districts like LS9 or BD3 ({', '.join(wrong)} are not)"
            )
        return text


@with_length_messages
class MatchForm(forms.Form):
    """Choose one of the suggested mentors. Only mentors who may be matched are offered."""

    mentor = forms.TypedChoiceField(
        label="Suggested mentors",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a mentor",
            "invalid_choice": "Select one of the suggested mentors",
        },
    )
    started_on = GovukDateField(
        label="Start date", label_for_errors="the start date", help_text="For example, 3 11 2026"
    )
    shared_goals = forms.CharField(
        label="Goals the person agreed to share with their mentor (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.PARAGRAPH,
        required=False,
        help_text="Only what the person said their mentor may know. The mentor sees this, not the rest of the plan.",
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = choices  # type: ignore[attr-defined]
        self.fields["started_on"].initial = timezone.localdate()


@with_length_messages
class SharedGoalsForm(forms.Form):
    shared_goals = forms.CharField(
        label="Goals the person agreed to share with their mentor",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=limits.PARAGRAPH,
        required=False,
        help_text="Only what the person said their mentor may know. Leave it empty to share none.",
    )


class MatchEndForm(forms.Form):
    ended_on = GovukDateField(label="End date", label_for_errors="the end date", help_text="For example, 3 11 2026")
    end_reason = forms.ChoiceField(
        label="Why did the match end?",
        choices=MatchEndReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the match ended"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()


@with_length_messages
class SessionForm(forms.Form):
    held_on = GovukDateField(
        label="Date", label_for_errors="the date of the session", help_text="For example, 24 11 2026"
    )
    time = forms.CharField(
        label="Time",
        max_length=5,
        help_text="Use the 24-hour clock, for example 14:30",
        error_messages={"required": "Enter the time of the session"},
    )
    took_place = forms.ChoiceField(
        label="Did the session happen?",
        choices=[("yes", "Yes"), ("no", "No, it was attempted but did not happen")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the session happened"},
    )
    place = forms.ChoiceField(
        label="Where?",
        choices=SessionPlace.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the session was"},
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
        label="What did you talk about? (optional)",
        choices=SessionTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label="Short note (optional)", widget=forms.Textarea, max_length=limits.PARAGRAPH, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()

    def clean_held_on(self) -> datetime.date:
        return past_date(self.cleaned_data["held_on"], label="The date of the session")

    def clean_time(self) -> datetime.time:
        return time_of_day(self.cleaned_data["time"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, time = data.pop("held_on", None), data.pop("time", None)
        if day and time:
            data["held_at"] = timezone.make_aware(datetime.datetime.combine(day, time))
        data["took_place"] = data.get("took_place") == "yes"
        return data


ANY_GENDER = "any"  # the form's value for "no preference" (stored as "")


@with_length_messages
class OfferForm(forms.Form):
    """Mentoring offered to the person, their answer and the mentor they would like (issue 17 §3)."""

    offered_on = GovukDateField(
        label="Date mentoring was offered", label_for_errors="the date of the offer", help_text="For example, 3 11 2026"
    )
    answer = forms.ChoiceField(
        label="What did the person say?",
        choices=OfferAnswer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the person said"},
    )
    answered_on = GovukDateField(
        label="Date of the answer (if they have answered)",
        label_for_errors="the date of the answer",
        required=False,
        help_text="For example, 3 11 2026",
    )
    decline_reason = forms.ChoiceField(
        label="If they declined, why? (optional otherwise)",
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    decline_detail = forms.CharField(
        label="More about why they declined (optional)", max_length=limits.SHORT_TEXT, required=False
    )
    gender_wanted = forms.ChoiceField(
        label="Would the person like a mentor of a particular gender?",
        choices=[(ANY_GENDER, "No preference"), *((v, label) for v, label in GenderWanted.choices if v)],
        widget=forms.RadioSelect,
        initial=ANY_GENDER,
        error_messages={"required": "Select whether the person would like a mentor of a particular gender"},
    )
    lived_experience_wanted = forms.ChoiceField(
        label="Would the person like a mentor with lived experience of prison?",
        choices=[("yes", "Yes, it matters to them"), ("no", "No preference")],
        widget=forms.RadioSelect,
        initial="no",
        error_messages={"required": "Select whether the person would like a mentor with lived experience of prison"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.initial:
            self.fields["offered_on"].initial = timezone.localdate()
            self.fields["answer"].initial = OfferAnswer.WAITING

    def clean_offered_on(self) -> datetime.date:
        return past_date(self.cleaned_data["offered_on"], label="The date mentoring was offered")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == OfferAnswer.DECLINED and not data.get("decline_reason"):
            self.add_error("decline_reason", "Select why the person declined")
        answered = data.get("answer") in (OfferAnswer.ACCEPTED, OfferAnswer.DECLINED)
        if answered and not data.get("answered_on") and "answered_on" not in self.errors:
            self.add_error("answered_on", "Enter the date of the answer")
        data["gender_wanted"] = "" if data.get("gender_wanted") == ANY_GENDER else data.get("gender_wanted", "")
        data["lived_experience_wanted"] = data.get("lived_experience_wanted") == "yes"
        return data
