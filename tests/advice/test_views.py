"""Convictions and disclosure, disclosure letters and Better off in work? inside a case."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from ipsgate.advice.models import BetterOffCheck, ConvictionRecord, DisclosureStatement
from ipsgate.core.models import AuditEvent
from tests import factories
from tests.conftest import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(specialist, prison):
    return factories.ParticipantFactory.create(
        current_site=prison, allocated_specialist=specialist, date_of_birth=datetime.date(1990, 3, 1)
    )


def conviction_post(**overrides):
    data = {
        "description": "Theft from a shop",
        "disposal": "custody",
        "length_months": "18",
        **date_fields("conviction_date", datetime.date(2019, 6, 10)),
        **date_fields("sentence_end", datetime.date(2020, 12, 9)),
        **date_fields("order_end", None),
    }
    data.update(overrides)
    return data


def add_record(participant, specialist, **fields) -> ConvictionRecord:
    values = {
        "description": "Theft from a shop",
        "conviction_date": datetime.date(2019, 6, 10),
        "disposal": "custody",
        "length_months": 18,
        "sentence_end": datetime.date(2020, 12, 9),
        **fields,
    }
    return ConvictionRecord.objects.create(participant=participant, recorded_by=specialist, **values)


def test_adding_a_conviction_shows_its_spent_date_and_check_levels(specialist_client, participant):
    response = specialist_client.post(reverse("advice:conviction-add", args=[participant.pk]), conviction_post())
    assert response.status_code == 302
    record = ConvictionRecord.objects.get(participant=participant)
    assert record.length_months == 18
    assert AuditEvent.objects.filter(action="create", object_type="conviction", participant_id=participant.pk).exists()

    page = specialist_client.get(reverse("advice:disclosure", args=[participant.pk])).content.decode()
    assert "Spent on 9 Dec 2024" in page  # 4 years after the sentence (and licence) ended
    assert "These will show on the certificate" in page  # custodial sentences are never filtered
    assert "everything recorded is spent" in page  # nothing to disclose for a basic check


def test_custody_needs_a_length_and_nothing_is_written_without_it(specialist_client, participant):
    response = specialist_client.post(
        reverse("advice:conviction-add", args=[participant.pk]), conviction_post(length_months="")
    )
    assert response.status_code == 200
    assert 'href="#id_length_months"' in response.content.decode()
    assert "Enter the length of the sentence in months" in response.content.decode()
    assert not ConvictionRecord.objects.exists()


def test_conviction_before_birth_is_refused(specialist_client, participant):
    response = specialist_client.post(
        reverse("advice:conviction-add", args=[participant.pk]),
        conviction_post(**date_fields("conviction_date", datetime.date(1980, 1, 1))),
    )
    assert "must be after the date of birth" in response.content.decode()
    assert not ConvictionRecord.objects.exists()


def test_fields_that_do_not_apply_to_the_disposal_are_not_kept(specialist_client, participant):
    specialist_client.post(
        reverse("advice:conviction-add", args=[participant.pk]),
        conviction_post(disposal="fine", **date_fields("order_end", datetime.date(2020, 1, 1))),
    )
    record = ConvictionRecord.objects.get()
    assert (record.length_months, record.sentence_end, record.order_end) == (None, None, None)


def test_editing_and_removing_a_conviction_are_audited(specialist_client, participant, specialist):
    record = add_record(participant, specialist)
    specialist_client.post(
        reverse("advice:conviction-edit", args=[participant.pk, record.pk]), conviction_post(description="Burglary")
    )
    record.refresh_from_db()
    assert record.description == "Burglary"
    specialist_client.post(reverse("advice:conviction-delete", args=[participant.pk, record.pk]))
    assert not ConvictionRecord.objects.exists()
    actions = set(AuditEvent.objects.filter(object_type="conviction").values_list("action", flat=True))
    assert actions == {"update", "delete"}


def test_a_later_conviction_extends_an_earlier_period_on_the_page(specialist_client, participant, specialist):
    add_record(
        participant, specialist, description="Criminal damage", disposal="fine", length_months=None, sentence_end=None,
        conviction_date=datetime.date(2024, 1, 10),
    )  # fmt: skip
    add_record(
        participant, specialist, conviction_date=datetime.date(2024, 6, 1), sentence_end=datetime.date(2025, 6, 1)
    )
    page = specialist_client.get(reverse("advice:disclosure", args=[participant.pk])).content.decode()
    # The fine alone would be spent on 10 Jan 2025; the custodial conviction during its period extends it.
    assert page.count("On 1 Jun 2029") == 2
    assert "ROA s.6(4)" in page


@pytest.mark.parametrize("factory", [factories.ClinicianFactory, factories.ProbationPractitionerFactory])
def test_roles_without_disclosure_advice_cannot_see_convictions(make_client, participant, prison, factory):
    user = factory.create(site=prison)
    if factory is factories.ProbationPractitionerFactory:
        participant.probation_practitioner = user
        participant.save()
    client = make_client(user)
    assert client.get(reverse("people:participant-detail", args=[participant.pk])).status_code == 200
    for name in ("advice:disclosure", "advice:conviction-add", "advice:statement-create", "advice:better-off"):
        assert client.get(reverse(name, args=[participant.pk])).status_code == 403


def test_out_of_scope_participant_is_404(make_client, participant, other_prison):
    outsider = factories.SpecialistFactory.create(site=other_prison)
    client = make_client(outsider)
    for name in ("advice:disclosure", "advice:conviction-add", "advice:statement-create", "advice:better-off"):
        assert client.get(reverse(name, args=[participant.pk])).status_code == 404


def test_conviction_of_another_participant_is_404(specialist_client, participant, specialist, prison):
    other = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
    record = add_record(other, specialist)
    url = reverse("advice:conviction-edit", args=[participant.pk, record.pk])
    assert specialist_client.get(url).status_code == 404


def test_disclosure_page_read_is_audited(specialist_client, participant):
    specialist_client.get(reverse("advice:disclosure", args=[participant.pk]))
    assert AuditEvent.objects.filter(action="read", object_type="convictions", participant_id=participant.pk).exists()


def test_drafting_a_disclosure_letter_keeps_the_persons_words(specialist_client, participant):
    response = specialist_client.post(
        reverse("advice:statement-create", args=[participant.pk]),
        {
            "purpose": "the warehouse job at Northern Logistics",
            "what_happened": "In 2019 I stole from a shop to pay a debt",
            "what_has_changed": "I have been in recovery for three years",
            "why_this_job": "I am reliable and I like physical work",
        },
    )
    statement = DisclosureStatement.objects.get()
    assert response["Location"] == reverse("advice:statement", args=[participant.pk, statement.pk])
    assert "In 2019 I stole from a shop to pay a debt." in statement.letter
    assert "Since then, I have been in recovery for three years." in statement.letter
    assert statement.letter.endswith(participant.display_name)

    specialist_client.post(
        reverse("advice:statement", args=[participant.pk, statement.pk]), {"letter": "My own version."}
    )
    statement.refresh_from_db()
    assert statement.letter == "My own version."


def test_letter_prompts_are_required(specialist_client, participant):
    response = specialist_client.post(reverse("advice:statement-create", args=[participant.pk]), {"purpose": "A job"})
    html = response.content.decode()
    assert "Enter what happened, in the person&#x27;s own words" in html
    assert not DisclosureStatement.objects.exists()


def better_off_post(**overrides):
    data = {
        "label": "Warehouse, 16 hours",
        "tax_year": "2025-26",
        "age": "30",
        "partner_age": "",
        "children": "0",
        "capability": "none",
        "housing_costs": "0",
        "capital": "0",
        "other_income": "0",
        "deductions": "0",
        "hours_per_week": "16",
        "hourly_pay": "12.21",
    }
    data.update(overrides)
    return data


def test_better_off_check_is_saved_with_its_answer(specialist_client, participant):
    response = specialist_client.post(reverse("advice:better-off", args=[participant.pk]), better_off_post())
    check = BetterOffCheck.objects.get()
    assert response["Location"].endswith(f"?check={check.pk}#result")
    assert check.result["uc_out_of_work"] == 400.14
    assert check.result["better_off_by"] == 446.42
    page = specialist_client.get(response["Location"]).content.decode()
    assert "Better off by £446.42 a month" in page
    assert AuditEvent.objects.filter(object_type="better_off_check", action="create").exists()


def test_better_off_prefills_hours_and_pay_from_a_job(specialist_client, participant):
    job = factories.JobFactory.create(participant=participant, hours_per_week=30, hourly_pay="13.50")
    page = specialist_client.get(reverse("advice:better-off", args=[participant.pk]), {"job": job.pk}).content.decode()
    assert 'value="30' in page and 'value="13.50"' in page


def test_better_off_rejects_bad_input_and_saves_nothing(specialist_client, participant):
    response = specialist_client.post(
        reverse("advice:better-off", args=[participant.pk]), better_off_post(hours_per_week="0", age="abc")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_hours_per_week"' in html and 'href="#id_age"' in html
    assert not BetterOffCheck.objects.exists()


def test_unconfirmed_rates_are_flagged_on_the_page(specialist_client, participant):
    response = specialist_client.post(
        reverse("advice:better-off", args=[participant.pk]), better_off_post(tax_year="2026-27", children="1")
    )
    page = specialist_client.get(response["Location"]).content.decode()
    assert "not yet confirmed from DWP or HMRC" in page


def test_disclosure_page_query_count_does_not_grow_with_convictions(
    specialist_client, participant, specialist, django_assert_max_num_queries
):
    for year in range(2010, 2020):
        add_record(participant, specialist, conviction_date=datetime.date(year, 1, 5), sentence_end=None)
    with django_assert_max_num_queries(16):
        specialist_client.get(reverse("advice:disclosure", args=[participant.pk]))


def test_rates_edited_by_an_administrator_are_used(specialist_client, participant):
    from ipsgate.advice.models import UcRate

    UcRate.objects.filter(tax_year="2025-26", name="standard_single_25_or_over").update(value="500.00")
    specialist_client.post(reverse("advice:better-off", args=[participant.pk]), better_off_post())
    assert BetterOffCheck.objects.get().result["uc_out_of_work"] == 500.00


def test_seeded_rates_match_the_code_and_keep_confirmation_marks():
    from ipsgate.advice.models import UcRate
    from ipsgate.rules.uc_rates import RATES

    rows = {(r.tax_year, r.name): r for r in UcRate.objects.all()}
    assert len(rows) == sum(len(rates) for rates in RATES.values())
    for year, rates in RATES.items():
        for name, rate in rates.items():
            assert rows[(year, name)].value == rate.value
            assert rows[(year, name)].confirmed == rate.confirmed


def test_rules_command_uses_the_service_rates_table(capsys, monkeypatch):
    import io
    import json

    from django.core.management import call_command

    from ipsgate.advice.models import UcRate

    UcRate.objects.filter(tax_year="2025-26", name="standard_single_25_or_over").update(value="450.00")
    payload = {"tax_year": "2025-26", "age": 30, "job": {"hours_per_week": 16, "hourly_pay": 12.21}}
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(payload)))
    call_command("rules", "better-off")
    assert json.loads(capsys.readouterr().out)["uc_out_of_work"] == 450.00
