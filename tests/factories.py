"""factory-boy factories for ipsgate's models.

Every factory builds a row that satisfies the model's database constraints, so tests can rely on
`create()` without thinking about them: prisons have a unique three-letter code and other sites
have none, closed episodes have a closure reason, decided referrals have an outcome date, and so on.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from ipsgate.core.choices import Role, SiteKind
from ipsgate.core.models import Site, Team, User
from ipsgate.employers.models import Employer
from ipsgate.jobs.models import Job
from ipsgate.journey.choices import ContactMode, ContactWith
from ipsgate.journey.models import SupportContact
from ipsgate.people.choices import ClosureReason, CustodyStatus, ReferralOutcome, ReferralSource
from ipsgate.people.models import Episode, Participant, Referral

PASSWORD = "correct-horse-battery-staple"


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


def days_ahead(days: int) -> datetime.date:
    return today() + datetime.timedelta(days=days)


def _letters(n: int, width: int) -> str:
    """0 -> 'AAA', 1 -> 'AAB', ... (base 26), so every sequence number gives a distinct code."""
    out = ""
    for _ in range(width):
        n, digit = divmod(n, 26)
        out = chr(ord("A") + digit) + out
    return out


def prison_number_for(n: int) -> str:
    """A valid NOMIS number (letter, four digits, two letters), distinct for every n below 26**3 * 10**4."""
    letter_block, digits = divmod(n, 10_000)
    prefix = _letters(letter_block, 3)
    return f"{prefix[0]}{digits:04d}{prefix[1:]}"


# --- Sites and teams ---------------------------------------------------------------------------------


class SiteFactory(factory.django.DjangoModelFactory[Site]):
    """A prison, with a unique three-letter NOMIS code."""

    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"HMP Test {n:04d}")
    kind = SiteKind.PRISON
    prison_code: Any = factory.Sequence(lambda n: _letters(n, 3))


PrisonFactory = SiteFactory


class CommunitySiteFactory(SiteFactory):
    name = factory.Sequence(lambda n: f"Community team {n:04d}")
    kind = SiteKind.COMMUNITY_TEAM
    prison_code = ""


class ProbationSiteFactory(SiteFactory):
    name = factory.Sequence(lambda n: f"Probation office {n:04d}")
    kind = SiteKind.PROBATION_OFFICE
    prison_code = ""


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    """A team; pass `sites=[...]` to attach the sites it covers."""

    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Team {n:04d}")
    leader = None

    @factory.post_generation
    def sites(self, create: bool, extracted: list[Site] | None, **kwargs: object) -> None:
        if create and extracted:
            self.sites.set(extracted)


# --- Staff -------------------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:05d}")
    first_name = factory.Sequence(lambda n: f"First{n:05d}")
    last_name = factory.Sequence(lambda n: f"Last{n:05d}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password(PASSWORD)
    is_active = True
    role = Role.SPECIALIST
    site: Any = None
    team: Any = None


class SpecialistFactory(UserFactory):
    role = Role.SPECIALIST
    site = factory.SubFactory(SiteFactory)


class TeamLeaderFactory(UserFactory):
    role = Role.TEAM_LEADER
    site = factory.SubFactory(SiteFactory)


class ServiceManagerFactory(UserFactory):
    role = Role.SERVICE_MANAGER


class ClinicianFactory(UserFactory):
    role = Role.CLINICIAN
    site = factory.SubFactory(SiteFactory)


class ProbationPractitionerFactory(UserFactory):
    role = Role.PROBATION_PRACTITIONER
    site = factory.SubFactory(ProbationSiteFactory)


class AnalystFactory(UserFactory):
    role = Role.ANALYST


class MentorUserFactory(UserFactory):
    """A peer mentor's sign-in account (issue 17 §2), to link to a `mentoring.Mentor` record."""

    role = Role.MENTOR


class AdministratorFactory(UserFactory):
    role = Role.ADMINISTRATOR
    is_staff = True


# --- Participants, referrals and episodes -----------------------------------------------------------


