"""The IPS-25 (Supported Employment) Fidelity Scale: the 25 items, their 1-5 anchors, the total and its band,
and suggested scores for the items whose anchors are numbers. Pure: no Django.

Sources are in `shared/reference/domain-rules.md` section 1. Each item records whether its anchors are
verified against a source excerpt (`anchors_verified=True`) or are paraphrases of the idea the reference gives
(`False`). The comment above each item says which: [V] verified, [K] paraphrased from domain knowledge and
not yet checked against the IPS Fidelity Manual or the Centre for Mental Health UK form.

Bands (total of 25 items, 25-125): 115-125 exemplary, 100-114 good, 74-99 fair, 73 or less not supported
employment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction


class Section(StrEnum):
    STAFFING = "staffing"
    ORGANISATION = "organisation"
    SERVICES = "services"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Band(StrEnum):
    EXEMPLARY = "exemplary"
    GOOD = "good"
    FAIR = "fair"
    NOT_SUPPORTED_EMPLOYMENT = "not supported employment"

    @property
    def label(self) -> str:
        return {
            Band.EXEMPLARY: "Exemplary fidelity",
            Band.GOOD: "Good fidelity",
            Band.FAIR: "Fair fidelity",
            Band.NOT_SUPPORTED_EMPLOYMENT: "Not supported employment",
        }[self]


@dataclass(frozen=True)
class Item:
    number: int
    section: Section
    name: str
    measures: str
    anchors: tuple[str, str, str, str, str]  # the text for scores 1, 2, 3, 4 and 5
    anchors_verified: bool

    def anchor(self, score: int) -> str:
        return self.anchors[score - 1]


STAFF, ORG, SERV = Section.STAFFING, Section.ORGANISATION, Section.SERVICES

ITEMS: tuple[Item, ...] = (
    # --- Staffing ---------------------------------------------------------------------------------------
    # 1 [V]: all five anchors are in the reference (2008 scale; CMH: "active" = job search and in-work support).
    Item(1, STAFF, "Caseload size",
         "How many people each employment specialist supports (job search and in-work support together).",
         ("41 or more people per employment specialist.",
          "31 to 40 people per employment specialist.",
          "26 to 30 people per employment specialist.",
          "21 to 25 people per employment specialist.",
          "20 or fewer people per employment specialist."), True),
    # 2 [V]: all five anchors are in the reference.
    Item(2, STAFF, "Employment services staff",
         "How much of the specialists' time goes on employment services rather than other duties.",
         ("Specialists provide employment services less than 60% of the time.",
          "Specialists provide employment services 60-74% of the time.",
          "Specialists provide employment services 75-89% of the time.",
          "Specialists provide employment services 90-95% of the time.",
          "Specialists provide employment services 96% or more of the time."), True),
    # 3 [V] for the idea (every phase, benefits referral does not lower the score); the graded anchors are [K].
    Item(3, STAFF, "Vocational generalists",
         "Whether each specialist carries out every phase of the service: intake, engagement, assessment, job "
         "placement, job coaching and follow-along support.",
         ("Specialists only refer people on to other employment providers.",
          "Specialists hold a caseload but refer people to other programmes for the employment service itself.",
          "Specialists carry out one to four of the six phases of the service.",
          "Specialists carry out five of the six phases of the service.",
          "Specialists carry out all six phases (intake, engagement, assessment, job placement, job coaching, "
          "follow-along). Referring people to a benefits adviser does not lower the score."), False),
    # --- Organisation -----------------------------------------------------------------------------------
    # 4 [K]: paraphrased (each specialist attached to one or two mental health teams).
    Item(4, ORG, "Integration with mental health treatment through team assignment",
         "Whether each specialist is attached to one or two mental health teams that the caseload comes from.",
         ("Specialists work in a separate programme and are not attached to any mental health team.",
          "Specialists are spread across three or more mental health teams, or fewer than half their caseload "
          "comes from the teams they are attached to.",
          "Specialists are attached to one or two mental health teams, and about half to three-quarters of their "
          "caseload comes from those teams.",
          "Specialists are attached to one or two mental health teams, and most of their caseload comes from "
          "those teams.",
          "Each specialist is attached to one or two mental health teams, and nearly all of their caseload "
          "comes from those teams."), False),
    # 5 [K]: paraphrased (weekly team meetings and frequent contact with clinicians).
    Item(5, ORG, "Integration with mental health treatment through frequent team contact",
         "How closely specialists work with the clinical team: weekly team meetings, shared decisions, shared "
         "records, working nearby, helping the team think about work.",
         ("One or none of these is in place: weekly team meetings, shared decisions about people, shared "
          "records, working near the team, helping the team think about work.",
          "Two of those five are in place.",
          "Three of those five are in place.",
          "Four of those five are in place.",
          "All five are in place: the specialist attends weekly mental health team meetings, takes part in "
          "shared decisions, shares records, works near the team and helps the team think about work."), False),
    # 6 [K]: a US item (Vocational Rehabilitation counsellors); UK teams read it as Jobcentre Plus and similar.
    Item(6, ORG, "Collaboration with Jobcentre Plus and other employment agencies",
         "How often specialists and Jobcentre Plus work coaches (or similar agency staff) work together on "
         "shared people.",
         ("Specialists and agency staff have no contact.",
          "Contact is less than every three months, or only when a problem comes up.",
          "Contact is about every three months and covers some shared people.",
          "Contact is monthly and covers shared people and referrals.",
          "Specialists and agency staff meet at least monthly about shared people and referrals, and are in "
          "frequent contact between meetings."), False),
    # 7 [V] for the minimum of two specialists in a unit; the graded anchors are [K].
    Item(7, ORG, "Vocational unit",
         "Whether the specialists work as a unit with a team leader, with group supervision and cover for each "
         "other's caseloads.",
         ("Specialists are not part of a vocational unit.",
          "Specialists share a supervisor but do not meet as a group.",
          "Specialists share a supervisor and meet as a group, but do not cover each other's caseloads.",
          "At least two specialists and a team leader form a unit with regular group supervision and cover for "
          "each other's caseloads.",
          "At least two full-time specialists and a team leader form a unit with weekly, person-by-person group "
          "supervision, share job leads and cover each other's caseloads."), False),
    # 8 [K]: paraphrased (one supervisor for no more than 10 specialists).
    Item(8, ORG, "Role of the employment supervisor",
         "Whether the team leader supervises no more than 10 specialists, holds weekly supervision, works with "
         "mental health team leaders, goes out with specialists and reviews outcomes with them.",
         ("One or none of these is in place: no more than 10 specialists each, weekly supervision, working with "
          "mental health team leaders, going out with specialists, reviewing outcomes with them.",
          "Two of those five are in place.",
          "Three of those five are in place.",
          "Four of those five are in place.",
          "All five are in place."), False),
    # 9 [K]: paraphrased; criminal-justice involvement is named because this service is for prison leavers.
    Item(9, ORG, "Zero exclusion criteria",
         "Whether everyone who wants paid work can get the service, with no screening out.",
         ("People are screened out for reasons such as work readiness, substance use, symptoms, violence or "
          "criminal-justice history.",
          "Some people are screened out for those reasons, or referrals come through one narrow route.",
          "No formal exclusions, but staff decide who is 'ready' before referring.",
          "Anyone who wants work can be referred, and referrals are sought from several sources.",
          "Everyone who wants paid work is eligible, with no screening on readiness, substance use, symptoms, "
          "violence or criminal-justice history; referrals are sought from many sources, including "
          "self-referral."), False),
    # 10 [K]: paraphrased (intake asks about work; success stories displayed).
    Item(10, ORG, "Agency focus on competitive employment",
         "How the wider service promotes work: asking about work at intake, written materials, success stories, "
         "sharing employment rates, work in care plans.",
         ("One or none of these is in place: asking everyone about work at intake, written materials about work, "
          "success stories shared, employment rates shared, work in care plans.",
          "Two of those five are in place.",
          "Three of those five are in place.",
          "Four of those five are in place.",
          "All five are in place."), False),
    # 11 [K]: paraphrased (quality-assurance review at least every 6 months).
    Item(11, ORG, "Executive team support for supported employment",
         "How leaders support IPS: knowing the model, quality assurance at least every six months, the IPS lead "
         "in management meetings, planning for sustainability, an IPS champion.",
         ("One or none of these is in place: leaders know the model, quality assurance at least every six "
          "months, the IPS lead in management meetings, plans for sustainability, an IPS champion.",
          "Two of those five are in place.",
          "Three of those five are in place.",
          "Four of those five are in place.",
          "All five are in place."), False),
    # --- Services ---------------------------------------------------------------------------------------
    # 12 [V] for the definition (benefits planning before a job starts and when hours or pay change); anchors [K].
    Item(12, SERV, "Work incentives planning",
         "Whether everyone is offered individual benefits planning (a better-off-in-work calculation) before "
         "starting work, and again when hours or pay change.",
         ("Benefits and work incentives are not discussed.",
          "Benefits are mentioned to some people, with no planning.",
          "People are referred to benefits advice, but not routinely before a job starts.",
          "Most people are offered a benefits calculation before starting work.",
          "Everyone is offered comprehensive, individual benefits planning before starting a job, and again "
          "when hours or pay change."), False),
    # 13 [K]: paraphrased; for prison leavers disclosure covers both mental health and the criminal record.
    Item(13, SERV, "Disclosure",
         "Whether each person makes an informed choice about what is disclosed to employers (mental health and "
         "criminal record), when and by whom.",
         ("People are told they must disclose, or disclosure is never discussed.",
          "Disclosure is discussed with few people.",
          "Disclosure is discussed with some people, covering one or two of: no requirement to disclose, pros and "
          "cons, what exactly to say, revisiting the choice.",
          "Most people make an informed choice, covering three of those four.",
          "Everyone makes an informed choice about what to disclose (mental health and criminal record), when and "
          "by whom, with no requirement to disclose, the pros and cons, what to say, and the choice revisited."),
         False),
    # 14 [K]: paraphrased.
    Item(14, SERV, "Ongoing, work-based vocational assessment",
         "Whether assessment is ongoing and built from real work experience rather than tests before placement.",
         ("Assessment is a separate step before placement (tests, work samples, sheltered work).",
          "Most assessment is done before placement and is rarely updated.",
          "Assessment is done at the start and updated now and then.",
          "Assessment is ongoing and updated with work experience for most people.",
          "Assessment is ongoing, built from job experiences and the person's preferences, and kept in an "
          "up-to-date vocational profile."), False),
    # 15 [V] for "within one month" (older 15-item scale); the day bands of the lower anchors are [K].
    Item(15, SERV, "Rapid search for a competitive job",
         "How soon after starting with the service the first face-to-face contact with an employer about a job "
         "for the person happens.",
         ("The first face-to-face employer contact is on average 271 days or more after starting.",
          "The first face-to-face employer contact is on average 151-270 days after starting.",
          "The first face-to-face employer contact is on average 61-150 days after starting.",
          "The first face-to-face employer contact is on average 31-60 days after starting.",
          "The first face-to-face employer contact is on average within 30 days (one month) of starting."), False),
    # 16 [K]: paraphrased.
    Item(16, SERV, "Individualised job search",
         "Whether the job search follows the person's own preferences, strengths and experience rather than "
         "what vacancies happen to be open.",
         ("The job search follows whatever vacancies are open, not the person's preferences.",
          "Preferences are recorded but rarely shape the job search.",
          "About half of the job search follows the person's preferences.",
          "Most of the job search follows the person's preferences, strengths and experience.",
          "Nearly all of the job search follows the person's own preferences, strengths, experience and needs, "
          "updated as they change."), False),
    # 17 [K]: target of 6 and the rough lower bands (4-5, 3, 2, 0-1) as the reference gives them.
    Item(17, SERV, "Job development: frequent employer contact",
         "Face-to-face employer contacts per specialist per week, client-specific and general, kept on a weekly "
         "log.",
         ("0-1 face-to-face employer contacts per specialist per week.",
          "2 face-to-face employer contacts per specialist per week.",
          "3 face-to-face employer contacts per specialist per week.",
          "4-5 face-to-face employer contacts per specialist per week.",
          "6 or more face-to-face employer contacts per specialist per week, recorded on a weekly log."), False),
    # 18 [K]: paraphrased.
    Item(18, SERV, "Job development: quality of employer contact",
         "Whether specialists build relationships with employers, learn their needs and explain what IPS offers.",
         ("Specialists meet employers only to drop off CVs or applications.",
          "Contacts are mostly about vacancies, rarely about the employer's needs.",
          "Specialists build relationships with some employers over several visits.",
          "Specialists build relationships with most employers, learning their needs and offering support.",
          "Specialists build relationships through repeated visits in person, learn each employer's needs, explain "
          "what IPS offers and describe how the person's strengths fit."), False),
    # 19 [K]: paraphrased; percentage bands from domain knowledge, unverified.
    Item(19, SERV, "Diversity of job types",
         "Whether the jobs people get are of different types rather than a few stock jobs.",
         ("Fewer than half of the jobs found are of different types.",
          "50-59% of the jobs found are of different types.",
          "60-69% of the jobs found are of different types.",
          "70-84% of the jobs found are of different types.",
          "85-100% of the jobs found are of different types."), False),
    # 20 [K]: paraphrased; percentage bands from domain knowledge, unverified.
    Item(20, SERV, "Diversity of employers",
         "Whether the jobs people get are with different employers rather than a few.",
         ("Fewer than half of the jobs found are with different employers.",
          "50-59% of the jobs found are with different employers.",
          "60-69% of the jobs found are with different employers.",
          "70-84% of the jobs found are with different employers.",
          "85-100% of the jobs found are with different employers."), False),
    # 21 [K]: "about 95% or more" as the reference gives it; the lower bands are from domain knowledge.
    Item(21, SERV, "Competitive jobs",
         "The share of jobs that are competitive: open to anyone, paying at least the minimum wage, not set "
         "aside for disabled people.",
         ("Less than 65% of jobs are competitive.",
          "65-74% of jobs are competitive.",
          "75-84% of jobs are competitive.",
          "85-94% of jobs are competitive.",
          "95% or more of jobs are competitive."), False),
    # 22 [K]: paraphrased.
    Item(22, SERV, "Individualised follow-along supports",
         "Whether people in work get support suited to them (and, with consent, to their employer).",
         ("Support after starting work is not offered, or is the same for everyone.",
          "Some in-work support is offered, mostly the same for everyone.",
          "Individual in-work support is given to about half of the people in work.",
          "Individual in-work support is given to most people in work and, with consent, their employers.",
          "Everyone in work gets individual support of varied kinds (job coaching, career development, benefit "
          "changes, health), and with consent their employer does too."), False),
    # 23 [K]: the contact pattern is as the reference gives it.
    Item(23, SERV, "Time-unlimited follow-along supports",
         "Whether in-work support follows the pattern: a week before starting, within 3 days after, weekly for "
         "the first month, then at least monthly for a year or more.",
         ("Specialists have no contact with people after they start work.",
          "In-work contact stops within a few weeks of starting.",
          "There is contact in the first month, then only now and then.",
          "There is contact soon after starting and at least monthly for six months or more.",
          "Contact about a week before starting, within 3 days after, weekly for the first month, then at least "
          "monthly for a year or more, as the person wishes."), False),
    # 24 [K]: "about 65% or more" as the reference gives it; the lower bands are from domain knowledge.
    Item(24, SERV, "Community-based services",
         "The share of the specialists' scheduled time spent out in the community (workplaces, homes, job "
         "search) rather than in the office.",
         ("Specialists spend 10% or less of their scheduled time in the community.",
          "Specialists spend 11-39% of their scheduled time in the community.",
          "Specialists spend 40-49% of their scheduled time in the community.",
          "Specialists spend 50-64% of their scheduled time in the community.",
          "Specialists spend 65% or more of their scheduled time in the community."), False),
    # 25 [K]: paraphrased (not closed for missed appointments; outreach documented).
    Item(25, SERV, "Assertive engagement and outreach by the integrated team",
         "Whether the service keeps reaching out when people miss appointments, with the mental health team, "
         "and records it.",
         ("Support is closed when people miss appointments, with no outreach.",
          "Outreach happens now and then and is not recorded.",
          "Some outreach (calls, letters) happens before closing and is sometimes recorded.",
          "The specialist reaches out repeatedly before closing, and usually records it.",
          "Support is not closed for missed appointments; the specialist and the mental health team reach out "
          "repeatedly in person, by phone and by letter, and record it."), False),
)  # fmt: skip

ITEM_COUNT = 25
MIN_SCORE, MAX_SCORE = 1, 5
SECTION_ITEMS: dict[Section, tuple[int, ...]] = {
    section: tuple(item.number for item in ITEMS if item.section == section) for section in Section
}
# Lowest total of each band, highest band first.
BAND_FLOORS: tuple[tuple[int, Band], ...] = (
    (115, Band.EXEMPLARY),
    (100, Band.GOOD),
    (74, Band.FAIR),
    (ITEM_COUNT * MIN_SCORE, Band.NOT_SUPPORTED_EMPLOYMENT),
)


def item(number: int) -> Item:
    return ITEMS[number - 1]


def band_for(total: int) -> Band:
    """The band of a total between 25 and 125."""
    if not ITEM_COUNT * MIN_SCORE <= total <= ITEM_COUNT * MAX_SCORE:
        raise ValueError(f"a total of 25 items scored 1-5 is between 25 and 125; got {total}")
    for floor, band in BAND_FLOORS:
        if total >= floor:
            return band
    raise AssertionError("unreachable: the last floor is the lowest possible total")  # pragma: no cover


def band_range_text(band: Band) -> str:
    floors = {b: f for f, b in BAND_FLOORS}
    ordered = [b for _, b in BAND_FLOORS]
    index = ordered.index(band)
    top = ITEM_COUNT * MAX_SCORE if index == 0 else floors[ordered[index - 1]] - 1
    if band == Band.NOT_SUPPORTED_EMPLOYMENT:
        return f"{top} or less"
    return f"{floors[band]}-{top}"


@dataclass(frozen=True)
class FidelityScore:
    total: int
    band: Band
    sections: dict[Section, int]
    explanation: str

    def as_json(self) -> dict[str, object]:
        return {
            "total": self.total,
            "band": self.band.value,
            "sections": {section.value: self.sections[section] for section in Section},
        }


def check_scores(scores: Sequence[object]) -> list[int]:
    """25 whole numbers 1-5 (booleans are not numbers here), or ValueError saying which item is wrong."""
    if isinstance(scores, str | bytes) or len(scores) != ITEM_COUNT:
        raise ValueError(f"there must be exactly {ITEM_COUNT} scores, one per item; got {len(scores)}")
    checked: list[int] = []
    for index, score in enumerate(scores):
        if isinstance(score, bool) or not isinstance(score, int) or not MIN_SCORE <= score <= MAX_SCORE:
            raise ValueError(f"item {index + 1} must be a whole number from 1 to 5; got {score!r}")
        checked.append(score)
    return checked


def score_review(scores: Sequence[int]) -> FidelityScore:
    """Total, band and section totals of 25 item scores given in item order."""
    checked = check_scores(scores)
    total = sum(checked)
    sections = {section: sum(checked[n - 1] for n in numbers) for section, numbers in SECTION_ITEMS.items()}
    band = band_for(total)
    section_text = ", ".join(
        f"{section.label} {sections[section]} of {len(SECTION_ITEMS[section]) * MAX_SCORE}" for section in Section
    )
    low = [n for n, score in enumerate(checked, start=1) if score <= 2]
    low_text = (
        f" Items scored 1 or 2, where an action plan matters most: {', '.join(str(n) for n in low)}." if low else ""
    )
    explanation = (
        f"The 25 item scores add up to {total} out of 125 ({section_text}). "
        f"A total of {band_range_text(band)} is {band.label.lower()}.{low_text}"
    )
    return FidelityScore(total, band, sections, explanation)


# --- Suggested scores from the service's own data -------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    """A score the data suggests for one item, or None when the data cannot say; always with the reason."""

    item: int
    score: int | None
    explanation: str


def _pick(value: Fraction, floors: Sequence[tuple[Fraction, int]]) -> int:
    """The score of the first (highest) floor the value reaches; floors run from score 5 down."""
    for floor, score in floors:
        if value >= floor:
            return score
    return 1


def _percent(value: Fraction) -> str:
    return f"{float(value * 100):.0f}%"


def suggest_caseload(*, people: int, specialists: int) -> Suggestion:
    """Item 1: people on the caseload per specialist. 20 or fewer is 5; 21-25 is 4; 26-30 is 3; 31-40 is 2;
    41 or more is 1. A fractional average between bands goes to the lower score (20.5 is more than 20)."""
    if people < 0 or specialists < 0:
        raise ValueError("counts cannot be negative")
    if specialists == 0:
        return Suggestion(1, None, "No specialists are recorded in the team, so a caseload per specialist cannot "
                                   "be worked out.")  # fmt: skip
    per = Fraction(people, specialists)
    score = 5 if per <= 20 else 4 if per <= 25 else 3 if per <= 30 else 2 if per <= 40 else 1
    return Suggestion(
        1,
        score,
        f"{people} people on the caseload shared by {specialists} specialist{'s' if specialists != 1 else ''} is "
        f"{float(per):.1f} per specialist, which suggests {score}: {item(1).anchor(score)}",
    )


def suggest_employer_contacts(*, contacts: int, specialist_weeks: int) -> Suggestion:
    """Item 17: face-to-face employer contacts per specialist per week (an average over specialist-weeks).
    6 or more is 5; 4 to under 6 is 4; 3 to under 4 is 3; 2 to under 3 is 2; under 2 is 1."""
    if contacts < 0 or specialist_weeks < 0:
        raise ValueError("counts cannot be negative")
    if specialist_weeks == 0:
        return Suggestion(17, None, "No specialist-weeks in the period, so a weekly rate cannot be worked out.")
    rate = Fraction(contacts, specialist_weeks)
    score = _pick(rate, [(Fraction(6), 5), (Fraction(4), 4), (Fraction(3), 3), (Fraction(2), 2)])
    return Suggestion(
        17,
        score,
        f"{contacts} face-to-face employer contacts over {specialist_weeks} specialist-weeks is {float(rate):.1f} "
        f"per specialist per week against a target of 6, which suggests {score}: {item(17).anchor(score)}",
    )


def suggest_competitive_share(*, competitive: int, jobs: int) -> Suggestion:
    """Item 21: the share of jobs that are competitive. 95% or more is 5; 85-94% is 4; 75-84% is 3; 65-74% is 2;
    under 65% is 1."""
    if competitive < 0 or jobs < 0 or competitive > jobs:
        raise ValueError("competitive jobs must be between 0 and the number of jobs")
    if jobs == 0:
        return Suggestion(21, None, "No jobs started in the period, so the share of competitive jobs is unknown.")
    share = Fraction(competitive, jobs)
    score = _pick(
        share, [(Fraction(95, 100), 5), (Fraction(85, 100), 4), (Fraction(75, 100), 3), (Fraction(65, 100), 2)]
    )
    return Suggestion(
        21,
        score,
        f"{competitive} of {jobs} jobs ({_percent(share)}) are competitive, which suggests {score}: "
        f"{item(21).anchor(score)}",
    )


def suggest_community_share(*, community: int, contacts: int) -> Suggestion:
    """Item 24: the share of face-to-face contacts held in the community rather than in an office or prison,
    standing in for the share of scheduled time. 65% or more is 5; 50-64% is 4; 40-49% is 3; 11-39% is 2;
    10% or less is 1."""
    if community < 0 or contacts < 0 or community > contacts:
        raise ValueError("community contacts must be between 0 and the number of contacts")
    if contacts == 0:
        return Suggestion(24, None, "No face-to-face contacts in the period, so the community share is unknown.")
    share = Fraction(community, contacts)
    score = 1 if share <= Fraction(10, 100) else _pick(share, [(Fraction(65, 100), 5), (Fraction(50, 100), 4),
                                                              (Fraction(40, 100), 3), (Fraction(0), 2)])  # fmt: skip
    return Suggestion(
        24,
        score,
        f"{community} of {contacts} face-to-face contacts ({_percent(share)}) were in the community, which "
        f"suggests {score}: {item(24).anchor(score)} (The share of contacts stands in for the share of time.)",
    )


def suggest_rapid_search(*, median_days: float | None, people: int) -> Suggestion:
    """Item 15: the typical (median) number of days from starting to the first face-to-face employer contact.
    30 or fewer is 5; 31-60 is 4; 61-150 is 3; 151-270 is 2; 271 or more is 1. Part days round up."""
    if people < 0:
        raise ValueError("counts cannot be negative")
    if median_days is None or people == 0:
        return Suggestion(15, None, "Nobody who started in the period has had a face-to-face employer contact yet, "
                                    "so the time to first contact is unknown.")  # fmt: skip
    if median_days < 0:
        raise ValueError("days cannot be negative")
    days = Fraction(median_days).limit_denominator(2)
    score = 5 if days <= 30 else 4 if days <= 60 else 3 if days <= 150 else 2 if days <= 270 else 1
    return Suggestion(
        15,
        score,
        f"The median time to the first face-to-face employer contact is {float(days):g} days (over {people} "
        f"{'person' if people == 1 else 'people'} who had one), which suggests {score}: {item(15).anchor(score)}",
    )
