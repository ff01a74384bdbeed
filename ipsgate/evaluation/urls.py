from django.urls import path

from . import views

app_name = "evaluation"

urlpatterns = [path("evaluation/", views.evaluation_report, name="report")]
