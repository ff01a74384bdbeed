"""The outcome dashboard, its downloads, scope, analyst suppression, filter errors and query counts."""

from __future__ import annotations

import csv
import html as html_lib
import io
import re

import pytest
from openpyxl import load_workbook

from ipsgate.core.models import AuditEvent
from tests import factories
from tests.hostile import HOSTILE_NAMES, live_formula

from . import dataset
from .dataset import Service

URL = "/outcomes/"
PERIOD = {
    "start_day": "1",
    "start_month": "1",
    "start_year": "2025",
    "end_day": "30",
    "end_month": "6",
    "end_year": "2025",
}


def q(**extra: str) -> dict[str, str]:
    return {**PERIOD, "group_by": "service", **extra}


@pytest.fixture
def service(db) -> Service:
    return dataset.build()


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


def _cells(text: str) -> list[str]:
    return [
        html_lib.unescape(re.sub(r"\s+", " ", c).strip()) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", text, re.S)
    ]


def test_manager_sees_headline_figures_definitions_charts_and_nav(service, make_client):
    response = make_client(service.manager).get(URL, q())
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/outcomes/"' in html  # the "Outcomes" nav link
    cells = _cells(html)
    # Headline rows: figure, value, out of, benchmark, definition (answers from test_metrics).
    i = cells.index("Employment rate (out of work at the start)")
    assert cells[i + 1 : i + 4] == ["50%", "4", "40% (IPS Grow)"]
    i = cells.index("In work 6 months after release")
    assert cells[i + 1 : i + 4] == ["50%", "2", "30.4% (national, March 2023)"]
    i = cells.index("Days from referral to first face-to-face employer contact")
    assert cells[i + 1] == "median 20 days (IQR 15 to 25)"
    assert "Referrals with a referral date in the period" in html  # each figure's definition is on the page
    images = re.findall(
        r'<img class="ipsgate-chart" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="([^"]+)"', html
    )
    assert len(images) == 3
    assert images[0].startswith("Bar chart: People at each stage") and "Referred: 4" in images[0]
    assert "style=" not in html.split("<main")[1]  # strict CSP: no inline styles in the page body
    assert "<script>" not in html


def test_funnel_table_and_csv(service, make_client):
    client = make_client(service.manager)
    rows = _csv(client.get("/outcomes/download/funnel.csv", q()))
    assert rows == [
        ["Stage", "People", "Share of people referred"],
        ["Referred", "4", "100%"],
        ["Engaged (profile started)", "3", "75%"],
        ["Face-to-face employer contact", "3", "75%"],
        ["Applied for a job", "3", "75%"],
        ["Offered a job", "2", "50%"],
        ["Started a job", "1", "25%"],
        ["Still in work at 13 weeks", "0", "0%"],
    ]


def test_csv_by_site_and_quarter(service, make_client):
    client = make_client(service.manager)
    by_site = _csv(client.get("/outcomes/download/work.csv", q(group_by="site")))
    assert by_site[0][:5] == ["Site", "Referrals", "Engaged", "People into work", "Job starts"]
    assert [r[:5] for r in by_site[1:]] == [
        ["Bravo community team", "2", "1", "1", "1"],
        ["HMP Alpha", "2", "2", "1", "2"],
    ]
    by_quarter = _csv(client.get("/outcomes/download/work.csv", q(group_by="quarter")))
    assert [r[:5] for r in by_quarter[1:]] == [
        ["Jan–Mar 2025", "2", "2", "2", "2"],
        ["Apr–Jun 2025", "2", "1", "1", "1"],
    ]
    # Employment rate by quarter: 2 of 3, then 1 of 3.
    rate = by_quarter[0].index("Employment rate")
    assert [r[rate] for r in by_quarter[1:]] == ["66.7%", "33.3%"]


def test_xlsx_has_a_sheet_per_table_with_numbers(service, make_client):
    workbook = _workbook(make_client(service.manager).get("/outcomes/download.xlsx", q(group_by="site")))
    assert workbook.sheetnames[0] == "About"
    assert workbook.sheetnames[1:] == [
        "Headline figures",
        "Funnel",
        "Referrals and work",
        "Offers and keeping work",
        "Sustainment",
        "Offers not started",
        "Time to contact, job, tenure",
        "Health and custody",
        "Ready for release",
        "Women and men",
        "Mentored and not mentored",
    ]
    funnel = workbook["Funnel"]
    assert [c.value for c in funnel[1]] == ["Stage", "People", "Share of people referred"]
    assert [(r[0].value, r[1].value) for r in funnel.iter_rows(min_row=2, max_row=8)] == [
        ("Referred", 4),
        ("Engaged (profile started)", 3),
        ("Face-to-face employer contact", 3),
        ("Applied for a job", 3),
        ("Offered a job", 2),
        ("Started a job", 1),
        ("Still in work at 13 weeks", 0),
    ]
    work = workbook["Referrals and work"]
    assert [c.value for c in work[2]][:3] == ["Bravo community team", 2, 1]
    reasons = workbook["Offers not started"]
    assert [c.value for c in reasons[2]] == ["Housing", 1]


