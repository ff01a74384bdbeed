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
from .forms import (
    ContactDetailsForm,
    EpisodeCloseForm,
    ParticipantEditForm,
    ReferralDecisionForm,
    RepeatReferralForm,
)
from .models import ContactDetails


@require_http_methods(["GET", "POST"])
def participant_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    participant = participant_for(request, pk, need="edit_participants")
    return form_page(
        request,
        form=ParticipantEditForm(request.POST or None, user=user, participant=participant, request=request),
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


@require_http_methods(["GET", "POST"])
def contact_details_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """How to reach the person (issue 16 item 16): for the roles that may contact them."""
    user = request_user(request)
    participant = participant_for(request, pk, need=("edit_participants", "see_contact_details"))
    current = ContactDetails.objects.filter(participant=participant).first()
    initial: dict[str, object] = {}
    if current is not None:
        initial = {name: getattr(current, name) for name in services.CONTACT_DETAIL_FIELDS}
        initial["reminders_by_text"] = "yes" if current.reminders_by_text else "no"
        initial["reminders_by_email"] = "yes" if current.reminders_by_email else "no"
    form = ContactDetailsForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form=form,
        save=lambda data: services.contact_details_save(
            actor=user,
            participant=participant,
            values={name: data[name] for name in services.CONTACT_DETAIL_FIELDS},
        ),
        success="Contact details saved",
        next_url=participant.get_absolute_url(),
        template="people/contact_details_form.html",
        context={"participant": participant},
    )


@require_http_methods(["GET", "POST"])
def referral_repeat(request: HttpRequest, pk: int) -> HttpResponse:
    """A new referral for someone already on record (issue 16 item 9): after a closed episode, a recall or a gap.
    Accepting it opens a new episode of support."""
    user = request_user(request)
    participant = participant_for(request, pk, need="take_referrals")
    return form_page(
        request,
        form=RepeatReferralForm(request.POST or None),
        save=lambda data: services.referral_repeat(
            actor=user,
            participant=participant,
            details=services.RepeatReferral(
                wants_paid_work=data["wants_paid_work"],
                source=data["source"],
                referral_date=data["referral_date"],
                referrer_name=data["referrer_name"],
                referrer_organisation=data["referrer_organisation"],
            ),
        ),
        success=lambda referral: (
            "New referral recorded. Record the outcome once you have met the person."
            if referral.wants_paid_work
            else "New referral recorded as declined by the person, because they do not want help to find paid work now."
        ),
        next_url=participant.get_absolute_url(),
        template="people/referral_repeat.html",
        context={"participant": participant, "problem": services.repeat_referral_problem(participant)},
    )
