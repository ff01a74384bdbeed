from django.urls import path

from . import views

app_name = "papers"

urlpatterns = [
    path("participants/<int:pk>/papers/", views.papers_index, name="index"),
    path("participants/<int:pk>/papers/steps/add/", views.step_add, name="step-add"),
    path("participants/<int:pk>/papers/plan/", views.plan, name="plan"),
    path("participants/<int:pk>/papers/cv/", views.cv, name="cv"),
    path("participants/<int:pk>/papers/letter/", views.letter, name="letter"),
    path("participants/<int:pk>/papers/<int:version_pk>/", views.version, name="version"),
    path("participants/<int:pk>/papers/<int:version_pk>/pdf/", views.version_pdf, name="version-pdf"),
    path("participants/<int:pk>/papers/<int:version_pk>/docx/", views.version_docx, name="version-docx"),
]
