"""`ipsgate stats compare-arms|survival`: the command-line contract, through a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def run(calculator: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [sys.executable, "-m", "ipsgate", "stats", calculator],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ipsgate.settings.test"},
        timeout=120,
        check=False,
    )


def test_compare_arms_good_input():
    payload = {"groups": {"IPS": {"n": 61, "events": 23}, "SAU": {"n": 58, "events": 11}}, "reference": "SAU"}
    completed = run("compare-arms", json.dumps(payload))
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    answer = json.loads(completed.stdout)
    assert {
        "risk",
        "risk_difference",
        "risk_difference_ci95",
        "risk_ratio",
        "risk_ratio_ci95",
        "fisher_p",
        "method",
    } <= set(answer)
    assert answer["risk"] == {"IPS": 0.377, "SAU": 0.190}
    assert answer["risk_ratio_ci95"] == [1.067, 3.704]
    assert "Newcombe" in answer["method"]


def test_survival_good_input():
    payload = {
        "observations": [
            {"group": "IPS", "days": 45, "event": True},
            {"group": "IPS", "days": 90, "event": False},
            {"group": "SAU", "days": 120, "event": True},
            {"group": "SAU", "days": 30, "event": False},
        ]
    }
    completed = run("survival", json.dumps(payload))
    assert completed.returncode == 0, completed.stderr
    answer = json.loads(completed.stdout)
    assert set(answer) >= {"groups", "logrank_p", "method"}
    # IPS: S(45) = 1/2, so the median is day 45. SAU: censored at 30, then S(120) = 0: the median is day 120.
    assert answer["groups"] == {
        "IPS": {"n": 2, "events": 1, "median_days": 45},
        "SAU": {"n": 2, "events": 1, "median_days": 120},
    }


@pytest.mark.parametrize(
    ("calculator", "stdin", "message"),
    [
        ("compare-arms", "{not json", "input: not valid JSON"),
        (
            "compare-arms",
            json.dumps({"groups": {"IPS": {"n": 5, "events": 9}, "SAU": {"n": 5, "events": 1}}, "reference": "SAU"}),
            "groups.IPS.events:",
        ),
        (
            "survival",
            json.dumps({"observations": [{"group": "IPS", "days": -3, "event": True}]}),
            "observations[0].days:",
        ),
    ],
)
def test_bad_input_exits_2_with_one_line_and_no_output(calculator, stdin, message):
    completed = run(calculator, stdin)
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr.startswith(message)
    assert completed.stderr.count("\n") == 1 and completed.stderr.endswith("\n")
