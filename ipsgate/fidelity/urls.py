from django.urls import path

from . import views

app_name = "fidelity"

urlpatterns = [
    path("fidelity/", views.team_list, name="team-list"),
    path("fidelity/teams/<int:team_pk>/", views.team_reviews, name="team-reviews"),
    path("fidelity/teams/<int:team_pk>/new/", views.review_edit, name="review-create"),
    path("fidelity/reviews/<int:pk>/", views.review_detail, name="review-detail"),
    path("fidelity/reviews/<int:pk>/edit/", views.review_edit, name="review-edit"),
]