class ParticipantFactory(factory.django.DjangoModelFactory[Participant]):
    """Someone in custody at a prison, due out in 90 days, not yet allocated to a specialist.

    The `released` trait gives someone released on licence 30 days ago and living in the community.
    """

    class Meta:
        model = Participant

    given_name = factory.Sequence(lambda n: f"Given{n:05d}")
    family_name = factory.Sequence(lambda n: f"Family{n:05d}")
    preferred_name = ""
    date_of_birth = datetime.date(1988, 6, 15)
    prison_number = factory.Sequence(prison_number_for)
    current_site = factory.SubFactory(SiteFactory)
    custody_status = CustodyStatus.IN_CUSTODY
    expected_release_date = factory.LazyFunction(lambda: days_ahead(90))
    actual_release_date = None
    allocated_specialist = None
    probation_practitioner = None

    class Params:
        released = factory.Trait(
            current_site=factory.SubFactory(CommunitySiteFactory),
            custody_status=CustodyStatus.RELEASED_ON_LICENCE,
            expected_release_date=factory.LazyFunction(lambda: days_ago(30)),
            actual_release_date=factory.LazyFunction(lambda: days_ago(30)),
        )


class ReferralFactory(factory.django.DjangoModelFactory[Referral]):
    """A referral awaiting a decision (no outcome). See AcceptedReferralFactory for a decided one."""

    class Meta:
        model = Referral

    participant = factory.SubFactory(ParticipantFactory)
    source = ReferralSource.PRISON_MENTAL_HEALTH
    referral_date = factory.LazyFunction(lambda: days_ago(60))
    referrer_name = "Sam Referrer"
    referrer_organisation = "In-reach team"
    wants_paid_work = True
    outcome = ""
    outcome_date = None
    received_by = factory.LazyAttribute(lambda r: r.participant.allocated_specialist or SpecialistFactory.create())

    class Params:
        accepted = factory.Trait(
            outcome=ReferralOutcome.ACCEPTED,
            outcome_date=factory.LazyAttribute(lambda r: r.referral_date + datetime.timedelta(days=3)),
        )
        declined = factory.Trait(
            wants_paid_work=False,
            outcome=ReferralOutcome.DECLINED_BY_PERSON,
            outcome_date=factory.SelfAttribute("referral_date"),
        )


PendingReferralFactory = ReferralFactory


class AcceptedReferralFactory(ReferralFactory):
    accepted = True


class EpisodeFactory(factory.django.DjangoModelFactory[Episode]):
    """An open episode, started on the day its (accepted) referral was decided."""

    class Meta:
        model = Episode

    participant = factory.SubFactory(ParticipantFactory)
    referral = factory.SubFactory(AcceptedReferralFactory, participant=factory.SelfAttribute("..participant"))
    start_date = factory.LazyAttribute(lambda e: e.referral.outcome_date if e.referral else days_ago(57))
    end_date = None
    closure_reason = ""

    class Params:
        closed = factory.Trait(
            end_date=factory.LazyAttribute(lambda e: e.start_date + datetime.timedelta(days=30)),
            closure_reason=ClosureReason.MOVED_AWAY,
        )


OpenEpisodeFactory = EpisodeFactory


class ClosedEpisodeFactory(EpisodeFactory):
    closed = True


# --- Contacts and jobs -------------------------------------------------------------------------------


class SupportContactFactory(factory.django.DjangoModelFactory[SupportContact]):
    class Meta:
        model = SupportContact

    participant = factory.SubFactory(ParticipantFactory)
    recorded_by = factory.LazyAttribute(lambda c: c.participant.allocated_specialist or SpecialistFactory.create())
    occurred_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    contact_with = ContactWith.PARTICIPANT
    mode = ContactMode.IN_PRISON
    duration_minutes = 45
    took_place = True
    note = ""


class EmployerFactory(factory.django.DjangoModelFactory[Employer]):
    """An employer in Leeds with no offence exclusions."""

    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Employer {n:04d} Ltd")
    sector = "LOGISTICS"
    postcode = "LS9 8AB"
    offence_exclusions = factory.LazyFunction(lambda: ["NONE"])


