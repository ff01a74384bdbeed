"""`ipsgate rules disclosure`: the JSON contract, checked directly and through a real subprocess.

The long table of bad inputs goes through `disclosure_from_json` directly; a few subprocess runs check the
command itself (exit codes, one line on stderr, nothing on stdout).
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ipsgate.rules.json_contract import InputError, disclosure_from_json

REPO_ROOT = Path(__file__).resolve().parents[2]

GOOD_ITEM: dict[str, Any] = {
    "id": "c1",
    "date": "2019-06-10",
    "disposal": "custody",
    "length_months": 18,
    "sentence_end": "2020-12-09",
    "order_end": None,
    "schedule_18": False,
    "specified_offence": False,
    "summary_only": False,
}
GOOD: dict[str, Any] = {"as_of": "2026-11-25", "date_of_birth": "1990-03-01", "convictions": [GOOD_ITEM]}
GOOD_RESULT = {
    "id": "c1",
    "spent_on": "2024-12-09",  # 18 months for an adult: 4 years from 9 December 2020
    "never_spent": False,
    "spent": True,
    "on_basic_check": False,
    "on_standard_enhanced_check": True,  # custodial: never filtered
}
RESULT_KEYS = {*GOOD_RESULT, "explanation"}


def without_explanations(answer: dict[str, Any]) -> dict[str, Any]:
    for result in answer["results"]:
        assert set(result) == RESULT_KEYS
        assert isinstance(result["explanation"], str)
        assert result["explanation"].strip()
    return {**answer, "results": [{k: v for k, v in r.items() if k != "explanation"} for r in answer["results"]]}


def with_item(**changes: Any) -> dict[str, Any]:
    """GOOD with the first conviction changed; a value of ... removes the key."""
    payload = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if value is ...:
            del payload["convictions"][0][key]
        else:
            payload["convictions"][0][key] = value
    return payload


def with_top(**changes: Any) -> dict[str, Any]:
    payload = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if value is ...:
            del payload[key]
        else:
            payload[key] = value
    return payload


# --- Good input, directly. ----------------------------------------------------------------------------------------


def test_worked_example():
    answer = disclosure_from_json(copy.deepcopy(GOOD))
    assert set(answer) == {"as_of", "results"}
    assert without_explanations(answer) == {"as_of": "2026-11-25", "results": [GOOD_RESULT]}
    explanation = answer["results"][0]["explanation"]
    assert "ROA" in explanation
    assert "DBS" in explanation


def test_results_come_back_in_input_order():
    payload = {
        "as_of": "2026-11-25",
        "date_of_birth": "1990-03-01",
        "convictions": [
            {"id": "late", "date": "2025-02-01", "disposal": "fine"},  # spent 1 February 2026
            {"id": "early", "date": "2008-05-05", "disposal": "simple_caution", "specified_offence": False},
            # On the fine's spent day, so not during its period; unpaid, so its own end is not known.
            {"id": "unpaid", "date": "2026-02-01", "disposal": "compensation_order", "order_end": None},
        ],
    }
    assert without_explanations(disclosure_from_json(payload)) == {
        "as_of": "2026-11-25",
        "results": [
            {"id": "late", "spent_on": "2026-02-01", "never_spent": False, "spent": True, "on_basic_check": False,
             "on_standard_enhanced_check": True},
            {"id": "early", "spent_on": "2008-05-05", "never_spent": False, "spent": True, "on_basic_check": False,
             "on_standard_enhanced_check": False},
            {"id": "unpaid", "spent_on": None, "never_spent": False, "spent": False, "on_basic_check": True,
             "on_standard_enhanced_check": True},
        ],
    }  # fmt: skip


def test_never_spent_in_json():
    payload = {
        "as_of": "2026-11-25",
        "date_of_birth": "1990-03-01",
        "convictions": [{"id": "x", "date": "2012-01-31", "disposal": "life"}],
    }
    assert without_explanations(disclosure_from_json(payload))["results"] == [
        {"id": "x", "spent_on": None, "never_spent": True, "spent": False, "on_basic_check": True,
         "on_standard_enhanced_check": True},
    ]  # fmt: skip


def test_no_convictions():
    answer = disclosure_from_json({"as_of": "2026-11-25", "date_of_birth": "1990-03-01", "convictions": []})
    assert answer == {"as_of": "2026-11-25", "results": []}


def test_dates_on_the_edges_are_accepted():
    # Convicted on as_of itself, on a leap day that exists.
    payload = with_item(date="2024-02-29", disposal="fine", length_months=..., sentence_end=...)
    payload["as_of"] = "2024-02-29"
    answer = without_explanations(disclosure_from_json(payload))
    assert answer["results"][0]["spent_on"] == "2025-03-01"  # 1 year from 29 February 2024
    assert answer["results"][0]["spent"] is False


def test_further_convictions_through_json():
    payload = {
        "as_of": "2026-11-25",
        "date_of_birth": "1990-03-01",
        "convictions": [
            {"id": "a", "date": "2020-01-10", "disposal": "fine"},
            {"id": "b", "date": "2020-06-01", "disposal": "fine", "summary_only": False},
        ],
    }
    results = without_explanations(disclosure_from_json(payload))["results"]
    assert [r["spent_on"] for r in results] == ["2021-06-01", "2021-06-01"]


# --- Bad input, directly: (payload, field named). -------------------------------------------------------------------

BAD_INPUTS: dict[str, tuple[Any, str]] = {
    "not an object": ([GOOD], "input"),
    "a string": ("2026-11-25", "input"),
    "unknown top-level field": (with_top(name="Sam"), "name"),
    "missing as_of": (with_top(as_of=...), "as_of"),
    "null as_of": (with_top(as_of=None), "as_of"),
    "as_of not a string": (with_top(as_of=20261125), "as_of"),
    "as_of month 13": (with_top(as_of="2026-13-01"), "as_of"),
    "as_of 30 February": (with_top(as_of="2026-02-30"), "as_of"),
    "as_of with a time": (with_top(as_of="2026-11-25T00:00"), "as_of"),
    "as_of day first": (with_top(as_of="25/11/2026"), "as_of"),
    "missing date_of_birth": (with_top(date_of_birth=...), "date_of_birth"),
    "date_of_birth 29 February in a common year": (with_top(date_of_birth="1990-02-29"), "date_of_birth"),
    "date_of_birth empty": (with_top(date_of_birth=""), "date_of_birth"),
    "date_of_birth after as_of": (with_top(date_of_birth="2027-01-01"), "date_of_birth"),
    "convictions not a list": (with_top(convictions={"id": "c1"}), "convictions"),
    "conviction not an object": (with_top(convictions=["c1"]), "convictions[0]"),
    "unknown conviction field": (with_item(court="Leeds"), "convictions[0].court"),
    "missing id": (with_item(id=...), "convictions[0].id"),
    "blank id": (with_item(id="  "), "convictions[0].id"),
    "numeric id": (with_item(id=1), "convictions[0].id"),
    "duplicate id": (with_top(convictions=[GOOD_ITEM, GOOD_ITEM]), "convictions[1].id"),
    "missing date": (with_item(date=...), "convictions[0].date"),
    "impossible date": (with_item(date="2019-02-30"), "convictions[0].date"),
    "31 April": (with_item(date="2019-04-31"), "convictions[0].date"),
    "date not a string": (with_item(date=20190610), "convictions[0].date"),
    "conviction after as_of": (with_item(date="2026-11-26", sentence_end="2026-12-01"), "convictions[0].date"),
    "conviction before birth": (with_item(date="1990-02-28"), "convictions[0].date"),
    "unknown disposal": (with_item(disposal="prison"), "convictions[0].disposal"),
    "disposal in capitals": (with_item(disposal="CUSTODY"), "convictions[0].disposal"),
    "missing disposal": (with_item(disposal=...), "convictions[0].disposal"),
    "custody without length": (with_item(length_months=...), "convictions[0].length_months"),
    "custody with null length": (with_item(length_months=None), "convictions[0].length_months"),
    "suspended sentence without length": (
        with_item(disposal="suspended_custody", length_months=...),
        "convictions[0].length_months",
    ),
    "custody of 0 months": (with_item(length_months=0), "convictions[0].length_months"),
    "length as text": (with_item(length_months="18"), "convictions[0].length_months"),
    "fractional length": (with_item(length_months=18.5), "convictions[0].length_months"),
    "length true": (with_item(length_months=True), "convictions[0].length_months"),
    "sentence end before conviction": (with_item(sentence_end="2019-06-09"), "convictions[0].sentence_end"),
    "impossible sentence end": (with_item(sentence_end="2021-02-29"), "convictions[0].sentence_end"),
    "order end before conviction": (
        with_item(disposal="community_order", length_months=..., sentence_end=..., order_end="2019-01-01"),
        "convictions[0].order_end",
    ),
    "impossible order end": (with_item(order_end="2020-06-31"), "convictions[0].order_end"),
    "schedule_18 as text": (with_item(schedule_18="yes"), "convictions[0].schedule_18"),
    "schedule_18 as 1": (with_item(schedule_18=1), "convictions[0].schedule_18"),
    "specified_offence as text": (with_item(specified_offence="false"), "convictions[0].specified_offence"),
    "summary_only as 0": (with_item(summary_only=0), "convictions[0].summary_only"),
    "second item is the bad one": (
        with_top(convictions=[GOOD_ITEM, {**GOOD_ITEM, "id": "c2", "date": "2019-13-01"}]),
        "convictions[1].date",
    ),
}


@pytest.mark.parametrize(("payload", "field"), list(BAD_INPUTS.values()), ids=list(BAD_INPUTS))
def test_bad_input_names_the_field(payload, field):
    with pytest.raises(InputError) as raised:
        disclosure_from_json(payload)
    assert raised.value.field == field
    message = str(raised.value)
    assert message.startswith(f"{field}: ")
    assert "\n" not in message


# The contract asks for dates as YYYY-MM-DD; Python 3.11's date.fromisoformat also takes other ISO 8601 forms.
COMPACT_DATES = {
    "as_of without dashes": (with_top(as_of="20261125"), "as_of"),
    "as_of as an ISO week date": (with_top(as_of="2026-W48-3"), "as_of"),
    "date_of_birth without dashes": (with_top(date_of_birth="19900301"), "date_of_birth"),
    "conviction date without dashes": (with_item(date="20190610"), "convictions[0].date"),
}


@pytest.mark.parametrize(("payload", "field"), list(COMPACT_DATES.values()), ids=list(COMPACT_DATES))
def test_dates_must_be_yyyy_mm_dd(payload, field):
    with pytest.raises(InputError) as raised:
        disclosure_from_json(payload)
    assert raised.value.field == field


def test_bad_input_table_leaves_good_input_untouched():
    # The table's payloads are built from deep copies: the worked example is still valid.
    assert without_explanations(disclosure_from_json(copy.deepcopy(GOOD)))["results"] == [GOOD_RESULT]


# --- The command itself, through a subprocess (about a second each, so only a few). ----------------------------


def run_command(stdin: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ipsgate.settings.test", **extra_env}
    return subprocess.run(  # noqa: S603 - fixed command line, test input only
        [sys.executable, "-m", "ipsgate", "rules", "disclosure"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        timeout=60,
        check=False,
    )


def test_command_answers_good_input():
    done = run_command(json.dumps(GOOD))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    answer = json.loads(done.stdout)
    assert without_explanations(answer) == {"as_of": "2026-11-25", "results": [GOOD_RESULT]}


@pytest.mark.parametrize(
    ("stdin", "field"),
    [
        ('{"as_of": "2026-11-25", "date_of_birth": "1990-03-01", "convictions": [}', "input"),
        ("", "input"),
        (json.dumps(with_item(date="2019-02-30")), "convictions[0].date"),
        (json.dumps(with_top(convictions=[GOOD_ITEM, GOOD_ITEM])), "convictions[1].id"),
        (json.dumps(with_item(schedule_18="no")), "convictions[0].schedule_18"),
    ],
    ids=["invalid JSON", "empty input", "impossible date", "duplicate id", "non-boolean flag"],
)
def test_command_rejects_bad_input(stdin, field):
    done = run_command(stdin)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.endswith("\n")
    assert done.stderr.count("\n") == 1, done.stderr
    assert field in done.stderr
    assert "Traceback" not in done.stderr


def test_command_stderr_is_one_line_whatever_the_system_checks_say(tmp_path):
    done = run_command(json.dumps(with_item(date="2019-02-30")), IPSGATE_NODE_MODULES=str(tmp_path / "missing"))
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("convictions[0].date: ")