@pytest.mark.parametrize("hostile", HOSTILE_NAMES)
def test_csv_and_xlsx_write_hostile_names_as_inert_text(service, make_client, hostile):
    """Every text cell goes through the one guard: a site (or team, or specialist) named like a formula comes out
    as text in both downloads."""
    service.site_a.name = hostile
    service.site_a.save()
    client = make_client(service.manager)
    rows = _csv(client.get("/outcomes/download/work.csv", q(group_by="site")))
    assert "'" + hostile in [r[0] for r in rows]
    assert not any(live_formula(cell) for row in rows for cell in row)
    workbook = _workbook(client.get("/outcomes/download.xlsx", q(group_by="site")))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    # A carriage return comes back as \n, or as \r when openpyxl writes through lxml (which escapes it).
    values = [c.value for c in cells]
    assert "'" + hostile.replace("\r", "\n") in values or "'" + hostile in values
    assert not any(c.data_type == "f" or live_formula(c.value) for c in cells)


def test_exports_are_audited_as_exports(service, make_client):
    client = make_client(service.manager)
    client.get("/outcomes/download/funnel.csv", q())
    client.get("/outcomes/download.xlsx", q())
    events = list(AuditEvent.objects.filter(action="export").order_by("sequence"))
    assert [(e.object_type, e.object_id, e.participant_id) for e in events] == [
        ("outcomes", "funnel:2025-01-01:2025-06-30:service", None),
        ("outcomes", "all:2025-01-01:2025-06-30:service", None),
    ]
    assert events[0].username == service.manager.username


def test_analyst_sees_small_counts_as_under_five_in_page_and_both_exports(service, make_client):
    client = make_client(service.analyst)
    html = client.get(URL, q()).content.decode()
    cells = _cells(html)
    i = cells.index("Referrals")
    assert cells[i + 1] == "<5"  # 4 referrals
    i = cells.index("Employment rate (out of work at the start)")
    assert cells[i + 1 : i + 3] == ["not shown", "<5"]  # 2 of 4: the share would reveal the count
    i = cells.index("Days from referral to first face-to-face employer contact")
    assert cells[i + 1] == "not shown"  # a median of 3 people
    assert "Referred: &lt;5" in html or "Referred: <5" in html  # the chart's alt text hides it too
    assert '<option value="specialist"' not in html and 'name="specialist"' not in html  # no per-specialist view

    funnel = _csv(client.get("/outcomes/download/funnel.csv", q()))
    assert funnel[1:] == [
        ["Referred", "<5", "not shown"],
        ["Engaged (profile started)", "<5", "not shown"],
        ["Face-to-face employer contact", "<5", "not shown"],
        ["Applied for a job", "<5", "not shown"],
        ["Offered a job", "<5", "not shown"],
        ["Started a job", "<5", "not shown"],
        ["Still in work at 13 weeks", "0", "not shown"],
    ]
    workbook = _workbook(client.get("/outcomes/download.xlsx", q(group_by="site")))
    small_numbers = [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, int | float) and 0 < cell.value < 5
    ]
    assert small_numbers == []
    assert workbook["Funnel"]["B2"].value == "<5"


# The headline's whole-scope figure for each column of the table by group: the total the groups add up to.
TOTALS = {"Referrals": "Referrals", "Engaged": "Engaged (vocational profile started)",
          "People into work": "People into work", "Job starts": "Total job starts"}  # fmt: skip


def test_a_small_site_cannot_be_recovered_from_the_total_minus_the_other_sites(db, make_client):
    """Issue 15, item 10: with one site at 3 referrals and another at 12, the headline's 15 minus 12 gave the
    "<5" away. Now another figure in that column is hidden too, in the page, the CSV, the XLSX and the API."""
    small, large = factories.SiteFactory.create(name="A small prison"), factories.SiteFactory.create(name="B large")
    for site, n in ((small, 3), (large, 12)):
        for _ in range(n):
            factories.ReferralFactory.create(participant__current_site=site, referral_date=dataset.D(2025, 3, 1))
    client = make_client(factories.AnalystFactory.create())
    headline = dict(r[:2] for r in _csv(client.get("/outcomes/download/headline.csv", q()))[1:])
    by_site = _csv(client.get("/outcomes/download/work.csv", q(group_by="site")))
    assert headline["Referrals"] == "15"
    assert [r[:2] for r in by_site[1:]] == [["A small prison", "<5"], ["B large", "not shown"]]
    for column, figure in TOTALS.items():  # no column has exactly one hidden site while its total is shown
        at = by_site[0].index(column)
        hidden = sum(not r[at].isdigit() for r in by_site[1:]) + (not headline[figure].isdigit())
        assert hidden != 1, column
    html = client.get(URL, q(group_by="site")).content.decode()
    cells = _cells(html)
    i = cells.index("B large")
    assert cells[i + 1] == "not shown"
    assert "figures that would reveal them, by themselves or by subtraction from a total" in html
    assert "1 other figure not shown, so that no count under 5 can be worked out by subtraction from a total" in html
    workbook = _workbook(client.get("/outcomes/download.xlsx", q(group_by="site")))
    assert [c.value for c in workbook["Referrals and work"][3]][:2] == ["B large", "not shown"]
    assert "can be worked out by subtraction" in " ".join(str(c.value) for c in workbook["About"]["A"])
    api = client.get("/api/v1/outcomes/", {"start": "2025-01-01", "end": "2025-06-30", "group_by": "site"})
    rows = next(t for t in api.json()["tables"] if t["slug"] == "work")["rows"]
    assert [c["text"] for c in rows[1][:2]] == ["B large", "not shown"]


