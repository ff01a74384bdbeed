"""Pages for one participant's own record: personal and custody details, referral decisions and ending support.
The pages that combine several apps (caseload, lists, the participant summary, referral intake) are in casework."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from ipsgate.core.audit import audit_record
from ipsgate.core.capabilities import capabilities_for
from ipsgate.core.choices import AuditAction
from ipsgate.core.views import request_user, require

from . import selectors, services
from .forms import EpisodeCloseForm, ParticipantEditForm, ReferralDecisionForm
from .models import Episode, Participant
from .services import participant_target


@require_http_methods(["GET", "POST"])
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = selectors.participant_get(user, pk)
    require(capabilities_for(user).edit_participants)
    form = ParticipantEditForm(request.POST or None, user=user, participant=participant)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.participant_update(actor=user, participant=participant, changes=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Details updated" if changed else "No changes were made")
            return redirect(participant)
    else:
        audit_record(user=user, action=AuditAction.READ, target=participant_target(participant))
    return render(request, "people/participant_edit.html", {"form": form, "participant": participant})


@require_http_methods(["GET", "POST"])
def referral_decision(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    user = request_user(request)
    participant = selectors.participant_get(user, pk)
    require(capabilities_for(user).edit_participants)
    referral = get_object_or_404(participant.referrals, pk=referral_pk, outcome="")
    form = ReferralDecisionForm(request.POST or None, referral_date=referral.referral_date)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_decide(
                actor=user,
                referral=referral,
                outcome=form.cleaned_data["outcome"],
                outcome_date=form.cleaned_data["outcome_date"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Referral outcome recorded")
            return redirect(participant)
    return render(
        request,
        "people/referral_decision.html",
        {"form": form, "participant": participant, "referral": referral},
    )


@require_http_methods(["GET", "POST"])
def episode_close(request: HttpRequest, pk: int, episode_pk: int) -> HttpResponse:
    user = request_user(request)
    participant: Participant = selectors.participant_get(user, pk)
    require(capabilities_for(user).edit_participants)
    episode: Episode = get_object_or_404(participant.episodes, pk=episode_pk, end_date__isnull=True)
    form = EpisodeCloseForm(request.POST or None, start_date=episode.start_date)
    if request.method == "POST" and form.is_valid():
        try:
            services.episode_close(
                actor=user,
                episode=episode,
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["closure_reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Support ended. The record stays available to the team.")
            return redirect(participant)
    return render(request, "people/episode_close.html", {"form": form, "participant": participant, "episode": episode})
