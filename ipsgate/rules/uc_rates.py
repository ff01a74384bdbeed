"""Universal Credit, income tax and National Insurance rates by tax year: data, each value with its source.

Monthly pounds unless the name says otherwise. `confirmed` is False where the value could only be found
in secondary sources (news or advice sites), not in DWP's or HMRC's own publication; pages show that.
The service can override these defaults in the database (an administrator edits them); this module
holds the values shipped with the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Rate:
    value: Decimal
    source: str
    confirmed: bool = True


def _r(value: str, source: str, confirmed: bool = True) -> Rate:
    return Rate(Decimal(value), source, confirmed)


CPAG_2025 = (
    "CPAG, Universal credit rates 2025/26 (askcpag.org.uk/?id=-267593), from the Social Security Benefits "
    "Up-rating Order 2025"
)
DWP_2026 = (
    "DWP, Proposed benefit and pension rates 2026 to 2027 (gov.uk/government/publications/benefit-and-pension-rates-"
    "2026-to-2027, updated 12 January 2026): its Universal Credit table was not in the copy we could read, so this "
    "value comes from several secondary sources that agree (moneywellness.com 2 Dec 2025, upday.com, "
    "particle.news, thebusinesstimes.co.uk) and the Universal Credit Act 2025"
)
NEWS_2026 = (
    "Only one secondary source (filmogaz.com) gives this value, which matches a 3.8% CPI uprating of 2025/26; another "
    "(thebusinesstimes.co.uk, 2026) still quotes the 2025/26 value. Check against DWP's table"
)
HMRC_2025 = (
    "HMRC, Rates and thresholds for employers 2025 to 2026 (gov.uk/guidance/rates-and-thresholds-for-employers-2025-"
    "to-2026), as reproduced by payroll publishers (payrolloptions.com, moorepay.co.uk)"
)
HMRC_2026 = (
    "Thresholds frozen (Autumn Budget 2025); 2026/27 tax tables from delphiniaccounting.co.uk (secondary): HMRC's "
    "2026 to 2027 page was not in the copy we could read"
)
TAPER_SOURCE = (
    "Universal Credit (Work Allowance and Taper) (Amendment) Regulations 2021, SI 2021/1283: 55% from 24 Nov 2021"
)
CAPITAL_SOURCE = (
    "Universal Credit Regulations 2013 regs 18 and 72: £6,000 lower and £16,000 upper limits; £4.35 a month per £250"
)
DEDUCTIONS_SOURCE = (
    "Fair Repayment Rate: overall deductions cap of 15% of the standard allowance for assessment periods "
    "from 30 April 2025"
)

RATES: dict[str, dict[str, Rate]] = {
    "2025-26": {
        "standard_single_under_25": _r("316.98", CPAG_2025),
        "standard_single_25_or_over": _r("400.14", CPAG_2025),
        "standard_couple_both_under_25": _r("497.55", CPAG_2025),
        "standard_couple_one_25_or_over": _r("628.10", CPAG_2025),
        "child_element": _r("292.81", CPAG_2025 + " (child born on or after 6 April 2017)"),
        "lcwra_element": _r("423.27", CPAG_2025),
        "work_allowance_with_housing": _r("411.00", CPAG_2025),
        "work_allowance_without_housing": _r("684.00", CPAG_2025),
        "two_child_limit": _r(
            "2", "Universal Credit Regulations 2013 reg 24A (two-child limit, in force until 5 April 2026)"
        ),
        "taper": _r("0.55", TAPER_SOURCE),
        "capital_lower": _r("6000", CAPITAL_SOURCE),
        "capital_upper": _r("16000", CAPITAL_SOURCE),
        "tariff_per_250": _r("4.35", CAPITAL_SOURCE),
        "deductions_cap_share": _r("0.15", DEDUCTIONS_SOURCE),
        "personal_allowance_annual": _r("12570", HMRC_2025),
        "basic_rate_limit_annual": _r("50270", HMRC_2025 + " (personal allowance plus the £37,700 basic rate band)"),
        "basic_rate": _r("0.20", HMRC_2025),
        "higher_rate": _r("0.40", HMRC_2025),
        "ni_primary_threshold_monthly": _r("1048", HMRC_2025),
        "ni_upper_earnings_limit_monthly": _r("4189", HMRC_2025),
        "ni_main_rate": _r("0.08", HMRC_2025),
        "ni_upper_rate": _r("0.02", HMRC_2025),
    },
    "2026-27": {
        "standard_single_under_25": _r("338.58", DWP_2026, confirmed=False),
        "standard_single_25_or_over": _r("424.90", DWP_2026, confirmed=False),
        "standard_couple_both_under_25": _r("528.34", DWP_2026, confirmed=False),
        "standard_couple_one_25_or_over": _r("666.97", DWP_2026, confirmed=False),
        "child_element": _r("303.94", DWP_2026 + " (child born on or after 6 April 2017)", confirmed=False),
        "lcwra_element": _r(
            "217.26", DWP_2026 + " (new claims from 6 April 2026; protected claimants get £429.80)", confirmed=False
        ),
        "lcwra_element_protected": _r(
            "429.80", DWP_2026 + " (claims before 6 April 2026, severe conditions, terminal illness)", confirmed=False
        ),
        "work_allowance_with_housing": _r("427.00", NEWS_2026, confirmed=False),
        "work_allowance_without_housing": _r("710.00", NEWS_2026, confirmed=False),
        "two_child_limit": _r(
            "0",
            "Two-child limit removed from 6 April 2026 (news reports of the Budget; 0 means no limit)",
            confirmed=False,
        ),
        "taper": _r("0.55", TAPER_SOURCE),
        "capital_lower": _r("6000", CAPITAL_SOURCE),
        "capital_upper": _r("16000", CAPITAL_SOURCE),
        "tariff_per_250": _r("4.35", CAPITAL_SOURCE),
        "deductions_cap_share": _r("0.15", DEDUCTIONS_SOURCE),
        "personal_allowance_annual": _r("12570", HMRC_2026, confirmed=False),
        "basic_rate_limit_annual": _r("50270", HMRC_2026, confirmed=False),
        "basic_rate": _r("0.20", HMRC_2026, confirmed=False),
        "higher_rate": _r("0.40", HMRC_2026, confirmed=False),
        "ni_primary_threshold_monthly": _r("1048", HMRC_2026, confirmed=False),
        "ni_upper_earnings_limit_monthly": _r("4189", HMRC_2026, confirmed=False),
        "ni_main_rate": _r("0.08", HMRC_2026, confirmed=False),
        "ni_upper_rate": _r("0.02", HMRC_2026, confirmed=False),
    },
}

TAX_YEARS = tuple(RATES)

# What each rate is called in words, for pages and explanations (the keys above are code, not for people).
RATE_NAMES: dict[str, str] = {
    "standard_single_under_25": "standard allowance (single, under 25)",
    "standard_single_25_or_over": "standard allowance (single, 25 or over)",
    "standard_couple_both_under_25": "standard allowance (couple, both under 25)",
    "standard_couple_one_25_or_over": "standard allowance (couple, one or both 25 or over)",
    "child_element": "child element",
    "lcwra_element": "LCWRA element (limited capability for work and work-related activity)",
    "lcwra_element_protected": "LCWRA element for people protected from the 2026 cut",
    "work_allowance_with_housing": "work allowance (with housing costs)",
    "work_allowance_without_housing": "work allowance (without housing costs)",
    "two_child_limit": "two-child limit",
    "taper": "taper rate",
    "capital_lower": "lower capital limit",
    "capital_upper": "upper capital limit",
    "tariff_per_250": "tariff income for each £250 of capital",
    "deductions_cap_share": "limit on deductions (share of the standard allowance)",
    "personal_allowance_annual": "income tax Personal Allowance",
    "basic_rate_limit_annual": "income tax basic rate limit",
    "basic_rate": "income tax basic rate",
    "higher_rate": "income tax higher rate",
    "ni_primary_threshold_monthly": "National Insurance primary threshold",
    "ni_upper_earnings_limit_monthly": "National Insurance upper earnings limit",
    "ni_main_rate": "National Insurance main rate",
    "ni_upper_rate": "National Insurance rate above the upper earnings limit",
}


def rate_name(name: str) -> str:
    """The rate's name in words; a name an administrator added without words reads as its words, not its key."""
    return RATE_NAMES.get(name) or name.replace("_", " ").strip()


def with_rate_names(text: str) -> str:
    """An explanation saved before rates were named in words, with each rate's key replaced by its words."""
    for name in sorted(RATE_NAMES, key=len, reverse=True):  # a longer key before any key it contains
        text = re.sub(rf"\b{re.escape(name)}\b", RATE_NAMES[name], text)
    return re.sub(r"\b(\d{4})-(\d{2}) rates\b", lambda m: f"{tax_year_words(m[1] + '-' + m[2])} rates", text)


def tax_year_words(tax_year: str) -> str:
    """'2026-27' as people say it: '2026 to 2027'."""
    start, _, end = tax_year.partition("-")
    if start.isascii() and start.isdigit() and len(start) == 4 and end == f"{int(start) + 1:04d}"[2:]:
        return f"{start} to {int(start) + 1}"
    return tax_year  # not a tax year as the rates table writes one: shown as it is
