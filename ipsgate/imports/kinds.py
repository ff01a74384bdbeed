"""What each kind of import reads and how each row is checked and written: through the forms and services the pages
use (one set of rules). A row is turned into the data its page's form would post, the form validates it (with the
importer as the user, so a team leader's form offers only their team's sites and specialists), and writing calls
the page's service. Nothing here writes by itself.

People rows are many (a caseload of 10,000), so their forms are given the lookups they need for a whole chunk of
rows at once (`ParticipantFormLookups`: sites, specialists, who holds each prison number), and their rows are
written together through the batch form of each service (`participants_refer`, `participants_update`,
`referrals_decide`; the page's one-record service is the batch of one).

- Release list: `people.forms.ParticipantEditForm` and `people.services.participants_update`, exactly as the
  "Change details" page does when someone types a new expected release date; the To do tasks follow from the date
  (`rules.reminders`), so they move as they would after a typed change.
- Caseload: a new person through the referral intake (`casework.forms.ReferralIntakeForm` and
  `casework.services.participants_refer`, which also allocates the evaluation arm), accepted through
  `people.forms.ReferralDecisionForm` and `people.services.referrals_decide`; a known prison number through the
  edit form and `participants_update`, changing only the columns the file has. A known person's referral awaiting
  a decision is accepted through the same decision form and service; the referral's own details are never changed
  (the row says so when they differ). An optional job goal goes to the vocational profile through the goals
  section's form (`journey.forms.GoalsForm`) and service (`journey.services.profile_section_save`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from ipsgate.casework.forms import IntakeLookups, ReferralIntakeForm
from ipsgate.casework.services import ReferralDetails, participants_refer
from ipsgate.core.batch_writes import BatchItemInvalid
from ipsgate.core.forms import FormForMany, GovukDateField, past_date
from ipsgate.core.models import Site, User
from ipsgate.employers.choices import DbsLevel, PartnershipLevel, PayPeriod, VacancyStatus
from ipsgate.employers.forms import ContactPersonForm, EmployerForm, VacancyForm
from ipsgate.employers.models import Employer, Vacancy
from ipsgate.employers.services import contact_person_add, employer_save, vacancy_save
from ipsgate.evaluation.services import RANDOM
from ipsgate.journey.forms import GoalsForm
from ipsgate.journey.models import VocationalProfile
from ipsgate.journey.services import PROFILE_SECTIONS, profile_section_save
from ipsgate.partners.choices import PartnerKind, Pathway
from ipsgate.partners.forms import PartnerForm
from ipsgate.partners.models import Partner
from ipsgate.partners.services import partner_save, tidy_areas
from ipsgate.people.choices import IN_CUSTODY_STATUSES, CustodyStatus, ReferralOutcome, ReferralSource, Sex
from ipsgate.people.forms import ParticipantEditForm, ReferralDecisionForm
from ipsgate.people.models import Episode, Participant, Referral
from ipsgate.people.services import (
    LOOKUP_CHUNK,
    Decision,
    PrisonNumberHolders,
    participants_update,
    referrals_decide,
)
from ipsgate.people.validators import normalise_prison_number
from ipsgate.rules.randomisation import Arm

from .models import ImportKind
from .reading import heading_key

CREATE, UPDATE, UNCHANGED, NOT_KNOWN = "create", "update", "unchanged", "not known"
ACTION_TEXT = {CREATE: "Create", UPDATE: "Update", UNCHANGED: "No change", NOT_KNOWN: "Not in the service"}
DATE_HELP = "as YYYY-MM-DD or DD/MM/YYYY, for example 2027-03-14 or 14/03/2027"
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


@dataclass(frozen=True)
class Column:
    heading: str
    field: str  # the form field, or a name the kind reads itself
    required: bool = False  # the file must have this column
    needed_to_create: bool = False  # a row that creates a record must fill it
    example: str = ""
    hint: str = ""

    @property
    def key(self) -> str:
        return heading_key(self.heading)


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class RowResult:
    """What one row will do (or, on confirming, did): create, update, unchanged or not known, in words."""

    row: int
    action: str
    label: str
    detail: str = ""
    errors: list[RowError] = field(default_factory=list)
    write: Callable[[], Participant | None] | None = None  # one row written alone (employers, vacancies, partners)
    plan: CreatePerson | UpdatePerson | None = None  # one row of a batch written together (people)
    summary: str = ""  # what the person's timeline says about the write
    participant_id: int | None = None  # the person on record the row names: showing the row is a read of them

    @property
    def writes(self) -> bool:
        return self.write is not None or self.plan is not None

    @property
    def action_text(self) -> str:
        return ACTION_TEXT[self.action]


@dataclass(frozen=True)
class CreatePerson:
    """A new person and their referral; released on `released`; accepted on `accepted_on` (None: awaiting)."""

    details: ReferralDetails
    released: datetime.date | None = None
    accepted_on: datetime.date | None = None
    goals: dict[str, Any] | None = None  # the goals section of the vocational profile to save


@dataclass(frozen=True)
class UpdatePerson:
    person: Participant
    changes: dict[str, Any]
    accept: Referral | None = None  # their referral awaiting a decision, accepted on `accepted_on`
    accepted_on: datetime.date | None = None
    goals: dict[str, Any] | None = None  # the goals section of the vocational profile to save


class RowsRefused(Exception):
    """Writing found a row it could not write (its errors are on its result): nothing is written."""


def parse_date(text: str) -> datetime.date:
    """YYYY-MM-DD or DD/MM/YYYY (what spreadsheets write in the UK); ValueError otherwise."""
    text = text.strip()
    if match := ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise ValueError(text)
    return datetime.date(year, month, day)


def choice_value(text: str, choices: Iterable[tuple[str, str]]) -> str | None:
    """The stored value of a choice written as its value or its label, in any case."""
    wanted = " ".join(text.split()).lower()
    for value, label in choices:
        short = str(label).split(" (")[0].lower()  # "Daytime (about 8am to 6pm)" is also "Daytime"
        if wanted in (str(value).lower(), str(label).lower(), short):
            return str(value)
    return None


YES_WORDS = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False}


def _labels(choices: Iterable[tuple[str, str]]) -> str:
    return ", ".join(str(label) for _, label in choices)


def date_form_data(name: str, value: datetime.date | None) -> dict[str, str]:
    """A date as the GOV.UK date input posts it (day, month and year boxes)."""
    if value is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {f"{name}_day": str(value.day), f"{name}_month": str(value.month), f"{name}_year": str(value.year)}


def form_data(form_class: type[forms.Form], values: dict[str, Any]) -> dict[str, str]:
    """Values as the form's page would post them: dates in three boxes, records by id, yes/no as words."""
    data: dict[str, str] = {}
    for name, value in values.items():
        if isinstance(form_class.base_fields.get(name), GovukDateField):
            data.update(date_form_data(name, value))
        elif isinstance(value, Model):
            data[name] = str(value.pk)
        elif isinstance(value, bool):
            data[name] = "yes" if value else "no"
        else:
            data[name] = "" if value is None else str(value)
    return data


