"""The journey phase, derived from facts and never typed by hand.

Phases, in the order the rules are tried:
- closed: no open episode of support and no referral waiting for a decision;
- service as usual: the latest referral was allocated to the evaluation's comparison group, which does not get IPS;
  the team follows them for outcomes only (release, job starts, recalls), so no other phase applies;
- in work: in a job that started in the last 4 weeks (weekly in-work support);
- follow-along: in a job that has lasted 4 weeks or more (time-unlimited follow-along support);
- through the gate: from 28 days before release to 28 days after it, the time people most often lose touch;
- pre-release: in custody, release more than 28 days away or not known (also after a recall);
- community job search: out of custody and not in work.

"In a job" means a job being worked (`employment.job_being_worked`): someone back in prison after a recall is not
at work, even if the employer is keeping their job open, so a recall puts them back on the pre-release path.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

THROUGH_THE_GATE_DAYS = 28
IN_WORK_WEEKS = 4


class Phase(enum.Enum):
    PRE_RELEASE = "Pre-release"
    THROUGH_THE_GATE = "Through the gate"
    COMMUNITY_JOB_SEARCH = "Community job search"
    IN_WORK = "In work"
    FOLLOW_ALONG = "Follow-along"
    SERVICE_AS_USUAL = "Service as usual"
    CLOSED = "Closed"

    @property
    def slug(self) -> str:
        return self.name.lower().replace("_", "-")

    @classmethod
    def from_slug(cls, slug: str) -> Phase | None:
        return next((phase for phase in cls if phase.slug == slug), None)


@dataclass(frozen=True)
class PhaseResult:
    phase: Phase
    explanation: str


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def participant_phase(
    *,
    supported: bool,
    in_custody: bool,
    release_date: date | None,
    earliest_current_job_start: date | None,
    today: date,
    service_as_usual: bool = False,
) -> PhaseResult:
    """The phase of one participant.

    `supported`: an open episode of support or a referral awaiting a decision.
    `release_date`: the expected release while in custody (a recall brings back the pre-release path), the
    actual release once out. `earliest_current_job_start`: the start of the longest-running job not yet
    ended and being worked (`employment.job_being_worked`), if it has started by today.
    `service_as_usual`: the latest referral was allocated to the evaluation's service-as-usual group.
    """
    if not supported:
        return PhaseResult(Phase.CLOSED, "Not receiving support: there is no open episode or pending referral.")
    if service_as_usual:
        return PhaseResult(
            Phase.SERVICE_AS_USUAL,
            "In the evaluation's service-as-usual group: the IPS team does not give them IPS support, and records "
            "their release, job starts and any recall so the evaluation can compare outcomes.",
        )
    if earliest_current_job_start is not None and earliest_current_job_start <= today:
        weeks = (today - earliest_current_job_start).days // 7
        if weeks < IN_WORK_WEEKS:
            return PhaseResult(
                Phase.IN_WORK,
                f"Started work on {earliest_current_job_start:%-d %B %Y}: weekly in-work support for the first "
                f"{IN_WORK_WEEKS} weeks.",
            )
        return PhaseResult(
            Phase.FOLLOW_ALONG,
            f"In work since {earliest_current_job_start:%-d %B %Y} ({weeks} weeks): follow-along support for the "
            "person and their manager, for as long as they want it.",
        )
    if release_date is not None:
        days = (release_date - today).days
        if in_custody and 0 <= days <= THROUGH_THE_GATE_DAYS:
            when = "today" if days == 0 else f"in {_days(days)}"
            return PhaseResult(
                Phase.THROUGH_THE_GATE,
                f"Due for release {when}: meet face to face before release and make contact within 3 days after.",
            )
        if in_custody and days < 0:
            return PhaseResult(
                Phase.THROUGH_THE_GATE,
                f"The expected release date passed {_days(-days)} ago but no release is recorded: check the record.",
            )
        if not in_custody and 0 <= -days <= THROUGH_THE_GATE_DAYS:
            when = "today" if days == 0 else f"{_days(-days)} ago"
            return PhaseResult(
                Phase.THROUGH_THE_GATE,
                f"Released {when}: the first 4 weeks outside are when people most often lose touch.",
            )
    if in_custody:
        if release_date is None:
            return PhaseResult(Phase.PRE_RELEASE, "In custody; no release date is recorded yet.")
        return PhaseResult(
            Phase.PRE_RELEASE,
            f"In custody; release expected on {release_date:%-d %B %Y}, more than {THROUGH_THE_GATE_DAYS} days away.",
        )
    return PhaseResult(Phase.COMMUNITY_JOB_SEARCH, "In the community and looking for work with the specialist.")
