"""The evaluation report page: aggregates only, no names, so no per-participant audit."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.views import request_user, require
from ipsgate.rules.mentoring_value import MENTORED_MIN_SESSIONS

from .charts import time_to_first_job_chart
from .choices import Arm
from .report import SIX_MONTHS_DAYS, build_report
from .selectors import evaluation_rows


@require_safe
def evaluation_report(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    can = capabilities_for(user)
    require(can.see_evaluation)
    today = timezone.localdate()
    report = build_report(evaluation_rows(user, today=today), today=today, suppress=not can.see_small_numbers)
    labels = {arm.value: str(arm.label) for arm in Arm}
    chart = ""
    if report.survival and report.drawn_arms:
        chart = time_to_first_job_chart(
            report.survival, labels=labels, people=report.arm_people, drawn=report.drawn_arms
        )
    return render(
        request,
        "evaluation/report.html",
        {
            "report": report,
            "chart": chart,
            "arms": list(Arm),
            "six_months_days": SIX_MONTHS_DAYS,
            "mentored_min_sessions": MENTORED_MIN_SESSIONS,
        },
    )
