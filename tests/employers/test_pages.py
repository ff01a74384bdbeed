"""Employer, vacancy, matching, report and register pages: scope, validation, audit and disclosure."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from ipsgate.advice.models import OFFENCE_CATEGORY_CHOICES, ConvictionRecord, LicenceCondition
from ipsgate.core.models import AuditEvent
from ipsgate.employers import services
from ipsgate.employers.choices import OffenceExclusion
from ipsgate.employers.models import Employer, EmployerContact, Vacancy
from ipsgate.jobs.models import Application, Job
from ipsgate.journey.models import VocationalProfile
from ipsgate.rules.calendar import age_on
from ipsgate.rules.matching import OffenceCategory, exclusion_mask
from ipsgate.rules.minimum_wage import minimum_hourly_rate
from tests import factories
from tests.conftest import date_fields
from tests.hostile import HOSTILE_NAMES, live_formula

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(specialist, prison):
    return factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)


@pytest.fixture
def stranger(other_prison):
    """Someone at another prison with another specialist: outside the specialist's scope."""
    return factories.ParticipantFactory.create(
        current_site=other_prison, allocated_specialist=factories.SpecialistFactory.create(site=other_prison)
    )


def profile(participant, **fields):
    values = {
        "started_at": datetime.datetime.now(datetime.UTC),
        "postcode_district": "LS9",
        "max_travel_km": 10,
        "job_sectors": ["WAREHOUSING"],
        **fields,
    }
    return VocationalProfile.objects.create(participant=participant, **values)


PARTICIPANT_PAGES = [
    ("employers:matching", ()),
    ("jobs:work", ()),
    ("jobs:application-create", ()),
    ("jobs:job-create", ()),
    ("advice:licence-conditions", ()),
]


@pytest.mark.parametrize(("name", "extra"), PARTICIPANT_PAGES)
def test_out_of_scope_participant_pages_are_404(specialist_client, stranger, mine, name, extra):
    assert specialist_client.get(reverse(name, args=[stranger.pk, *extra])).status_code == 404
    # A read-only page refuses POST outright (405) before looking anyone up; a form page answers 404.
    assert specialist_client.post(reverse(name, args=[stranger.pk, *extra]), {}).status_code in (404, 405)
    assert specialist_client.get(reverse(name, args=[mine.pk, *extra])).status_code == 200


def test_out_of_scope_job_and_application_pages_are_404(specialist_client, stranger):
    job = factories.JobFactory.create(participant=stranger)
    application = factories.ApplicationFactory.create(participant=stranger)
    for url in (
        reverse("jobs:job-detail", args=[stranger.pk, job.pk]),
        reverse("jobs:sustainment-add", args=[stranger.pk, job.pk]),
        reverse("jobs:application-detail", args=[stranger.pk, application.pk]),
    ):
        assert specialist_client.get(url).status_code == 404


def test_a_job_of_another_person_is_404_even_through_an_in_scope_person(specialist_client, stranger, mine):
    job = factories.JobFactory.create(participant=stranger)
    assert specialist_client.get(reverse("jobs:job-detail", args=[mine.pk, job.pk])).status_code == 404


def test_matching_page_is_audited_and_links_from_the_participant_page(specialist_client, mine):
    page = specialist_client.get(reverse("people:participant-detail", args=[mine.pk])).content.decode()
    assert reverse("employers:matching", args=[mine.pk]) in page
    specialist_client.get(reverse("employers:matching", args=[mine.pk]))
    assert AuditEvent.objects.filter(object_type="matching", participant_id=mine.pk, action="read").exists()


