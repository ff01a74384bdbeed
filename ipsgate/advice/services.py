"""Reads and writes for disclosure and benefits advice. Each write owns its transaction and audit event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ipsgate.core.audit import AuditTarget, audit_record
from ipsgate.core.choices import AuditAction
from ipsgate.core.models import User
from ipsgate.people.models import Participant
from ipsgate.rules.benefits import Capability, Household, Job, MissingRate, better_off
from ipsgate.rules.disclosure import Conviction, DisclosureResult, Disposal, assess
from ipsgate.rules.uc_rates import RATES, TAX_YEARS, Rate, rate_name, tax_year_words

from .models import BetterOffCheck, ConvictionRecord, DisclosureStatement, LicenceCondition, UcRate

CONVICTION_FIELDS = (
    "description", "conviction_date", "disposal", "length_months", "sentence_end", "order_end", "schedule_18",
    "specified_offence", "summary_only", "offence_category",
)  # fmt: skip


def _target(kind: str, obj: Any, participant: Participant) -> AuditTarget:
    return AuditTarget(kind, str(obj.pk), participant.pk)


@dataclass(frozen=True)
class AssessedConviction:
    record: ConvictionRecord
    result: DisclosureResult


@dataclass(frozen=True)
class DisclosureSummary:
    items: list[AssessedConviction]
    basic: list[AssessedConviction]  # what to disclose if asked, for a job with a basic check or none
    standard_enhanced: list[AssessedConviction]  # what a standard or enhanced check shows
    as_of: date


def disclosure_summary(participant: Participant, *, as_of: date) -> DisclosureSummary:
    records = list(ConvictionRecord.objects.filter(participant=participant))
    items = [
        Conviction(
            id=str(record.pk),
            date=record.conviction_date,
            disposal=Disposal(record.disposal),
            length_months=record.length_months,
            sentence_end=record.sentence_end,
            order_end=record.order_end,
            schedule_18=record.schedule_18,
            specified_offence=record.specified_offence,
            summary_only=record.summary_only,
        )
        for record in records
    ]
    results = assess(items, date_of_birth=participant.date_of_birth, as_of=as_of)
    assessed = [AssessedConviction(record, result) for record, result in zip(records, results, strict=True)]
    return DisclosureSummary(
        items=assessed,
        basic=[a for a in assessed if a.result.on_basic_check],
        standard_enhanced=[a for a in assessed if a.result.on_standard_enhanced_check],
        as_of=as_of,
    )


@transaction.atomic
def conviction_save(
    *, actor: User, participant: Participant, data: dict[str, Any], record: ConvictionRecord | None = None
) -> ConvictionRecord:
    creating = record is None
    record = record or ConvictionRecord(participant=participant, recorded_by=actor)
    for name in CONVICTION_FIELDS:
        setattr(record, name, data.get(name))
    record.offence_category = record.offence_category or ""  # optional: older callers do not send it
    record.recorded_by = actor
    record.full_clean()
    record.save()
    audit_record(
        user=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        target=_target("conviction", record, participant),
    )
    return record


@transaction.atomic
def conviction_delete(*, actor: User, participant: Participant, record: ConvictionRecord) -> None:
    target = _target("conviction", record, participant)
    record.delete()
    audit_record(user=actor, action=AuditAction.DELETE, target=target)


@transaction.atomic
def statement_save(*, actor: User, participant: Participant, data: dict[str, str]) -> DisclosureStatement:
    statement = DisclosureStatement(participant=participant, updated_by=actor, **data)
    statement.full_clean()
    statement.save()
    audit_record(user=actor, action=AuditAction.CREATE, target=_target("disclosure_statement", statement, participant))
    return statement


@transaction.atomic
def statement_letter_update(*, actor: User, statement: DisclosureStatement, letter: str) -> DisclosureStatement:
    statement.letter = letter
    statement.updated_by = actor
    statement.full_clean()
    statement.save(update_fields=["letter", "updated_by", "updated_at"])
    audit_record(
        user=actor, action=AuditAction.UPDATE, target=_target("disclosure_statement", statement, statement.participant)
    )
    return statement


BETTER_OFF_INPUTS = (
    "label", "tax_year", "age", "partner_age", "children", "capability", "lcwra_protected", "housing_costs",
    "capital", "other_income", "deductions", "hours_per_week", "hourly_pay",
)  # fmt: skip


def better_off_inputs(check: BetterOffCheck) -> dict[str, Any]:
    """The answers a saved check was worked out from, to start the next "what if" from."""
    return {name: getattr(check, name) for name in BETTER_OFF_INPUTS}


@transaction.atomic
def better_off_run(*, actor: User, participant: Participant, data: dict[str, Any]) -> BetterOffCheck:
    """Run the calculator and keep the inputs and the answer in the case (benefits counselling, IPS-25 item 12).
    ValidationError on the tax year when the service's rates for that year lack one the calculation needs."""
    household = Household(
        tax_year=data["tax_year"],
        age=data["age"],
        partner_age=data.get("partner_age"),
        children=data.get("children") or 0,
        capability=Capability(data["capability"]),
        lcwra_protected=bool(data.get("lcwra_protected")),
        housing_costs=data["housing_costs"],
        capital=data["capital"],
        other_income=data["other_income"],
        deductions=data["deductions"],
    )
    job = Job(hours_per_week=data["hours_per_week"], hourly_pay=data["hourly_pay"])
    try:
        answer = better_off(household, job, rates_table=rates_table(data["tax_year"]))
    except MissingRate as missing:
        raise ValidationError(
            {
                "tax_year": f"The rates for {tax_year_words(data['tax_year'])} have no {rate_name(missing.name)}: "
                "choose another tax year, or ask an administrator to add the rate"
            }
        ) from None
    check = BetterOffCheck(participant=participant, created_by=actor, result=answer.as_json(), **data)
    check.full_clean()
    check.save()
    audit_record(user=actor, action=AuditAction.CREATE, target=_target("better_off_check", check, participant))
    return check


def tax_years() -> list[str]:
    """Tax years the service has rates for (the editable table), falling back to those shipped with the code."""
    years = list(UcRate.objects.order_by("tax_year").values_list("tax_year", flat=True).distinct())
    return years or list(TAX_YEARS)


def rates_table(tax_year: str) -> dict[str, Rate]:
    """The service's rates for a year: the administrator-edited rows over the values shipped with the code."""
    table = dict(RATES.get(tax_year, {}))
    for row in UcRate.objects.filter(tax_year=tax_year):
        table[row.name] = Rate(row.value, row.source, row.confirmed)
    return table


LICENCE_CONDITION_FIELDS = ("kind", "detail", "districts", "curfew_from", "curfew_to", "start_date", "end_date")


@transaction.atomic
def licence_condition_add(*, actor: User, participant: Participant, data: dict[str, Any]) -> LicenceCondition:
    """Record a licence condition that limits work. Matching reads these (`employers.matching`)."""
    condition = LicenceCondition(participant=participant, recorded_by=actor)
    for name in LICENCE_CONDITION_FIELDS:
        setattr(condition, name, data.get(name))
    condition.detail = condition.detail or ""
    condition.districts = condition.districts or []
    condition.full_clean()
    condition.save()
    audit_record(user=actor, action=AuditAction.CREATE, target=_target("licence_condition", condition, participant))
    return condition


@transaction.atomic
def licence_condition_delete(*, actor: User, participant: Participant, condition: LicenceCondition) -> None:
    target = _target("licence_condition", condition, participant)
    condition.delete()
    audit_record(user=actor, action=AuditAction.DELETE, target=target)
