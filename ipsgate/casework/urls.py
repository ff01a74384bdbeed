from django.urls import path

from . import views

app_name = "employers"

urlpatterns = [
    path("employers/", views.employer_list, name="employer-list"),
    path("employers/new/", views.employer_edit, name="employer-create"),
    path("employers/contacts/", views.employer_contacts_report, name="contacts-report"),
    path("employers/register/", views.register_index, name="register-index"),
    path("employers/register/<int:pk>/", views.register, name="register"),
    path("employers/register/<int:pk>/csv/", views.register_csv, name="register-csv"),
    path("employers/<int:pk>/", views.employer_detail, name="employer-detail"),
    path("employers/<int:pk>/edit/", views.employer_edit, name="employer-edit"),
    path("employers/<int:pk>/people/new/", views.contact_person_add, name="person-add"),
    path("employers/<int:pk>/contacts/new/", views.employer_contact_add, name="contact-add"),
    path("employers/<int:employer_pk>/vacancies/new/", views.vacancy_edit, name="vacancy-create"),
    path("vacancies/", views.vacancy_list, name="vacancy-list"),
    path("vacancies/<int:pk>/", views.vacancy_detail, name="vacancy-detail"),
    path("vacancies/<int:pk>/edit/", views.vacancy_edit, name="vacancy-edit"),
    path("participants/<int:pk>/matching-vacancies/", views.matching, name="matching"),
]
