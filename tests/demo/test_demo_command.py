"""`ipsgate demo --no-serve` loads a believable service once and prints the demo log-ins."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ipsgate.api.models import ApiToken, key_digest
from ipsgate.core.choices import Role, SiteKind
from ipsgate.core.models import Site, User
from ipsgate.demo.generator import DEMO_PASSWORD
from ipsgate.fidelity.models import FidelityReview
from ipsgate.journey.models import SupportContact
from ipsgate.people.models import Participant, Referral
from tests.conftest import current_code, sign_in_verified

pytestmark = pytest.mark.django_db(transaction=True)

LOGINS = ["specialist1", "specialist2", "specialist3", "teamleader1", "analyst1", "admin1"]


def run_demo() -> str:
    out = StringIO()
    call_command("demo", "--no-serve", "--seed", "5", stdout=out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    return (
        Site.objects.count(),
        User.objects.count(),
        Participant.objects.count(),
        Referral.objects.count(),
        SupportContact.objects.count(),
    )


def test_demo_is_idempotent_and_prints_logins():
    first = run_demo()
    loaded = counts()
    second = run_demo()
    assert counts() == loaded
    assert "already loaded" in second
    for output in (first, second):
        assert DEMO_PASSWORD in output
        for username in LOGINS:
            assert username in output


def test_demo_service_shape():
    run_demo()
    kinds = list(Site.objects.values_list("kind", flat=True))
    assert kinds.count(SiteKind.PRISON) == 3
    assert kinds.count(SiteKind.PROBATION_OFFICE) == 1
    assert kinds.count(SiteKind.COMMUNITY_TEAM) == 1
    assert 100 <= Participant.objects.count() <= 140
    s1, s2, s3 = (User.objects.get(username=f"specialist{i}") for i in (1, 2, 3))
    assert s1.site and s2.site and s3.site
    assert {s1.site.kind, s2.site.kind} == {SiteKind.PRISON} and s1.site != s2.site
    assert s3.site.kind == SiteKind.COMMUNITY_TEAM
    leader = User.objects.get(username="teamleader1")
    assert leader.role == Role.TEAM_LEADER
    assert set(leader.teams_led.get().sites.all()) == set(Site.objects.all())
    # One earlier fidelity review of the demo team, so the next review shows a comparison.
    assert FidelityReview.objects.get().team == leader.teams_led.get()
    assert User.objects.get(username="analyst1").role == Role.ANALYST
    assert User.objects.get(username="admin1").role == Role.ADMINISTRATOR


def test_specialist1_logs_in_and_sees_a_caseload():
    run_demo()
    client = Client()
    response = client.post(reverse("login"), {"username": "specialist1", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    # The demo account has an authenticator-app device; sign-in finishes with its current code.
    assert client.get(reverse("people:my-caseload"))["Location"].startswith(reverse("mfa-verify"))
    response = client.post(reverse("mfa-verify"), {"token": current_code(User.objects.get(username="specialist1"))})
    assert response.status_code == 302
    page = client.get(reverse("people:my-caseload"))
    assert page.status_code == 200
    specialist = User.objects.get(username="specialist1")
    shown = Participant.objects.filter(allocated_specialist=specialist).first()
    assert shown is not None
    assert shown.family_name in page.content.decode()


def test_admin1_issues_the_demo_service_accounts_api_token_and_sees_its_key_once():
    run_demo()
    client = Client()
    sign_in_verified(client, User.objects.get(username="admin1"))
    account = User.objects.get(username="outcomes-feed")
    assert account.is_service_account and not account.has_usable_password()
    assert "Outcomes feed (service account)" in client.get(reverse("admin:api_apitoken_add")).content.decode()

    issued = client.post(reverse("admin:api_apitoken_add"), {"user": account.pk, "days": 365})

    assert issued.status_code == 200
    assert ApiToken.objects.get(user=account).key_digest == key_digest(issued.context["key"])
