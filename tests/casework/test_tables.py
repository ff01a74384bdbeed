"""The caseload and list tables (issue 16 item 14): sorted on the server by their main columns (`?sort=`, a known
column or a 400 naming it), header links that say how the table is sorted (aria-sort), My caseload searched by name
or prison number, every table in its own labelled scroll region, and the pages cost no more queries for it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ipsgate.core.models import AuditChainHead
from ipsgate.people.choices import CustodyStatus
from tests import factories
from tests.conftest import participant_ids_linked

pytestmark = pytest.mark.django_db

CASELOAD = reverse("people:my-caseload")
PARTICIPANTS = reverse("people:participant-list")
TEAM = reverse("people:team-caseloads")
EMPLOYERS = reverse("employers:employer-list")
VACANCIES = reverse("employers:vacancy-list")


@pytest.fixture(autouse=True)
def audit_chain_started():
    AuditChainHead.objects.get_or_create(id=1)


@pytest.fixture
def team_leader(prison):
    return factories.TeamLeaderFactory.create(site=prison)


@pytest.fixture
def people(specialist):
    """Four people on the specialist's caseload, each first by a different column."""

    def supported(given, family, number, **fields):
        person = factories.ParticipantFactory.create(
            given_name=given,
            family_name=family,
            prison_number=number,
            current_site=specialist.site,
            allocated_specialist=specialist,
            **fields,
        )
        factories.EpisodeFactory.create(participant=person)
        return person

    return {
        "ahmed": supported("Zara", "Ahmed", "C1234CC", expected_release_date=factories.days_ahead(40)),
        "brown": supported("Ann", "Brown", "", expected_release_date=None),
        "clarke": supported(
            "Ben",
            "Clarke",
            "A1234AA",
            custody_status=CustodyStatus.RELEASED_ON_LICENCE,
            expected_release_date=factories.days_ago(10),
            actual_release_date=factories.days_ago(10),
        ),
        "dunn": supported(
            "Cal",
            "Dunn",
            "B1234BB",
            # Recalled: back in custody, counting down to the new expected date, not the old actual one.
            custody_status=CustodyStatus.RECALLED,
            expected_release_date=factories.days_ahead(5),
            actual_release_date=factories.days_ago(200),
        ),
    }


def order(client, url, **params) -> list[int]:
    response = client.get(url, params)
    assert response.status_code == 200
    return participant_ids_linked(response.content.decode())


def header(html: str, label: str) -> str:
    found = re.search(rf'<th scope="col"[^>]*>(?:(?!</th>).)*?{re.escape(label)}(?:(?!</th>).)*</th>', html, re.S)
    assert found, f"no header {label}"
    return found.group(0)


# --- My caseload ---------------------------------------------------------------------------------------------------


def test_my_caseload_sorts_by_each_main_column(specialist_client, people):
    a, b, c, d = (people[k].pk for k in ("ahmed", "brown", "clarke", "dunn"))
    assert order(specialist_client, CASELOAD) == [c, d, a, b]  # default: release, soonest first, unknown last
    assert order(specialist_client, CASELOAD, sort="name") == [a, b, c, d]
    assert order(specialist_client, CASELOAD, sort="-name") == [d, c, b, a]
    assert order(specialist_client, CASELOAD, sort="prison_number") == [c, d, a, b]  # no number: last
    assert order(specialist_client, CASELOAD, sort="-prison_number") == [a, d, c, b]  # and last this way too
    assert order(specialist_client, CASELOAD, sort="-release") == [a, d, c, b]
    assert order(specialist_client, CASELOAD, sort="custody") == [a, b, c, d]  # in the order the statuses are listed
    phases = order(specialist_client, CASELOAD, sort="phase")
    assert phases.index(c) > phases.index(a)  # community job search after pre-release


def test_the_sorted_column_says_so_and_its_link_turns_it_round(specialist_client, people):
    html = specialist_client.get(CASELOAD, {"sort": "name", "q": "a", "phase": "pre-release"}).content.decode()
    name = header(html, "Name")
    assert 'aria-sort="ascending"' in name
    link = re.search(r'href="\?([^"]+)"', name)
    assert link
    assert set(link.group(1).replace("&amp;", "&").split("&")) == {"q=a", "phase=pre-release", "sort=-name"}
    assert 'aria-sort="none"' in header(html, "Release")
    assert "aria-sort" not in header(html, "Needs attention")
    default = specialist_client.get(CASELOAD).content.decode()
    assert 'aria-sort="ascending"' in header(default, "Release")


