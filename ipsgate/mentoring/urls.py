from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("mentors/", views.mentor_list, name="mentor-list"),
    path("mentors/new/", views.mentor_edit, name="mentor-create"),
    path("mentors/<int:pk>/", views.mentor_detail, name="mentor-detail"),
    path("mentors/<int:pk>/edit/", views.mentor_edit, name="mentor-edit"),
]
urlpatterns += [
    path("participants/<int:pk>/mentoring/", views.participant_mentoring, name="participant-mentoring"),
    path("participants/<int:pk>/mentoring/<int:match_pk>/end/", views.match_end, name="match-end"),
    path("participants/<int:pk>/mentoring/<int:match_pk>/goals/", views.match_goals, name="match-goals"),
]
urlpatterns += [
    path("participants/<int:pk>/mentoring/<int:match_pk>/sessions/add/", views.session_add, name="session-add"),
]
urlpatterns += [
    path("participants/<int:pk>/mentoring/offer/", views.offer_edit, name="offer-add"),
    path("participants/<int:pk>/mentoring/offer/<int:offer_pk>/", views.offer_edit, name="offer-edit"),
    path("mentees/", views.my_mentees, name="my-mentees"),
    path("mentees/<int:pk>/", views.mentee, name="mentee"),
    path("mentees/<int:pk>/sessions/add/", views.mentee_session_add, name="mentee-session-add"),
]
