"""Query parameters each list endpoint accepts. Each is validated (a bad value is a 400 naming the parameter) and
documented in the OpenAPI schema; unknown parameters are ignored."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from rest_framework import serializers

from ipsgate.core.choices import JobSector
from ipsgate.core.query_params import MAX_ID, parse_id
from ipsgate.employers.choices import EmployerSector, PartnershipLevel, VacancyStatus
from ipsgate.jobs.choices import ApplicationStatus
from ipsgate.journey.choices import ContactWith, Pathway
from ipsgate.mentoring.choices import MentorStatus, SessionPlace
from ipsgate.partners.choices import ReferralOutStatus
from ipsgate.people.choices import CustodyStatus, ReferralOutcome, ReferralSource
from ipsgate.people.models import ParticipantQuerySet

SEARCH_WORDS = 4


class IdField(serializers.IntegerField):
    """A record's id, parsed by the service's one query-string validator (`ipsgate.core.query_params`): ASCII digits
    from 1 to MAX_ID. DRF's IntegerField alone would read "٣" as 3, and " 1", "1.0" and "1_0" as numbers."""

    default_error_messages = {"invalid": f"Enter a whole number from 1 to {MAX_ID}."}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)  # the bounds also document the schema

    def to_internal_value(self, data: Any) -> int:
        try:
            return parse_id(str(data))
        except ValueError:
            self.fail("invalid")


def _id(help_text: str) -> IdField:
    return IdField(required=False, help_text=help_text)


def _text(help_text: str) -> serializers.CharField:
    return serializers.CharField(required=False, max_length=100, help_text=help_text)


def _flag(help_text: str) -> serializers.BooleanField:
    return serializers.BooleanField(required=False, help_text=f"{help_text} `true` or `false`.")


def _date(help_text: str) -> serializers.DateField:
    return serializers.DateField(required=False, help_text=f"{help_text} YYYY-MM-DD.")


class DateRangeFilter(serializers.Serializer[Any]):
    """A filter with an optional `<range_from>`..`<range_to>` pair, checked to be in order."""

    range_fields: tuple[str, str] = ("", "")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = (attrs.get(name) for name in self.range_fields)
        if start and end and start > end:
            raise serializers.ValidationError({self.range_fields[1]: ["Must be on or after the start of the range."]})
        return attrs