def test_matching_page_ranks_and_lists_unsuitable_vacancies_with_reasons(specialist_client, specialist, mine):
    mine.custody_status = "released_on_licence"  # in custody, only ROTL vacancies would do
    mine.save()
    profile(mine)
    factories.VacancyFactory.create(title="Near warehouse job", postcode="LS9 8AB")
    factories.VacancyFactory.create(title="Far warehouse job", postcode="BD1 1AA")  # beyond 10 km, inside the search
    factories.VacancyFactory.create(title="Hull warehouse job", postcode="HU1 1AA")  # outside the search area
    factories.VacancyFactory.create(title="Job with children", works_with_children=True)
    factories.VacancyFactory.create(title="Closed job", status="closed")
    LicenceCondition.objects.create(
        participant=mine, kind="no_children", start_date=factories.days_ago(5), recorded_by=specialist
    )
    html = specialist_client.get(reverse("employers:matching", args=[mine.pk])).content.decode()
    suitable, not_suitable = html.split("Not suitable (")
    assert suitable.index("Near warehouse job") < suitable.index("Far warehouse job")
    assert "beyond the 10 km" in suitable
    assert "Job with children" in not_suitable and "forbids work with children" in not_suitable
    assert "Closed job" not in html and "Hull warehouse job" not in html


def test_people_in_custody_are_matched_only_to_rotl_vacancies(specialist_client, mine):
    profile(mine)
    factories.VacancyFactory.create(title="Not for ROTL")
    factories.VacancyFactory.create(title="ROTL welcome", suitable_for_rotl=True)
    suitable, not_suitable = (
        specialist_client.get(reverse("employers:matching", args=[mine.pk])).content.decode().split("Not suitable (")
    )
    assert "ROTL welcome" in suitable and "Not for ROTL" in not_suitable


def test_twelve_days_from_release_a_vacancy_starting_after_release_is_suitable(specialist_client, mine):
    """Issue 16 item 3: in custody, ROTL matters only for work before release. A vacancy that closes after the
    expected release is suitable, marked "After release"; one closing before it still needs ROTL."""
    mine.expected_release_date = factories.days_ahead(12)
    mine.save()
    profile(mine)
    factories.VacancyFactory.create(title="Closes after release", closing_date=factories.days_ahead(30))
    factories.VacancyFactory.create(title="Closes before release", closing_date=factories.days_ahead(5))
    factories.VacancyFactory.create(title="ROTL before release", closing_date=factories.days_ahead(5),
                                    suitable_for_rotl=True)  # fmt: skip
    html = specialist_client.get(reverse("employers:matching", args=[mine.pk])).content.decode()
    suitable, not_suitable = html.split("Not suitable (")
    after_row = next(row for row in suitable.split("<tr") if "Closes after release" in row)
    assert "After release" in after_row
    assert "after the expected release" in after_row
    rotl_row = next(row for row in suitable.split("<tr") if "ROTL before release" in row)
    assert "After release" not in rotl_row
    assert "Closes before release" in not_suitable and "Release on Temporary Licence" in not_suitable


def test_a_vacancy_below_the_minimum_wage_is_ruled_out_and_flagged(specialist_client, mine):
    """Issue 16 item 4: pay below the legal minimum for the person's age is not competitive employment: matching
    rules it out with the reason, and the vacancy list and page say so."""
    mine.custody_status = "released_on_licence"
    mine.save()
    profile(mine)
    today = factories.today()
    rate = minimum_hourly_rate(age_on(mine.date_of_birth, today), today).rate
    low = factories.VacancyFactory.create(title="Underpaid job", pay_amount=rate - Decimal("0.08"))
    fair = factories.VacancyFactory.create(title="Fairly paid job", pay_amount=rate)
    html = specialist_client.get(reverse("employers:matching", args=[mine.pk])).content.decode()
    suitable, not_suitable = html.split("Not suitable (")
    assert "Fairly paid job" in suitable and "Underpaid job" not in suitable
    assert "Underpaid job" in not_suitable
    assert f"£{rate - Decimal('0.08')} an hour is below the minimum wage" in not_suitable
    rows = specialist_client.get(reverse("employers:vacancy-list")).content.decode().split("<tr")
    assert "Below the minimum wage" in next(row for row in rows if "Underpaid job" in row)
    assert "Below the minimum wage" not in next(row for row in rows if "Fairly paid job" in row)
    low_page = specialist_client.get(reverse("employers:vacancy-detail", args=[low.pk])).content.decode()
    fair_page = specialist_client.get(reverse("employers:vacancy-detail", args=[fair.pk])).content.decode()
    assert "Below the minimum wage" in low_page and "Below the minimum wage" not in fair_page