class JobFactory(factory.django.DjangoModelFactory[Job]):
    """A current, competitive job."""

    class Meta:
        model = Job

    participant = factory.SubFactory(ParticipantFactory, released=True)
    employer = factory.SubFactory(EmployerFactory)
    job_title = "Warehouse operative"
    start_date = factory.LazyFunction(lambda: days_ago(20))
    end_date = None
    hours_per_week = Decimal("16.0")
    hourly_pay = Decimal("12.21")
    competitive = True

    class Params:
        ended = factory.Trait(
            end_date=factory.LazyAttribute(lambda j: j.start_date + datetime.timedelta(days=10)), end_reason="resigned"
        )


# --- Journey: profile, needs, health care, custody events, reminders ---------------------------------
# Imported here rather than at the top so this section can be added without touching the factories above.

from ipsgate.journey.choices import (  # noqa: E402
    CustodyEventKind,
    NeedStatus,
    Pathway,
    QualificationKind,
    Responsible,
)
from ipsgate.journey.models import (  # noqa: E402
    CustodyEvent,
    MentalHealthCare,
    NeedUpdate,
    ProfileSectionChange,
    Qualification,
    ReminderNotification,
    ResettlementNeed,
    VocationalProfile,
    WorkHistoryEntry,
)


def _specialist_of(participant: Participant) -> User:
    return participant.allocated_specialist or SpecialistFactory.create()


class VocationalProfileFactory(factory.django.DjangoModelFactory[VocationalProfile]):
    """A started profile (the person is engaged) with job goals and travel filled in."""

    class Meta:
        model = VocationalProfile

    participant = factory.SubFactory(ParticipantFactory)
    started_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    job_sectors = factory.LazyFunction(lambda: ["WAREHOUSING"])
    job_goal = "Warehouse work, days only"
    hours_wanted = "full_time"
    postcode_district = "LS9"


class ProfileSectionChangeFactory(factory.django.DjangoModelFactory[ProfileSectionChange]):
    class Meta:
        model = ProfileSectionChange

    profile = factory.SubFactory(VocationalProfileFactory)
    section = "goals"
    changed_by = factory.LazyAttribute(lambda c: _specialist_of(c.profile.participant))
    changed_at = factory.LazyAttribute(lambda c: c.profile.started_at)


class WorkHistoryEntryFactory(factory.django.DjangoModelFactory[WorkHistoryEntry]):
    class Meta:
        model = WorkHistoryEntry

    participant = factory.SubFactory(ParticipantFactory)
    employer = factory.Sequence(lambda n: f"Old employer {n:04d}")
    role = "Kitchen porter"
    start_date = datetime.date(2018, 3, 1)
    end_date = datetime.date(2019, 8, 31)
    why_it_ended = "Sentenced"
    recorded_by = factory.LazyAttribute(lambda e: _specialist_of(e.participant))


class QualificationFactory(factory.django.DjangoModelFactory[Qualification]):
    class Meta:
        model = Qualification

    participant = factory.SubFactory(ParticipantFactory)
    kind = QualificationKind.FORKLIFT
    detail = "Counterbalance"
    expires_on = None
    recorded_by = factory.LazyAttribute(lambda q: _specialist_of(q.participant))


