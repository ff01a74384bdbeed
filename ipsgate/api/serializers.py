"""What the API returns. Output only: every field is read-only, and groups of special-category fields are removed
for callers whose role may not see them (`core.field_policy`), so they are optional in the schema."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.utils import timezone
from rest_framework import serializers

from ipsgate.advice.models import ConvictionRecord
from ipsgate.core.capabilities import roles_text
from ipsgate.core.field_policy import FieldGroup
from ipsgate.core.models import Site, User
from ipsgate.employers.models import Employer, Vacancy
from ipsgate.jobs.models import Application, Job
from ipsgate.journey.models import MentalHealthCare, SupportContact
from ipsgate.mentoring.models import Mentor, MentoringSession
from ipsgate.partners.models import Partner, ReferralOut, ReferralOutUpdate
from ipsgate.people.models import Participant, Referral
from ipsgate.rules.mentoring import VettingState

# Who, from the capability table, so the schema cannot say other than the code does.
HEALTH_NOTE = f"Present only for roles that may see health data ({roles_text('see_health_data')})."
OFFENCE_NOTE = f"Present only for roles that may see offence data ({roles_text('see_offence_data')})."
HISTORY_NOTE = "Present only for roles that work the case (not probation's limited view)."
CASE_NOTES_NOTE = f"Present only for roles that may read case notes ({roles_text('see_case_history')})."


class OutputSerializer(serializers.ModelSerializer[Any]):
    """Every field read-only (so required in the schema) except `Meta.optional_groups`' fields, which are left out
    unless the serializer context's `field_groups` includes their group (and are optional in the schema)."""

    optional_groups: ClassVar[dict[FieldGroup, tuple[str, ...]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        optional = {name for names in self.optional_groups.values() for name in names}
        for name, field in self.fields.items():
            field.read_only = name not in optional
            field.required = False
        allowed = self.context.get("field_groups")
        if allowed is None:  # schema generation: describe every field
            return
        for group, names in self.optional_groups.items():
            if group not in allowed:
                for name in names:
                    self.fields.pop(name, None)


class SiteSummarySerializer(OutputSerializer):
    class Meta:
        model = Site
        fields = ("id", "name", "kind")


class StaffSummarySerializer(OutputSerializer):
    """A member of staff, by name only."""

    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = User
        fields = ("id", "name")


class EmployerSummarySerializer(OutputSerializer):
    class Meta:
        model = Employer
        fields = ("id", "name")


class MentalHealthCareSerializer(OutputSerializer):
    class Meta:
        model = MentalHealthCare
        fields = (
            "gp_registered",
            "gp_practice",
            "cmht_referral_date",
            "cmht_referral_outcome",
            "care_coordinator",
            "care_coordinator_contact",
            "updated_at",
        )


class ParticipantHealthSerializer(serializers.Serializer[Participant]):
    """Health details: adjustments that help at work and links to mental health care in the community."""

    adjustment_kinds = serializers.ListField(
        child=serializers.CharField(),
        source="vocational_profile.adjustment_kinds",
        allow_null=True,
        read_only=True,
        help_text="WorkAdjustment codes; null when no vocational profile has been started.",
    )
    adjustments = serializers.CharField(source="vocational_profile.adjustments", allow_null=True, read_only=True)
    mental_health_care = MentalHealthCareSerializer(allow_null=True, read_only=True)


class ConvictionSerializer(OutputSerializer):
    class Meta:
        model = ConvictionRecord
        fields = ("id", "description", "conviction_date", "disposal", "length_months", "offence_category")


class ParticipantOffenceSerializer(serializers.Serializer[Participant]):
    """Conviction details and what the person has chosen to disclose to employers."""

    convictions = ConvictionSerializer(many=True, read_only=True)
    disclosure_share = serializers.CharField(
        source="vocational_profile.disclosure_share", allow_null=True, read_only=True
    )
    disclosed_by = serializers.CharField(source="vocational_profile.disclosed_by", allow_null=True, read_only=True)
    disclosure_plan = serializers.CharField(
        source="vocational_profile.disclosure_plan", allow_null=True, read_only=True
    )


class ParticipantSerializer(OutputSerializer):
    """A participant. Every caller with case access gets identity, custody, release and work; further groups
    depend on the caller's role."""

    current_site = SiteSummarySerializer()
    allocated_specialist = StaffSummarySerializer(allow_null=True)
    in_work = serializers.BooleanField(help_text="In a job that has not ended.")
    probation_practitioner = StaffSummarySerializer(allow_null=True, help_text=HISTORY_NOTE)
    has_open_episode = serializers.BooleanField(help_text=f"In an open episode of support. {HISTORY_NOTE}")
    has_pending_referral = serializers.BooleanField(help_text=f"A referral awaits a decision. {HISTORY_NOTE}")
    health = ParticipantHealthSerializer(source="*", help_text=HEALTH_NOTE)
    offence = ParticipantOffenceSerializer(source="*", help_text=OFFENCE_NOTE)

    optional_groups = {
        FieldGroup.CASE_HISTORY: ("probation_practitioner", "has_open_episode", "has_pending_referral"),
        FieldGroup.HEALTH: ("health",),
        FieldGroup.OFFENCE: ("offence",),
    }

    class Meta:
        model = Participant
        fields = (
            "id",
            "display_name",
            "given_name",
            "family_name",
            "preferred_name",
            "date_of_birth",
            "prison_number",
            "current_site",
            "custody_status",
            "expected_release_date",
            "actual_release_date",
            "allocated_specialist",
            "in_work",
            "probation_practitioner",
            "has_open_episode",
            "has_pending_referral",
            "health",
            "offence",
        )


class ReferralSerializer(OutputSerializer):
    received_by = StaffSummarySerializer()

    class Meta:
        model = Referral
        fields = (
            "id",
            "participant",
            "source",
            "referral_date",
            "referrer_name",
            "referrer_organisation",
            "wants_paid_work",
            "outcome",
            "outcome_date",
            "received_by",
            "created_at",
        )


class SupportContactSerializer(OutputSerializer):
    recorded_by = StaffSummarySerializer()
    topics = serializers.ListField(child=serializers.CharField(), help_text="ContactTopic codes.")

    class Meta:
        model = SupportContact
        fields = (
            "id",
            "participant",
            "occurred_at",
            "contact_with",
            "mode",
            "duration_minutes",
            "took_place",
            "topics",
            "note",
            "employer",
            "job",
            "recorded_by",
        )


class EmployerSerializer(OutputSerializer):
    relationship_owner = StaffSummarySerializer(allow_null=True)
    offence_exclusions = serializers.ListField(
        child=serializers.CharField(), help_text="OffenceExclusion codes: offences this employer will not consider."
    )
    open_vacancies = serializers.IntegerField(help_text="Vacancies at this employer that are open.")

    class Meta:
        model = Employer
        fields = (
            "id",
            "name",
            "sector",
            "size",
            "postcode",
            "postcode_district",
            "partnership_level",
            "relationship_owner",
            "offence_exclusions",
            "takes_rotl",
            "usual_dbs_level",
            "open_vacancies",
            "created_at",
            "updated_at",
        )


class VacancySerializer(OutputSerializer):
    employer = EmployerSummarySerializer()
    offence_exclusions = serializers.ListField(
        child=serializers.CharField(), help_text="OffenceExclusion codes, on top of the employer's."
    )

    class Meta:
        model = Vacancy
        fields = (
            "id",
            "employer",
            "title",
            "sector",
            "postcode",
            "postcode_district",
            "hours_per_week",
            "work_pattern",
            "contract_type",
            "pay_amount",
            "pay_period",
            "hourly_pay",
            "closing_date",
            "start_date",
            "offence_exclusions",
            "dbs_level",
            "suitable_for_rotl",
            "works_with_children",
            "works_with_vulnerable_adults",
            "involves_driving",
            "status",
            "created_at",
        )


class ApplicationSerializer(OutputSerializer):
    employer = EmployerSummarySerializer()

    class Meta:
        model = Application
        fields = (
            "id",
            "participant",
            "vacancy",
            "employer",
            "job_title",
            "status",
            "not_started_reason",
            "offer_date",
            "created_at",
            "updated_at",
        )


class JobSerializer(OutputSerializer):
    employer = EmployerSummarySerializer()

    class Meta:
        model = Job
        fields = (
            "id",
            "participant",
            "employer",
            "job_title",
            "start_date",
            "end_date",
            "end_reason",
            "hours_per_week",
            "hourly_pay",
            "contract_type",
            "first_four_paid_hours_done",
            "open_labour_market",
            "reserved_for_disabled_people",
            "rotl_while_in_custody",
            "competitive",
            "competitive_explanation",
        )


class PartnerSerializer(OutputSerializer):
    """A partner organisation in the directory (issue 18): no participant data."""

    pathways = serializers.SerializerMethodField(help_text="Pathway codes the partner helps with.")
    prisons = SiteSummarySerializer(many=True, help_text="Prisons the partner works in.")
    areas = serializers.ListField(
        source="area_list", child=serializers.CharField(), help_text="Areas and postcode districts in the community."
    )
    active = serializers.BooleanField(source="is_active", help_text="False once the partner has closed.")

    class Meta:
        model = Partner
        fields = (
            "id",
            "name",
            "kind",
            "pathways",
            "prisons",
            "areas",
            "eligibility",
            "how_to_refer",
            "contact_name",
            "phone",
            "email",
            "website",
            "referral_form",
            "opening_hours",
            "community_mental_health_team",
            "active",
            "closed_on",
            "updated_at",
        )

    def get_pathways(self, partner: Partner) -> list[str]:
        return [p.pathway for p in partner.pathways.all()]


class PartnerSummarySerializer(OutputSerializer):
    class Meta:
        model = Partner
        fields = ("id", "name")


class ReferralOutUpdateSerializer(OutputSerializer):
    class Meta:
        model = ReferralOutUpdate
        fields = ("status", "happened_on", "note")


class PartnerReferralSerializer(OutputSerializer):
    """A referral out to a partner, with its status changes (oldest first)."""

    partner = PartnerSummarySerializer()
    referred_from = SiteSummarySerializer(help_text="Where the person was when referred.")
    updates = serializers.SerializerMethodField(help_text="Each status change, oldest first.")

    class Meta:
        model = ReferralOut
        fields = (
            "id",
            "participant",
            "partner",
            "need",
            "pathway",
            "referred_from",
            "referred_on",
            "method",
            "asked",
            "consent_to_share",
            "shared",
            "status",
            "status_on",
            "updates",
            "created_at",
        )

    def get_updates(self, referral: ReferralOut) -> list[dict[str, Any]]:
        ordered = sorted(referral.updates.all(), key=lambda u: (u.happened_on, u.pk))
        return list(ReferralOutUpdateSerializer(ordered, many=True, context=self.context).data)


class VettingStateField(serializers.ChoiceField):
    """The mentor's vetting today (`rules.mentoring.vetting_state`), from the whole record."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=[state.value for state in VettingState], source="*", **kwargs)

    def to_representation(self, value: Any) -> str:
        today = self.context.get("today") or timezone.localdate()
        return str(value.vetting(today).state.value)


class MentorSerializer(OutputSerializer):
    """A peer mentor (issue 17 §1): who they are, their training and vetting, where they work and their room."""

    cleared_prisons = SiteSummarySerializer(many=True, help_text="Prisons the vetting clears them to visit.")
    sites = SiteSummarySerializer(many=True, help_text="Sites they cover.")
    interests = serializers.ListField(child=serializers.CharField(), help_text="JobSector codes.")
    current_mentees = serializers.IntegerField(help_text="People matched with them now.")
    vetting_state = VettingStateField(
        help_text="Whether the vetting is in date today; a mentor without vetting in date cannot be matched."
    )

    class Meta:
        model = Mentor
        fields = (
            "id",
            "name",
            "organisation",
            "organisation_kind",
            "lived_experience",
            "training",
            "trained_on",
            "iag_level3",
            "dbs_level",
            "dbs_checked_on",
            "vetting_expires",
            "vetting_state",
            "cleared_prisons",
            "sites",
            "postcode_districts",
            "capacity",
            "current_mentees",
            "gender",
            "languages",
            "interests",
            "other_interests",
            "status",
            "status_since",
        )


class MentorSummarySerializer(OutputSerializer):
    class Meta:
        model = Mentor
        fields = ("id", "name")


class MentoringSessionSerializer(OutputSerializer):
    """A mentoring session of a match (issue 17 §4); one that did not happen is kept as an attempt."""

    participant = serializers.IntegerField(source="match.participant_id", help_text="The participant's id.")
    mentor = MentorSummarySerializer(source="match.mentor")
    topics = serializers.ListField(child=serializers.CharField(), help_text="SessionTopic codes.")
    note = serializers.CharField(help_text=f"A short note. {CASE_NOTES_NOTE}")
    recorded_by = StaffSummarySerializer()

    optional_groups = {FieldGroup.CASE_HISTORY: ("note",)}

    class Meta:
        model = MentoringSession
        fields = (
            "id",
            "participant",
            "match",
            "mentor",
            "held_at",
            "took_place",
            "place",
            "duration_minutes",
            "topics",
            "note",
            "recorded_by",
        )


class ErrorSerializer(serializers.Serializer[Any]):
    """An error: not signed in, not allowed, or not found (outside your scope)."""

    detail = serializers.CharField(read_only=True)


def field_names(serializer_class: type[OutputSerializer], groups: Iterable[FieldGroup]) -> set[str]:
    """The fields a caller with these groups receives (used by tests and by documentation)."""
    return set(serializer_class(context={"field_groups": frozenset(groups)}).fields)
