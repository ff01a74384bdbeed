"""Read-only API endpoints. Querysets start from `core.scoping`; fields follow `core.field_policy`; every read of
participant data is audited like the pages (one event per record listed or retrieved)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ipsgate.advice.models import ConvictionRecord
from ipsgate.casework.selectors import with_case_flags
from ipsgate.core.audit import AuditTarget, audit_record_many
from ipsgate.core.choices import AuditAction
from ipsgate.core.field_policy import FieldGroup, field_groups_for
from ipsgate.core.models import User
from ipsgate.core.query_params import parse_id
from ipsgate.employers.models import Employer, Vacancy
from ipsgate.jobs.models import Application, Job
from ipsgate.journey.choices import HEALTH_PATHWAYS
from ipsgate.journey.models import SupportContact
from ipsgate.mentoring.models import MentoringSession
from ipsgate.mentoring.selectors import mentors_for_matching
from ipsgate.partners.models import Partner, ReferralOut
from ipsgate.people.models import Participant, Referral

from . import filters
from .policy import Resource, may_read
from .serializers import (
    ApplicationSerializer,
    EmployerSerializer,
    ErrorSerializer,
    JobSerializer,
    MentoringSessionSerializer,
    MentorSerializer,
    ParticipantSerializer,
    PartnerReferralSerializer,
    PartnerSerializer,
    ReferralSerializer,
    SupportContactSerializer,
    VacancySerializer,
)


class MayReadResource(BasePermission):
    message = "Your role cannot use this part of the API."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return may_read(request.user, view.resource)  # type: ignore[arg-type,attr-defined]  # IsAuthenticated ran first


VALIDATION_ERRORS = {
    "type": "object",
    "description": "Each bad query parameter, with what is wrong with it.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    descriptions = {
        400: "A query parameter is not valid: each bad parameter is named with a message.",
        401: "No valid credentials: sign in, or send `Authorization: Token <key>` for a service account.",
        403: "Your role cannot use this part of the API.",
        404: "No such record in your scope (records outside it are not disclosed), or a page past the last.",
    }
    return {
        code: OpenApiResponse(
            response=VALIDATION_ERRORS if code == 400 else ErrorSerializer,
            description=descriptions[code],
        )
        for code in codes
    }


def documented(
    *, noun: str, plural: str, serializer: type[serializers.Serializer[Any]], filter_class: type[Any], tag: str
) -> Callable[[type[Any]], type[Any]]:
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {plural}",
            description=f"{plural.capitalize()} in your scope, a page at a time, filtered by the query parameters.",
            parameters=[filter_class],
            responses={200: serializer(many=True), **_errors(400, 401, 403, 404)},
            tags=[tag],
        ),
        retrieve=extend_schema(
            summary=f"Retrieve {'an' if noun[0] in 'aeiou' else 'a'} {noun}",
            description=f"One {noun} in your scope; 404 if there is none with this id, or it is outside your scope.",
            responses={200: serializer, **_errors(401, 403, 404)},
            tags=[tag],
        ),
    )


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet[Any]):
    """List and retrieve, scoped and filtered. Subclasses give `resource`, `scoped_queryset`, `filter_class` and
    (for participant data) `audit_target`."""

    resource: ClassVar[Resource]
    filter_class: ClassVar[type[Any]]
    # DRF views opt out of the site-wide sign-in redirect (so a token caller reaches DRF's authentication) and
    # answer 401/403 themselves: these permissions are what keeps them closed.
    permission_classes = (IsAuthenticated, MayReadResource)
    # Anything up to the next slash reaches `get_object`, so an odd id ("0.5", "abc") is a JSON 404 like any other.
    lookup_value_regex = "[^/]+"

    @property
    def user(self) -> User:
        return self.request.user  # type: ignore[return-value]  # IsAuthenticated

    @property
    def field_groups(self) -> frozenset[FieldGroup]:
        return field_groups_for(self.user)

    def scoped_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user, no data
            return self.get_serializer_class().Meta.model._default_manager.none()  # type: ignore[attr-defined]
        return self.scoped_queryset()

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["field_groups"] = self.field_groups
        return context

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.action != "list":
            return queryset
        params = self.filter_class(data=self.request.query_params.dict())
        params.is_valid(raise_exception=True)
        filtered: QuerySet[Any] = self.filter_class.apply(queryset, params.validated_data)
        return filtered

    def get_object(self) -> Any:
        try:
            pk = parse_id(str(self.kwargs.get("pk", "")))
        except ValueError:
            raise NotFound("No such record.") from None
        obj = self.get_queryset().filter(pk=pk).first()
        if obj is None:
            raise NotFound("No such record.")
        return obj

    def audit_target(self, obj: Any) -> AuditTarget | None:
        """The audit event for reading this record; None for records that hold no participant data."""
        return None

    def audit(self, objects: Sequence[Any]) -> None:
        targets = [target for obj in objects if (target := self.audit_target(obj)) is not None]
        audit_record_many(user=self.user, action=AuditAction.READ, targets=targets)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        assert page is not None  # noqa: S101  # every endpoint is paginated
        self.audit(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        self.audit([obj])
        return Response(self.get_serializer(obj).data)


def _in_scope(user: User, model: type[Model]) -> QuerySet[Any]:
    """Rows of a participant-owned model whose participant the user may see (a subquery, not a join)."""
    return model._default_manager.filter(participant_id__in=Participant.objects.visible_to(user).values("pk"))


@documented(
    noun="participant",
    plural="participants",
    serializer=ParticipantSerializer,
    filter_class=filters.ParticipantFilter,
    tag="participants",
)
class ParticipantViewSet(ScopedReadOnlyViewSet):
    """Participants in your scope. Health and offence groups appear only for roles that may see them."""

    resource = Resource.PARTICIPANTS
    serializer_class = ParticipantSerializer
    filter_class = filters.ParticipantFilter

    def scoped_queryset(self) -> QuerySet[Any]:
        groups = self.field_groups
        queryset = with_case_flags(Participant.objects.visible_to(self.user)).order_by(
            "family_name", "given_name", "id"
        )
        if FieldGroup.CASE_HISTORY in groups:
            queryset = queryset.select_related("probation_practitioner")
        if FieldGroup.HEALTH in groups or FieldGroup.OFFENCE in groups:
            queryset = queryset.select_related("vocational_profile")
        if FieldGroup.HEALTH in groups:
            queryset = queryset.select_related("mental_health_care")
        if FieldGroup.OFFENCE in groups:
            queryset = queryset.prefetch_related(
                Prefetch("convictions", queryset=ConvictionRecord.objects.order_by("-conviction_date", "id"))
            )
        return queryset

    def audit_target(self, obj: Participant) -> AuditTarget:
        return AuditTarget("participant", str(obj.pk), obj.pk)


@documented(
    noun="referral",
    plural="referrals",
    serializer=ReferralSerializer,
    filter_class=filters.ReferralFilter,
    tag="referrals",
)
class ReferralViewSet(ScopedReadOnlyViewSet):
    resource = Resource.REFERRALS
    serializer_class = ReferralSerializer
    filter_class = filters.ReferralFilter

    def scoped_queryset(self) -> QuerySet[Any]:
        return _in_scope(self.user, Referral).select_related("received_by").order_by("-referral_date", "-id")

    def audit_target(self, obj: Referral) -> AuditTarget:
        return AuditTarget("referral", str(obj.pk), obj.participant_id)


@documented(
    noun="support contact",
    plural="support contacts",
    serializer=SupportContactSerializer,
    filter_class=filters.SupportContactFilter,
    tag="support contacts",
)
class SupportContactViewSet(ScopedReadOnlyViewSet):
    resource = Resource.SUPPORT_CONTACTS
    serializer_class = SupportContactSerializer
    filter_class = filters.SupportContactFilter

    def scoped_queryset(self) -> QuerySet[Any]:
        return _in_scope(self.user, SupportContact).select_related("recorded_by").order_by("-occurred_at", "-id")

    def audit_target(self, obj: SupportContact) -> AuditTarget:
        return AuditTarget("support_contact", str(obj.pk), obj.participant_id)


@documented(
    noun="application",
    plural="applications",
    serializer=ApplicationSerializer,
    filter_class=filters.ApplicationFilter,
    tag="applications",
)
class ApplicationViewSet(ScopedReadOnlyViewSet):
    resource = Resource.APPLICATIONS
    serializer_class = ApplicationSerializer
    filter_class = filters.ApplicationFilter

    def scoped_queryset(self) -> QuerySet[Any]:
        return _in_scope(self.user, Application).select_related("employer").order_by("-updated_at", "-id")

    def audit_target(self, obj: Application) -> AuditTarget:
        return AuditTarget("application", str(obj.pk), obj.participant_id)


@documented(noun="job", plural="jobs", serializer=JobSerializer, filter_class=filters.JobFilter, tag="jobs")
class JobViewSet(ScopedReadOnlyViewSet):
    resource = Resource.JOBS
    serializer_class = JobSerializer
    filter_class = filters.JobFilter

    def scoped_queryset(self) -> QuerySet[Any]:
        return _in_scope(self.user, Job).select_related("employer").order_by("-start_date", "-id")

    def audit_target(self, obj: Job) -> AuditTarget:
        return AuditTarget("job", str(obj.pk), obj.participant_id)


@documented(
    noun="employer",
    plural="employers",
    serializer=EmployerSerializer,
    filter_class=filters.EmployerFilter,
    tag="employers",
)
class EmployerViewSet(ScopedReadOnlyViewSet):
    """Employers are shared across the service and hold no participant data: not audited."""

    resource = Resource.EMPLOYERS
    serializer_class = EmployerSerializer
    filter_class = filters.EmployerFilter

    def scoped_queryset(self) -> QuerySet[Any]:
        return (
            Employer.objects.select_related("relationship_owner")
            .annotate(open_vacancies=Count("vacancies", filter=Q(vacancies__status="open")))
            .order_by("name", "id")
        )


@documented(
    noun="vacancy",
    plural="vacancies",
    serializer=VacancySerializer,
    filter_class=filters.VacancyFilter,
    tag="vacancies",
)
class VacancyViewSet(ScopedReadOnlyViewSet):
    """Vacancies are shared across the service and hold no participant data: not audited."""

    resource = Resource.VACANCIES
    serializer_class = VacancySerializer
    filter_class = filters.VacancyFilter

    def scoped_queryset(self) -> QuerySet[Any]:
        return Vacancy.objects.select_related("employer").order_by("closing_date", "id")


@documented(
    noun="partner", plural="partners", serializer=PartnerSerializer, filter_class=filters.PartnerFilter, tag="partners"
)
class PartnerViewSet(ScopedReadOnlyViewSet):
    """The directory of partner organisations (issue 18): shared across the service, no participant data, so not
    audited (as employers). Open partners unless `closed=true`."""

    resource = Resource.PARTNERS
    serializer_class = PartnerSerializer
    filter_class = filters.PartnerFilter

    def scoped_queryset(self) -> QuerySet[Any]:
        return Partner.objects.prefetch_related("pathways", "prisons").order_by("name", "id")


@documented(
    noun="partner referral",
    plural="partner referrals",
    serializer=PartnerReferralSerializer,
    filter_class=filters.PartnerReferralFilter,
    tag="partner referrals",
)
class PartnerReferralViewSet(ScopedReadOnlyViewSet):
    """Referrals out to partners (issue 18), as the person's referrals-to-partners page: only for people in your
    scope; health and drug-and-alcohol referrals only for roles with health access. Every read is audited."""

    resource = Resource.PARTNER_REFERRALS
    serializer_class = PartnerReferralSerializer
    filter_class = filters.PartnerReferralFilter

    def scoped_queryset(self) -> QuerySet[Any]:
        referrals = (
            _in_scope(self.user, ReferralOut)
            .select_related("partner", "referred_from")
            .prefetch_related("updates")
            .order_by("-referred_on", "-id")
        )
        if FieldGroup.HEALTH not in self.field_groups:
            referrals = referrals.exclude(pathway__in=HEALTH_PATHWAYS)
        return referrals

    def audit_target(self, obj: ReferralOut) -> AuditTarget:
        return AuditTarget("referral_out", str(obj.pk), obj.participant_id)


@documented(
    noun="mentor", plural="mentors", serializer=MentorSerializer, filter_class=filters.MentorFilter, tag="mentoring"
)
class MentorViewSet(ScopedReadOnlyViewSet):
    """Peer mentors, for the roles that keep their records (as the mentor pages). A mentor record names no
    participant: not audited as a participant read, like the mentor pages."""

    resource = Resource.MENTORS
    serializer_class = MentorSerializer
    filter_class = filters.MentorFilter

    def scoped_queryset(self) -> QuerySet[Any]:
        return mentors_for_matching()

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return super().filter_queryset(queryset).distinct()

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["today"] = timezone.localdate()
        return context


@documented(
    noun="mentoring session",
    plural="mentoring sessions",
    serializer=MentoringSessionSerializer,
    filter_class=filters.MentoringSessionFilter,
    tag="mentoring",
)
class MentoringSessionViewSet(ScopedReadOnlyViewSet):
    """Mentoring sessions of the participants in your scope; the note only for roles that may read case notes.
    Every session read is audited against its participant."""

    resource = Resource.MENTORING_SESSIONS
    serializer_class = MentoringSessionSerializer
    filter_class = filters.MentoringSessionFilter

    def scoped_queryset(self) -> QuerySet[Any]:
        return (
            MentoringSession.objects.filter(
                match__participant_id__in=Participant.objects.visible_to(self.user).values("pk")
            )
            .select_related("match__mentor", "recorded_by")
            .order_by("-held_at", "-id")
        )

    def audit_target(self, obj: MentoringSession) -> AuditTarget:
        return AuditTarget("mentoring_session", str(obj.pk), obj.match.participant_id)
