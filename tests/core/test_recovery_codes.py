"""Recovery codes: what the generator really produces, measured, agrees with what the code and the docs say
(issue 15 item 11)."""

from __future__ import annotations

import math
import re
from pathlib import Path

from ipsgate.core import mfa, models

ROOT = Path(__file__).resolve().parents[2]


def measured_bits() -> float:
    """Entropy of one code from the real generator: the alphabet it draws from and the random characters it gives."""
    codes = [mfa.new_recovery_code() for _ in range(2000)]
    random_parts = [code.replace("-", "") for code in codes]
    lengths = {len(part) for part in random_parts}
    assert len(lengths) == 1
    alphabet = set("".join(random_parts))
    return lengths.pop() * math.log2(len(alphabet))


def test_recovery_codes_carry_40_random_bits():
    assert measured_bits() == 40


def test_the_docs_and_docstrings_state_the_measured_entropy():
    bits = round(measured_bits())
    texts = {
        "RecoveryCodeDevice": models.RecoveryCodeDevice.__doc__ or "",
        "new_recovery_code": mfa.new_recovery_code.__doc__ or "",
        "docs/security.md": (ROOT / "docs/security.md").read_text(),
    }
    for where, text in texts.items():
        claims = {int(n) for n in re.findall(r"(\d+) random bits", text)}
        assert claims == {bits}, f"{where} claims {claims} random bits, the generator gives {bits}"
