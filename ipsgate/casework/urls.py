"""The casework pages' routes. They keep the URL names they had before casework existed ("people:…" and
"employers:…"): `ipsgate/urls.py` joins each list below with the domain app's own routes under one namespace."""

from django.urls import path

from . import employer_views, views

# Under the "people" namespace, beside ipsgate.people.urls.
people_pages = [
    path("caseload/", views.my_caseload, name="my-caseload"),
    path("team/", views.team_caseloads, name="team-caseloads"),
    path("team-to-do/", views.team_todo, name="team-todo"),
    path("team-to-do/reallocate/", views.reallocate, name="reallocate"),
    path("overview/", views.service_overview, name="service-overview"),
    path("participants/", views.participant_list, name="participant-list"),
    path("participants/<int:pk>/", views.participant_detail, name="participant-detail"),
    path("referrals/new/", views.referral_create, name="referral-create"),
]

# The "employers" namespace: employer and vacancy pages show the people in the user's scope (through the
# disclosure guard), matching and the employment register, so all of them live here.
employer_pages = [
    path("employers/", employer_views.employer_list, name="employer-list"),
    path("employers/new/", employer_views.employer_edit, name="employer-create"),
    path("employers/contacts/", employer_views.employer_contacts_report, name="contacts-report"),
    path("employers/register/", employer_views.register_index, name="register-index"),
    path("employers/register/<int:pk>/", employer_views.register, name="register"),
    path("employers/register/<int:pk>/csv/", employer_views.register_csv, name="register-csv"),
    path("employers/<int:pk>/", employer_views.employer_detail, name="employer-detail"),
    path("employers/<int:pk>/edit/", employer_views.employer_edit, name="employer-edit"),
    path("employers/<int:pk>/people/new/", employer_views.contact_person_add, name="person-add"),
    path("employers/<int:pk>/contacts/new/", employer_views.employer_contact_add, name="contact-add"),
    path("employers/<int:employer_pk>/vacancies/new/", employer_views.vacancy_edit, name="vacancy-create"),
    path("vacancies/", employer_views.vacancy_list, name="vacancy-list"),
    path("vacancies/<int:pk>/", employer_views.vacancy_detail, name="vacancy-detail"),
    path("vacancies/<int:pk>/edit/", employer_views.vacancy_edit, name="vacancy-edit"),
    path("participants/<int:pk>/matching-vacancies/", employer_views.matching, name="matching"),
]
