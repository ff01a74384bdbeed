"""The people app's own pages, under the "people" namespace with the casework pages (see `ipsgate/urls.py`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("participants/<int:pk>/edit/", views.participant_edit, name="participant-edit"),
    path(
        "participants/<int:pk>/referrals/<int:referral_pk>/decision/",
        views.referral_decision,
        name="referral-decision",
    ),
    path("participants/<int:pk>/episodes/<int:episode_pk>/close/", views.episode_close, name="episode-close"),
    path("participants/<int:pk>/contact-details/", views.contact_details_edit, name="contact-details"),
    path("participants/<int:pk>/referrals/new/", views.referral_repeat, name="referral-repeat"),
]
