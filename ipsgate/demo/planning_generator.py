"""Planning ahead in the demo (issue 16): appointments (coming up, unrecorded, missed), interview and start dates,
contact details, the ready-for-release checklist, handovers from prison to community, in-work support with a
manager, and sex as the person states it.

The named scenarios sit on specialist1's caseload (by the prison numbers `journey_generator` gives them), so
every planning task is on show there. The rest of the demo gets checklists, contact details and sex from a
random generator of its own, so the draws that make the rest of the demo are unchanged."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from ipsgate.core.models import Site, User
from ipsgate.employers.models import Employer
from ipsgate.jobs.models import Application, ApplicationStatusChange, Job
from ipsgate.journey.choices import AppointmentKind, AppointmentOutcome, ContactMode, ContactTopic, ContactWith
from ipsgate.journey.models import Appointment, CustodyEvent, Handover, ReleaseChecklist, SupportContact
from ipsgate.people.choices import AccommodationStatus, ContactMethod, CustodyEventKind, CustodyStatus, Sex
from ipsgate.people.models import ContactDetails, Episode, Participant, Referral
from ipsgate.rules.release_readiness import ItemStatus

FEMALE_NAMES = ("Amy", "Chloe", "Danielle", "Emma", "Gemma", "Hannah", "Jade", "Kayleigh", "Leanne", "Nicole")
WOMEN_SHARE = 0.12  # roughly the share of women among people leaving prison
SEX_NOT_RECORDED_SHARE = 0.1
CHECKLIST_SHARE = 0.7  # of people released in the demo: a checklist was kept before release


def write_planning_scenarios(*, as_of: date, staff: dict[str, User], sites: dict[str, Site]) -> list[Participant]:
    """The named planning scenarios. Returns the people it added (two: a handover each way)."""
    specialist = staff["specialist1"]
    hull_specialist, community_specialist = staff["specialist2"], staff["specialist3"]
    prison, hull, community = sites["HMP Leeds"], sites["HMP Hull"], sites["Leeds IPS Community Team"]

    def day(offset: int) -> date:
        return as_of + timedelta(days=offset)

    def at(offset: int, hour: int = 10, minute: int = 0) -> datetime:
        return datetime.combine(day(offset), time(hour, minute), tzinfo=UTC)

    def scenario(number: str) -> Participant:
        return Participant.objects.get(prison_number=number)

    def appointment(person: Participant, kind: str, offset: int, hour: int, **extra: object) -> Appointment:
        outcome = str(extra.pop("outcome", ""))
        return Appointment.objects.create(
            participant=person, kind=kind, starts_at=at(offset, hour), created_by=specialist,
            created_at=at(min(offset, 0) - 5), outcome=outcome,
            outcome_recorded_by=specialist if outcome else None,
            outcome_recorded_at=at(offset, hour + 2) if outcome else None, **extra,
        )  # fmt: skip

    def details(person: Participant, **values: object) -> None:
        ContactDetails.objects.create(participant=person, updated_by=specialist, updated_at=at(-3), **values)

    # Daniel Okoro, due out in 12 days: a prison visit in 3 days, the meeting on release day, contact details for
    # the approved premises, and a checklist half done (the rest is his "Get ready for release" task).
    daniel = scenario("A4821DQ")
    appointment(daniel, AppointmentKind.PRISON_VISIT, 3, 14, place="HMP Leeds, legal visits room 2",
                with_whom="Aisha Rahman", what_to_bring="The CV draft and the bank account letter")  # fmt: skip
    appointment(daniel, AppointmentKind.POST_RELEASE_MEETING, 12, 13,
                place="Leeds Probation Delivery Unit, Park Square", with_whom="Claire Denholm (probation) and Aisha",
                what_to_bring="Licence, release discharge grant letter, photo ID")  # fmt: skip
    details(daniel, mobile="07700 900123", address="St Mark's Approved Premises, Leeds LS6",
            accommodation_status=AccommodationStatus.APPROVED_PREMISES,
            preferred_contact_method=ContactMethod.TEXT, reminders_by_text=True)  # fmt: skip
    ReleaseChecklist.objects.create(
        participant=daniel, id_document="driving_licence", id_status=ItemStatus.IN_PROGRESS, id_on=day(-10),
        bank_account_status=ItemStatus.DONE, bank_account_on=day(-5), cv_status=ItemStatus.DONE, cv_on=day(-8),
        uc_claim_status=ItemStatus.IN_PROGRESS, uc_claim_on=day(-2), debts_status=ItemStatus.NOT_NEEDED,
        debts_on=day(-20), debt_advice_status=ItemStatus.NOT_NEEDED, debt_advice_on=day(-20),
        updated_by=specialist, updated_at=at(-2),
    )  # fmt: skip

    # Leon Fairweather, release far off: a prison visit coming up.
    appointment(scenario("A7730KQ"), AppointmentKind.PRISON_VISIT, 2, 10, place="HMP Leeds, visits hall")
    # Marcus Holt: yesterday's prison visit has nothing recorded ("Record what happened at the appointment").
    appointment(scenario("A5518PQ"), AppointmentKind.PRISON_VISIT, -1, 11, place="HMP Leeds, A wing")

    # Ryan Sutcliffe, out 2 days: the same specialist continues; contact details; an offer accepted to start soon.
    ryan = scenario("A2207NQ")
    release = CustodyEvent.objects.filter(participant=ryan, kind=CustodyEventKind.RELEASED_ON_LICENCE).first()
    Handover.objects.create(
        participant=ryan, release=release, from_specialist=specialist, to_specialist=specialist, same_specialist=True,
        handed_over_on=day(-2), recorded_by=specialist, recorded_at=at(-2, 16),
    )  # fmt: skip
    details(ryan, mobile="07700 900456", address="Room 4, Holbeck hostel, Leeds LS11",
            accommodation_status=AccommodationStatus.TEMPORARY,
            preferred_contact_method=ContactMethod.PHONE)  # fmt: skip
    cafe = Employer.objects.get_or_create(
        name="Kirkgate Market Café", defaults={"sector": "HOSPITALITY_CATERING", "postcode": "LS2 7HY"}
    )[0]
    _application(ryan, cafe, "Kitchen assistant", "accepted", specialist, day(-1), expected_start_date=day(5))

    # Stacey Ward: missed probation 3 days ago (a follow-up), and an interview yesterday with nothing recorded.
    stacey = scenario("A3391CQ")
    Participant.objects.filter(pk=stacey.pk).update(sex=Sex.FEMALE)
    appointment(stacey, AppointmentKind.PROBATION, -3, 10, place="Leeds Probation Delivery Unit",
                outcome=AppointmentOutcome.MISSED, outcome_note="Did not arrive; phone off.")  # fmt: skip
    details(stacey, email="stacey.w@example.com", address="14 Example Grove, Leeds LS7",
            accommodation_status=AccommodationStatus.SETTLED, preferred_contact_method=ContactMethod.EMAIL,
            reminders_by_email=True)  # fmt: skip
    shop = Employer.objects.get_or_create(
        name="Chapeltown Co-operative Store", defaults={"sector": "RETAIL", "postcode": "LS7 3HB"}
    )[0]
    _application(stacey, shop, "Shop assistant", "interview", specialist, day(-8), interview_at=at(-1, 15))

    # Callum Rhodes, 3 weeks in work: in-work support with his manager (on the employer's recent contacts too),
    # and a review with the manager next week.
    callum = scenario("A8120TQ")
    job = Job.objects.filter(participant=callum).select_related("employer").first()
    if job is not None:
        SupportContact.objects.create(
            participant=callum, recorded_by=specialist, occurred_at=at(-2, 15), contact_with=ContactWith.EMPLOYER,
            mode=ContactMode.AT_WORKPLACE, duration_minutes=30, topics=[ContactTopic.IN_WORK_SUPPORT],
            note="Shift manager pleased; agreed a later start on clinic days.", employer=job.employer, job=job,
        )  # fmt: skip
        appointment(callum, AppointmentKind.OTHER, 6, 16, place=f"{job.employer.name}, LS10 1JB",
                    with_whom="Shift manager", what_to_bring="Nothing: a 20-minute review")  # fmt: skip
    details(callum, mobile="07700 900789", accommodation_status=AccommodationStatus.SETTLED,
            preferred_contact_method=ContactMethod.TEXT, reminders_by_text=True)  # fmt: skip

    # Priya Doshi, 15 weeks in work: a better job accepted to start yesterday, nothing recorded since.
    priya = scenario("A9043MQ")
    Participant.objects.filter(pk=priya.pk).update(sex=Sex.FEMALE)
    appointment(priya, AppointmentKind.CMHT, 5, 11, place="Aire Court CMHT, Leeds LS9", with_whom="Jo Pearson")
    bank = Employer.objects.get_or_create(
        name="Leeds Food Bank Distribution", defaults={"sector": "LOGISTICS", "postcode": "LS11 5QN"}
    )[0]
    _application(priya, bank, "Warehouse team leader", "accepted", specialist, day(-12), expected_start_date=day(-1))

    # Released from HMP Hull 1 day ago to live in Leeds: Gareth Pryce handed over to Aisha (to pick up).
    incoming = _released_person(
        "Mohammed", "Iqbal", "A6001PQ", released=day(-1), referred=day(-90), prison=hull, community=community,
        specialist=specialist, recorded_by=hull_specialist,
    )  # fmt: skip
    Handover.objects.create(
        participant=incoming, release=CustodyEvent.objects.get(participant=incoming),
        from_specialist=hull_specialist, to_specialist=specialist, same_specialist=False, handed_over_on=day(-1),
        note="Wants forklift work (licence gained in prison). Anxious about the first week; mum's number is on "
        "his release plan. First probation appointment Thursday 10:00.",
        recorded_by=hull_specialist, recorded_at=at(-1, 12),
    )  # fmt: skip
    details(incoming, mobile="07700 900321", accommodation_status=AccommodationStatus.SETTLED,
            address="With his mother, Harehills, Leeds LS8", preferred_contact_method=ContactMethod.PHONE)  # fmt: skip

    # Released from HMP Leeds 20 days ago: Aisha handed over to Nadia Kowalski (community), who picked it up.
    outgoing = _released_person(
        "Lewis", "Marr", "A6002PQ", released=day(-20), referred=day(-120), prison=prison, community=community,
        specialist=community_specialist, recorded_by=specialist,
    )  # fmt: skip
    Handover.objects.create(
        participant=outgoing, release=CustodyEvent.objects.get(participant=outgoing), from_specialist=specialist,
        to_specialist=community_specialist, same_specialist=False, handed_over_on=day(-20), picked_up_on=day(-19),
        note="Three-way meeting at the gate went well. Job goal: groundwork labourer; CSCS card booked.",
        recorded_by=specialist, recorded_at=at(-20, 16),
    )  # fmt: skip
    return [incoming, outgoing]


def _application(
    person: Participant, employer: Employer, title: str, status: str, by: User, on: date, **dates: object
) -> Application:
    application = Application.objects.create(
        participant=person, employer=employer, job_title=title, status=status, created_by=by,
        offer_date=on if status == "accepted" else None, **dates,
    )  # fmt: skip
    ApplicationStatusChange.objects.create(
        application=application, from_status="", to_status="applied", on_date=on - timedelta(days=7), changed_by=by
    )
    ApplicationStatusChange.objects.create(
        application=application, from_status="applied", to_status=status, on_date=on, changed_by=by
    )
    return application


def _released_person(
    given: str,
    family: str,
    number: str,
    *,
    released: date,
    referred: date,
    prison: Site,
    community: Site,
    specialist: User,
    recorded_by: User,
) -> Participant:
    person = Participant.objects.create(
        given_name=given, family_name=family, date_of_birth=date(1992, 8, 21), prison_number=number,
        current_site=community, custody_status=CustodyStatus.RELEASED_ON_LICENCE, actual_release_date=released,
        expected_release_date=released, allocated_specialist=specialist, sex=Sex.MALE,
    )  # fmt: skip
    referral = Referral.objects.create(
        participant=person, source="prison_mental_health", referral_date=referred, referrer_name="Sam Whitfield RMN",
        referrer_organisation=f"{prison.name} mental health in-reach", wants_paid_work=True, received_by=recorded_by,
        outcome="accepted", outcome_date=referred + timedelta(days=3),
    )  # fmt: skip
    Episode.objects.create(participant=person, referral=referral, start_date=referred + timedelta(days=3))
    SupportContact.objects.create(
        participant=person, recorded_by=recorded_by, occurred_at=datetime.combine(released, time(10), tzinfo=UTC)
        - timedelta(days=10), contact_with=ContactWith.PARTICIPANT, mode=ContactMode.IN_PRISON, duration_minutes=45,
        topics=[ContactTopic.RELEASE_PLANNING], note="Pre-release meeting: planned the first week out.",
    )  # fmt: skip
    CustodyEvent.objects.create(
        participant=person, kind=CustodyEventKind.RELEASED_ON_LICENCE, event_date=released, prison=prison,
        recorded_by=recorded_by, recorded_at=datetime.combine(released, time(9), tzinfo=UTC),
    )  # fmt: skip
    return person


def write_planning_for_everyone(*, seed: int, as_of: date, specialist: User) -> None:
    """Sex for everyone (most men, some women renamed with women's names, some not recorded), and for people
    released in the last year a ready-for-release checklist kept before release and their accommodation on
    release, so the outcome dashboard's release figures and job starts for women and men have numbers. From a
    random generator of its own: the rest of the demo is unchanged."""
    rng = random.Random(seed * 7919 + 16)
    people = list(Participant.objects.filter(sex="").exclude(prison_number__endswith="Q").order_by("pk"))
    women, men, unknown = [], [], []
    for person in people:
        draw = rng.random()
        if draw < WOMEN_SHARE:
            person.given_name, person.preferred_name, person.sex = rng.choice(FEMALE_NAMES), "", Sex.FEMALE
            women.append(person)
        elif draw < 1 - SEX_NOT_RECORDED_SHARE:
            person.sex = Sex.MALE
            men.append(person)
        else:
            unknown.append(person)
    Participant.objects.bulk_update(women, ["given_name", "preferred_name", "sex"])
    Participant.objects.bulk_update(men, ["sex"])
    Participant.objects.filter(prison_number__endswith="Q", sex="").exclude(
        given_name__in=("Stacey", "Priya", "Grace")
    ).update(sex=Sex.MALE)
    Participant.objects.filter(prison_number__endswith="Q", given_name="Grace").update(sex=Sex.FEMALE)

    released = Participant.objects.filter(
        actual_release_date__gte=as_of - timedelta(days=365), actual_release_date__lte=as_of
    ).exclude(prison_number__endswith="Q")
    statuses = (ItemStatus.DONE, ItemStatus.DONE, ItemStatus.IN_PROGRESS, ItemStatus.NOT_STARTED)
    checklists, details = [], []
    for person in released.order_by("pk"):
        out = person.actual_release_date
        assert out is not None  # noqa: S101 - filtered above
        if rng.random() < CHECKLIST_SHARE:
            before = out - timedelta(days=rng.randint(3, 40))
            id_status, bank_status = rng.choice(statuses), rng.choice(statuses)
            checklists.append(
                ReleaseChecklist(
                    participant=person,
                    id_document="birth_certificate" if id_status != ItemStatus.NOT_STARTED else "",
                    id_status=id_status,
                    id_on=before if id_status != ItemStatus.NOT_STARTED else None,
                    bank_account_status=bank_status,
                    bank_account_on=before if bank_status != ItemStatus.NOT_STARTED else None,
                    cv_status=rng.choice(statuses),
                    updated_by=specialist,
                    updated_at=datetime.combine(before, time(12), tzinfo=UTC),
                )  # fmt: skip
            )
        accommodation = rng.choices([s.value for s in AccommodationStatus], weights=(55, 25, 12, 8), k=1)[0]
        details.append(
            ContactDetails(
                participant=person,
                accommodation_status=accommodation,
                preferred_contact_method=rng.choice(ContactMethod.values),
                updated_by=specialist,
                updated_at=datetime.combine(out, time(12), tzinfo=UTC),
            )  # fmt: skip
        )
    for checklist in checklists:  # the statuses' dates: cleared where nothing has happened
        if checklist.cv_status != ItemStatus.NOT_STARTED:
            checklist.cv_on = checklist.id_on or checklist.bank_account_on or as_of - timedelta(days=30)
    ReleaseChecklist.objects.bulk_create(checklists)
    ContactDetails.objects.bulk_create(details)