@dataclass
class Context:
    """What every row of one import needs, looked up once: the importer, their sites and specialists, every site by
    name and prison code, staff by username."""

    actor: User
    file_name: str
    today: datetime.date
    sites: dict[str, Site]
    users: dict[str, User]
    form_lookups: IntakeLookups  # what the people forms check against, without anyone's prison number yet
    decision_forms: dict[datetime.date, FormForMany[ReferralDecisionForm]] = field(default_factory=dict)

    @classmethod
    def for_user(cls, actor: User, *, file_name: str) -> Context:
        sites: dict[str, Site] = {}
        for site in Site.objects.all():
            sites[heading_key(site.name)] = site
            if site.prison_code:
                sites[heading_key(site.prison_code)] = site
        lookups = IntakeLookups.for_user(actor)
        return cls(
            actor=actor,
            file_name=file_name,
            today=timezone.localdate(),
            sites=sites,
            users={user.username.lower(): user for user in User.objects.filter(is_active=True)},
            form_lookups=lookups,
        )

    @property
    def allowed_sites(self) -> dict[int, Site]:
        """The sites this importer may place people at (by id)."""
        return self.form_lookups.sites

    @property
    def allowed_specialists(self) -> dict[int, User]:
        """The specialists this importer may allocate people to (by id)."""
        return self.form_lookups.specialists

    @property
    def trial_running(self) -> bool:
        return self.form_lookups.random_allowed

    def decision_form(self, referral_date: datetime.date) -> FormForMany[ReferralDecisionForm]:
        """The referral decision form for referrals made on this date, made once for the whole file."""
        if referral_date not in self.decision_forms:
            self.decision_forms[referral_date] = FormForMany(ReferralDecisionForm, referral_date=referral_date)
        return self.decision_forms[referral_date]

    def lookups_for(self, numbers: Iterable[str]) -> IntakeLookups:
        """The forms' lookups with who holds each of these prison numbers (a chunk of the file's rows)."""
        return replace(self.form_lookups, holders=PrisonNumberHolders.lookup(self.actor, numbers))


class RowReader:
    """One row's cells by column, and the errors found while reading them."""

    def __init__(self, number: int, cells: dict[str, str], columns: dict[str, Column]) -> None:
        self.number = number
        self.cells = cells
        self.columns = columns
        self.errors: list[RowError] = []

    def has(self, field_name: str) -> bool:
        return field_name in self.cells

    def text(self, field_name: str) -> str:
        return self.cells.get(field_name, "").strip()

    def error(self, field_name: str, message: str) -> None:
        column = self.columns[field_name].heading if field_name in self.columns else ""
        if not any(e.column == column and e.message == message for e in self.errors):
            self.errors.append(RowError(self.number, column, message))

    def erred(self, field_name: str) -> bool:
        column = self.columns[field_name].heading if field_name in self.columns else ""
        return any(e.column == column for e in self.errors)

    def date(self, field_name: str) -> datetime.date | None:
        text = self.text(field_name)
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError:
            heading = self.columns[field_name].heading
            if ISO_DATE.fullmatch(text) or DAY_MONTH_YEAR.fullmatch(text):  # written right, but no such day
                self.error(field_name, f"{heading} must be a real date: there is no {text}")
            else:
                self.error(field_name, f"Enter the {heading.lower()} {DATE_HELP}")
            return None

    def choice(self, field_name: str, choices: Sequence[tuple[str, str]]) -> str | None:
        text = self.text(field_name)
        if not text:
            return None
        value = choice_value(text, choices)
        if value is None:
            self.error(field_name, f"{self.columns[field_name].heading} must be one of: {_labels(choices)}")
        return value

    def yes_no(self, field_name: str) -> bool | None:
        text = self.text(field_name).lower()
        if not text:
            return None
        if text not in YES_WORDS:
            self.error(field_name, f"{self.columns[field_name].heading} must be yes or no")
            return None
        return YES_WORDS[text]

    def form_errors(self, form: forms.Form, fields_to_columns: dict[str, str]) -> None:
        """The form's messages on this row, each under the file's column for the field (a field the file has no
        column for, or a message about the whole row, under no column)."""
        for name, messages in form.errors.items():
            column_field = fields_to_columns.get(name, name)
            if self.erred(column_field):
                continue  # the cell was already reported (a date or choice that could not be read)
            for message in messages:
                self.error(column_field, str(message))


class ImportKindSpec:
    kind: ImportKind
    columns: tuple[Column, ...]
    unique_field: str | None = None  # no two rows may share it (prison numbers)
    intro: str = ""

    def column_map(self) -> dict[str, Column]:
        return {column.field: column for column in self.columns}

    def check_rows(self, context: Context, rows: list[RowReader]) -> list[RowResult]:
        raise NotImplementedError

    def write_rows(self, context: Context, results: list[RowResult]) -> list[tuple[RowResult, Participant | None]]:
        """Write every row that writes, each through its page's service; what each wrote to a participant."""
        written: list[tuple[RowResult, Participant | None]] = []
        for result in results:
            if result.write is None:
                continue
            try:
                written.append((result, result.write()))
            except ValidationError as error:
                result.errors.extend(RowError(result.row, "", message) for message in error.messages)
                raise RowsRefused from None
        return written


# --- Release list -------------------------------------------------------------------------------------------------


def participants_by_prison_number(actor: User, numbers: Iterable[str]) -> dict[str, Participant]:
    """The people this user may see with these prison numbers (a few queries, however long the file)."""
    wanted = sorted({n for n in numbers if n})
    found: dict[str, Participant] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        people = (
            Participant.objects.visible_to(actor)
            .filter(prison_number__in=chunk)
            .select_related("current_site", "allocated_specialist")
        )
        found.update({person.prison_number: person for person in people})
    return found


def naming_who_is_known(results: list[RowResult], numbers: list[str], known: dict[str, Participant]) -> list[RowResult]:
    """Each row's result marked with the person on record its prison number names, if any (the page that shows the
    row audits it as a read of that person)."""
    for result, number in zip(results, numbers, strict=True):
        person = known.get(number) if number else None
        result.participant_id = person.pk if person is not None else None
    return results


def edit_values(participant: Participant) -> dict[str, Any]:
    """A participant's details as the edit form shows them."""
    return {name: getattr(participant, name) for name in ParticipantEditForm.field_order}