def test_offence_categories_are_one_vocabulary_for_convictions_and_exclusions():
    """Issue 16 item 15: what a conviction record is categorised as and what an employer or vacancy may exclude are
    the same codes, so each can be weighed against the other."""
    exclusions = set(OffenceExclusion.values) - {OffenceExclusion.NONE, OffenceExclusion.CASE_BY_CASE}
    convictions = {code for code, _ in OFFENCE_CATEGORY_CHOICES}
    assert exclusions == convictions == {category.value for category in OffenceCategory}
    assert {"THEFT", "FRAUD", "DRUGS"} <= convictions
    conviction_labels, exclusion_labels = dict(OFFENCE_CATEGORY_CHOICES), dict(OffenceExclusion.choices)
    for code, word in (("THEFT", "theft"), ("FRAUD", "fraud"), ("DRUGS", "drugs")):
        assert word in conviction_labels[code].lower() and word in exclusion_labels[code].lower()


@pytest.mark.parametrize(
    ("category", "label"), [("THEFT", "theft and burglary"), ("FRAUD", "fraud and dishonesty"), ("DRUGS", "drugs")]
)
def test_an_employer_excluding_a_new_category_rules_out_an_unspent_conviction_of_it(
    specialist_client, mine, category, label
):
    """Recorded through the pages a specialist uses: the conviction's category, the employer's exclusion."""
    mine.custody_status = "released_on_licence"
    mine.save()
    profile(mine)
    response = specialist_client.post(
        reverse("advice:conviction-add", args=[mine.pk]),
        {
            "description": "An offence", "disposal": "custody", "length_months": "30", "offence_category": category,
            **date_fields("conviction_date", factories.days_ago(400)),
            **date_fields("sentence_end", factories.days_ahead(500)), **date_fields("order_end", None),
        },
    )  # fmt: skip
    assert response.status_code == 302
    response = specialist_client.post(
        reverse("employers:employer-create"), employer_post(name="Careful Ltd", offence_exclusions=[category])
    )
    assert response.status_code == 302
    employer = Employer.objects.get(name="Careful Ltd")
    assert employer.offence_exclusion_mask == exclusion_mask([category]) != 0
    factories.VacancyFactory.create(employer=employer, title="Excluding job", postcode="LS9 8AB")
    factories.VacancyFactory.create(title="Open job", postcode="LS9 8AB")
    html = specialist_client.get(reverse("employers:matching", args=[mine.pk])).content.decode()
    suitable, not_suitable = html.split("Not suitable (")
    assert "Open job" in suitable and "Excluding job" in not_suitable
    assert f"excludes {label} offences" in not_suitable


def test_matching_shows_unknown_postcode_visibly(specialist_client, mine):
    profile(mine, postcode_district="ZZ9")
    factories.VacancyFactory.create()
    html = specialist_client.get(reverse("employers:matching", args=[mine.pk])).content.decode()
    assert "postcode ZZ9 not recognised" in html


def test_employers_are_shared_but_analysts_cannot_open_them(make_client, prison):
    employer = factories.EmployerFactory.create()
    clinician = factories.ClinicianFactory.create(site=prison)
    assert make_client(clinician).get(reverse("employers:employer-detail", args=[employer.pk])).status_code == 200
    assert make_client(clinician).get(reverse("employers:employer-create")).status_code == 403
    analyst = factories.AnalystFactory.create()
    assert make_client(analyst).get(reverse("employers:employer-list")).status_code == 403


