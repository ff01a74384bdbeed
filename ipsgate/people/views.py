"""Pages for one participant's own record: personal and custody details, referral decisions and ending support.
The pages that combine several apps (caseload, lists, the participant summary, referral intake) are in casework."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from ipsgate.core.form_pages import form_page
from ipsgate.core.views import request_user

from . import services
from .access import participant_for
from .forms import EpisodeCloseForm, ParticipantEditForm, ReferralDecisionForm


@require_http_methods(["GET", "POST"])
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    return form_page(
        request,
        form=ParticipantEditForm(request.POST or None, user=user, participant=participant),
        save=lambda data: services.participant_update(actor=user, participant=participant, changes=data),
        success=lambda changed: "Details updated" if changed else "No changes were made",
        next_url=participant.get_absolute_url(),
        template="people/participant_edit.html",
        context={"participant": participant},
    )


@require_http_methods(["GET", "POST"])
def referral_decision(request: HttpRequest, pk: int, referral_pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    referral = get_object_or_404(participant.referrals, pk=referral_pk, outcome="")
    return form_page(
        request,
        form=ReferralDecisionForm(request.POST or None, referral_date=referral.referral_date),
        save=lambda data: services.referral_decide(
            actor=user, referral=referral, outcome=data["outcome"], outcome_date=data["outcome_date"]
        ),
        success="Referral outcome recorded",
        next_url=participant.get_absolute_url(),
        template="people/referral_decision.html",
        context={"participant": participant, "referral": referral},
    )


@require_http_methods(["GET", "POST"])
def episode_close(request: HttpRequest, pk: int, episode_pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    episode = get_object_or_404(participant.episodes, pk=episode_pk, end_date__isnull=True)
    return form_page(
        request,
        form=EpisodeCloseForm(request.POST or None, start_date=episode.start_date),
        save=lambda data: services.episode_close(
            actor=user, episode=episode, end_date=data["end_date"], reason=data["closure_reason"]
        ),
        success="Support ended. The record stays available to the team.",
        next_url=participant.get_absolute_url(),
        template="people/episode_close.html",
        context={"participant": participant, "episode": episode},
    )
