from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("participants/<int:pk>/work/", views.work, name="work"),
    path("participants/<int:pk>/applications/new/", views.application_create, name="application-create"),
    path(
        "participants/<int:pk>/applications/<int:application_pk>/",
        views.application_detail,
        name="application-detail",
    ),
    path("participants/<int:pk>/jobs/new/", views.job_create, name="job-create"),
    path("participants/<int:pk>/jobs/<int:job_pk>/", views.job_detail, name="job-detail"),
    path("participants/<int:pk>/jobs/<int:job_pk>/checks/new/", views.sustainment_add, name="sustainment-add"),
]
