from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("imports/", views.start, name="start"),
    path("imports/confirm/", views.confirm, name="confirm"),
    path("imports/runs/<int:pk>/", views.run_page, name="run"),
    path("imports/templates/<str:kind_name>/<str:file_format>/", views.blank_template, name="template"),
    path("imports/exports/<str:kind_name>/<str:file_format>/", views.export, name="export"),
]
