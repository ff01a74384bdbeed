from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.partner_list, name="partner-list"),
    path("partners/new/", views.partner_edit, name="partner-create"),
    path("partners/export.csv", views.export_csv, name="export-csv"),
    path("partners/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("partners/export.oruk.json", views.export_oruk, name="export-oruk"),
    path("partners/service-map/", views.service_map_index, name="service-map-index"),
    path("partners/service-map/<int:pk>/", views.service_map, name="service-map"),
    path("partners/service-map/<int:pk>/service-map.csv", views.service_map_csv, name="service-map-csv"),
    path("partners/service-map/<int:pk>/service-map.xlsx", views.service_map_xlsx, name="service-map-xlsx"),
    path("partners/service-map/<int:pk>/services/", views.prison_services, name="prison-services"),
    path("partners/<int:pk>/", views.partner_detail, name="partner-detail"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner-edit"),
    path("participants/<int:pk>/partner-referrals/", views.referrals, name="referrals"),
    path("participants/<int:pk>/partner-referrals/new/", views.referral_create, name="referral-create"),
    path(
        "participants/<int:pk>/partner-referrals/<int:referral_out_pk>/update/",
        views.referral_update,
        name="referral-update",
    ),
]
