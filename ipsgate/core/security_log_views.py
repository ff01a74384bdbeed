"""The security log for service managers: changes to staff access, with approve and refuse for the waiting ones.

Service managers decide the changes administrators ask for (an administrator decides a service manager's, in the
configuration screens). Deciding needs the password and a fresh code within the last five minutes, as changing
one's own password does; every decision is a security event and an audit event (`core.services`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from ipsgate.rules.staff_access import approval_answer

from .account_views import recently_reauthenticated
from .capabilities import capabilities_for
from .choices import RoleChangeStatus
from .models import RoleChangeRequest, User
from .query_params import MAX_PAGE, query_number
from .services import role_change_decide
from .views import request_user, require

RELATED = ("subject", "requested_by", "decided_by", "from_site", "from_team", "to_site", "to_team")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        error_messages={
            "required": "Choose whether to approve or refuse the change",
            "invalid_choice": "Choose whether to approve or refuse the change",
        },
    )


def _page(request: HttpRequest, user: User, errors: list[tuple[str, str]] | None = None) -> HttpResponse:
    waiting = []
    for change in RoleChangeRequest.objects.filter(status=RoleChangeStatus.PENDING).select_related(*RELATED):
        answer = approval_answer(
            requester_id=change.requested_by_id,
            requester_role=change.requested_by_role,
            subject_id=change.subject_id,
            approver_id=user.pk,
            approver_role=user.role,
        )
        waiting.append((change, answer))
    decided = RoleChangeRequest.objects.exclude(status=RoleChangeStatus.PENDING).select_related(*RELATED)
    paginator: Paginator[Any] = Paginator(decided, settings.IPSGATE_PAGE_SIZE)
    page = paginator.get_page(query_number(request.GET, "page", minimum=1, maximum=MAX_PAGE))
    context = {"waiting": waiting, "page": page, "errors": errors or []}
    return render(request, "core/security_log.html", context)


@require_safe
def security_log(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).decide_staff_access)
    return _page(request, user)


@require_POST
def role_change_decision(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    require(capabilities_for(user).decide_staff_access)
    change = get_object_or_404(RoleChangeRequest, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, user, [(str(message), f"change-{change.pk}") for message in form.errors["decision"]])
    if not recently_reauthenticated(request):
        messages.success(request, "Confirm it is you, then approve or refuse the change again")
        return redirect(f"{reverse('reauthenticate')}?{urlencode({'next': reverse('security-log')})}")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        role_change_decide(actor=user, change_id=change.pk, approve=approve, request=request)
    except ValidationError as error:
        return _page(request, user, [(message, f"change-{change.pk}") for message in error.messages])
    messages.success(request, f"Change to {change.subject}'s access {'approved and applied' if approve else 'refused'}")
    return redirect("security-log")