def employer_post(**overrides):
    data = {
        "name": "Aire Foods",
        "sector": "MANUFACTURING",
        "size": "",
        "address": "",
        "postcode": "LS9 8AB",
        "relationship_owner": "",
        "partnership_level": "GOLD",
        "offence_exclusions": ["NONE", "ARSON"],
        "usual_dbs_level": "none",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_creating_an_employer(specialist_client):
    response = specialist_client.post(reverse("employers:employer-create"), employer_post())
    assert response.status_code == 302
    employer = Employer.objects.get()
    assert (employer.postcode_district, employer.offence_exclusions) == ("LS9", ["ARSON"])  # "none" contradicted
    assert employer.offence_exclusion_mask != 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter the employer&#x27;s name"),
        ({"sector": ""}, "Select the industry"),
        ({"postcode": "ZZ"}, "Enter a real postcode"),
    ],
)
def test_bad_employer_input_writes_nothing(specialist_client, overrides, message):
    response = specialist_client.post(reverse("employers:employer-create"), employer_post(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert not Employer.objects.exists()


def vacancy_post(**overrides):
    data = {
        "title": "Picker",
        "sector": "WAREHOUSING",
        "postcode": "LS10 1AB",
        "hours_per_week": "37.5",
        "work_pattern": "daytime",
        "contract_type": "PERMANENT",
        "pay_amount": "25000",
        "pay_period": "annual",
        **date_fields("closing_date", None),
        "dbs_level": "none",
        "status": "open",
    }
    data.update(overrides)
    return data


def test_annual_pay_is_converted_to_hourly(specialist_client):
    employer = factories.EmployerFactory.create()
    response = specialist_client.post(reverse("employers:vacancy-create", args=[employer.pk]), vacancy_post())
    assert response.status_code == 302
    vacancy = Vacancy.objects.get()
    assert vacancy.hourly_pay == Decimal("12.78")  # 25,000 ÷ (52.143 × 37.5)
    assert (vacancy.postcode_district, vacancy.easting is not None) == ("LS10", True)
    assert "52.143" in specialist_client.get(reverse("employers:vacancy-detail", args=[vacancy.pk])).content.decode()


def test_a_stated_start_date_is_saved_shown_and_decides_after_release(specialist_client, mine):
    """A vacancy closing before release but starting after it suits someone in custody (issue 16 item 3)."""
    mine.expected_release_date = factories.days_ahead(12)
    mine.save()
    profile(mine, postcode_district="LS10")
    employer = factories.EmployerFactory.create()
    start = factories.days_ahead(40)
    response = specialist_client.post(
        reverse("employers:vacancy-create", args=[employer.pk]),
        vacancy_post(**date_fields("closing_date", factories.days_ahead(5)), **date_fields("start_date", start)),
    )
    assert response.status_code == 302
    vacancy = Vacancy.objects.get()
    assert vacancy.start_date == start
    page = specialist_client.get(reverse("employers:vacancy-detail", args=[vacancy.pk])).content.decode()
    assert f"{start:%-d %B %Y}" in page
    edit = specialist_client.get(reverse("employers:vacancy-edit", args=[vacancy.pk])).content.decode()
    assert f'value="{start.year}"' in edit  # the form keeps it
    suitable = specialist_client.get(reverse("employers:matching", args=[mine.pk])).content.decode()
    suitable = suitable.split("Not suitable (")[0]
    assert "Picker" in suitable and "After release" in suitable and f"Starts on {start:%-d %B %Y}" in suitable


@pytest.mark.parametrize(
    "overrides", [{"hours_per_week": "0"}, {"pay_amount": "-1"}, {"postcode": "12"}, {"title": ""}]
)
def test_bad_vacancy_input_writes_nothing(specialist_client, overrides):
    employer = factories.EmployerFactory.create()
    response = specialist_client.post(
        reverse("employers:vacancy-create", args=[employer.pk]), vacancy_post(**overrides)
    )
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()
    assert not Vacancy.objects.exists()


def test_employer_contact_can_only_name_people_in_scope(specialist, mine, stranger):
    employer = factories.EmployerFactory.create()
    with pytest.raises(Exception, match="caseload"):
        services.employer_contact_record(
            actor=specialist,
            employer=employer,
            contact_date=factories.today(),
            face_to_face=True,
            purpose="introducing_participant",
            participants=[mine, stranger],
        )
    assert not EmployerContact.objects.exists()
    assert not AuditEvent.objects.filter(object_type="employer_contact").exists()
    contact = services.employer_contact_record(
        actor=specialist,
        employer=employer,
        contact_date=factories.today(),
        face_to_face=True,
        purpose="introducing_participant",
        participants=[mine],
    )
    assert list(contact.participants_discussed.all()) == [mine]
    assert AuditEvent.objects.filter(object_type="employer_contact", participant_id=mine.pk).exists()


def test_employer_contact_form_refuses_someone_off_the_caseload(specialist_client, mine, stranger):
    factories.EpisodeFactory.create(participant=mine)  # on the active caseload
    employer = factories.EmployerFactory.create()
    data = {
        **date_fields("contact_date", factories.today()),
        "face_to_face": "yes",
        "purpose": "follow_up",
        "participants": [str(stranger.pk)],
        "note": "",
    }
    response = specialist_client.post(reverse("employers:contact-add", args=[employer.pk]), data)
    assert response.status_code == 200 and "Select people from your caseload" in response.content.decode()
    assert not EmployerContact.objects.exists()
    data["participants"] = [str(mine.pk)]
    assert specialist_client.post(reverse("employers:contact-add", args=[employer.pk]), data).status_code == 302


def test_employer_page_shows_only_people_the_user_may_see_with_what_may_be_shared(
    make_client, specialist, mine, stranger
):
    employer = factories.EmployerFactory.create()
    profile(mine, disclosure_share="conviction_only")
    contact = EmployerContact.objects.create(
        employer=employer,
        specialist=specialist,
        contact_date=factories.today(),
        face_to_face=True,
        purpose="introducing_participant",
    )
    contact.participants_discussed.set([mine, stranger])
    html = make_client(specialist).get(reverse("employers:employer-detail", args=[employer.pk])).content.decode()
    assert mine.family_name in html and stranger.family_name not in html
    assert "may discuss conviction only" in html
    assert AuditEvent.objects.filter(action="read", participant_id=mine.pk).exists()
    assert not AuditEvent.objects.filter(participant_id=stranger.pk).exists()


def test_vacancy_page_lists_people_who_fit_through_the_disclosure_guard(specialist_client, specialist, mine, prison):
    # Released so ROTL does not rule the vacancy out; at the specialist's site so in scope.
    mine.custody_status = "released_on_licence"
    mine.save()
    factories.EpisodeFactory.create(participant=mine)
    profile(mine, disclosure_share="nothing")
    excluded = factories.ParticipantFactory.create(
        current_site=prison, allocated_specialist=specialist, custody_status="released_on_licence"
    )
    factories.EpisodeFactory.create(participant=excluded)
    ConvictionRecord.objects.create(
        participant=excluded,
        description="Assault",
        conviction_date=factories.days_ago(200),
        disposal="custody",
        length_months=24,
        sentence_end=factories.days_ahead(300),
        offence_category="VIOLENCE",
        recorded_by=specialist,
    )
    vacancy = factories.VacancyFactory.create(offence_exclusions=["VIOLENCE"])
    html = specialist_client.get(reverse("employers:vacancy-detail", args=[vacancy.pk])).content.decode()
    assert mine.family_name in html and excluded.family_name not in html
    assert "has not agreed to share anything" in html
    assert "violence" not in html.split("People you support")[1].lower()  # the reason someone is absent is not shown


def test_register_and_csv_have_employers_and_counts_but_no_participant_data(make_client, specialist, prison):
    people = [
        factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist) for _ in range(6)
    ]
    busy, quiet = factories.EmployerFactory.create(name="Busy Ltd"), factories.EmployerFactory.create(name="Quiet Ltd")
    for person in people:
        factories.JobFactory.create(participant=person, employer=busy, released_from=prison)
    factories.JobFactory.create(participant=people[0], employer=quiet, released_from=prison)
    factories.JobFactory.create(employer=factories.EmployerFactory.create(name="Elsewhere Ltd"))  # another prison
    client = make_client(specialist)
    response = client.get(reverse("employers:register-csv", args=[prison.pk]))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Employer"
    assert [(r[0], r[3]) for r in rows[1:]] == [("Busy Ltd", "6"), ("Quiet Ltd", "<5")]
    for person in people:
        for value in (person.given_name, person.family_name, person.prison_number, str(person.date_of_birth)):
            assert value not in text
    html = client.get(reverse("employers:register", args=[prison.pk])).content.decode()
    assert "Busy Ltd" in html and "&lt;5" in html and people[0].family_name not in html


@pytest.mark.parametrize("hostile", HOSTILE_NAMES)
def test_register_csv_writes_hostile_employer_names_as_inert_text(make_client, specialist, prison, hostile):
    """Issue 15, item 4: an employer named =HYPERLINK(...) or "\t=1+1" reached the register CSV as a live formula."""
    employer = factories.EmployerFactory.create(name=hostile, sector="HOSPITALITY_CATERING")
    factories.JobFactory.create(employer=employer, released_from=prison)
    response = make_client(specialist).get(reverse("employers:register-csv", args=[prison.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    assert rows[1][0] == "'" + hostile  # the name as typed, with the apostrophe that makes it text
    assert not any(live_formula(cell) for row in rows for cell in row)


def test_register_shows_industries_by_their_labels(make_client, specialist, prison):
    employer = factories.EmployerFactory.create(name="Aire Foods", sector="HOSPITALITY_CATERING")
    factories.JobFactory.create(employer=employer, released_from=prison)
    client = make_client(specialist)
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("employers:register-csv", args=[prison.pk])).content.decode()))
    )
    assert (rows[0][1], rows[1][1]) == ("Industry", "Hospitality and catering")
    html = client.get(reverse("employers:register", args=[prison.pk])).content.decode()
    assert "Hospitality and catering" in html and "HOSPITALITY_CATERING" not in html


