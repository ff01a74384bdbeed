"""Better off in work? (issue 16 item 13): the next "what if" starts from the last answers, rates are named in
words, money is written one way (£1,234.56), and every refusal, the form's or the service's, is a GOV.UK message
naming the field, linked from the error summary."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ipsgate.advice.models import BetterOffCheck, UcRate
from ipsgate.rules.uc_rates import RATE_NAMES, RATES
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(specialist, prison):
    return factories.ParticipantFactory.create(
        current_site=prison, allocated_specialist=specialist, date_of_birth=datetime.date(1990, 3, 1)
    )


@pytest.fixture
def url(participant):
    return reverse("advice:better-off", args=[participant.pk])


def answers(**overrides):
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


def field_value(html: str, name: str) -> str | None:
    """The value a text input of the form shows."""
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert found, f"no input {name}"
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else None


def checked_radio(html: str, name: str) -> str | None:
    for tag in re.findall(rf'<input[^>]*name="{name}"[^>]*type="radio"[^>]*>', html):
        if " checked" in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)  # type: ignore[union-attr]
    return None


def selected_option(html: str, name: str) -> str | None:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select
    chosen = re.search(r'<option value="([^"]*)" selected>', select.group(1))
    return chosen.group(1) if chosen else None


# --- The next "what if" starts from the last answers -------------------------------------------------------------


def test_the_check_shown_fills_the_form_for_the_next_what_if(specialist_client, url):
    household = answers(
        label="Cleaner, 20 hours",
        tax_year="2026-27",
        age="34",
        partner_age="36",
        children="2",
        capability="lcw",
        lcwra_protected="on",
        housing_costs="450.50",
        capital="7000",
        other_income="25",
        deductions="40",
        hours_per_week="20",
        hourly_pay="12.75",
    )
    response = specialist_client.post(url, household)
    page = specialist_client.get(response["Location"]).content.decode()

    for name in ("label", "age", "partner_age", "children"):
        assert field_value(page, name) == household[name], name
    for name in ("housing_costs", "capital", "other_income", "deductions", "hourly_pay", "hours_per_week"):
        assert Decimal(field_value(page, name) or "nan") == Decimal(household[name]), name
    assert checked_radio(page, "capability") == "lcw"
    assert selected_option(page, "tax_year") == "2026-27"
    assert re.search(r'name="lcwra_protected"[^>]*checked', page)


def test_without_a_check_shown_the_form_starts_from_the_latest_check_with_todays_age(
    specialist_client, url, participant
):
    specialist_client.post(url, answers(label="First", children="1", housing_costs="300"))
    specialist_client.post(url, answers(label="Latest", age="29", children="3", housing_costs="520"))
    page = specialist_client.get(url).content.decode()
    assert field_value(page, "label") == "Latest"
    assert field_value(page, "children") == "3"
    assert Decimal(field_value(page, "housing_costs") or "nan") == Decimal("520")
    today = timezone.localdate()
    born = participant.date_of_birth
    age_today = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    assert field_value(page, "age") == str(age_today)  # worked out again, not carried over


def test_a_job_fills_in_hours_and_pay_over_the_last_answers(specialist_client, url, participant):
    response = specialist_client.post(url, answers(children="2", housing_costs="480"))
    check = BetterOffCheck.objects.get()
    job = factories.JobFactory.create(participant=participant, hours_per_week=30, hourly_pay="13.50")
    page = specialist_client.get(url, {"check": check.pk, "job": job.pk}).content.decode()
    assert field_value(page, "hours_per_week") == "30.0"
    assert field_value(page, "hourly_pay") == "13.50"
    assert field_value(page, "children") == "2"
    assert response.status_code == 302


def test_a_first_check_starts_from_the_persons_age_only(specialist_client, url):
    page = specialist_client.get(url).content.decode()
    assert field_value(page, "label") is None
    assert field_value(page, "children") == "0"


# --- Rates in words, money one way ---------------------------------------------------------------------------------


def test_every_rate_has_a_name_in_words():
    for year, rates in RATES.items():
        missing = set(rates) - set(RATE_NAMES)
        assert not missing, f"{year}: rates without words: {missing}"
    assert all("_" not in words for words in RATE_NAMES.values())


def test_unconfirmed_rates_are_named_in_words_not_code(specialist_client, url):
    response = specialist_client.post(url, answers(tax_year="2026-27", children="1", housing_costs="400"))
    page = specialist_client.get(response["Location"]).content.decode()
    warning = page.split("not yet confirmed from DWP or HMRC:", 1)[1].split("</strong>", 1)[0]
    assert "child element" in warning
    assert "work allowance (with housing costs)" in warning
    explanation = page.split("Some 2026 to 2027 rates used here", 1)[1].split("</p>", 1)[0]
    assert "child element" in explanation
    identifiers = set(RATES["2026-27"])
    assert not [name for name in identifiers if re.search(rf"\b{name}\b", page)], "a rate's code name is on the page"


def test_money_is_written_one_way_on_the_page(specialist_client, url):
    response = specialist_client.post(url, answers(hours_per_week="37.5", hourly_pay="25", housing_costs="1250.5"))
    page = specialist_client.get(response["Location"]).content.decode()
    check = BetterOffCheck.objects.get()
    shown = check.result
    assert shown["better_off_by"] > 1000
    pounds = f"£{Decimal(str(shown['better_off_by'])):,.2f}"
    assert f"Better off by {pounds} a month" in page
    assert f"{pounds} better off" in page  # the saved checks table
    assert f"£{Decimal(str(shown['monthly_gross_earnings'])):,.2f} a month" in page
    assert "37.5 hours a week at £25.00 an hour" in page
    # Every amount of money on the page has its thousands separator and its pence.
    amounts = re.findall(r"£[\d,]+(?:\.\d+)?", page.split('id="result"', 1)[1].split("<form", 1)[0])
    assert amounts
    wrong = [
        a
        for a in amounts
        if not re.fullmatch(r"£\d{1,3}(,\d{3})*\.\d{2}", a) and a not in ("£250", "£6,000", "£16,000")
    ]
    assert not wrong, wrong


def test_worse_off_is_said_in_words_without_a_minus_sign(specialist_client, url, participant, specialist):
    """The calculator's answer is kept as it was given; an answer below zero reads "worse off by", never "£-"."""
    specialist_client.post(url, answers())
    check = BetterOffCheck.objects.get()
    check.result = {**check.result, "better_off_by": -1234.5}
    check.save()
    page = specialist_client.get(url, {"check": check.pk}).content.decode()
    assert "Worse off by £1,234.50 a month" in page
    assert "£1,234.50 worse off" in page
    assert "£-" not in page and "-£" not in page


