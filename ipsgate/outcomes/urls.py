from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("outcomes/", views.dashboard, name="dashboard"),
    path("outcomes/download.xlsx", views.export_xlsx, name="export-xlsx"),
    path("outcomes/download/<slug:slug>.csv", views.export_csv, name="export-csv"),
]
