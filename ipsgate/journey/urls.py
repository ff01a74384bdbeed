from django.urls import path

from . import views

app_name = "journey"

P = "participants/<int:pk>/"

urlpatterns = [
    path("todo/", views.todo, name="todo"),
    path(P + "profile/", views.profile, name="profile"),
    path(P + "profile/work-history/add/", views.work_history_edit, name="work-history-add"),
    path(P + "profile/work-history/<int:entry_pk>/", views.work_history_edit, name="work-history-edit"),
    path(P + "profile/work-history/<int:entry_pk>/delete/", views.work_history_delete, name="work-history-delete"),
    path(P + "profile/qualifications/add/", views.qualification_add, name="qualification-add"),
    path(
        P + "profile/qualifications/<int:qualification_pk>/delete/",
        views.qualification_delete,
        name="qualification-delete",
    ),
    path(P + "profile/<slug:section>/", views.profile_section_edit, name="profile-section"),
    path(P + "needs/", views.needs, name="needs"),
    path(P + "needs/add/", views.need_add, name="need-add"),
    path(P + "needs/<int:need_pk>/update/", views.need_update, name="need-update"),
    path(P + "health-care/", views.health_care_edit, name="health-care"),
    path(P + "contacts/add/", views.contact_add, name="contact-add"),
    path(P + "custody-events/add/", views.custody_event_add, name="custody-event-add"),
    path(P + "appointments/", views.appointments, name="appointments"),
    path(P + "appointments/add/", views.appointment_edit, name="appointment-add"),
    path(P + "appointments/<int:appointment_pk>/", views.appointment_edit, name="appointment-edit"),
    path(P + "appointments/<int:appointment_pk>/outcome/", views.appointment_outcome, name="appointment-outcome"),
    path(P + "ready-for-release/<slug:item>/", views.checklist_item, name="checklist-item"),
    path(P + "handover/", views.handover, name="handover"),
    path(P + "handover/<int:handover_pk>/", views.handover_pick_up, name="handover-pick-up"),
]