# --- Every error is a GOV.UK message naming the field ----------------------------------------------------------------

ERRORS = [
    ("label", "", "Enter what the check is for"),
    ("label", "x" * 151, "What the check is for must be 150 characters or fewer"),
    ("hours_per_week", "", "Enter the hours a week"),
    ("hours_per_week", "lots", "Hours a week must be a number, like 16 or 37.5"),
    ("hours_per_week", "0.2", "Hours a week must be 0.5 or more"),
    ("hours_per_week", "101", "Hours a week must be 100 or less"),
    ("hours_per_week", "37.25", "Hours a week must be to one decimal place at most, like 37.5"),
    ("hourly_pay", "", "Enter the pay an hour"),
    ("hourly_pay", "twelve", "Pay an hour must be an amount of money, like 12 or 12.50"),
    ("hourly_pay", "0", "Pay an hour must be more than £0"),
    ("hourly_pay", "1000.01", "Pay an hour must be £1,000 or less"),
    ("hourly_pay", "12.345", "Pay an hour must be in pounds and pence, like 12.50"),
    ("tax_year", "", "Select the tax year"),
    ("tax_year", "1999-00", "Select a tax year from the list"),
    ("age", "", "Enter the person's age"),
    ("age", "thirty", "Age must be a whole number, like 30"),
    ("age", "15", "Age must be 16 or more"),
    ("age", "121", "Age must be 120 or less"),
    ("partner_age", "x", "Partner's age must be a whole number, like 30"),
    ("partner_age", "12", "Partner's age must be 16 or more"),
    ("partner_age", "200", "Partner's age must be 120 or less"),
    ("children", "", "Enter the number of children the person is responsible for, or 0"),
    ("children", "1.5", "Number of children must be a whole number, like 2"),
    ("children", "-1", "Number of children must be 0 or more"),
    ("children", "21", "Number of children must be 20 or less"),
    ("capability", "", "Select the person's work capability"),
    ("capability", "unknown", "Select the person's work capability"),
    ("housing_costs", "", "Enter the eligible rent a month, or 0"),
    ("housing_costs", "lots", "Eligible rent must be an amount of money, like 450 or 450.50"),
    ("housing_costs", "-1", "Eligible rent must be £0 or more"),
    ("housing_costs", "10000.01", "Eligible rent must be £10,000 or less"),
    ("housing_costs", "450.505", "Eligible rent must be in pounds and pence, like 450.50"),
    ("capital", "", "Enter the person's savings and capital, or 0"),
    ("capital", "10000001", "Savings and capital must be £10,000,000 or less"),
    ("other_income", "", "Enter the other income a month, or 0"),
    ("other_income", "-5", "Other income must be £0 or more"),
    ("deductions", "", "Enter the deductions from Universal Credit a month, or 0"),
    ("deductions", "1e9", "Deductions from Universal Credit must be £10,000 or less"),
    ("deductions", "NaN", "Deductions from Universal Credit must be an amount of money, like 450 or 450.50"),
]


