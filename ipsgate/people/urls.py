from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("caseload/", views.my_caseload, name="my-caseload"),
    path("team/", views.team_caseloads, name="team-caseloads"),
    path("overview/", views.service_overview, name="service-overview"),
    path("participants/", views.participant_list, name="participant-list"),
    path("participants/<int:pk>/", views.participant_detail, name="participant-detail"),
    path("participants/<int:pk>/edit/", views.participant_edit, name="participant-edit"),
    path(
        "participants/<int:pk>/referrals/<int:referral_pk>/decision/",
        views.referral_decision,
        name="referral-decision",
    ),
    path("participants/<int:pk>/episodes/<int:episode_pk>/close/", views.episode_close, name="episode-close"),
    path("referrals/new/", views.referral_create, name="referral-create"),
]
