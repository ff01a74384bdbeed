"""JSON in, JSON out for the rules command line (`ipsgate rules ...`). Pure Python, no Django.

Bad input raises `InputError` naming the field (as a JSON path such as `convictions[1].date`), so the
command can print one line and exit 2 without writing anything to stdout.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from .benefits import Capability, Household, Job, MissingRate, better_off
from .disclosure import NEEDS_LENGTH, Conviction, Disposal, assess
from .fidelity import ITEM_COUNT, score_review
from .uc_rates import TAX_YEARS, Rate

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # date.fromisoformat alone also takes 20261125 and 2026-W48-3


class InputError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def _object(value: Any, field: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InputError(field, "must be a JSON object")
    return value


def _only(obj: Mapping[str, Any], allowed: set[str], field: str) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        where = f"{field}.{unknown[0]}" if field else unknown[0]
        raise InputError(where, "is not a recognised field")


def _optional_date(obj: Mapping[str, Any], key: str, field: str) -> date | None:
    path = f"{field}.{key}" if field else key
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise InputError(path, f"must be a date as YYYY-MM-DD; got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(path, f"is not a real date as YYYY-MM-DD: {value!r}") from None


def _date(obj: Mapping[str, Any], key: str, field: str) -> date:
    value = _optional_date(obj, key, field)
    if value is None:
        raise InputError(f"{field}.{key}" if field else key, "is required (a date as YYYY-MM-DD)")
    return value


def _bool(obj: Mapping[str, Any], key: str, field: str) -> bool:
    value = obj.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InputError(f"{field}.{key}" if field else key, "must be true or false")
    return value


CONVICTION_FIELDS = {
    "id", "date", "disposal", "length_months", "sentence_end", "order_end", "schedule_18", "specified_offence",
    "summary_only",
}  # fmt: skip


def parse_conviction(raw: Any, field: str, *, date_of_birth: date, as_of: date) -> Conviction:
    obj = _object(raw, field)
    _only(obj, CONVICTION_FIELDS, field)
    ident = obj.get("id")
    if not isinstance(ident, str) or not ident.strip():
        raise InputError(f"{field}.id", 'is required (a short text such as "c1")')
    when = _date(obj, "date", field)
    if when < date_of_birth:
        raise InputError(f"{field}.date", "is before the date of birth")
    if when > as_of:
        raise InputError(f"{field}.date", "is after as_of")
    disposal_text = obj.get("disposal")
    try:
        disposal = Disposal(str(disposal_text))
    except ValueError:
        raise InputError(
            f"{field}.disposal", f"must be one of {', '.join(d.value for d in Disposal)}; got {disposal_text!r}"
        ) from None
    length = obj.get("length_months")
    if disposal in NEEDS_LENGTH:
        if isinstance(length, bool) or not isinstance(length, int) or length < 1 or length > 1200:
            raise InputError(f"{field}.length_months", "is required for a custodial sentence: whole months, 1 or more")
    elif length is not None and (isinstance(length, bool) or not isinstance(length, int) or length < 0):
        raise InputError(f"{field}.length_months", "must be a whole number of months")
    sentence_end = _optional_date(obj, "sentence_end", field)
    order_end = _optional_date(obj, "order_end", field)
    for key, value in (("sentence_end", sentence_end), ("order_end", order_end)):
        if value is not None and value < when:
            raise InputError(f"{field}.{key}", "is before the date of conviction")
    return Conviction(
        id=ident,
        date=when,
        disposal=disposal,
        length_months=length,
        sentence_end=sentence_end,
        order_end=order_end,
        schedule_18=_bool(obj, "schedule_18", field),
        specified_offence=_bool(obj, "specified_offence", field),
        summary_only=_bool(obj, "summary_only", field),
    )


def disclosure_from_json(payload: Any) -> dict[str, Any]:
    """Validate a disclosure request and answer it, both as JSON-ready dictionaries."""
    obj = _object(payload, "input")
    _only(obj, {"as_of", "date_of_birth", "convictions"}, "")
    as_of = _date(obj, "as_of", "")
    born = _date(obj, "date_of_birth", "")
    if born > as_of:
        raise InputError("date_of_birth", "is after as_of")
    raw_items = obj.get("convictions", [])
    if not isinstance(raw_items, list):
        raise InputError("convictions", "must be a list")
    items = [
        parse_conviction(raw, f"convictions[{index}]", date_of_birth=born, as_of=as_of)
        for index, raw in enumerate(raw_items)
    ]
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            raise InputError(f"convictions[{index}].id", f"repeats the id {item.id!r}; each id must be unique")
        seen.add(item.id)
    results = assess(items, date_of_birth=born, as_of=as_of)
    return {"as_of": as_of.isoformat(), "results": [result.as_json() for result in results]}


def _number(obj: Mapping[str, Any], key: str, field: str, *, low: float, high: float, default: float | None = None,
            whole: bool = False) -> Decimal:  # fmt: skip
    path = f"{field}.{key}" if field else key
    value = obj.get(key, default)
    if value is None:
        if default is None:
            raise InputError(path, "is required")
        value = default
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(path, "must be a number")
    if whole and value != int(value):
        raise InputError(path, "must be a whole number")
    if not low <= value <= high:
        raise InputError(path, f"must be between {low:g} and {high:g}")
    return Decimal(str(value))


BETTER_OFF_FIELDS = {
    "tax_year", "age", "partner_age", "children", "capability", "lcwra_protected", "housing_costs", "capital",
    "other_income", "deductions", "job",
}  # fmt: skip


def better_off_from_json(
    payload: Any,
    *,
    tax_years: Sequence[str] = TAX_YEARS,
    rates_for: Callable[[str], dict[str, Rate]] | None = None,
) -> dict[str, Any]:
    """Validate a better-off-in-work request and answer it (with the service's rates table when given)."""
    obj = _object(payload, "input")
    _only(obj, BETTER_OFF_FIELDS, "")
    tax_year = obj.get("tax_year")
    if tax_year not in tax_years:
        raise InputError("tax_year", f"must be one of {', '.join(tax_years)}; got {tax_year!r}")
    capability_text = obj.get("capability", "none")
    try:
        capability = Capability(str(capability_text))
    except ValueError:
        raise InputError("capability", f"must be one of none, lcw, lcwra; got {capability_text!r}") from None
    partner_age = None
    if obj.get("partner_age") is not None:
        partner_age = int(_number(obj, "partner_age", "", low=16, high=120, whole=True))
    job_obj = _object(obj.get("job"), "job")
    _only(job_obj, {"hours_per_week", "hourly_pay"}, "job")
    household = Household(
        tax_year=str(tax_year),
        age=int(_number(obj, "age", "", low=16, high=120, whole=True)),
        partner_age=partner_age,
        children=int(_number(obj, "children", "", low=0, high=20, default=0, whole=True)),
        capability=capability,
        lcwra_protected=_bool(obj, "lcwra_protected", ""),
        housing_costs=_number(obj, "housing_costs", "", low=0, high=10_000, default=0),
        capital=_number(obj, "capital", "", low=0, high=10_000_000, default=0),
        other_income=_number(obj, "other_income", "", low=0, high=100_000, default=0),
        deductions=_number(obj, "deductions", "", low=0, high=10_000, default=0),
    )
    job = Job(
        hours_per_week=_number(job_obj, "hours_per_week", "job", low=0.5, high=100),
        hourly_pay=_number(job_obj, "hourly_pay", "job", low=0.01, high=1_000),
    )
    table = rates_for(household.tax_year) if rates_for else None
    try:
        return better_off(household, job, rates_table=table).as_json()
    except MissingRate as missing:
        raise InputError("tax_year", missing.explanation) from None


def fidelity_from_json(payload: Any) -> dict[str, Any]:
    """Validate an IPS-25 fidelity scoring request ({"scores": [25 whole numbers 1-5]}) and answer it."""
    obj = _object(payload, "input")
    _only(obj, {"scores"}, "")
    if "scores" not in obj:
        raise InputError("scores", f"is required (a list of {ITEM_COUNT} whole numbers from 1 to 5, in item order)")
    scores = obj["scores"]
    if not isinstance(scores, list):
        raise InputError("scores", f"must be a list of {ITEM_COUNT} whole numbers from 1 to 5")
    if len(scores) != ITEM_COUNT:
        raise InputError("scores", f"must have exactly {ITEM_COUNT} scores, one per item; got {len(scores)}")
    for index, score in enumerate(scores):
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise InputError(
                f"scores[{index}]", f"must be a whole number from 1 to 5 (item {index + 1}); got {score!r}"
            )
    return score_review(scores).as_json()