@pytest.mark.parametrize(("field", "value", "message"), ERRORS, ids=[f"{f}={v[:10]!r}" for f, v, _ in ERRORS])
def test_each_refusal_names_the_field(specialist_client, url, field, value, message):
    response = specialist_client.post(url, answers(**{field: value}))
    assert response.status_code == 200
    html = response.content.decode()
    html = html.replace("&#x27;", "'")
    summary = html.split('<ul class="govuk-list govuk-error-summary__list">', 1)[1].split("</ul>", 1)[0]
    anchor = "id_capability_0" if field == "capability" else f"id_{field}"
    assert f'<li><a href="#{anchor}">{message}</a></li>' in summary
    assert summary.count("<li>") == 1  # only the field that is wrong
    hidden = '<span class="govuk-visually-hidden">Error:</span>'
    assert f'<p id="id_{field}-error" class="govuk-error-message">{hidden} {message}</p>' in html
    assert "<title>Error: " in html
    assert not BetterOffCheck.objects.exists()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("£1,250.50", "1250.50"), ("1250", "1250"), (" 1,250 ", "1250"), ("£0", "0")],
)
def test_money_is_taken_as_people_write_it(specialist_client, url, typed, kept):
    response = specialist_client.post(url, answers(housing_costs=typed))
    assert response.status_code == 302
    assert BetterOffCheck.objects.get().housing_costs == Decimal(kept)


def test_the_service_refusing_a_year_without_its_rates_names_the_tax_year(specialist_client, url):
    """An administrator started a new year's rates but has not added them all: the year is offered (it has rows),
    and choosing it is refused on the tax year field, rather than a server error."""
    UcRate.objects.create(tax_year="2027-28", name="taper", value=Decimal("0.55"), source="test", confirmed=False)
    page = specialist_client.get(url).content.decode()
    assert '<option value="2027-28"' in page and "2027 to 2028" in page
    response = specialist_client.post(url, answers(tax_year="2027-28"))
    assert response.status_code == 200
    html = response.content.decode()
    message = (
        "The rates for 2027 to 2028 have no standard allowance (single, 25 or over): choose another tax year, or ask "
        "an administrator to add the rate"
    )
    assert f'href="#id_tax_year">{message}</a>' in html
    assert not BetterOffCheck.objects.exists()


def test_the_page_read_is_audited_once_for_the_person_and_once_for_the_checks(specialist_client, url, participant):
    from ipsgate.core.models import AuditEvent

    specialist_client.get(url)
    reads = AuditEvent.objects.filter(action="read", participant_id=participant.pk)
    assert sorted(reads.values_list("object_type", flat=True)) == ["better_off", "participant"]


def test_a_check_saved_before_rates_had_words_is_shown_in_words(specialist_client, url):
    specialist_client.post(url, answers(tax_year="2026-27", children="1"))
    check = BetterOffCheck.objects.get()
    check.result = {
        **check.result,
        "explanation": "Some 2026-27 rates used here are not yet confirmed from DWP or HMRC: child_element.",
    }
    check.save()
    page = specialist_client.get(url, {"check": check.pk}).content.decode()
    assert "Some 2026 to 2027 rates used here are not yet confirmed from DWP or HMRC: child element." in page
    assert "child_element" not in page