class ParticipantFilter(serializers.Serializer[Any]):
    q = _text("Words to find in the given, family or preferred name, or an exact prison number.")
    site = _id("Only participants currently at this site (id).")
    custody_status = serializers.ChoiceField(choices=CustodyStatus.choices, required=False)
    specialist = _id("Only participants allocated to this specialist (user id).")
    active = _flag("true: only people on a caseload (open episode or a referral awaiting a decision).")

    @staticmethod
    def apply(queryset: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if isinstance(queryset, ParticipantQuerySet):  # always: the participants endpoint's own queryset
            queryset = queryset.matching(data.get("q", ""))
        if "site" in data:
            queryset = queryset.filter(current_site_id=data["site"])
        if "custody_status" in data:
            queryset = queryset.filter(custody_status=data["custody_status"])
        if "specialist" in data:
            queryset = queryset.filter(allocated_specialist_id=data["specialist"])
        if data.get("active") is True and isinstance(queryset, ParticipantQuerySet):
            queryset = queryset.active()
        return queryset


class ReferralFilter(DateRangeFilter):
    range_fields = ("referred_from", "referred_to")
    participant = _id("Only this participant's referrals (id).")
    # DRF pops declared fields off the class, so this does not shadow Field.source at run time.
    source = serializers.ChoiceField(choices=ReferralSource.choices, required=False)  # type: ignore[assignment]
    outcome = serializers.ChoiceField(
        choices=[("pending", "Awaiting a decision"), *ReferralOutcome.choices],
        required=False,
        help_text="An outcome, or `pending` for referrals awaiting a decision.",
    )
    referred_from = _date("Referred on or after this date.")
    referred_to = _date("Referred on or before this date.")

    @staticmethod
    def apply(queryset: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if "participant" in data:
            queryset = queryset.filter(participant_id=data["participant"])
        if "source" in data:
            queryset = queryset.filter(source=data["source"])
        if "outcome" in data:
            queryset = queryset.filter(outcome="" if data["outcome"] == "pending" else data["outcome"])
        if "referred_from" in data:
            queryset = queryset.filter(referral_date__gte=data["referred_from"])
        if "referred_to" in data:
            queryset = queryset.filter(referral_date__lte=data["referred_to"])
        return queryset


class SupportContactFilter(DateRangeFilter):
    range_fields = ("occurred_from", "occurred_to")
    participant = _id("Only this participant's contacts (id).")
    contact_with = serializers.ChoiceField(choices=ContactWith.choices, required=False)
    took_place = _flag("false: only attempts that did not happen.")
    occurred_from = _date("On or after this date (UK time).")
    occurred_to = _date("On or before this date (UK time).")

    @staticmethod
    def apply(queryset: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if "participant" in data:
            queryset = queryset.filter(participant_id=data["participant"])
        if "contact_with" in data:
            queryset = queryset.filter(contact_with=data["contact_with"])
        if "took_place" in data:
            queryset = queryset.filter(took_place=data["took_place"])
        if "occurred_from" in data:
            queryset = queryset.filter(occurred_at__date__gte=data["occurred_from"])
        if "occurred_to" in data:
            queryset = queryset.filter(occurred_at__date__lte=data["occurred_to"])
        return queryset


class EmployerFilter(serializers.Serializer[Any]):
    q = _text("Words to find in the employer's name, or the start of its postcode.")
    sector = serializers.ChoiceField(choices=EmployerSector.choices, required=False)
    partnership_level = serializers.ChoiceField(choices=PartnershipLevel.choices, required=False)
    takes_rotl = _flag("Only employers that do (true) or do not (false) take people on ROTL.")

    @staticmethod
    def apply(queryset: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        for word in data.get("q", "").split()[:SEARCH_WORDS]:
            queryset = queryset.filter(Q(name__icontains=word) | Q(postcode__istartswith=word))
        for name in ("sector", "partnership_level", "takes_rotl"):
            if name in data:
                queryset = queryset.filter(**{name: data[name]})
        return queryset


class VacancyFilter(serializers.Serializer[Any]):
    q = _text("Words to find in the title or employer's name, or an exact postcode district (e.g. LS9).")
    sector = serializers.ChoiceField(choices=JobSector.choices, required=False)
    status = serializers.ChoiceField(choices=VacancyStatus.choices, required=False, help_text="Default: any status.")
    employer = _id("Only this employer's vacancies (id).")
    suitable_for_rotl = _flag("Only vacancies that are (true) or are not (false) open to people on ROTL.")

    @staticmethod
    def apply(queryset: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        for word in data.get("q", "").split()[:SEARCH_WORDS]:
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(employer__name__icontains=word) | Q(postcode_district__iexact=word)
            )
        for name in ("sector", "status", "suitable_for_rotl"):
            if name in data:
                queryset = queryset.filter(**{name: data[name]})
        if "employer" in data:
            queryset = queryset.filter(employer_id=data["employer"])
        return queryset


class ApplicationFilter(serializers.Serializer[Any]):
    participant = _id("Only this participant's applications (id).")
    employer = _id("Only applications to this employer (id).")
    status = serializers.ChoiceField(choices=ApplicationStatus.choices, required=False)

    @staticmethod
    def apply(queryset: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        for name in ("participant", "employer"):
            if name in data:
                queryset = queryset.filter(**{f"{name}_id": data[name]})
        if "status" in data:
            queryset = queryset.filter(status=data["status"])
        return queryset


class JobFilter(DateRangeFilter):
    range_fields = ("started_from", "started_to")
    participant = _id("Only this participant's jobs (id).")
    employer = _id("Only jobs with this employer (id).")
    current = _flag("true: only jobs that have not ended; false: only jobs that have.")
    started_from = _date("Started on or after this date.")
    started_to = _date("Started on or before this date.")

    @staticmethod
    def apply(queryset: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        for name in ("participant", "employer"):
            if name in data:
                queryset = queryset.filter(**{f"{name}_id": data[name]})
        if "current" in data:
            queryset = queryset.filter(end_date__isnull=data["current"])
        if "started_from" in data:
            queryset = queryset.filter(start_date__gte=data["started_from"])
        if "started_to" in data:
            queryset = queryset.filter(start_date__lte=data["started_to"])
        return queryset


class PartnerFilter(serializers.Serializer[Any]):
    q = _text("Words to find in the partner's name or who they take.")
    pathway = serializers.ChoiceField(choices=Pathway.choices, required=False, help_text="A pathway they help with.")
    prison = _id("Only partners working in this prison (site id).")
    area = _text("An area or postcode district they serve in the community (e.g. LS9).")
    closed = _flag("true: include closed partners (default: open partners only).")

    @staticmethod
    def apply(queryset: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if data.get("closed") is not True:
            queryset = queryset.filter(closed_on__isnull=True)
        for word in data.get("q", "").split()[:SEARCH_WORDS]:
            queryset = queryset.filter(Q(name__icontains=word) | Q(eligibility__icontains=word))
        if "pathway" in data:
            queryset = queryset.filter(pathways__pathway=data["pathway"])
        if "prison" in data:
            queryset = queryset.filter(prisons__id=data["prison"])
        if data.get("area", "").strip():
            queryset = queryset.filter(areas__icontains=data["area"].strip())
        return queryset.distinct()


class PartnerReferralFilter(DateRangeFilter):
    range_fields = ("sent_from", "sent_to")
    participant = _id("Only this participant's referrals out (id).")
    partner = _id("Only referrals to this partner (id).")
    pathway = serializers.ChoiceField(choices=Pathway.choices, required=False)
    status = serializers.ChoiceField(choices=ReferralOutStatus.choices, required=False)
    sent_from = _date("Sent on or after this date.")
    sent_to = _date("Sent on or before this date.")

    @staticmethod
    def apply(queryset: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        for name, field in (("participant", "participant_id"), ("partner", "partner_id"), ("pathway", "pathway"),
                            ("status", "status")):  # fmt: skip
            if name in data:
                queryset = queryset.filter(**{field: data[name]})
        if "sent_from" in data:
            queryset = queryset.filter(referred_on__gte=data["sent_from"])
        if "sent_to" in data:
            queryset = queryset.filter(referred_on__lte=data["sent_to"])
        return queryset


class MentorFilter(serializers.Serializer[Any]):
    q = _text("Words to find in the mentor's name or organisation.")
    status = serializers.ChoiceField(choices=MentorStatus.choices, required=False)
    site = _id("Only mentors who cover this site (id).")
    cleared_for = _id("Only mentors whose vetting clears them to visit this prison (id).")

    @staticmethod
    def apply(queryset: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        for word in data.get("q", "").split()[:SEARCH_WORDS]:
            queryset = queryset.filter(Q(name__icontains=word) | Q(organisation__icontains=word))
        if "status" in data:
            queryset = queryset.filter(status=data["status"])
        if "site" in data:
            queryset = queryset.filter(sites__id=data["site"])
        if "cleared_for" in data:
            queryset = queryset.filter(cleared_prisons__id=data["cleared_for"])
        return queryset


class MentoringSessionFilter(DateRangeFilter):
    range_fields = ("held_from", "held_to")
    participant = _id("Only this participant's sessions (id).")
    mentor = _id("Only this mentor's sessions (id).")
    place = serializers.ChoiceField(choices=SessionPlace.choices, required=False)
    took_place = _flag("false: only attempts that did not happen.")
    held_from = _date("On or after this date (UK time).")
    held_to = _date("On or before this date (UK time).")

    @staticmethod
    def apply(queryset: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if "participant" in data:
            queryset = queryset.filter(match__participant_id=data["participant"])
        if "mentor" in data:
            queryset = queryset.filter(match__mentor_id=data["mentor"])
        for name in ("place", "took_place"):
            if name in data:
                queryset = queryset.filter(**{name: data[name]})
        if "held_from" in data:
            queryset = queryset.filter(held_at__date__gte=data["held_from"])
        if "held_to" in data:
            queryset = queryset.filter(held_at__date__lte=data["held_to"])
        return queryset