def _day(value: datetime.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else "not known"


class ReleaseListKind(ImportKindSpec):
    kind = ImportKind.RELEASE_LIST
    unique_field = "prison_number"
    intro = (
        "The prison's list of expected release dates. It changes the expected release date of people already in the "
        "service, exactly as changing it on their details page does, so their To do tasks move with it. It never "
        "adds people: prison numbers it does not know are listed and left alone."
    )
    columns = (
        Column("Prison number", "prison_number", required=True, example="A1234BC"),
        Column("Expected release date", "expected_release_date", required=True, example="2027-03-14", hint=DATE_HELP),
        Column("Release type", "release_type", example="Conditional release date", hint="Optional"),
        Column("Prison", "prison", example="HMP Example", hint="Optional: the prison's name or code"),
    )

    def check_rows(self, context: Context, rows: list[RowReader]) -> list[RowResult]:
        numbers = [normalise_prison_number(r.text("prison_number")) for r in rows]
        known = participants_by_prison_number(context.actor, numbers)
        lookups = context.lookups_for(numbers)
        return naming_who_is_known([self._check(context, row, known, lookups) for row in rows], numbers, known)

    def write_rows(self, context: Context, results: list[RowResult]) -> list[tuple[RowResult, Participant | None]]:
        return write_people(context, results)

    def _check(
        self, context: Context, row: RowReader, known: dict[str, Participant], lookups: IntakeLookups
    ) -> RowResult:
        number = normalise_prison_number(row.text("prison_number"))
        new_date = row.date("expected_release_date")
        release_type = row.text("release_type")[:60]
        if not number:
            row.error("prison_number", "Enter the prison number, for example A1234BC")
        elif not re.fullmatch(r"[A-Z][0-9]{4}[A-Z]{2}", number):
            row.error(
                "prison_number", "Enter a prison number in the format A1234BC: a letter, 4 numbers, then 2 letters"
            )
        if not row.text("expected_release_date") and not row.erred("expected_release_date"):
            row.error("expected_release_date", f"Enter the expected release date {DATE_HELP}")
        person = known.get(number)
        if row.errors:
            return RowResult(row.number, UNCHANGED, number, errors=row.errors)
        if person is None:
            return RowResult(row.number, NOT_KNOWN, number, "Nobody in the service you can see has this number")
        if row.text("prison"):
            prison = context.sites.get(heading_key(row.text("prison")))
            if prison is None:
                row.error("prison", f"There is no prison called {row.text('prison')}. Use its name or 3-letter code")
            elif prison.pk != person.current_site_id:
                row.error("prison", f"{number} is recorded at {person.current_site.name}, not {prison.name}")
        if person.custody_status not in IN_CUSTODY_STATUSES:
            row.error(
                "prison_number",
                f"{number} has been released, so their expected release date is not changed from a release list",
            )
        if row.errors:
            return RowResult(row.number, UNCHANGED, number, errors=row.errors)
        values = {**edit_values(person), "expected_release_date": new_date}
        form = ParticipantEditForm(
            form_data(ParticipantEditForm, values), user=context.actor, participant=person, lookups=lookups
        )
        if not form.is_valid():
            row.form_errors(form, {})
            return RowResult(row.number, UNCHANGED, number, errors=row.errors)
        old = person.expected_release_date
        if form.cleaned_data["expected_release_date"] == old:
            return RowResult(row.number, UNCHANGED, number, f"Expected release stays {_day(old)}")
        cleaned = form.cleaned_data
        detail = f"Expected release {_day(old)} → {_day(new_date)}"
        summary = f"Expected release date changed from {_day(old)} to {_day(new_date)} by the prison's release list"
        if release_type:
            summary += f" ({release_type})"
        plan = UpdatePerson(person, cleaned)
        return RowResult(row.number, UPDATE, number, detail, plan=plan, summary=summary)


# --- Caseload -----------------------------------------------------------------------------------------------------

ARM_CHOICES = ((Arm.IPS.value, "IPS"), (Arm.SAU.value, "Service as usual"), (RANDOM, "Random"))
RELEASED_STATUSES = (CustodyStatus.RELEASED_ON_LICENCE, CustodyStatus.IN_COMMUNITY)
PERSON_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "date_of_birth",
    "current_site",
    "custody_status",
    "expected_release_date",
    "actual_release_date",
    "allocated_specialist",
    "sex",
)
REFERRAL_FIELDS = ("source", "referral_date", "referrer_name", "referrer_organisation", "wants_paid_work")
GOALS_FIELDS = PROFILE_SECTIONS["goals"]
NO_GOALS: dict[str, Any] = {"job_sectors": [], "job_goal": "", "hours_wanted": "", "min_hours_per_week": None,
                            "max_hours_per_week": None}  # fmt: skip
REFERRAL_NOT_CHANGED = (
    "Referral details differ from their latest referral: referral details are not changed by an import"
)