def test_my_caseload_is_searched_by_name_or_prison_number(specialist_client, specialist, people):
    colleague = factories.SpecialistFactory.create(site=specialist.site)
    someone_else = factories.ParticipantFactory.create(
        given_name="Ann", family_name="Brownlow", current_site=specialist.site, allocated_specialist=colleague
    )
    factories.EpisodeFactory.create(participant=someone_else)

    assert order(specialist_client, CASELOAD, q="brown") == [people["brown"].pk]  # not the colleague's Ann Brownlow
    assert order(specialist_client, CASELOAD, q="b1234bb") == [people["dunn"].pk]  # a whole prison number
    assert order(specialist_client, CASELOAD, q="B1234") == []  # part of a number is not a match
    assert order(specialist_client, CASELOAD, q="ann brown") == [people["brown"].pk]  # every word
    everyone = [people[k].pk for k in ("ahmed", "brown", "clarke", "dunn")]
    assert order(specialist_client, CASELOAD, q="a", sort="-name") == everyone[::-1]
    html = specialist_client.get(CASELOAD, {"q": "Zebedee"}).content.decode()
    assert "0 people match “Zebedee”" in html
    assert "Nobody on your caseload matches that name or prison number." in html
    assert "4 people receiving support" in html  # the caseload's size is still the whole caseload


def test_a_search_keeps_the_phase_and_the_sort_in_its_links(specialist_client, people):
    html = specialist_client.get(CASELOAD, {"q": "a", "sort": "-name"}).content.decode().replace("&amp;", "&")
    assert 'href="?q=a&sort=-name&phase=pre-release"' in html
    assert '<input type="hidden" name="sort" value="-name">' in html
    assert f'href="{CASELOAD}?sort=-name">Clear the search</a>' in html


def test_a_search_too_long_is_refused_with_a_message_naming_it(specialist_client, people):
    html = specialist_client.get(CASELOAD, {"q": "x" * 101}).content.decode()
    assert '<a href="#id_q">The search must be 100 characters or fewer</a>' in html
    assert len(participant_ids_linked(html)) == 4


@pytest.mark.parametrize(
    "url",
    [CASELOAD, PARTICIPANTS, TEAM, EMPLOYERS, VACANCIES],
    ids=["caseload", "list", "team", "employers", "vacancies"],
)
@pytest.mark.parametrize("value", ["password", "NAME", "-", "name;drop", "²"])
def test_an_unknown_sort_is_a_400_naming_the_parameter(make_client, team_leader, specialist, url, value):
    client = make_client(team_leader if url == TEAM else specialist)
    response = client.get(url, {"sort": value})
    assert response.status_code == 400
    assert "‘sort’" in response.content.decode()


# --- The participant list, team caseloads, employers and vacancies -------------------------------------------------


def test_the_participant_list_sorts_by_its_main_columns(specialist_client, people):
    a, b, c, d = (people[k].pk for k in ("ahmed", "brown", "clarke", "dunn"))
    assert order(specialist_client, PARTICIPANTS) == [a, b, c, d]  # default: name
    assert order(specialist_client, PARTICIPANTS, sort="-name") == [d, c, b, a]
    # The date the Release column counts to: the recalled person's new expected date, not the old release.
    assert order(specialist_client, PARTICIPANTS, sort="release") == [c, d, a, b]
    assert order(specialist_client, PARTICIPANTS, sort="-release") == [a, d, c, b]
    assert order(specialist_client, PARTICIPANTS, sort="prison_number") == [c, d, a, b]
    assert order(specialist_client, PARTICIPANTS, sort="-prison_number") == [a, d, c, b]
    html = specialist_client.get(PARTICIPANTS, {"sort": "release"}).content.decode()
    assert 'aria-sort="ascending"' in header(html, "Release")
    assert "aria-sort" not in header(html, "Phase")  # worked out in Python: the paged list cannot sort by it
    assert '<input type="hidden" name="sort" value="release">' in html


def test_the_participant_list_sorts_by_specialist_with_nobody_allocated_last(make_client, team_leader, prison):
    team = factories.TeamFactory.create(leader=team_leader, sites=[prison])
    adams = factories.SpecialistFactory.create(first_name="Jo", last_name="Adams", site=prison, team=team)
    young = factories.SpecialistFactory.create(first_name="Al", last_name="Young", site=prison, team=team)
    people = [
        factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialist)
        for specialist in (young, None, adams)
    ]
    for person in people:
        factories.EpisodeFactory.create(participant=person)
    client = make_client(team_leader)
    assert order(client, PARTICIPANTS, sort="specialist") == [people[2].pk, people[0].pk, people[1].pk]
    assert order(client, PARTICIPANTS, sort="-specialist") == [people[0].pk, people[2].pk, people[1].pk]


def test_the_participant_list_keeps_its_sort_across_pages(specialist_client, specialist):
    for n in range(30):
        person = factories.ParticipantFactory.create(
            family_name=f"Person{n:02d}", current_site=specialist.site, allocated_specialist=specialist
        )
        factories.EpisodeFactory.create(participant=person)
    html = specialist_client.get(PARTICIPANTS, {"sort": "-name"}).content.decode()
    assert "sort=-name&amp;page=2" in html
    first = participant_ids_linked(html)
    second = order(specialist_client, PARTICIPANTS, sort="-name", page="2")
    assert len(first) == 25 and len(second) == 5 and not set(first) & set(second)


