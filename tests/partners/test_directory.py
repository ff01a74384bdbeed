"""The directory of partner organisations (issue 18 §1): who keeps it, bad input, audit, search and exports."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from ipsgate.core.models import AuditEvent
from ipsgate.partners.exports import safe_cell
from ipsgate.partners.models import Partner, PartnerPathway
from ipsgate.partners.services import NO_PATHWAY, NO_PLACE, partner_save, tidy_areas
from tests import factories
from tests.conftest import date_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(prison):
    return factories.TeamLeaderFactory.create(site=prison)


@pytest.fixture
def leader_client(make_client, leader):
    return make_client(leader)


def form_data(prison, **overrides):
    data = {
        "name": "Leeds Housing Advice",
        "kind": "voluntary",
        "pathways": ["ACCOMMODATION"],
        "prisons": [str(prison.pk)],
        "areas": "ls9, Leeds",
        "eligibility": "Men and women over 18",
        "how_to_refer": "Phone or send the form",
        "contact_name": "Sam Rivers",
        "phone": "0113 000 0000",
        "email": "refer@example.org",
        "website": "https://www.example.org",
        "referral_form": "",
        "opening_hours": "Monday to Friday, 9am to 5pm",
        **date_fields("closed_on", None),
    }
    data.update(overrides)
    return data


def make_partner(actor, *, name="Partner", pathways=("ACCOMMODATION",), prisons=(), areas="LS9", closed_on=None):
    return partner_save(
        actor=actor,
        data={"name": name, "kind": "voluntary", "areas": areas, "closed_on": closed_on},
        pathways=list(pathways),
        prisons=list(prisons),
    )


def test_team_leader_adds_a_partner_and_the_change_is_audited(leader_client, leader, prison):
    response = leader_client.post(reverse("partners:partner-create"), form_data(prison))
    partner = Partner.objects.get()
    assert response.status_code == 302 and response["Location"] == partner.get_absolute_url()
    assert partner.areas == "LS9, Leeds"
    assert list(partner.pathways.values_list("pathway", flat=True)) == ["ACCOMMODATION"]
    assert list(partner.prisons.all()) == [prison]
    event = AuditEvent.objects.get(object_type="partner")
    assert (event.action, event.object_id, event.user_id_at_event) == ("create", str(partner.pk), leader.pk)


def test_a_change_is_audited_with_the_fields_that_changed(leader_client, leader, prison):
    partner = make_partner(leader, prisons=[prison])
    data = form_data(prison, name="Partner", areas="LS9", pathways=["ACCOMMODATION", "FINANCE_AND_ID"])
    response = leader_client.post(reverse("partners:partner-edit", args=[partner.pk]), data)
    assert response.status_code == 302
    event = AuditEvent.objects.filter(object_type="partner", action="update").get()
    changed = event.detail.removeprefix("changed: ").split(", ")
    assert "pathways" in changed and "eligibility" in changed
    assert "name" not in changed and "prisons" not in changed and "areas" not in changed
    assert PartnerPathway.objects.filter(partner=partner).count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"pathways": []}, "pathways", NO_PATHWAY),
        ({"prisons": [], "areas": ""}, "areas", NO_PLACE),
        ({"name": ""}, "name", "Enter the partner's name"),
        ({"email": "not an email"}, "email", "Enter an email address like name@example.com"),
        ({"areas": "x" * 201}, "areas", "Areas it serves in the community must be 200 characters or fewer"),
        (
            {"community_mental_health_team": "on"},
            "pathways",
            "A community mental health team helps with health: select the health pathway",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_writes_nothing(leader_client, prison, overrides, field, message):
    before = AuditEvent.objects.exclude(action="read").count()
    response = leader_client.post(reverse("partners:partner-create"), form_data(prison, **overrides))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert escape(message) in response.content.decode()
    assert not Partner.objects.exists()
    assert AuditEvent.objects.exclude(action="read").count() == before


def test_a_community_mental_health_team_is_marked_as_one(leader_client, prison):
    data = form_data(prison, pathways=["HEALTH"], community_mental_health_team="on")
    assert leader_client.post(reverse("partners:partner-create"), data).status_code == 302
    assert Partner.objects.get().community_mental_health_team


def test_a_closing_date_in_the_future_is_refused(leader_client, prison):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = leader_client.post(
        reverse("partners:partner-create"), form_data(prison, **date_fields("closed_on", tomorrow))
    )
    assert response.status_code == 200
    assert "The date the partner closed must be today or in the past" in response.content.decode()
    assert not Partner.objects.exists()


def test_the_service_refuses_what_the_form_would_and_writes_nothing(leader):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        make_partner(leader, pathways=(), areas="")
    assert refused.value.message_dict == {"pathways": [NO_PATHWAY], "areas": [NO_PLACE]}
    assert not Partner.objects.exists() and not AuditEvent.objects.filter(object_type="partner").exists()


def test_only_team_leaders_and_service_managers_keep_the_directory(specialist_client, specialist, prison):
    assert specialist_client.get(reverse("partners:partner-create")).status_code == 403
    assert specialist_client.post(reverse("partners:partner-create"), form_data(prison)).status_code == 403
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        make_partner(specialist)
    assert not Partner.objects.exists()


def test_search_by_pathway_prison_area_and_closed(specialist_client, leader, prison, other_prison):
    housing = make_partner(leader, name="Housing at the prison", prisons=[prison], areas="")
    money = make_partner(leader, name="Money advice", pathways=("BENEFITS_AND_DEBT",), areas="LS9, LS10, Leeds")
    closed = make_partner(leader, name="Closed one", areas="BD1", closed_on=timezone.localdate())

    def names(**query):
        response = specialist_client.get(reverse("partners:partner-list"), query)
        assert response.status_code == 200
        return [p.name for p in response.context["page"].object_list]

    assert names() == [housing.name, money.name]
    assert names(pathway="BENEFITS_AND_DEBT") == [money.name]
    assert names(prison=prison.pk) == [housing.name]
    assert names(prison=other_prison.pk) == []
    assert names(area="ls10") == [money.name]
    assert names(q="money") == [money.name]
    assert names(closed="on") == [closed.name, housing.name, money.name]


def test_a_malformed_prison_id_is_a_bad_request(specialist_client):
    assert specialist_client.get(reverse("partners:partner-list"), {"prison": "1e3"}).status_code == 400


def test_the_list_costs_the_same_for_5_and_30_partners(
    specialist_client, leader, prison, django_assert_max_num_queries
):
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert specialist_client.get(reverse("partners:partner-list")).status_code == 200
        return len(queries)

    for n in range(5):
        make_partner(leader, name=f"P{n}", prisons=[prison])
    few = count()
    for n in range(5, 30):
        make_partner(leader, name=f"P{n:02}", prisons=[prison])
    assert count() == few
    with django_assert_max_num_queries(12):
        specialist_client.get(reverse("partners:partner-list"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+44 113", "'+44 113"),
        ("-1", "-1"),  # a number written as text is left alone (core.spreadsheet.guard)
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Leeds", "Leeds"),
        ("", ""),
        (None, None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_exports_are_formula_safe_and_audited(specialist_client, specialist, leader, prison):
    make_partner(leader, name="=cmd|' /C calc'!A0", prisons=[prison])
    response = specialist_client.get(reverse("partners:export-csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Name", "Kind", "Pathways", "Prison codes"]
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert rows[1][3] == prison.prison_code and rows[1][14] == "Active"
    response = specialist_client.get(reverse("partners:export-xlsx"))
    sheet = load_workbook(io.BytesIO(response.content))["Partners"]
    assert sheet["A2"].value == "'=cmd|' /C calc'!A0" and sheet["A2"].data_type == "s"
    exports = AuditEvent.objects.filter(action="export", object_type="partner_directory")
    assert sorted(exports.values_list("object_id", flat=True)) == ["csv", "xlsx"]
    assert set(exports.values_list("user_id_at_event", flat=True)) == {specialist.pk}


@pytest.mark.parametrize(
    ("typed", "tidy"),
    [("ls9,  Leeds ,LS9", "LS9, Leeds"), ("", ""), (" , ,", ""), ("Kirklees, bd1", "Kirklees, BD1")],
)
def test_tidy_areas(typed, tidy):
    assert tidy_areas(typed) == tidy
