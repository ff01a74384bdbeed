"""Forms for referrals and participant details. Messages follow the GOV.UK error message style."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.validators import EmailValidator
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from ipsgate.core import limits
from ipsgate.core.forms import YES_NO, GovukDateField, PreloadedModelChoiceField, past_date, with_length_messages
from ipsgate.core.limits import too_long
from ipsgate.core.models import Site, User
from ipsgate.core.scoping import sites_for, specialists_for
from ipsgate.core.spreadsheet import formula_start_validator

from .choices import (
    AccommodationStatus,
    ClosureReason,
    ContactMethod,
    CustodyStatus,
    Language,
    ReferralOutcome,
    ReferralSource,
    Sex,
)
from .models import Participant
from .services import (
    PARTICIPANT_EDITABLE_FIELDS,
    PRISON_NUMBER_CHECK_WITH_TEAM_LEADER,
    PrisonNumberHolders,
    contact_details_problems,
    prison_number_check,
)
from .validators import normalise_prison_number, validate_prison_number

MINIMUM_AGE_YEARS = 16  # the youngest age at which someone can leave education for paid work


def _years_between(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@dataclass(frozen=True)
class ParticipantFormLookups:
    """What a participant form looks up, looked up once for many forms filled in by one user (a bulk import checks
    every row with the page's form): the sites and specialists they may choose, and who holds each prison number.
    The form's rules are the same with or without them."""

    sites: dict[int, Site]
    specialists: dict[int, User]
    holders: PrisonNumberHolders

    @classmethod
    def for_user(cls, user: User, prison_numbers: Iterable[str] = ()) -> ParticipantFormLookups:
        return cls(
            sites={site.pk: site for site in sites_for(user)},
            specialists={specialist.pk: specialist for specialist in specialists_for(user)},
            holders=PrisonNumberHolders.lookup(user, prison_numbers),
        )


class SpecialistChoiceField(PreloadedModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


@with_length_messages
class ParticipantDetailsForm(forms.Form):
    """Fields shared by the referral form and the edit form, with cross-field checks."""

    given_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter the person's first name"},
        validators=[formula_start_validator("The person's first name")],
    )
    family_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter the person's last name"},
        validators=[formula_start_validator("The person's last name")],
    )
    preferred_name = forms.CharField(
        label="Preferred first name (optional)",
        max_length=100,
        required=False,
        help_text="What the person likes to be called, if different.",
        validators=[formula_start_validator("The preferred first name")],
    )
    date_of_birth = GovukDateField(
        label="Date of birth", label_for_errors="the date of birth", help_text="For example, 27 3 1990"
    )
    prison_number = forms.CharField(
        label="Prison number",
        max_length=12,
        required=False,
        help_text="The NOMIS number, for example A1234BC. Needed while the person is in prison.",
    )
    current_site = PreloadedModelChoiceField(
        label="Site",
        queryset=Site.objects.none(),
        empty_label="Choose a site",
        error_messages={"required": "Select the site", "invalid_choice": "Select a site from the list"},
    )
    custody_status = forms.ChoiceField(
        label="Custody status",
        choices=CustodyStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person's custody status"},
    )
    expected_release_date = GovukDateField(
        label="Expected release date",
        label_for_errors="the expected release date",
        required=False,
        help_text="Leave blank if not known. For example, 14 2 2027",
    )
    allocated_specialist = SpecialistChoiceField(
        label="Employment specialist",
        queryset=User.objects.none(),
        empty_label="Choose a specialist",
        error_messages={
            "required": "Select the employment specialist",
            "invalid_choice": "Select a specialist from the list",
        },
    )
    sex = forms.ChoiceField(
        label="Sex (optional)",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="As the person states it. Used only for reporting, for example job starts for men and women.",
        error_messages={"invalid_choice": "Select the person's sex from the list, or leave it blank"},
    )

    instance_pk: int | None = None  # set when editing, so a record does not clash with itself
    # A prison number already on record for someone this user may see: the page offers a new referral for them.
    known_participant: Participant | None = None

    def __init__(
        self,
        *args: Any,
        user: User,
        request: HttpRequest | None = None,
        lookups: ParticipantFormLookups | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        self.lookups = lookups
        if lookups is not None:
            self.fields["current_site"].preloaded = lookups.sites  # type: ignore[attr-defined]
            self.fields["allocated_specialist"].preloaded = lookups.specialists  # type: ignore[attr-defined]
        else:
            self.fields["current_site"].queryset = sites_for(user)  # type: ignore[attr-defined]
            self.fields["allocated_specialist"].queryset = specialists_for(user)  # type: ignore[attr-defined]

    def clean_prison_number(self) -> str:
        value = normalise_prison_number(self.cleaned_data.get("prison_number", ""))
        validate_prison_number(value)
        return value

    def clean_date_of_birth(self) -> datetime.date:
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born >= today:
            raise forms.ValidationError("Date of birth must be in the past")
        if _years_between(born, today) < MINIMUM_AGE_YEARS:
            raise forms.ValidationError(f"The person must be at least {MINIMUM_AGE_YEARS} years old")
        if _years_between(born, today) > 100:
            raise forms.ValidationError("Date of birth must be within the last 100 years")
        return born

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        born = data.get("date_of_birth")
        for name in ("expected_release_date", "actual_release_date"):
            release = data.get(name)
            if born and release and release <= born:
                label = "Expected release date" if name == "expected_release_date" else "Actual release date"
                self.add_error(name, f"{label} must be after the date of birth")
        site = data.get("current_site")
        status = data.get("custody_status")
        if site and status == CustodyStatus.IN_CUSTODY and site.kind != "prison":
            self.add_error("current_site", "Select a prison while the person is in custody")
        number_given = data.get("prison_number") or "prison_number" in self.errors  # a bad number is reported once
        if status == CustodyStatus.IN_CUSTODY and site and site.kind == "prison" and not number_given:
            self.add_error("prison_number", "Enter the prison number while the person is in prison")
        number = data.get("prison_number")
        if number:
            check = prison_number_check(
                user=self.user,
                number=number,
                exclude_pk=self.instance_pk,
                request=self.request,
                holders=self.lookups.holders if self.lookups is not None else None,
            )
            if check.known is not None:
                self.known_participant = check.known
                self.add_error("prison_number", f"{number} is already recorded for {check.known.display_name}")
            elif check.out_of_scope:
                # Security finding 15 §6: never confirm whose number it is, nor plainly that it is recorded.
                self.add_error("prison_number", PRISON_NUMBER_CHECK_WITH_TEAM_LEADER)
        return data


@with_length_messages
class ReferralForm(ParticipantDetailsForm):
    """A new referral. Zero exclusion: nothing about diagnosis, offence, substance use or readiness is asked."""

    field_order = [
        "wants_paid_work",
        "given_name",
        "family_name",
        "preferred_name",
        "date_of_birth",
        "prison_number",
        "current_site",
        "custody_status",
        "expected_release_date",
        "source",
        "referral_date",
        "referrer_name",
        "referrer_organisation",
        "allocated_specialist",
        "sex",
    ]

    wants_paid_work = forms.ChoiceField(
        label="Does the person want help to find paid work?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="This is the only eligibility question. Nothing else can stop someone joining the service.",
        error_messages={"required": "Select yes if the person wants help to find paid work"},
    )
    source = forms.ChoiceField(
        label="Who made the referral?",
        choices=ReferralSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who made the referral"},
    )
    referral_date = GovukDateField(
        label="Date of referral", label_for_errors="the date of referral", help_text="For example, 3 11 2026"
    )
    referrer_name = forms.CharField(
        label="Referrer's name",
        max_length=150,
        error_messages={"required": "Enter the referrer's name"},
        validators=[formula_start_validator("The referrer's name")],
    )
    referrer_organisation = forms.CharField(
        label="Referrer's team or organisation (optional)", max_length=150, required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        today = timezone.localdate()
        self.fields["referral_date"].initial = today
        self.fields["allocated_specialist"].initial = user.pk if user.role == "specialist" else None
        self.fields["current_site"].initial = user.site_id

    def clean_referral_date(self) -> datetime.date:
        return past_date(self.cleaned_data["referral_date"], label="Date of referral")

    def clean_wants_paid_work(self) -> bool:
        return self.cleaned_data["wants_paid_work"] == "yes"


@with_length_messages
class ParticipantEditForm(ParticipantDetailsForm):
    field_order = list(PARTICIPANT_EDITABLE_FIELDS)
    preferred_language = forms.ChoiceField(
        label="Language for the person's own papers",
        choices=Language.choices,
        widget=forms.RadioSelect,
        help_text="Their plan, CV and letters are written in this language. Staff pages stay in English.",
        required=False,  # not sent (an older form): the language stays as it is
        error_messages={"invalid_choice": "Select English or Welsh for the person's own papers"},
    )
    actual_release_date = GovukDateField(
        label="Actual release date",
        label_for_errors="the actual release date",
        required=False,
        help_text="Leave blank until the person has been released.",
    )

    def __init__(self, *args: Any, user: User, participant: Participant, **kwargs: Any) -> None:
        initial = {name: getattr(participant, name) for name in self.field_order}
        initial["current_site"] = participant.current_site_id
        initial["allocated_specialist"] = participant.allocated_specialist_id
        super().__init__(*args, user=user, initial=initial, **kwargs)
        self.instance_pk = participant.pk
        # Keep the current values selectable even if they sit outside this user's usual lists.
        if self.lookups is not None:
            sites = {**self.lookups.sites, participant.current_site_id: participant.current_site}
            specialists = dict(self.lookups.specialists)
            if participant.allocated_specialist is not None:
                specialists[participant.allocated_specialist.pk] = participant.allocated_specialist
            self.fields["current_site"].preloaded = sites  # type: ignore[attr-defined]
            self.fields["allocated_specialist"].preloaded = specialists  # type: ignore[attr-defined]
            return
        self.fields["current_site"].queryset = Site.objects.filter(  # type: ignore[attr-defined]
            Q(pk__in=sites_for(user).values("pk")) | Q(pk=participant.current_site_id)
        )
        self.fields["allocated_specialist"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            Q(pk__in=specialists_for(user).values("pk")) | Q(pk__in=[participant.allocated_specialist_id])
        )

    def clean_preferred_language(self) -> str:
        """Unanswered keeps the language on record; anything but English or Welsh is refused by the choices."""
        return self.cleaned_data.get("preferred_language") or self.initial.get("preferred_language") or "en"

    def clean_actual_release_date(self) -> datetime.date | None:
        value = self.cleaned_data.get("actual_release_date")
        return past_date(value, label="Actual release date") if value else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        status = data.get("custody_status")
        released = data.get("actual_release_date")
        if status in (CustodyStatus.RELEASED_ON_LICENCE, CustodyStatus.IN_COMMUNITY) and not released:
            self.add_error("actual_release_date", "Enter the actual release date for someone who has been released")
        if status == CustodyStatus.IN_CUSTODY and released:
            self.add_error("actual_release_date", "Remove the actual release date, or change the custody status")
        return data


class ReferralDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What was the outcome of the referral?",
        choices=ReferralOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the referral"},
    )
    outcome_date = GovukDateField(label="Date of decision", label_for_errors="the date of decision")

    def __init__(self, *args: Any, referral_date: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.referral_date = referral_date
        self.fields["outcome_date"].initial = timezone.localdate()

    def clean_outcome_date(self) -> datetime.date:
        return past_date(
            self.cleaned_data["outcome_date"],
            label="Date of decision",
            not_before=self.referral_date,
            not_before_name="referral date",
        )


class EpisodeCloseForm(forms.Form):
    closure_reason = forms.ChoiceField(
        label="Why is support ending?",
        choices=ClosureReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why support is ending"},
    )
    end_date = GovukDateField(label="Date support ended", label_for_errors="the date support ended")

    def __init__(self, *args: Any, start_date: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.start_date = start_date
        self.fields["end_date"].initial = timezone.localdate()

    def clean_end_date(self) -> datetime.date:
        return past_date(
            self.cleaned_data["end_date"],
            label="Date support ended",
            not_before=self.start_date,
            not_before_name="start date",
        )


@with_length_messages
class ParticipantSearchForm(forms.Form):
    q = forms.CharField(label="Name or prison number", required=False, max_length=100)
    site = forms.ModelChoiceField(label="Site", queryset=Site.objects.none(), required=False, empty_label="All sites")
    include_inactive = forms.BooleanField(label="Include people not currently supported", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.all()  # type: ignore[attr-defined]


@with_length_messages
class RepeatReferralForm(forms.Form):
    """A new referral for someone already on record: only the referral's own questions (their details are on
    their record; change them there)."""

    wants_paid_work = forms.ChoiceField(
        label="Does the person want help to find paid work?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="This is the only eligibility question. Nothing else can stop someone joining the service.",
        error_messages={"required": "Select yes if the person wants help to find paid work"},
    )
    source = forms.ChoiceField(
        label="Who made the referral?",
        choices=ReferralSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who made the referral"},
    )
    referral_date = GovukDateField(
        label="Date of referral", label_for_errors="the date of referral", help_text="For example, 3 11 2026"
    )
    referrer_name = forms.CharField(
        label="Referrer's name", max_length=150, error_messages={"required": "Enter the referrer's name"}
    )
    referrer_organisation = forms.CharField(
        label="Referrer's team or organisation (optional)", max_length=150, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral_date"].initial = timezone.localdate()

    def clean_referral_date(self) -> datetime.date:
        return past_date(self.cleaned_data["referral_date"], label="Date of referral")

    def clean_wants_paid_work(self) -> bool:
        return self.cleaned_data["wants_paid_work"] == "yes"


PHONE_CHARACTERS = frozenset("0123456789+ ()-")


class TelInput(forms.TextInput):
    input_type = "tel"


def normalise_phone(value: str) -> str:
    """A UK or international phone number, spaces and brackets kept as typed but checked: 10 to 15 digits, an
    optional leading +."""
    value = value.strip()
    if not value:
        return ""
    digits = "".join(ch for ch in value if ch.isdigit())
    if set(value) - PHONE_CHARACTERS or "+" in value[1:] or not 10 <= len(digits) <= 15:
        raise forms.ValidationError("Enter a phone number, like 07700 900 982 or +44 7700 900 982")
    return value


@with_length_messages
class ContactDetailsForm(forms.Form):
    mobile = forms.CharField(
        label="Mobile phone number (optional)",
        max_length=20,
        required=False,
        help_text="Or another phone number the person can be reached on.",
        widget=TelInput(attrs={"autocomplete": "off"}),
    )
    email = forms.CharField(
        label="Email address (optional)",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    address = forms.CharField(
        label="Address on release (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.SHORT_TEXT,
        required=False,
        error_messages={"max_length": too_long("The address", limits.SHORT_TEXT)},
    )
    accommodation_status = forms.ChoiceField(
        label="Accommodation on release (optional)",
        choices=AccommodationStatus.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    preferred_contact_method = forms.ChoiceField(
        label="How does the person prefer to be contacted? (optional)",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reminders_by_text = forms.ChoiceField(
        label="Does the person agree to appointment reminders by text message?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the person agrees to reminders by text message"},
    )
    reminders_by_email = forms.ChoiceField(
        label="Does the person agree to appointment reminders by email?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the person agrees to reminders by email"},
    )

    def clean_mobile(self) -> str:
        return normalise_phone(self.cleaned_data.get("mobile", ""))

    def clean_email(self) -> str:
        value = self.cleaned_data.get("email", "").strip()
        if value:
            EmailValidator(message="Enter an email address in the correct format, like name@example.com")(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("reminders_by_text", "reminders_by_email"):
            if name in data:
                data[name] = data[name] == "yes"
        for field, message in contact_details_problems(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data
