"""About 25 invented partner organisations for the demo prisons and Leeds (issue 18 §6). Every pathway is served at
each prison except one (the gap the service map will show): HMP Leeds has no children, families and community
partner, HMP Hull none for drugs and alcohol, HMP Humber none for education, skills and work. One partner is
closed. All names, people, numbers and addresses are invented (.invalid and example domains)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from ipsgate.core.models import Site, User
from ipsgate.partners.choices import PartnerKind, Pathway
from ipsgate.partners.models import Partner, PartnerPathway, ReferralOut, ReferralOutUpdate
from ipsgate.people.models import Participant

A, F, B, H, D, C, E = (
    Pathway.ACCOMMODATION,
    Pathway.FINANCE_AND_ID,
    Pathway.BENEFITS_AND_DEBT,
    Pathway.HEALTH,
    Pathway.DRUGS_AND_ALCOHOL,
    Pathway.CHILDREN_FAMILIES_AND_COMMUNITY,
    Pathway.EDUCATION_SKILLS_AND_WORK,
)
LEI, HLI, HMI = "LEI", "HLI", "HMI"

# name, kind, pathways, prison codes, areas, eligibility
PARTNERS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], str, str], ...] = (
    ("Aire Valley Housing Trust", PartnerKind.HOUSING, (A,), (LEI,), "LS1, LS9, LS10, Leeds", "Men and women over 18"),
    ("Northgate Move-On Homes", PartnerKind.HOUSING, (A,), (HLI,), "HU1, HU3, Hull", "Men over 18 leaving prison"),
    ("Estuary Homes Resettlement", PartnerKind.HOUSING, (A,), (HMI,), "HU15, DN14, East Riding", "Over 21"),
    ("Leeds Council Housing Options", PartnerKind.LOCAL_AUTHORITY, (A, B), (), "Leeds", "Leeds residents"),
    ("Gatepost ID and Banking", PartnerKind.VOLUNTARY, (F,), (LEI, HLI, HMI), "", "Anyone in prison"),
    ("Kirkgate Money Advice", PartnerKind.VOLUNTARY, (B, F), (LEI,), "LS2, LS9, Leeds", "Anyone with debts"),
    ("Humber Debt Line", PartnerKind.VOLUNTARY, (B,), (HLI, HMI), "HU1, HU15", "Anyone over 18"),
    ("Jobcentre Plus prison work coaches", PartnerKind.DWP, (B, E), (LEI, HLI), "", "Anyone due for release"),
    ("Leeds Prison In-Reach Mental Health", PartnerKind.NHS, (H,), (LEI,), "", "People at HMP Leeds"),
    ("Hull Community Mental Health Team", PartnerKind.NHS, (H,), (HLI,), "HU1, HU3, HU5, Hull", "Hull GP patients"),
    ("East Riding Community Mental Health Team", PartnerKind.NHS, (H,), (HMI,), "HU15, DN14", "Registered locally"),
    ("Leeds Community Mental Health Team", PartnerKind.NHS, (H,), (), "LS1, LS9, LS10, Leeds", "Leeds GP patients"),
    ("Forward Leeds Recovery", PartnerKind.NHS, (D,), (LEI,), "Leeds", "Adults using drugs or alcohol"),
    ("Humber Recovery Hub", PartnerKind.VOLUNTARY, (D,), (HMI,), "HU15, East Riding", "Adults, self-referral welcome"),
    ("Hull Families Together", PartnerKind.VOLUNTARY, (C,), (HLI,), "HU1, HU3", "Parents and their families"),
    ("Humber Family Links", PartnerKind.VOLUNTARY, (C,), (HMI,), "HU15, DN14", "Fathers in custody"),
    ("Women's Gateway Yorkshire", PartnerKind.VOLUNTARY, (A, C, H), (), "Leeds, Bradford", "Women only"),
    ("Second Chance Skills", PartnerKind.VOLUNTARY, (E,), (LEI, HLI), "LS9, HU1", "18 to 25"),
    ("Leeds City College Prison Education", PartnerKind.OTHER, (E,), (LEI,), "", "People at HMP Leeds"),
    ("Building Futures Employer Network", PartnerKind.EMPLOYER_SUPPORT, (E,), (LEI, HLI), "Leeds, Hull", "Any offence"),
    ("Yorkshire Probation Commissioned Accommodation", PartnerKind.PROBATION_COMMISSIONED, (A,), (LEI, HLI, HMI), "",
     "People on licence; accepts people with sexual offences"),
    ("Yorkshire Dependency and Recovery Service", PartnerKind.PROBATION_COMMISSIONED, (D,), (), "Leeds, Hull",
     "People on licence"),
    ("Peer Mentors at the Gate", PartnerKind.VOLUNTARY, (E,), (LEI,), "Leeds", "Anyone leaving HMP Leeds"),
    ("Humber Learning Partnership", PartnerKind.OTHER, (E,), (), "HU15", "Adults in East Riding"),
    ("Calder Family Support", PartnerKind.VOLUNTARY, (C,), (LEI,), "LS1", "Families of people in prison"),
)  # fmt: skip
CLOSED = "Calder Family Support"  # closed, so HMP Leeds keeps its gap in children, families and community
CMHT_MARK = "Community Mental Health Team"  # these are CMHTs: their referrals count with the health-care page's


def write_demo_partners(*, keeper: User, sites: list[Site], as_of: date) -> int:
    """The partner directory for the demo; returns how many partners were written."""
    prisons = {site.prison_code: site for site in sites if site.prison_code}
    now = timezone.now()
    partners = []
    for number, (name, kind, _pathways, _codes, areas, eligibility) in enumerate(PARTNERS, start=1):
        partners.append(
            Partner(
                name=name,
                kind=kind,
                areas=areas,
                eligibility=eligibility,
                how_to_refer="Phone or email the named contact, or use the referral form.",
                contact_name=f"Referrals coordinator {number}",
                phone=f"0113 496 {number:04d}",
                email=f"referrals{number}@example.org",
                website=f"https://partner{number}.example.org",
                opening_hours="Monday to Friday, 9am to 5pm",
                closed_on=as_of - timedelta(days=40) if name == CLOSED else None,
                community_mental_health_team=CMHT_MARK in name,
                updated_by=keeper,
                updated_at=now,
            )
        )
    Partner.objects.bulk_create(partners)
    PartnerPathway.objects.bulk_create(
        PartnerPathway(partner=partner, pathway=pathway)
        for partner, spec in zip(partners, PARTNERS, strict=True)
        for pathway in spec[2]
    )
    through = Partner.prisons.through
    through.objects.bulk_create(
        through(partner_id=partner.pk, site_id=prisons[code].pk)
        for partner, spec in zip(partners, PARTNERS, strict=True)
        for code in spec[3]
        if code in prisons
    )
    return len(partners)


# (pathway, days ago sent, the statuses after "sent" with days ago each, note on the last, partner by name or "")
REFERRALS: tuple[tuple[str, int, tuple[tuple[str, int], ...], str, str], ...] = (
    (A, 30, (), "", ""),  # no answer after 30 days (over 10 working days): a chase task in specialist1's To do
    (F, 21, (("acknowledged", 18),), "", ""),  # acknowledged, then nothing: a chase
    (A, 40, (("acknowledged", 37), ("accepted", 30)), "", ""),
    (E, 60, (("accepted", 50), ("support_started", 44)), "", ""),
    (B, 90, (("accepted", 80), ("support_started", 70), ("completed", 20)), "", ""),
    (A, 45, (("declined", 38),), "Only takes people with a local connection to Hull", ""),
    (F, 50, (("no_response", 35),), "Two calls and an email unanswered", ""),
    (E, 70, (("acknowledged", 65), ("closed", 40)), "The person found a course themselves", ""),
    # a referral to the community mental health team for the first person: counted with the CMHT referrals
    (H, 35, (("acknowledged", 30), ("accepted", 24)), "", "Leeds Community Mental Health Team"),
)


def write_demo_referrals(*, specialist: User, as_of: date) -> int:
    """Referrals out for specialist1's people at every status, two of them waiting long enough to chase."""
    prison = specialist.site  # people at the specialist's prison, so its service map shows them
    people = list(
        Participant.objects.filter(allocated_specialist=specialist, current_site=prison).order_by("pk")[
            : len(REFERRALS) - 1
        ]
    )
    now = timezone.now()
    written = 0
    # The last referral (to the CMHT) is for the first person again, so fewer people are needed than referrals.
    for person, (pathway, sent_ago, after, note, named) in zip([*people, *people[:1]], REFERRALS, strict=False):
        partner = (
            Partner.objects.active().filter(name=named).first()
            if named
            else Partner.objects.active().filter(pathways__pathway=pathway, prisons=prison).order_by("name").first()
            or Partner.objects.active().filter(pathways__pathway=pathway).order_by("name").first()
        )
        if partner is None:
            continue
        last_status, last_ago = after[-1] if after else ("sent", sent_ago)
        need = person.needs.filter(pathway=pathway).first()
        referral = ReferralOut.objects.create(
            participant=person,
            partner=partner,
            need=need,
            pathway=pathway,
            referred_from=person.current_site,
            referred_on=as_of - timedelta(days=sent_ago),
            method="phone",
            asked="Help with this on release (demo)",
            consent_to_share=True,
            shared="Name, date of birth and release date",
            status=last_status,
            status_on=as_of - timedelta(days=last_ago),
            created_by=specialist,
            created_at=now,
        )
        steps = [("sent", sent_ago), *after]
        ReferralOutUpdate.objects.bulk_create(
            ReferralOutUpdate(
                referral=referral,
                status=status,
                happened_on=as_of - timedelta(days=ago),
                note=note if n == len(steps) - 1 else "",
                recorded_by=specialist,
                recorded_at=now,
            )
            for n, (status, ago) in enumerate(steps)
        )
        written += 1
    return written