class ResettlementNeedFactory(factory.django.DjangoModelFactory[ResettlementNeed]):
    """A need not yet started, with its first update in the history (as `need_add` writes it)."""

    class Meta:
        model = ResettlementNeed
        skip_postgeneration_save = True

    participant = factory.SubFactory(ParticipantFactory)
    pathway = Pathway.ACCOMMODATION
    title = factory.Sequence(lambda n: f"Somewhere to live {n:04d}")
    status = NeedStatus.NOT_STARTED
    responsible = Responsible.PROBATION
    created_by = factory.LazyAttribute(lambda n: _specialist_of(n.participant))
    created_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=5))
    updated_at = factory.SelfAttribute("created_at")

    @factory.post_generation
    def first_update(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        need: Any = self  # post_generation hooks receive the created need, not the factory
        if create and extracted is not False:
            NeedUpdate.objects.create(
                need=need,
                status=need.status,
                responsible=need.responsible,
                note="",
                recorded_by=need.created_by,
                recorded_at=need.created_at,
            )


class NeedUpdateFactory(factory.django.DjangoModelFactory[NeedUpdate]):
    """One history entry. It does not change its need: use `journey.services.need_update` for that."""

    class Meta:
        model = NeedUpdate

    need = factory.SubFactory(ResettlementNeedFactory)
    status = NeedStatus.IN_PROGRESS
    responsible = Responsible.SPECIALIST
    note = "Called the housing team"
    recorded_by = factory.LazyAttribute(lambda u: u.need.created_by)
    recorded_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class MentalHealthCareFactory(factory.django.DjangoModelFactory[MentalHealthCare]):
    class Meta:
        model = MentalHealthCare

    participant = factory.SubFactory(ParticipantFactory)
    gp_registered = True
    gp_practice = "Harehills Surgery"
    cmht_referral_date = factory.LazyFunction(lambda: days_ago(20))
    cmht_referral_outcome = "accepted"
    care_coordinator = "Alex Coordinator"
    care_coordinator_contact = "0113 000 0000"
    updated_by = factory.LazyAttribute(lambda c: _specialist_of(c.participant))
    updated_at = factory.LazyFunction(timezone.now)


class CustodyEventFactory(factory.django.DjangoModelFactory[CustodyEvent]):
    """A history row only: it does not move the participant's status (`custody_event_record` does)."""

    class Meta:
        model = CustodyEvent

    participant = factory.SubFactory(ParticipantFactory)
    kind = CustodyEventKind.RECEIVED
    event_date = factory.LazyFunction(lambda: days_ago(200))
    prison = factory.LazyAttribute(
        lambda e: e.participant.current_site if e.kind in ("received", "transferred", "recalled") else None
    )
    expected_release_date = None
    note = ""
    recorded_by = factory.LazyAttribute(lambda e: _specialist_of(e.participant))
    recorded_at = factory.LazyFunction(timezone.now)


class ReminderNotificationFactory(factory.django.DjangoModelFactory[ReminderNotification]):
    class Meta:
        model = ReminderNotification

    participant = factory.SubFactory(ParticipantFactory)
    recipient = factory.LazyAttribute(lambda r: _specialist_of(r.participant))
    task_kind = "keep-in-touch"
    due_date = factory.LazyFunction(today)
    key = factory.LazyAttribute(lambda r: f"u{r.recipient.pk}:p{r.participant.pk}:{r.task_kind}:{r.due_date}")
    reason = "Keep in touch"
    created_at = factory.LazyFunction(timezone.now)
    read_at = None


# --- Employers, vacancies and applications -----------------------------------------------------------


class VacancyFactory(factory.django.DjangoModelFactory[Any]):
    """An open warehouse vacancy in Leeds, 20 hours a week at £13 an hour, no exclusions."""

    class Meta:
        model = "employers.Vacancy"

    employer = factory.SubFactory(EmployerFactory)
    title = factory.Sequence(lambda n: f"Warehouse operative {n}")
    sector = "WAREHOUSING"
    postcode = "LS1 4AP"
    hours_per_week = Decimal("20.0")
    work_pattern = "daytime"
    contract_type = "PERMANENT"
    pay_amount = Decimal("13.00")
    pay_period = "hourly"
    closing_date = factory.LazyFunction(lambda: days_ahead(30))
    offence_exclusions = factory.LazyFunction(list)
    dbs_level = "none"
    status = "open"


class ApplicationFactory(factory.django.DjangoModelFactory[Any]):
    """An application at "interested" for a vacancy."""

    class Meta:
        model = "jobs.Application"

    participant = factory.SubFactory(ParticipantFactory, released=True)
    vacancy = factory.SubFactory(VacancyFactory)
    employer = factory.SelfAttribute("vacancy.employer")
    job_title = factory.SelfAttribute("vacancy.title")
    status = "interested"
    created_by = factory.LazyAttribute(lambda a: a.participant.allocated_specialist or SpecialistFactory.create())


# --- API service accounts ------------------------------------------------------------------------------


class ServiceAccountFactory(UserFactory):
    """A system that reads the API with a token. Its role decides what it may read, like anyone else's."""

    is_service_account = True
    role = Role.SERVICE_MANAGER


# --- Planning ahead, contact details, the release checklist, handovers (issue 16) ---------------------------


class AppointmentFactory(factory.django.DjangoModelFactory[Any]):
    """A probation appointment in 3 days at 10:00, nothing recorded yet."""

    class Meta:
        model = "journey.Appointment"

    participant = factory.SubFactory(ParticipantFactory)
    kind = "probation"
    starts_at = factory.LazyFunction(
        lambda: timezone.make_aware(datetime.datetime.combine(days_ahead(3), datetime.time(10, 0)))
    )
    place = "Leeds Probation Delivery Unit, Park Square"
    with_whom = "Claire Denholm"
    what_to_bring = "Licence and photo ID"
    created_by = factory.LazyAttribute(lambda a: _specialist_of(a.participant))
    created_at = factory.LazyFunction(timezone.now)


class ContactDetailsFactory(factory.django.DjangoModelFactory[Any]):
    class Meta:
        model = "people.ContactDetails"

    participant = factory.SubFactory(ParticipantFactory)
    mobile = "07700 900982"
    email = "person@example.test"
    address = "Flat 2, 10 Example Street, Leeds LS9 8AB"
    accommodation_status = "settled"
    preferred_contact_method = "text"
    reminders_by_text = True
    reminders_by_email = False
    updated_by = factory.LazyAttribute(lambda c: _specialist_of(c.participant))
    updated_at = factory.LazyFunction(timezone.now)


class HandoverFactory(factory.django.DjangoModelFactory[Any]):
    """A handover to a community specialist after a release 2 days ago, not yet picked up."""

    class Meta:
        model = "journey.Handover"

    participant = factory.SubFactory(ParticipantFactory, released=True)
    release = factory.LazyAttribute(
        lambda h: CustodyEventFactory.create(
            participant=h.participant, kind=CustodyEventKind.RELEASED_ON_LICENCE, event_date=days_ago(2)
        )
    )
    from_specialist = factory.LazyAttribute(lambda h: _specialist_of(h.participant))
    to_specialist = factory.LazyFunction(lambda: SpecialistFactory.create())
    same_specialist = False
    note = "Wants warehouse work; anxious about the first week. Three-way meeting booked for Friday."
    handed_over_on = factory.LazyFunction(lambda: days_ago(2))
    recorded_by = factory.LazyAttribute(lambda h: h.from_specialist)
    recorded_at = factory.LazyFunction(timezone.now)


# --- Privacy: the lawful basis and privacy notice ------------------------------------------------------

from ipsgate.privacy.models import DataProtectionRecord  # noqa: E402


class DataProtectionRecordFactory(factory.django.DjangoModelFactory[DataProtectionRecord]):
    """A lawful basis (public task) and a privacy notice given a month ago: no data protection task is due."""

    class Meta:
        model = DataProtectionRecord

    participant = factory.SubFactory(ParticipantFactory)
    lawful_basis = "6_1_e"
    privacy_notice_date = factory.LazyFunction(lambda: days_ago(30))


class MentorFactory(factory.django.DjangoModelFactory[Any]):
    """An active peer mentor with vetting in date for a year (issue 17)."""

    class Meta:
        model = "mentoring.Mentor"

    name = factory.Sequence(lambda n: f"Mentor {n:04d}")
    organisation = "Second Chances Trust"
    organisation_kind = "partner"
    lived_experience = "yes"
    dbs_level = "enhanced"
    dbs_checked_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=30))
    vetting_expires = factory.LazyFunction(lambda: today() + datetime.timedelta(days=365))
    capacity = 3
    status = "active"
    status_since = factory.LazyFunction(lambda: today() - datetime.timedelta(days=30))
