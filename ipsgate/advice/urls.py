from django.urls import path

from . import views

app_name = "advice"

urlpatterns = [
    path("participants/<int:pk>/disclosure/", views.disclosure_overview, name="disclosure"),
    path("participants/<int:pk>/disclosure/add/", views.conviction_edit, name="conviction-add"),
    path("participants/<int:pk>/disclosure/<int:conviction_pk>/edit/", views.conviction_edit, name="conviction-edit"),
    path(
        "participants/<int:pk>/disclosure/<int:conviction_pk>/delete/",
        views.conviction_delete,
        name="conviction-delete",
    ),
    path("participants/<int:pk>/disclosure/letters/new/", views.statement_create, name="statement-create"),
    path("participants/<int:pk>/disclosure/letters/<int:statement_pk>/", views.statement_detail, name="statement"),
    path("participants/<int:pk>/better-off/", views.better_off, name="better-off"),
    path("participants/<int:pk>/licence-conditions/", views.licence_conditions, name="licence-conditions"),
    path(
        "participants/<int:pk>/licence-conditions/<int:condition_pk>/delete/",
        views.licence_condition_delete,
        name="licence-condition-delete",
    ),
]