def test_team_caseloads_sort_by_caseload_size(make_client, team_leader, prison):
    team = factories.TeamFactory.create(leader=team_leader, sites=[prison])
    sizes = {"Small": 1, "Large": 3, "Middle": 2}
    specialists = {}
    for name, size in sizes.items():
        specialists[name] = factories.SpecialistFactory.create(last_name=name, site=prison, team=team)
        for _ in range(size):
            person = factories.ParticipantFactory.create(current_site=prison, allocated_specialist=specialists[name])
            factories.EpisodeFactory.create(participant=person)
    client = make_client(team_leader)
    html = client.get(TEAM, {"sort": "-active"}).content.decode()
    shown = re.findall(r"\?specialist=(\d+)", html)
    assert shown == [str(specialists[n].pk) for n in ("Large", "Middle", "Small")]
    assert 'aria-sort="descending"' in header(html, "Active caseload")
    ascending = re.findall(r"\?specialist=(\d+)", client.get(TEAM, {"sort": "active"}).content.decode())
    assert ascending == list(reversed(shown))


def test_employers_sort_by_open_vacancies(specialist_client):
    busy = factories.EmployerFactory.create(name="Busy Ltd")
    factories.EmployerFactory.create(name="Quiet Ltd")
    factories.VacancyFactory.create_batch(2, employer=busy)
    html = specialist_client.get(EMPLOYERS, {"sort": "-open_vacancies"}).content.decode()
    assert html.index("Busy Ltd") < html.index("Quiet Ltd")
    html = specialist_client.get(EMPLOYERS, {"sort": "open_vacancies"}).content.decode()
    assert html.index("Quiet Ltd") < html.index("Busy Ltd")
    assert 'aria-sort="ascending"' in header(html, "Open vacancies")


def test_vacancies_sort_by_pay_and_by_closing_date_with_rolling_ones_last(specialist_client):
    factories.VacancyFactory.create(title="Rolling", closing_date=None, pay_amount=Decimal("14.00"))
    factories.VacancyFactory.create(title="Soon", closing_date=factories.days_ahead(3), pay_amount=Decimal("12.80"))
    factories.VacancyFactory.create(title="Later", closing_date=factories.days_ahead(30), pay_amount=Decimal("13.20"))

    def titles(**params):
        html = specialist_client.get(VACANCIES, params).content.decode()
        return re.findall(r'href="/vacancies/\d+/">([^<]+)</a>', html)

    assert titles() == ["Soon", "Later", "Rolling"]  # default: closing soonest first
    assert titles(sort="-closes") == ["Later", "Soon", "Rolling"]  # rolling (no date) last either way
    assert titles(sort="pay") == ["Soon", "Later", "Rolling"]
    assert titles(sort="-pay") == ["Rolling", "Later", "Soon"]


# --- Tables scroll in their own labelled region --------------------------------------------------------------------


def test_every_table_on_the_list_pages_is_in_a_labelled_focusable_scroll_region(
    make_client, specialist, team_leader, people
):
    factories.VacancyFactory.create()
    pages = [(specialist, CASELOAD), (specialist, PARTICIPANTS), (team_leader, TEAM), (specialist, EMPLOYERS)]
    pages += [(specialist, VACANCIES)]
    for user, url in pages:
        html = make_client(user).get(url).content.decode()
        tables = html.count("<table")
        regions = re.findall(
            r'<div class="ipsgate-table-scroll" tabindex="0" role="region" aria-label="([^"]+)">\s*<table', html
        )
        assert tables and len(regions) == tables, url
        assert all(label.strip() for label in regions), url


# --- Query budgets do not rise -------------------------------------------------------------------------------------


def queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context.captured_queries)


def test_sorting_costs_no_query_and_a_search_one(specialist_client, people):
    plain = queries(specialist_client, CASELOAD)
    assert queries(specialist_client, CASELOAD, sort="-name") == plain
    assert queries(specialist_client, CASELOAD, sort="phase", phase="pre-release") == plain
    assert queries(specialist_client, CASELOAD, q="brown", sort="name") == plain + 1  # the search itself
    listed = queries(specialist_client, PARTICIPANTS)
    assert queries(specialist_client, PARTICIPANTS, sort="-release") == listed
    assert queries(specialist_client, EMPLOYERS) == queries(specialist_client, EMPLOYERS, sort="-open_vacancies")
    assert queries(specialist_client, VACANCIES) == queries(specialist_client, VACANCIES, sort="pay")


def test_names_sort_as_people_read_them_whatever_their_case(specialist_client, specialist, people):
    lower = factories.ParticipantFactory.create(
        given_name="Eve", family_name="de Souza", current_site=specialist.site, allocated_specialist=specialist
    )
    factories.EpisodeFactory.create(participant=lower)
    expected = [people[k].pk for k in ("ahmed", "brown", "clarke")] + [lower.pk, people["dunn"].pk]
    assert order(specialist_client, CASELOAD, sort="name") == expected
    assert order(specialist_client, PARTICIPANTS, sort="name") == expected