@pytest.mark.parametrize("hostile", ['=HYPERLINK("http://x")', "\t=1+1", "  @SUM(1)", "\uff0b1", "-1+1"])
def test_names_that_start_like_a_formula_are_refused_at_input(specialist_client, hostile):
    response = specialist_client.post(reverse("employers:employer-create"), employer_post(name=hostile))
    assert response.status_code == 200
    assert "The employer&#x27;s name must not start with =, +, - or @" in response.content.decode()
    assert not Employer.objects.exists()
    employer = factories.EmployerFactory.create()
    response = specialist_client.post(reverse("employers:person-add", args=[employer.pk]), {"name": hostile})
    assert response.status_code == 200
    assert "The person&#x27;s name must not start with =, +, - or @" in response.content.decode()
    assert not employer.people.exists()


def test_the_contacts_report_is_for_team_leaders_and_managers(specialist_client, make_client):
    assert specialist_client.get(reverse("employers:contacts-report")).status_code == 403
    assert (
        make_client(factories.ServiceManagerFactory.create()).get(reverse("employers:contacts-report")).status_code
        == 200
    )


def test_application_for_a_job_found_elsewhere_creates_the_employer_once(specialist_client, mine):
    data = {
        "employer_name": "Corner  Shop",
        "job_title": "Shelf stacker",
        "status": "applied",
        **date_fields("on_date", factories.days_ago(1)),
        "note": "",
    }
    for _ in range(2):
        assert specialist_client.post(reverse("jobs:application-create", args=[mine.pk]), data).status_code == 302
    assert Employer.objects.filter(name="Corner Shop").count() == 1
    assert Application.objects.filter(participant=mine, status="applied").count() == 2