def test_analyst_may_not_group_by_specialist(service, make_client):
    response = make_client(service.analyst).get(URL, q(group_by="specialist"))
    assert response.status_code == 200
    assert "Select how to group the figures" in response.content.decode()
    assert make_client(service.analyst).get("/outcomes/download/work.csv", q(group_by="specialist")).status_code == 400


def test_team_leader_sees_only_their_team(service, make_client):
    client = make_client(service.leader_a)
    html = client.get(URL, q(group_by="site")).content.decode()
    rows = _csv(client.get("/outcomes/download/work.csv", q(group_by="site")))
    assert [r[0] for r in rows[1:]] == ["HMP Alpha"]
    assert "Bravo community team" not in html
    refused = client.get(URL, q(site=str(service.site_b.pk)))
    assert "Select a site you oversee" in refused.content.decode()
    assert client.get("/outcomes/download/work.csv", q(team=str(service.team_b.pk))).status_code == 400
    # Team B's leader sees B's CMHT referrals; team A's leader sees none.
    health_a = _csv(client.get("/outcomes/download/health-custody.csv", q()))
    health_b = _csv(make_client(service.leader_b).get("/outcomes/download/health-custody.csv", q()))
    assert (health_a[1][1], health_b[1][1]) == ("0", "2")


@pytest.mark.parametrize("role_factory", [factories.SpecialistFactory, factories.ClinicianFactory])
def test_case_roles_without_oversight_are_refused(db, make_client, role_factory):
    client = make_client(role_factory.create())
    assert client.get(URL).status_code == 403
    assert client.get("/outcomes/download.xlsx").status_code == 403


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({**PERIOD, "start_day": "32"}, "The start date must be a real date"),
        ({**PERIOD, "end_year": ""}, "The end date must include a year"),
        (
            {**PERIOD, "start_year": "2026", "end_year": "2025"},
            "The end date must be the same as or after the start date",
        ),
        ({**PERIOD, "end_year": "2099"}, "The end date must be today or in the past"),
        ({**PERIOD, "start_year": "2010"}, "Choose a period of 10 years or less"),
        ({**PERIOD, "start_year": "2020", "group_by": "quarter"}, "Grouping by quarter covers at most 12 quarters"),
        ({**PERIOD, "group_by": "nonsense"}, "Select how to group the figures"),
        ({**PERIOD, "site": "not-a-number"}, "Select a site you oversee"),
    ],
)
def test_invalid_filters_give_a_clear_error_not_a_500(db, make_client, params, message):
    client = make_client(factories.ServiceManagerFactory.create())
    params.setdefault("group_by", "service")
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert "Headline figures" not in html
    export = client.get("/outcomes/download/funnel.csv", params)
    assert export.status_code == 400 and message in export.content.decode()


def test_default_view_with_no_filter_is_the_last_twelve_months(db, make_client):
    response = make_client(factories.ServiceManagerFactory.create()).get(URL)
    assert response.status_code == 200
    assert "Headline figures" in response.content.decode()


def test_unknown_table_is_404(service, make_client):
    assert make_client(service.manager).get("/outcomes/download/nothing.csv", q()).status_code == 404


def _grow(service: Service, copies: int) -> None:
    """More of the same kinds of people at both sites, with jobs, checks, contacts, offers and custody events."""
    for _ in range(copies):
        dataset.add_person_like_p1(service)


@pytest.mark.parametrize("group_by", ["site", "quarter", "specialist"])
def test_query_count_does_not_grow_with_the_data(service, make_client, django_assert_max_num_queries, group_by):
    client = make_client(service.manager)
    client.get(URL, q(group_by=group_by))  # warm up the session
    limit = {"site": 50, "quarter": 75, "specialist": 50}[group_by]
    with django_assert_max_num_queries(limit) as small:
        assert client.get(URL, q(group_by=group_by)).status_code == 200
    _grow(service, 12)
    with django_assert_max_num_queries(limit) as large:
        assert client.get(URL, q(group_by=group_by)).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    with django_assert_max_num_queries(limit):
        assert client.get("/outcomes/download.xlsx", q(group_by=group_by)).status_code == 200
