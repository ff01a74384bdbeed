"""Forms for the casework pages: referral intake, which adds the evaluation's questions to the people app's referral."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet

from ipsgate.core import limits
from ipsgate.core.forms import YES_NO, with_length_messages
from ipsgate.core.limits import too_long
from ipsgate.core.models import User
from ipsgate.evaluation.forms import evaluation_arm_choices
from ipsgate.evaluation.services import RANDOM, active_trial, may_override_allocation
from ipsgate.people.forms import ParticipantFormLookups, ReferralForm
from ipsgate.people.models import Participant


@dataclass(frozen=True)
class IntakeLookups(ParticipantFormLookups):
    """The participant form's lookups and the evaluation's: whether random allocation runs and whether this user
    may choose an arm while it does."""

    random_allowed: bool = False
    may_override: bool = False

    @classmethod
    def for_user(cls, user: User, prison_numbers: Iterable[str] = ()) -> IntakeLookups:
        base = ParticipantFormLookups.for_user(user, prison_numbers)
        return cls(
            sites=base.sites,
            specialists=base.specialists,
            holders=base.holders,
            random_allowed=active_trial() is not None,
            may_override=may_override_allocation(user),
        )


class ReferralIntakeForm(ReferralForm):
    """A new referral with its evaluation arm and whether peer mentoring is offered."""

    field_order = [*ReferralForm.field_order, "evaluation_arm", "override_reason", "mentoring"]

    # The evaluation (issue 6): the arm is chosen, or drawn at random only when the referral is saved.
    evaluation_arm = forms.ChoiceField(
        label="Evaluation arm",
        choices=evaluation_arm_choices(random_allowed=False),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the evaluation arm, or allocate at random",
            "invalid_choice": "Select the evaluation arm, or allocate at random",
        },
    )
    override_reason = forms.CharField(
        label="Why are you choosing the arm instead of allocating at random?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.PARAGRAPH,
        required=False,
        error_messages={"max_length": too_long("The reason", limits.PARAGRAPH)},
        help_text="Only if you chose an arm. This is recorded and audited.",
    )
    mentoring = forms.ChoiceField(
        label="Will the person be offered peer mentoring?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the person will be offered peer mentoring"},
    )

    def __init__(self, *args: Any, user: User, lookups: IntakeLookups | None = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, lookups=lookups, **kwargs)
        if lookups is not None:
            random_allowed, may_override = lookups.random_allowed, lookups.may_override
        else:
            random_allowed, may_override = active_trial() is not None, may_override_allocation(user)
        self.fields["evaluation_arm"].choices = evaluation_arm_choices(  # type: ignore[attr-defined]
            random_allowed=random_allowed, chosen_allowed=not random_allowed or may_override
        )
        if random_allowed:
            self.fields[
                "evaluation_arm"
            ].help_text = (
                "Random allocation is running: the arm is drawn when the referral is saved and shown afterwards."
            )
        if not (random_allowed and may_override):
            del self.fields["override_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen_by_hand = data.get("evaluation_arm") not in (None, "", RANDOM)
        if "override_reason" in self.fields:
            if chosen_by_hand and not data.get("override_reason", "").strip():
                self.add_error("override_reason", "Enter why you are choosing the arm instead of allocating at random")
            if not chosen_by_hand:
                data["override_reason"] = ""  # a reason typed, then random chosen: nothing was overridden
        return data

    def clean_mentoring(self) -> bool:
        return self.cleaned_data["mentoring"] == "yes"


@with_length_messages
class ReallocationForm(forms.Form):
    """Move several people from one specialist to another: who, to whom, and why (recorded and audited)."""

    participants = forms.TypedMultipleChoiceField(
        label="Who is moving?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the people to move",
            "invalid_choice": "Select people from this specialist's caseload",
        },
    )
    to_specialist = forms.ModelChoiceField(
        label="Move them to",
        queryset=User.objects.none(),
        empty_label="Choose a specialist",
        error_messages={
            "required": "Select the specialist to move them to",
            "invalid_choice": "Select a specialist from the list",
        },
    )
    reason = forms.CharField(
        label="Why are they moving?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.PARAGRAPH,
        help_text="For example, a specialist is on leave, or caseloads are being balanced. This is recorded on each "
        "person's timeline and audited.",
        error_messages={
            "required": "Enter why the people are moving to another specialist",
            "max_length": too_long("The reason", limits.PARAGRAPH),
        },
    )

    def __init__(self, *args: Any, people: Iterable[Participant], specialists: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = [  # type: ignore[attr-defined]
            (person.pk, f"{person.display_name}{f' ({person.prison_number})' if person.prison_number else ''}")
            for person in people
        ]
        self.fields["to_specialist"].queryset = specialists  # type: ignore[attr-defined]
        self.fields["to_specialist"].label_from_instance = lambda user: user.get_full_name() or user.username  # type: ignore[attr-defined]


class CaseloadSearchForm(forms.Form):
    """My caseload's search: the one participant search (`ParticipantQuerySet.matching`), over the caseload."""

    q = forms.CharField(
        label="Search by name or prison number",
        required=False,
        max_length=100,
        error_messages={"max_length": too_long("The search", 100)},
    )