def test_an_employer_name_typed_for_a_job_or_an_application_must_not_start_like_a_formula(specialist_client, mine):
    job = {
        "employer_name": "=1+1",
        "job_title": "Cook",
        **date_fields("start_date", factories.days_ago(3)),
        "hours_per_week": "16",
        "hourly_pay": "12.50",
        "contract_type": "PERMANENT",
        **date_fields("first_four_paid_hours_done", None),
    }
    application = {"employer_name": "\t@SUM(1)", "job_title": "Cook", "status": "applied", "note": ""}
    application.update(date_fields("on_date", factories.days_ago(1)))
    for url, data in (("jobs:job-create", job), ("jobs:application-create", application)):
        response = specialist_client.post(reverse(url, args=[mine.pk]), data)
        assert response.status_code == 200
        assert "The employer&#x27;s name must not start with =, +, - or @" in response.content.decode()
    assert not Employer.objects.exists() and not Job.objects.exists() and not Application.objects.exists()


def test_bad_job_input_writes_nothing(specialist_client, mine):
    data = {
        "employer_name": "Corner Shop",
        "job_title": "",
        **date_fields("start_date", factories.days_ago(3)),
        "hours_per_week": "0",
        "hourly_pay": "abc",
        "contract_type": "PERMANENT",
        **date_fields("first_four_paid_hours_done", None),
    }
    response = specialist_client.post(reverse("jobs:job-create", args=[mine.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200 and "Enter the job title" in html and "Pay must be an amount" in html
    assert not Job.objects.exists() and not Employer.objects.exists()
