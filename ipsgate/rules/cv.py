"""Writing work done in prison as ordinary experience on a CV (issue 19). Pure Python.

A CV drafted for someone leaving prison lists prison work (kitchens, workshops, orderly and peer roles) like any
other job. It names the prison only when the person chooses to: otherwise the line says what the work was, not where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that name a prison or a custodial setting in an employer field ("HMP Leeds", "YOI Wetherby", "Prison
# kitchen", "Category D open prison").
PRISON_WORDS = re.compile(r"\b(hmp|hmyoi|yoi|hmpps|prison|gaol|jail|custody|young offender)", re.IGNORECASE)


def names_a_prison(text: str) -> bool:
    """True when the text says the work was in a prison."""
    return bool(PRISON_WORDS.search(text))


@dataclass(frozen=True)
class CvLine:
    text: str
    prison_work: bool
    explanation: str


def experience_line(*, role: str, employer: str, years: str, name_prison: bool) -> CvLine:
    """One line of work experience: "Kitchen assistant, Greggs (2019 to 2021)". Prison work keeps its role and
    years and leaves out the prison unless `name_prison`."""
    role = " ".join(role.split())
    employer = " ".join(employer.split())
    in_prison = names_a_prison(employer) or names_a_prison(role)
    if in_prison and not name_prison:
        role_words = " ".join(PRISON_WORDS.sub("", role).split()).strip(" ,-") or role
        role_words = role_words[:1].upper() + role_words[1:]
        text = f"{role_words} ({years})" if years else role_words
        explanation = "Work done in prison, written as ordinary experience: the prison is not named."
    else:
        text = ", ".join(part for part in (role, employer) if part)
        text = f"{text} ({years})" if years else text
        explanation = "Named as the person chose." if in_prison else "An ordinary job."
    return CvLine(text=text, prison_work=in_prison, explanation=explanation)
