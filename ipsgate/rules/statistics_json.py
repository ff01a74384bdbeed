"""JSON in, JSON out for `ipsgate stats compare-arms|survival`. Pure Python, no Django.

Bad input raises `InputError` naming the field (`groups.IPS.events`, `observations[2].days`), so the command can
print one line and exit 2 with nothing on stdout. Estimates are rounded to 3 decimal places (as in the issue's
example, risk 0.377); p-values to 3 significant figures so that a very small p is not shown as 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .json_contract import InputError
from .statistics import GroupCount, Observation, compare_arms, survival

MAX_GROUP_NAME = 50
MAX_OBSERVATIONS = 1_000_000


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _round_p(value: float | None) -> float | None:
    if value is None or value == 0:
        return value
    return float(f"{value:.3g}")


def _object(value: Any, field: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InputError(field, "must be a JSON object")
    return value


def _only(obj: Mapping[str, Any], allowed: set[str], field: str) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise InputError(f"{field}.{unknown[0]}" if field else unknown[0], "is not a recognised field")


def _whole(obj: Mapping[str, Any], key: str, field: str, *, low: int) -> int:
    value = obj.get(key)
    if value is None:
        raise InputError(f"{field}.{key}", "is required (a whole number)")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value != int(value):
        raise InputError(f"{field}.{key}", f"must be a whole number; got {value!r}")
    if value < low:
        raise InputError(f"{field}.{key}", f"must be {low} or more; got {value!r}")
    return int(value)


def _group_name(name: Any, field: str) -> str:
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_GROUP_NAME:
        raise InputError(field, f"must be a group name of 1 to {MAX_GROUP_NAME} characters")
    return name


def compare_arms_from_json(payload: Any) -> dict[str, Any]:
    obj = _object(payload, "input")
    _only(obj, {"groups", "reference"}, "")
    raw_groups = _object(obj.get("groups"), "groups")
    if len(raw_groups) != 2:
        raise InputError("groups", f"must have exactly two groups (an arm and the reference); got {len(raw_groups)}")
    groups: dict[str, GroupCount] = {}
    for name, raw in raw_groups.items():
        path = f"groups.{_group_name(name, 'groups')}"
        group = _object(raw, path)
        _only(group, {"n", "events"}, path)
        n = _whole(group, "n", path, low=1)
        events = _whole(group, "events", path, low=0)
        if events > n:
            raise InputError(f"{path}.events", f"must not be more than n ({n}); got {events}")
        groups[name] = GroupCount(n=n, events=events)
    reference = obj.get("reference")
    if not isinstance(reference, str) or reference not in groups:
        raise InputError("reference", f"must name one of the groups ({', '.join(groups)}); got {reference!r}")
    result = compare_arms(groups, reference)
    return {
        "risk": {name: _round(risk) for name, risk in result.risk.items()},
        "reference": result.reference,
        "risk_difference": _round(result.risk_difference),
        "risk_difference_ci95": [_round(x) for x in result.risk_difference_ci95],
        "risk_ratio": _round(result.risk_ratio),
        "risk_ratio_ci95": None if result.risk_ratio_ci95 is None else [_round(x) for x in result.risk_ratio_ci95],
        "fisher_p": _round_p(result.fisher_p),
        "method": result.method,
        "explanation": result.explanation,
    }


def survival_from_json(payload: Any) -> dict[str, Any]:
    obj = _object(payload, "input")
    _only(obj, {"observations"}, "")
    raw_items = obj.get("observations")
    if not isinstance(raw_items, list) or not raw_items:
        raise InputError("observations", "must be a list of at least one observation")
    if len(raw_items) > MAX_OBSERVATIONS:
        raise InputError("observations", f"must have at most {MAX_OBSERVATIONS} observations")
    observations = []
    for index, raw in enumerate(raw_items):
        path = f"observations[{index}]"
        item = _object(raw, path)
        _only(item, {"group", "days", "event"}, path)
        group = _group_name(item.get("group"), f"{path}.group")
        days = item.get("days")
        if isinstance(days, bool) or not isinstance(days, int | float) or not math.isfinite(days) or days < 0:
            raise InputError(f"{path}.days", f"must be a number of days, 0 or more; got {days!r}")
        event = item.get("event")
        if not isinstance(event, bool):
            raise InputError(f"{path}.event", "must be true (the event happened) or false (censored)")
        observations.append(Observation(group=group, days=float(days), event=event))
    result = survival(observations)
    return {
        "groups": {
            name: {"n": g.n, "events": g.events, "median_days": _round(g.median_days)}
            for name, g in result.groups.items()
        },
        "logrank_p": _round_p(result.logrank_p),
        "method": result.method,
        "explanation": result.explanation,
    }