@dataclass
class PeopleFacts:
    """What the caseload rows of known people are checked against, looked up once a chunk (a few queries however
    many rows): each person's latest referral, who has an open episode, and the goals section of each profile."""

    referrals: dict[int, Referral] = field(default_factory=dict)
    open_episodes: set[int] = field(default_factory=set)
    goals: dict[int, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def lookup(cls, people: Iterable[Participant], *, referrals: bool, goals: bool) -> PeopleFacts:
        facts = cls()
        ids = sorted(person.pk for person in people)
        for start in range(0, len(ids), LOOKUP_CHUNK):
            chunk = ids[start : start + LOOKUP_CHUNK]
            if referrals:
                latest_first = Referral.objects.filter(participant_id__in=chunk).order_by(
                    "participant_id", "-referral_date", "-id"
                )
                for referral in latest_first:
                    facts.referrals.setdefault(referral.participant_id, referral)
                open_episodes = Episode.objects.filter(participant_id__in=chunk, end_date__isnull=True)
                facts.open_episodes.update(open_episodes.values_list("participant_id", flat=True))
            if goals:
                profiles = VocationalProfile.objects.filter(participant_id__in=chunk)
                for values in profiles.values("participant_id", *GOALS_FIELDS):
                    facts.goals[values.pop("participant_id")] = values
        return facts


def goals_form(values: Mapping[str, Any]) -> GoalsForm:
    """The vocational profile's goals section as its page posts it."""
    data: MultiValueDict[str, str] = MultiValueDict()
    for name, value in values.items():
        if isinstance(value, list):
            data.setlist(name, [str(v) for v in value])
        else:
            data[name] = "" if value is None else str(value)
    return GoalsForm(data)


class CaseloadKind(ImportKindSpec):
    kind = ImportKind.CASELOAD
    unique_field = "prison_number"
    intro = (
        "The people the service supports, each with their referral. A prison number already in the service updates "
        "that person, changing only the columns in the file; any other row adds a person through the same referral "
        "form as the New referral page (with their evaluation arm). For someone already in the service, Accepted "
        "yes accepts their referral awaiting a decision; their referral's details are not changed. A job goal is "
        "saved to the person's vocational profile."
    )
    columns = (
        Column("Prison number", "prison_number", required=True, example="A1234BC", hint="Blank if the person has none"),
        Column("First name", "given_name", needed_to_create=True, example="Sam"),
        Column("Last name", "family_name", needed_to_create=True, example="Example"),
        Column("Preferred name", "preferred_name", hint="Optional"),
        Column("Date of birth", "date_of_birth", needed_to_create=True, example="1990-03-27", hint=DATE_HELP),
        Column("Site", "current_site", needed_to_create=True, example="", hint="The site's name or prison code"),
        Column(
            "Custody status",
            "custody_status",
            needed_to_create=True,
            example="In custody",
            hint=_labels(CustodyStatus.choices),
        ),
        Column("Expected release date", "expected_release_date", example="2027-03-14", hint=DATE_HELP),
        Column("Actual release date", "actual_release_date", hint=DATE_HELP),
        Column("Specialist", "allocated_specialist", needed_to_create=True, example="", hint="Their username"),
        Column(
            "Referral source",
            "source",
            needed_to_create=True,
            example="Prison mental health in-reach team",
            hint=_labels(ReferralSource.choices),
        ),
        Column("Referral date", "referral_date", needed_to_create=True, example="2026-11-02", hint=DATE_HELP),
        Column("Referrer name", "referrer_name", needed_to_create=True, example="A Referrer"),
        Column("Referrer organisation", "referrer_organisation", hint="Optional"),
        Column("Wants paid work", "wants_paid_work", needed_to_create=True, example="yes", hint="yes or no"),
        Column(
            "Accepted",
            "accepted",
            example="yes",
            hint="yes: the referral was accepted and support has started (for someone already in the service, "
            "accepts their referral awaiting a decision)",
        ),
        Column("Accepted on", "accepted_on", example="2026-11-09", hint="Optional; the referral date if blank"),
        Column("Sex", "sex", hint=f"Optional: {_labels(Sex.choices)}"),
        Column("Evaluation arm", "evaluation_arm", hint="Optional: IPS, Service as usual or Random"),
        Column("Peer mentoring", "mentoring", hint="Optional: yes or no"),
        Column(
            "Job goal",
            "job_goal",
            example="Work outdoors, maybe landscaping",
            hint="Optional: the person's job goal in their own words, saved to their vocational profile",
        ),
    )

    def check_rows(self, context: Context, rows: list[RowReader]) -> list[RowResult]:
        numbers = [normalise_prison_number(r.text("prison_number")) for r in rows]
        known = participants_by_prison_number(context.actor, numbers)
        lookups = context.lookups_for(numbers)
        facts = PeopleFacts.lookup(
            known.values(),
            referrals=any(row.has(name) for row in rows for name in ("accepted", *REFERRAL_FIELDS)),
            goals=any(row.has("job_goal") for row in rows),
        )
        intake = FormForMany(ReferralIntakeForm, user=context.actor, lookups=lookups)  # one a chunk of rows
        results = [self._check(context, row, known, lookups, intake, facts) for row in rows]
        return naming_who_is_known(results, numbers, known)

    def write_rows(self, context: Context, results: list[RowResult]) -> list[tuple[RowResult, Participant | None]]:
        return write_people(context, results)

    def _values(self, context: Context, row: RowReader) -> dict[str, Any]:
        """The cells the row has, read into form values (a cell that cannot be read is an error on its column)."""
        values: dict[str, Any] = {}
        for name in ("given_name", "family_name", "preferred_name", "referrer_name", "referrer_organisation"):
            if row.has(name):
                values[name] = row.text(name)
        for name in ("date_of_birth", "expected_release_date", "actual_release_date", "referral_date", "accepted_on"):
            if row.has(name):
                values[name] = row.date(name)
        if row.has("custody_status"):
            values["custody_status"] = row.choice("custody_status", CustodyStatus.choices) or ""
        if row.has("source"):
            values["source"] = row.choice("source", ReferralSource.choices) or ""
        if row.has("sex"):
            values["sex"] = row.choice("sex", Sex.choices) or ""
        if row.has("wants_paid_work"):
            values["wants_paid_work"] = row.yes_no("wants_paid_work")
        if row.has("current_site") and row.text("current_site"):
            site = context.sites.get(heading_key(row.text("current_site")))
            if site is None:
                row.error(
                    "current_site",
                    f"There is no site called {row.text('current_site')}. Use a site's name or prison code",
                )
            elif site.pk not in context.allowed_sites:
                row.error(
                    "current_site",
                    f"{site.name} is not one of your team's sites. You can import only into your team's sites",
                )
            values["current_site"] = site
        if row.has("allocated_specialist") and row.text("allocated_specialist"):
            username = row.text("allocated_specialist")
            user = context.users.get(username.lower())
            if user is None or user.role != "specialist":
                row.error("allocated_specialist", f"There is no employment specialist with the username {username}")
            elif user.pk not in context.allowed_specialists:
                row.error(
                    "allocated_specialist",
                    f"{username} is not in your team. You can allocate people only to your team's specialists",
                )
            values["allocated_specialist"] = user
        return values

    def _check(
        self,
        context: Context,
        row: RowReader,
        known: dict[str, Participant],
        lookups: IntakeLookups,
        intake: FormForMany[ReferralIntakeForm],
        facts: PeopleFacts | None = None,
    ) -> RowResult:
        number = normalise_prison_number(row.text("prison_number"))
        person = known.get(number) if number else None
        values = self._values(context, row)
        if person is not None:
            return self._update(context, row, person, values, lookups, facts or PeopleFacts())
        return self._create(context, row, number, values, intake)

    def _goals(self, row: RowReader, on_record: dict[str, Any] | None) -> dict[str, Any] | None:
        """The goals section to save with the row's job goal, checked by the section's form; None when the cell is
        blank or the goal is already on record. The section's other answers stay as on record (an import does not
        fill them in, so the form's questions about them are not the file's to answer)."""
        text = row.text("job_goal")
        if not text:
            return None
        section = dict(on_record if on_record is not None else NO_GOALS)
        form = goals_form({**section, "job_goal": text})
        form.is_valid()
        if "job_goal" in form.errors:
            for message in form.errors["job_goal"]:
                row.error("job_goal", str(message))
            return None
        goal = form.cleaned_data["job_goal"]
        if goal == section["job_goal"]:
            return None
        return {**section, "job_goal": goal}

    def _acceptance(
        self, context: Context, row: RowReader, person: Participant, values: dict[str, Any], facts: PeopleFacts
    ) -> tuple[Referral, datetime.date] | None:
        """Accepted = yes for a known person: their referral awaiting a decision, accepted through the decision
        page's form (on Accepted on, or the referral's date); nothing if they are already supported."""
        if not row.has("accepted") or not row.yes_no("accepted") or person.pk in facts.open_episodes:
            return None
        referral = facts.referrals.get(person.pk)
        number = person.prison_number
        if referral is None or referral.outcome:
            said = f"{number} has no referral awaiting a decision"
            if referral is not None and referral.outcome != ReferralOutcome.ACCEPTED:
                outcome = ReferralOutcome(referral.outcome).label
                said = f"{number}'s latest referral was closed as {outcome}, so there is no referral to accept"
            row.error("accepted", f"{said}. Make a new referral on their page")
            return None
        form = context.decision_form(referral.referral_date).bound(
            {
                "outcome": ReferralOutcome.ACCEPTED,
                **date_form_data("outcome_date", values.get("accepted_on") or referral.referral_date),
            }
        )
        if not form.is_valid():
            row.form_errors(form, {"outcome_date": "accepted_on"})
            return None
        return referral, form.cleaned_data["outcome_date"]

    @staticmethod
    def _referral_differs(values: dict[str, Any], referral: Referral | None) -> bool:
        """The row fills a referral column with something other than the person's latest referral says."""
        given = {name: values[name] for name in REFERRAL_FIELDS if values.get(name) not in ("", None)}
        return bool(given) and (referral is None or any(getattr(referral, n) != v for n, v in given.items()))

    def _update(
        self,
        context: Context,
        row: RowReader,
        person: Participant,
        values: dict[str, Any],
        lookups: IntakeLookups,
        facts: PeopleFacts | None = None,
    ) -> RowResult:
        label = f"{person.display_name} ({person.prison_number})"
        changes = {name: values[name] for name in PERSON_FIELDS if name in values}
        for name in PERSON_FIELDS:  # a blank cell in a column a new person needs means "no change"
            if name in changes and changes[name] in ("", None) and self.column_map()[name].needed_to_create:
                del changes[name]
        facts = facts or PeopleFacts()
        acceptance = self._acceptance(context, row, person, values, facts)
        goals = self._goals(row, facts.goals.get(person.pk)) if row.has("job_goal") else None
        if row.errors:
            return RowResult(row.number, UNCHANGED, label, errors=row.errors)
        form = ParticipantEditForm(
            form_data(ParticipantEditForm, {**edit_values(person), **changes}),
            user=context.actor,
            participant=person,
            lookups=lookups,
        )
        if not form.is_valid():
            row.form_errors(form, {})
            return RowResult(row.number, UNCHANGED, label, errors=row.errors)
        cleaned = form.cleaned_data
        changed = [name for name in PERSON_FIELDS if name in cleaned and cleaned[name] != getattr(person, name)]
        if goals is not None:
            changed.append("job_goal")
        notes = [REFERRAL_NOT_CHANGED] if self._referral_differs(values, facts.referrals.get(person.pk)) else []
        if not changed and acceptance is None:
            return RowResult(row.number, UNCHANGED, label, ". ".join(["Already as in the file", *notes]))
        headings = [self.column_map()[name].heading.lower() for name in changed]
        said = ["Changes " + ", ".join(headings)] if headings else []
        summaries = [f"Details changed by a caseload import: {', '.join(headings)}"] if headings else []
        if acceptance is not None:
            said.append("Accepts the referral")
            summaries.append("Referral accepted by a caseload import")
        detail = ". ".join([*said, *notes])
        referral, accepted_on = acceptance if acceptance is not None else (None, None)
        plan = UpdatePerson(person, cleaned, accept=referral, accepted_on=accepted_on, goals=goals)
        return RowResult(row.number, UPDATE, label, detail, plan=plan, summary="; ".join(summaries))

    def _create(
        self,
        context: Context,
        row: RowReader,
        number: str,
        values: dict[str, Any],
        intake: FormForMany[ReferralIntakeForm],
    ) -> RowResult:
        label = " ".join(filter(None, [row.text("given_name"), row.text("family_name")])) or "A new person"
        if number:
            label += f" ({number})"
        for column in self.columns:
            if column.needed_to_create and not row.has(column.field):
                row.error(column.field, f"Add a {column.heading} column: this row adds a new person, who needs one")
        arm = row.choice("evaluation_arm", ARM_CHOICES) if row.has("evaluation_arm") else None
        if not arm:
            arm = RANDOM if context.trial_running else Arm.IPS.value
        mentoring = row.yes_no("mentoring") if row.has("mentoring") else None
        accepted = row.yes_no("accepted") if row.has("accepted") else None
        data = form_data(
            ReferralIntakeForm,
            {
                **{name: values.get(name) for name in ReferralIntakeForm.base_fields if name in values},
                "prison_number": number,
                "evaluation_arm": arm,
                "mentoring": bool(mentoring),
            },
        )
        if "wants_paid_work" in values and values["wants_paid_work"] is None:
            data["wants_paid_work"] = ""
        form = intake.bound(data)
        valid = form.is_valid()
        row.form_errors(form, {})
        status = values.get("custody_status")
        released = values.get("actual_release_date")
        born = values.get("date_of_birth")
        if status in RELEASED_STATUSES and not released and not row.erred("actual_release_date"):
            row.error("actual_release_date", "Enter the actual release date for someone who has been released")
        if released:
            try:
                past_date(released, label="Actual release date")
            except ValidationError as error:
                row.error("actual_release_date", error.messages[0])
            if born and released <= born:
                row.error("actual_release_date", "Actual release date must be after the date of birth")
            if status == CustodyStatus.IN_CUSTODY:
                row.error("actual_release_date", "Remove the actual release date, or change the custody status")
        decision: ReferralDecisionForm | None = None
        if accepted:
            if values.get("wants_paid_work") is False:
                row.error(
                    "accepted", "The person does not want help to find paid work, so the referral cannot be accepted"
                )
            referral_date = values.get("referral_date")
            if referral_date:
                decision = context.decision_form(referral_date).bound(
                    {
                        "outcome": ReferralOutcome.ACCEPTED,
                        **date_form_data("outcome_date", values.get("accepted_on") or referral_date),
                    }
                )
                if not decision.is_valid():
                    row.form_errors(decision, {"outcome_date": "accepted_on"})
        goals = self._goals(row, None) if row.has("job_goal") else None
        if row.errors or not valid:
            return RowResult(row.number, CREATE, label, errors=row.errors)
        cleaned = form.cleaned_data
        fields = ReferralDetails.__dataclass_fields__
        details = ReferralDetails(**{name: cleaned[name] for name in fields if name in cleaned})
        detail = "Adds the person and their referral" + (", accepted" if accepted else "")
        if goals is not None:
            detail += ", with their job goal"
        decided_on = decision.cleaned_data["outcome_date"] if decision is not None else None
        plan = CreatePerson(details, released=released, accepted_on=decided_on, goals=goals)
        summary = "Added by a caseload import" + (", with their job goal" if goals is not None else "")
        return RowResult(row.number, CREATE, label, detail, plan=plan, summary=summary)


def write_people(context: Context, results: list[RowResult]) -> list[tuple[RowResult, Participant | None]]:
    """Every person's row written together through the pages' services in their batch forms (one set of rules, a
    few queries a batch instead of several a row): new people with their referrals and arms
    (`casework.services.participants_refer`), released dates and changed details (`participants_update`, as the
    "Change details" page), then acceptances (`referrals_decide`, as the referral decision page), then job goals
    (`journey.services.profile_section_save`, as the profile's goals page: one profile at a time, as that service has
    no batch form yet)."""
    creating = [r for r in results if isinstance(r.plan, CreatePerson)]
    updating = [r for r in results if isinstance(r.plan, UpdatePerson)]
    create_plans = [r.plan for r in creating if isinstance(r.plan, CreatePerson)]
    update_plans = [r.plan for r in updating if isinstance(r.plan, UpdatePerson)]
    with refused_rows(creating):
        referrals = participants_refer(actor=context.actor, details=[plan.details for plan in create_plans])
    released = [i for i, plan in enumerate(create_plans) if plan.released]
    changes: list[tuple[Participant, Mapping[str, object]]] = [
        (referrals[i].participant, {"actual_release_date": create_plans[i].released}) for i in released
    ]
    changes += [(plan.person, plan.changes) for plan in update_plans]
    with refused_rows([creating[i] for i in released] + updating):
        participants_update(actor=context.actor, updates=changes)
    accepted: list[int] = []
    decisions: list[Decision] = []
    for i, plan in enumerate(create_plans):
        if plan.accepted_on is not None:
            accepted.append(i)
            decisions.append(Decision(referrals[i], ReferralOutcome.ACCEPTED, plan.accepted_on))
    accepting: list[int] = []
    for j, update in enumerate(update_plans):  # known people's referrals awaiting a decision, in the same batch
        if update.accept is not None and update.accepted_on is not None:
            accepting.append(j)
            decisions.append(Decision(update.accept, ReferralOutcome.ACCEPTED, update.accepted_on))
    with refused_rows([creating[i] for i in accepted] + [updating[j] for j in accepting]):
        referrals_decide(actor=context.actor, decisions=decisions)
    goals = [(creating[i], referrals[i].participant, plan.goals) for i, plan in enumerate(create_plans) if plan.goals]
    goals += [
        (result, plan.person, plan.goals) for result, plan in zip(updating, update_plans, strict=True) if plan.goals
    ]
    for result, person, section in goals:  # a profile at a time: the goals page's service saves one person's
        try:
            profile_section_save(actor=context.actor, participant=person, section="goals", values=section)
        except ValidationError as error:
            result.errors.extend(RowError(result.row, "Job goal", message) for message in error.messages)
            raise RowsRefused from None
    written: list[tuple[RowResult, Participant | None]] = [
        (result, referral.participant) for result, referral in zip(creating, referrals, strict=True)
    ]
    written += [(result, plan.person) for result, plan in zip(updating, update_plans, strict=True)]
    return written


@contextmanager
def refused_rows(rows: list[RowResult]) -> Iterator[None]:
    """A batch service's refusal of its nth item becomes errors on the nth of these rows."""
    try:
        yield
    except BatchItemInvalid as refused:
        result = rows[refused.index]
        result.errors.extend(RowError(result.row, "", message) for message in refused.messages)
        raise RowsRefused from None


# --- Partner directory --------------------------------------------------------------------------------------------

PARTNER_TEXT_FIELDS = (
    "areas", "eligibility", "how_to_refer", "contact_name", "phone", "email", "website", "referral_form",
    "opening_hours",
)  # fmt: skip
LIST_SEPARATOR = re.compile(r"\s*[;\n]\s*")


class PartnerDirectoryKind(ImportKindSpec):
    """The partner directory's own export (`partners.exports.COLUMNS`) read back: a partner with the same name is
    updated, any other added, through the directory's form (`partners.forms.PartnerForm`) and service
    (`partners.services.partner_save`). "Prisons" and "Status" are what the export shows beside the prison codes and
    the closing date; they are read but the codes and the date decide."""

    kind = ImportKind.PARTNERS
    unique_field = "name"
    intro = (
        "The partner directory, in the columns of its CSV and Excel export: a partner with the same name is updated, "
        "any other is added."
    )
    columns = (
        Column("Name", "name", required=True, example="Leeds Housing Advice"),
        Column("Kind", "kind", needed_to_create=True, example="Voluntary sector", hint=_labels(PartnerKind.choices)),
        Column("Pathways", "pathways", needed_to_create=True, example="Accommodation", hint="Separated by ;"),
        Column("Prison codes", "prisons", example="", hint="3-letter codes separated by ;"),
        Column("Prisons", "prison_names", hint="Shown in the export; the prison codes decide"),
        Column("Areas", "areas", example="LS9, LS10"),
        Column("Who they take", "eligibility"),
        Column("How to refer", "how_to_refer"),
        Column("Named contact", "contact_name"),
        Column("Phone", "phone"),
        Column("Email", "email"),
        Column("Website", "website"),
        Column("Referral form", "referral_form"),
        Column("Opening hours", "opening_hours"),
        Column("Status", "status", hint="Shown in the export; the closing date decides"),
        Column("Closed on", "closed_on", hint=DATE_HELP),
        Column("Community mental health team", "community_mental_health_team", example="No", hint="Yes or No"),
    )

    def check_rows(self, context: Context, rows: list[RowReader]) -> list[RowResult]:
        names = {heading_key(row.text("name")) for row in rows}
        existing = {
            heading_key(partner.name): partner
            for partner in Partner.objects.prefetch_related("pathways", "prisons")
            if heading_key(partner.name) in names
        }
        return [self._check(context, row, existing.get(heading_key(row.text("name")))) for row in rows]

    def _check(self, context: Context, row: RowReader, partner: Partner | None) -> RowResult:
        label = row.text("name") or "A partner"
        current: dict[str, Any] = {}
        if partner is not None:
            current = {
                name: getattr(partner, name)
                for name in ("name", "kind", "community_mental_health_team", *PARTNER_TEXT_FIELDS, "closed_on")
            }
            current["pathways"] = sorted(p.pathway for p in partner.pathways.all())
            current["prisons"] = sorted(site.pk for site in partner.prisons.all())
        values: dict[str, Any] = dict(current)
        values["name"] = row.text("name")
        for name in PARTNER_TEXT_FIELDS:
            if row.has(name):
                values[name] = row.text(name)
        if row.has("kind"):
            values["kind"] = row.choice("kind", PartnerKind.choices) or ""
        if row.has("closed_on"):
            values["closed_on"] = row.date("closed_on")
        if row.has("community_mental_health_team"):
            values["community_mental_health_team"] = row.yes_no("community_mental_health_team")
        if row.has("pathways"):
            chosen = []
            for text in filter(None, LIST_SEPARATOR.split(row.text("pathways"))):
                value = choice_value(text, Pathway.choices)
                if value is None:
                    row.error("pathways", f"{text} is not a pathway. Use: {_labels(Pathway.choices)}")
                else:
                    chosen.append(value)
            values["pathways"] = sorted(set(chosen))
        if row.has("prisons"):
            prisons = []
            for code in filter(None, LIST_SEPARATOR.split(row.text("prisons"))):
                site = context.sites.get(heading_key(code))
                if site is None or site.kind != "prison":
                    row.error("prisons", f"There is no prison with the code {code}")
                else:
                    prisons.append(site.pk)
            values["prisons"] = sorted(set(prisons))
        if partner is None:
            for column in self.columns:
                if column.needed_to_create and not row.has(column.field):
                    row.error(column.field, f"Add a {column.heading} column: this row adds a new partner")
        action = CREATE if partner is None else UPDATE
        if row.errors:
            return RowResult(row.number, action, label, errors=row.errors)
        data = MultiValueDict(
            {
                k: [v]
                for k, v in form_data(
                    PartnerForm,
                    {
                        k: v
                        for k, v in values.items()
                        if k not in ("pathways", "prisons", "community_mental_health_team")
                    },
                ).items()
            }
        )
        if values.get("community_mental_health_team"):  # a checkbox: posted only when ticked
            data["community_mental_health_team"] = "on"
        data.setlist("pathways", list(values.get("pathways", [])))
        data.setlist("prisons", [str(pk) for pk in values.get("prisons", [])])
        form = PartnerForm(data)
        if not form.is_valid():
            row.form_errors(form, {})
            return RowResult(row.number, action, label, errors=row.errors)
        service = form.service_values()
        if partner is not None:
            after = {
                **service["data"],
                "pathways": sorted(service["pathways"]),
                "prisons": sorted(s.pk for s in service["prisons"]),
            }
            after["areas"] = tidy_areas(after.get("areas", ""))
            if all(after.get(name) == current.get(name) for name in after):
                return RowResult(row.number, UNCHANGED, label, "Already as in the file")

        def write() -> None:
            partner_save(actor=context.actor, partner=partner, **service)

        detail = "Adds the partner" if partner is None else "Changes the partner's details"
        return RowResult(row.number, action, label, detail, write=write)


KINDS: dict[str, ImportKindSpec] = {
    ImportKind.RELEASE_LIST.value: ReleaseListKind(),
    ImportKind.CASELOAD.value: CaseloadKind(),
    ImportKind.PARTNERS.value: PartnerDirectoryKind(),
}


# --- Employers and vacancies ----------------------------------------------------------------------------------------

TEXT, CHOICE, MULTI, YES_NO, DATE, USER = "text", "choice", "multi", "yes/no", "date", "user"


class FormRowsKind(ImportKindSpec):
    """A kind whose rows are one page form's fields: each column read as its field's type, the form given the
    record's current values with the file's columns on top (an update changes only the columns present), and the
    page's service called to write."""

    form_class: type[forms.Form]
    types: dict[str, str]  # form field -> how its cell is read

    def current(self, record: Any) -> dict[str, Any]:
        return {name: getattr(record, name) for name in self.types if name in self.form_class.base_fields}

    def read(self, context: Context, row: RowReader, values: dict[str, Any]) -> None:
        for name, kind in self.types.items():
            if not row.has(name):
                continue
            field = self.form_class.base_fields.get(name)
            choices = [(str(v), str(label)) for v, label in getattr(field, "choices", []) if v != ""]
            if kind == TEXT:
                values[name] = row.text(name)
            elif kind == CHOICE:
                values[name] = row.choice(name, choices) or ""
            elif kind == YES_NO:
                values[name] = bool(row.yes_no(name))
            elif kind == DATE:
                values[name] = row.date(name)
            elif kind == MULTI:
                chosen = []
                for text in filter(None, LIST_SEPARATOR.split(row.text(name))):
                    value = choice_value(text, choices)
                    if value is None:
                        row.error(name, f"{text} is not one of: {_labels(choices)}")
                    else:
                        chosen.append(value)
                values[name] = sorted(set(chosen))
            elif kind == USER:
                username = row.text(name)
                user = context.users.get(username.lower()) if username else None
                if username and user is None:
                    row.error(name, f"There is no member of staff with the username {username}")
                values[name] = user

    def cell(self, record: Any, name: str) -> str:
        """One field of a record written as this kind reads it back (labels for choices, usernames, yes/no, dates
        as YYYY-MM-DD), so that an export imports back unchanged."""
        value: Any = getattr(record, name, None)
        kind = self.types.get(name)
        field = self.form_class.base_fields.get(name)
        labels = {str(v): str(label) for v, label in getattr(field, "choices", []) if v != ""}
        if value is None or value == "":
            return ""
        if kind == CHOICE:
            return labels.get(str(value), str(value))
        if kind == MULTI:
            return "; ".join(labels.get(str(v), str(v)) for v in value)
        if kind == YES_NO:
            return "yes" if value else "no"
        if kind == DATE:
            return value.isoformat()
        if kind == USER:
            return str(value.username)
        return str(value)

    def export_rows(self, records: Iterable[Any]) -> list[list[str]]:
        """The heading row and a row per record, in this kind's columns (`exports`)."""
        return [[column.heading for column in self.columns], *(self.export_row(r) for r in records)]

    def export_row(self, record: Any) -> list[str]:
        return [self.cell(record, column.field) for column in self.columns]

    def bound_form(self, values: dict[str, Any]) -> forms.Form:
        data: MultiValueDict[str, str] = MultiValueDict()
        for name, value in values.items():
            if isinstance(value, list):
                data.setlist(name, [str(v) for v in value])
            elif self.types.get(name) == YES_NO:
                if value:
                    data[name] = "on"
            else:
                for key, text in form_data(self.form_class, {name: value}).items():
                    data[key] = text
        return self.form_class(data)

    @staticmethod
    def changed(cleaned: dict[str, Any], before: dict[str, Any]) -> list[str]:
        def same(a: Any, b: Any) -> bool:
            if isinstance(a, list | tuple) and isinstance(b, list | tuple):
                return sorted(map(str, a)) == sorted(map(str, b))
            if isinstance(a, Model) or isinstance(b, Model):
                return getattr(a, "pk", a) == getattr(b, "pk", b)
            numbers = Decimal | int | float
            if (
                isinstance(a, numbers)
                and isinstance(b, numbers)
                and not isinstance(a, bool)
                and not isinstance(b, bool)
            ):
                return Decimal(str(a)) == Decimal(str(b))  # 30 hours is 30.0 hours
            return (a in ("", None) and b in ("", None)) or str(a) == str(b)

        return [name for name, value in cleaned.items() if not same(value, before.get(name))]


def employers_by_name(names: Iterable[str]) -> dict[str, Employer]:
    wanted = {heading_key(name) for name in names if name}
    return {heading_key(e.name): e for e in Employer.objects.all() if heading_key(e.name) in wanted}


class EmployersKind(FormRowsKind):
    """Employers through the employer page's form and `employers.services.employer_save`, each with a named contact
    person (`ContactPersonForm`, `contact_person_add`) when the row names one the employer does not have yet."""

    kind = ImportKind.EMPLOYERS
    unique_field = "name"
    intro = "Employers, each with a named contact person: an employer with the same name is updated, any other added."
    form_class = EmployerForm
    types = {
        "name": TEXT, "sector": CHOICE, "size": CHOICE, "address": TEXT, "postcode": TEXT,
        "relationship_owner": USER, "partnership_level": CHOICE, "offence_exclusions": MULTI, "takes_rotl": YES_NO,
        "usual_dbs_level": CHOICE, "notes": TEXT,
    }  # fmt: skip
    columns = (
        Column("Name", "name", required=True, example="Example Bakery Ltd"),
        Column("Industry", "sector", needed_to_create=True, example="Construction"),
        Column("Size", "size"),
        Column("Address", "address"),
        Column("Postcode", "postcode", example="LS9 8AB"),
        Column("Relationship owner", "relationship_owner", hint="Their username"),
        Column("Partnership level", "partnership_level"),
        Column("Offences not considered", "offence_exclusions", hint="Separated by ;"),
        Column("Takes ROTL", "takes_rotl", hint="yes or no"),
        Column("Usual DBS check", "usual_dbs_level"),
        Column("Notes", "notes"),
        Column("Contact name", "contact_name", example="Pat Manager"),
        Column("Contact job title", "contact_job_title", example="Store manager"),
        Column("Contact email", "contact_email", example="pat@example.org"),
        Column("Contact phone", "contact_phone"),
    )

    def export_row(self, record: Any) -> list[str]:
        """The employer's first named contact (by when they were added) fills the contact columns."""
        people = list(record.people.all())
        contact = min(people, key=lambda person: person.pk) if people else None
        contacts = {
            "contact_name": contact.name if contact else "",
            "contact_job_title": contact.job_title if contact else "",
            "contact_email": contact.email if contact else "",
            "contact_phone": contact.phone if contact else "",
        }
        return [contacts[c.field] if c.field in contacts else self.cell(record, c.field) for c in self.columns]

    def check_rows(self, context: Context, rows: list[RowReader]) -> list[RowResult]:
        known = employers_by_name(row.text("name") for row in rows)
        return [self._check(context, row, known.get(heading_key(row.text("name")))) for row in rows]

    def _check(self, context: Context, row: RowReader, employer: Employer | None) -> RowResult:
        label = row.text("name") or "An employer"
        before = (
            self.current(employer)
            if employer
            else {"partnership_level": PartnershipLevel.NONE, "usual_dbs_level": DbsLevel.NONE}
        )
        if employer is not None:
            before["relationship_owner"] = employer.relationship_owner
        values = dict(before)
        self.read(context, row, values)
        if employer is None:
            for column in self.columns:
                if column.needed_to_create and not row.has(column.field):
                    row.error(column.field, f"Add a {column.heading} column: this row adds a new employer")
        action = CREATE if employer is None else UPDATE
        if row.errors:
            return RowResult(row.number, action, label, errors=row.errors)
        form = self.bound_form(values)
        contact_values = {
            "name": row.text("contact_name"),
            "job_title": row.text("contact_job_title"),
            "email": row.text("contact_email"),
            "phone": row.text("contact_phone"),
        }
        contact_form = ContactPersonForm(contact_values) if contact_values["name"] else None
        if not form.is_valid():
            row.form_errors(form, {})
        if contact_form is not None and not contact_form.is_valid():
            row.form_errors(contact_form, {f: f"contact_{f}" for f in ("name", "job_title", "email", "phone")})
        if row.errors:
            return RowResult(row.number, action, label, errors=row.errors)
        cleaned = form.cleaned_data
        new_contact = contact_form is not None and (
            employer is None or not employer.people.filter(name__iexact=contact_values["name"]).exists()
        )
        changes = self.changed(cleaned, before) if employer is not None else list(cleaned)
        if employer is not None and not changes and not new_contact:
            return RowResult(row.number, UNCHANGED, label, "Already as in the file")
        contact = contact_form.cleaned_data if contact_form is not None and new_contact else None

        def write() -> None:
            saved = employer_save(actor=context.actor, data=cleaned, employer=employer)
            if contact is not None:
                contact_person_add(actor=context.actor, employer=saved, data=contact)

        detail = "Adds the employer" if employer is None else "Changes the employer's details"
        if contact is not None:
            detail += f", with {contact['name']} as a contact"
        return RowResult(row.number, action, label, detail, write=write)


class VacanciesKind(FormRowsKind):
    """Vacancies through the vacancy page's form and `employers.services.vacancy_save`; the employer named by its
    name or its id. A vacancy with the same employer, job title and postcode is updated, any other added."""

    kind = ImportKind.VACANCIES
    intro = "Vacancies, each at an employer named by its name or id: the same job at the same place is updated."
    form_class = VacancyForm
    types = {
        "title": TEXT, "sector": CHOICE, "postcode": TEXT, "hours_per_week": TEXT, "work_pattern": CHOICE,
        "contract_type": CHOICE, "pay_amount": TEXT, "pay_period": CHOICE, "closing_date": DATE, "start_date": DATE,
        "offence_exclusions": MULTI, "dbs_level": CHOICE, "suitable_for_rotl": YES_NO, "works_with_children": YES_NO,
        "works_with_vulnerable_adults": YES_NO, "involves_driving": YES_NO, "status": CHOICE,
    }  # fmt: skip
    columns = (
        Column("Employer", "employer", required=True, example="Example Bakery Ltd", hint="Its name or id"),
        Column("Job title", "title", required=True, example="Bakery assistant"),
        Column("Type of work", "sector", needed_to_create=True, example="Construction"),
        Column("Postcode", "postcode", required=True, example="LS9 8AB"),
        Column("Hours a week", "hours_per_week", needed_to_create=True, example="30"),
        Column("Work pattern", "work_pattern", needed_to_create=True, example="Daytime"),
        Column("Contract", "contract_type", needed_to_create=True, example="Permanent"),
        Column("Pay", "pay_amount", needed_to_create=True, example="12.60"),
        Column("Pay is", "pay_period", needed_to_create=True, example="An hour", hint="An hour or A year"),
        Column("Closing date", "closing_date", hint=DATE_HELP),
        Column("Start date", "start_date", hint=DATE_HELP),
        Column("Offences excluded", "offence_exclusions", hint="Separated by ;"),
        Column("DBS check", "dbs_level"),
        Column("Open to ROTL", "suitable_for_rotl", hint="yes or no"),
        Column("Works with children", "works_with_children", hint="yes or no"),
        Column("Works with vulnerable adults", "works_with_vulnerable_adults", hint="yes or no"),
        Column("Involves driving", "involves_driving", hint="yes or no"),
        Column("Status", "status", example="Open"),
    )

    def export_row(self, record: Any) -> list[str]:
        return [record.employer.name if c.field == "employer" else self.cell(record, c.field) for c in self.columns]

    def check_rows(self, context: Context, rows: list[RowReader]) -> list[RowResult]:
        by_name = employers_by_name(row.text("employer") for row in rows)
        ids = {int(row.text("employer")) for row in rows if row.text("employer").isdigit()}
        by_id = {e.pk: e for e in Employer.objects.filter(pk__in=ids)} if ids else {}
        return [self._check(context, row, by_name, by_id) for row in rows]

    def _check(
        self, context: Context, row: RowReader, by_name: dict[str, Employer], by_id: dict[int, Employer]
    ) -> RowResult:
        text = row.text("employer")
        employer = by_id.get(int(text)) if text.isdigit() else by_name.get(heading_key(text))
        label = f"{row.text('title') or 'A vacancy'} at {employer.name if employer else text or 'an employer'}"
        if employer is None:
            row.error(
                "employer",
                f"There is no employer called {text}. Add the employer first"
                if text
                else "Enter the employer's name or id",
            )
            return RowResult(row.number, CREATE, label, errors=row.errors)
        vacancy = (
            Vacancy.objects.filter(
                employer=employer,
                title__iexact=row.text("title"),
                postcode__iexact=" ".join(row.text("postcode").split()),
            )
            .order_by("pk")
            .first()
        )
        defaults = {"pay_period": PayPeriod.HOURLY, "dbs_level": DbsLevel.NONE, "status": VacancyStatus.OPEN}
        before = self.current(vacancy) if vacancy else defaults
        values = dict(before)
        self.read(context, row, values)
        if vacancy is None:
            for column in self.columns:
                if column.needed_to_create and not row.has(column.field):
                    row.error(column.field, f"Add a {column.heading} column: this row adds a new vacancy")
        action = CREATE if vacancy is None else UPDATE
        if row.errors:
            return RowResult(row.number, action, label, errors=row.errors)
        form = self.bound_form(values)
        if not form.is_valid():
            row.form_errors(form, {})
            return RowResult(row.number, action, label, errors=row.errors)
        cleaned = {**form.cleaned_data, "employer": employer}
        if vacancy is not None and not self.changed(form.cleaned_data, before):
            return RowResult(row.number, UNCHANGED, label, "Already as in the file")

        def write() -> None:
            vacancy_save(actor=context.actor, data=cleaned, vacancy=vacancy)

        detail = "Adds the vacancy" if vacancy is None else "Changes the vacancy"
        return RowResult(row.number, action, label, detail, write=write)


KINDS[ImportKind.EMPLOYERS.value] = EmployersKind()
KINDS[ImportKind.VACANCIES.value] = VacanciesKind()


# The records an export of each kind holds, in a fixed order (employers and vacancies are the service's, not a
# team's: every team works with the same employers).
def exported_records(kind_name: str) -> Iterable[Any]:
    if kind_name == ImportKind.EMPLOYERS.value:
        return Employer.objects.select_related("relationship_owner").prefetch_related("people").order_by("name", "pk")
    return Vacancy.objects.select_related("employer").order_by("employer__name", "title", "pk")


EXPORTABLE = {ImportKind.EMPLOYERS.value: EmployersKind, ImportKind.VACANCIES.value: VacanciesKind}
