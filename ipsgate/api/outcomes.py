"""`/api/v1/outcomes/`: the outcome dashboard's tables as JSON, for commissioners' and researchers' systems.

The same figures, scope, filters and small-number rule as the dashboard and its downloads (`ipsgate.outcomes`):
aggregates only, with counts 1 to 4 shown as "<5" to roles without case access, and figures that would give one away
by subtraction "not shown" (`rules.suppression`). Audited as an export.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.models import User
from ipsgate.outcomes import metrics as m
from ipsgate.outcomes.forms import OutcomeFilterForm, default_period
from ipsgate.outcomes.views import audit_export, dashboard_for

from .filters import IdField
from .serializers import ErrorSerializer


class OutcomeQuerySerializer(serializers.Serializer[Any]):
    start = serializers.DateField(required=False, help_text="First day, YYYY-MM-DD (default: a year before `end`).")
    end = serializers.DateField(required=False, help_text="Last day, YYYY-MM-DD, today or earlier (default: today).")
    site = IdField(required=False, help_text="One site you oversee.")
    team = IdField(required=False, help_text="One team you oversee.")
    specialist = IdField(required=False, help_text="One specialist (not analysts).")
    group_by = serializers.ChoiceField(choices=[g.value for g in m.GroupBy], required=False, default="site")


CELL = inline_serializer(
    "OutcomeCell",
    {
        "text": serializers.CharField(help_text='As shown on the dashboard, e.g. "12", "<5", "25.2%", "not shown".'),
        "value": serializers.JSONField(help_text="A number when shown; otherwise the text, or null for none."),
    },
)
TABLE = inline_serializer(
    "OutcomeTable",
    {
        "slug": serializers.CharField(),
        "title": serializers.CharField(),
        "definition": serializers.CharField(),
        "columns": serializers.ListField(child=serializers.CharField()),
        "rows": serializers.ListField(child=serializers.ListField(child=CELL)),
    },
)
OUTCOMES = inline_serializer(
    "Outcomes",
    {
        "start": serializers.DateField(),
        "end": serializers.DateField(),
        "group_by": serializers.CharField(),
        "small_numbers_hidden": serializers.BooleanField(),
        "tables": serializers.ListField(child=TABLE),
    },
)


class OutcomesView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        summary="Outcome figures",
        description="Every table of the outcome dashboard for a period, in your scope. Aggregates only.",
        parameters=[OutcomeQuerySerializer],
        responses={
            200: OUTCOMES,
            400: OpenApiResponse(description="A query parameter is not valid."),
            401: OpenApiResponse(response=ErrorSerializer, description="No valid credentials."),
            403: OpenApiResponse(response=ErrorSerializer, description="Your role cannot see outcome figures."),
        },
        tags=["outcomes"],
    )
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]  # IsAuthenticated
        can = capabilities_for(user)
        if not can.see_outcomes:
            raise PermissionDenied("Your role cannot see outcome figures.")
        query = OutcomeQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        form = OutcomeFilterForm(self._form_data(query.validated_data), user=user)
        if not form.is_valid():
            raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
        board = dashboard_for(form, user)
        audit_export(user, "api", form)
        return Response(
            {
                "start": board.period.start,
                "end": board.period.end,
                "group_by": board.group.value,
                "small_numbers_hidden": not can.see_small_numbers,
                "tables": [
                    {
                        "slug": table.slug,
                        "title": table.title,
                        "definition": table.definition,
                        "columns": table.columns,
                        "rows": [[{"text": c.text, "value": c.value} for c in row] for row in table.rows],
                    }
                    for table in board.tables
                ],
            }
        )

    @staticmethod
    def _form_data(query: dict[str, Any]) -> dict[str, Any]:
        from django.utils import timezone

        default = default_period(timezone.localdate())
        start, end = query.get("start", default.start), query.get("end", default.end)
        data: dict[str, Any] = {
            "start_day": start.day,
            "start_month": start.month,
            "start_year": start.year,
            "end_day": end.day,
            "end_month": end.month,
            "end_year": end.year,
            "group_by": query.get("group_by", m.GroupBy.SITE.value),
        }
        for name in ("site", "team", "specialist"):
            if name in query:
                data[name] = query[name]
        return data
