from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("participants/<int:pk>/data-protection/", views.data_protection, name="data-protection"),
    path("participants/<int:pk>/data-protection/basis/", views.basis_consent_edit, name="basis-consent"),
    path("participants/<int:pk>/data-protection/legal-hold/", views.legal_hold, name="legal-hold"),
    path(
        "participants/<int:pk>/data-protection/subject-access/",
        views.subject_access_document,
        name="subject-access",
    ),
    path(
        "participants/<int:pk>/data-protection/subject-access.json",
        views.subject_access_json,
        name="subject-access-json",
    ),
]
