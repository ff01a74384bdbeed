"""Query strings never cause a server error (issue 15, item 7).

Every id and number a page reads from its query string goes through one validator
(`ipsgate/core/query_params.py`): ASCII digits, bounded length and range, else a 400 page naming the parameter.
Two tests:

- the values the security review found (and their neighbours) on each page that reads an id or a number;
- a fuzz: hypothesis sends random query strings, naming the parameters the code reads (collected from the source
  below), with hostile values (unicode digits, huge, negative, empty, very long), to every GET route the
  authorization matrix knows, as a role allowed to open it, and no answer may be a server error.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework import serializers

import ipsgate
from ipsgate.api import filters as api_filters
from ipsgate.api.outcomes import OutcomeQuerySerializer
from ipsgate.casework.forms import CaseloadSearchForm
from ipsgate.core.choices import Role
from ipsgate.core.models import User
from ipsgate.core.query_params import MAX_ID
from ipsgate.employers.forms import EmployerSearchForm, VacancySearchForm
from ipsgate.outcomes.views import FILTER_FIELDS
from ipsgate.partners.forms import PartnerSearchForm
from ipsgate.people.forms import ParticipantSearchForm

from . import policy
from .policy import GET
from .test_authorization_matrix import (
    ROUTES,
    Route,
    World,
    _request,
    build_path,
    build_world,
    kwargs_for,
    quiet_request_log,  # noqa: F401  # a fixture, used by pytestmark
    scopes_for,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_request_log")]

# --- The parameter names the code reads ------------------------------------------------------------------------

# `request.GET.get("x")`, `request.query_params.get("x")`, `query_id(request.GET, "x")`,
# `query_number(request.GET, "x", ...)`, `query_choice(query, "x", ...)` and `"x" in request.GET`.
READS = re.compile(
    r"""(?:\.GET|\.query_params)\.get\(\s*"(\w+)\""""
    r"""|query_(?:id|number|choice)\(\s*[\w.]+,\s*"(\w+)\""""
    r"""|"(\w+)"\s+in\s+request\.GET"""
)
# Forms bound to the query string (`SomeForm(request.GET ...)`), and the API's filter serializers, read their
# fields' names; the outcome filter reads FILTER_FIELDS in a loop; the API's pagination reads page and page_size.
GET_FORMS = (ParticipantSearchForm, EmployerSearchForm, VacancySearchForm, PartnerSearchForm, CaseloadSearchForm)
FORM_BOUND_TO_QUERY = re.compile(r"(\w+Form)\(\s*request\.GET")


def _source() -> Iterator[str]:
    for path in sorted(Path(ipsgate.__file__).parent.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path.read_text()


def _api_names() -> set[str]:
    names: set[str] = {"page", "page_size"}  # the API's pagination
    classes: list[type[serializers.Serializer[Any]]] = [OutcomeQuerySerializer]
    classes += [c for c in vars(api_filters).values() if isinstance(c, type) and issubclass(c, serializers.Serializer)]
    for cls in classes:
        names.update(cls().fields)
    return names


def names_read_in(text: str) -> set[str]:
    """The query parameters a module's source reads, directly or through a form bound to the query string."""
    names = {name for match in READS.finditer(text) for name in match.groups() if name}
    bound = set(FORM_BOUND_TO_QUERY.findall(text))
    known = {form.__name__: form for form in GET_FORMS}
    assert bound <= set(known), f"forms bound to request.GET that this test does not list: {bound - set(known)}"
    for name in bound:
        names.update(known[name].base_fields)
    if "FILTER_FIELDS" in text:
        names.update(FILTER_FIELDS)  # the outcome filter reads these in a loop
    return names


def parameter_names() -> list[str]:
    names = _api_names()
    for text in _source():
        names |= names_read_in(text)
    return sorted(names)


NAMES = parameter_names()


def test_the_parameter_names_are_collected():
    """Not vacuous: the readers the review found, a form's fields, the outcome filter's and the API's are here."""
    assert {"specialist", "weeks", "vacancy", "job", "check", "week", "page", "phase", "pathway", "next"} <= set(NAMES)
    assert {"q", "site", "include_inactive", "start_day", "group_by", "participant", "page_size"} <= set(NAMES)
    assert "sort" in NAMES  # the sortable tables (core.sorting), read through query_choice


# --- The pages that read an id or a number: the review's values ----------------------------------------------------

HOSTILE = [
    "²",  # str.isdigit() says yes; int() says no
    "٣",  # Arabic-Indic three: int() reads 3
    "1" * 25,  # more than any id
    str(MAX_ID + 1),
    "9" * 5_000,  # more digits than int() converts
    "-1",
    "0",
    "1.0",
    " 1",
    "0x1",
]


@dataclass(frozen=True)
class Reader:
    role: Role
    url_name: str
    name: str  # the parameter
    args: Callable[[World], list[Any]] = lambda world: []

    def __str__(self) -> str:
        return f"{self.url_name}?{self.name}"


def _participant(world: World) -> list[Any]:
    return [world.own["participant"].pk]


READERS = [
    Reader(Role.TEAM_LEADER, "people:participant-list", "specialist"),
    Reader(Role.TEAM_LEADER, "employers:contacts-report", "weeks"),
    Reader(Role.SPECIALIST, "jobs:application-create", "vacancy", _participant),
    Reader(Role.SPECIALIST, "advice:better-off", "job", _participant),
    Reader(Role.SPECIALIST, "advice:better-off", "check", _participant),
    Reader(Role.SPECIALIST, "jobs:sustainment-add", "week", lambda w: [w.own["participant"].pk, w.own["job"].pk]),
    Reader(Role.SPECIALIST, "journey:contact-add", "job", _participant),
    Reader(Role.SPECIALIST, "people:my-caseload", "page"),
    Reader(Role.TEAM_LEADER, "people:team-caseloads", "page"),
    Reader(Role.SPECIALIST, "people:participant-list", "page"),
    Reader(Role.SPECIALIST, "employers:employer-list", "page"),
    Reader(Role.SPECIALIST, "employers:vacancy-list", "page"),
    Reader(Role.SPECIALIST, "people:my-caseload", "sort"),
    Reader(Role.TEAM_LEADER, "people:team-caseloads", "sort"),
    Reader(Role.SPECIALIST, "people:participant-list", "sort"),
    Reader(Role.SPECIALIST, "employers:employer-list", "sort"),
    Reader(Role.SPECIALIST, "employers:vacancy-list", "sort"),
]


@pytest.mark.parametrize("reader", READERS, ids=str)
def test_a_malformed_id_or_number_is_a_400_naming_the_parameter(reader: Reader, make_client):
    world = build_world()
    client = make_client(world.users[reader.role])
    url = reverse(reader.url_name, args=reader.args(world))
    assert client.get(url, {reader.name: ""}).status_code == 200  # empty: not given
    wrong = []
    for value in HOSTILE:
        try:
            response = client.get(url, {reader.name: value})
        except Exception as error:  # noqa: BLE001 - every value is reported together
            wrong.append(f"{value[:30]!r}: raised {type(error).__name__}: {str(error)[:80]}")
            continue
        body = response.content.decode()
        if response.status_code != 400 or f"‘{reader.name}’" not in body:
            wrong.append(f"{value[:30]!r}: {response.status_code}")
        elif "There is a problem with the web address" not in body:
            wrong.append(f"{value[:30]!r}: 400 without the GOV.UK page")
    assert not wrong, f"{url}?{reader.name}=…\n  " + "\n  ".join(wrong)


def test_a_valid_id_still_selects_its_record(make_client):
    world = build_world()
    client = make_client(world.users[Role.SPECIALIST])
    job = world.own["job"]
    response = client.get(reverse("advice:better-off", args=_participant(world)), {"job": job.pk})
    assert response.status_code == 200
    assert job.job_title in response.content.decode()
    vacancy = world.own["vacancy"]
    response = client.get(reverse("jobs:application-create", args=_participant(world)), {"vacancy": vacancy.pk})
    assert response.status_code == 200
    assert vacancy.title in response.content.decode()
    unknown = client.get(reverse("jobs:application-create", args=_participant(world)), {"vacancy": MAX_ID})
    assert unknown.status_code == 404  # well formed, but no such vacancy


# --- The fuzz: every GET route, random query strings ---------------------------------------------------------------

LONG_DIGITS = st.integers(min_value=20, max_value=6_000).map(lambda n: "9" * n)
VALUES = st.one_of(
    st.sampled_from([*HOSTILE, "", "1", "1e3", "+1", "1_0", "null", "\x00", "%00", "'", "<b>", "../"]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(alphabet=st.characters(categories=("Nd", "No")), min_size=1, max_size=25),  # digits of every script
    LONG_DIGITS,
    st.text(max_size=20),
)
# The role that opens each route, the first of these the policy allows (team leaders see the most pages).
PREFERENCE = (
    Role.TEAM_LEADER,
    Role.SPECIALIST,
    Role.SERVICE_MANAGER,
    Role.CLINICIAN,
    Role.PROBATION_PRACTITIONER,
    Role.ANALYST,
    Role.ADMINISTRATOR,
)


@dataclass(frozen=True)
class Target:
    route: Route
    role: Role
    path: str
    queries: st.SearchStrategy[dict[str, str]]


def _module_source(dotted: str) -> str:
    """The source of the module that defines a view ("ipsgate.people.views.participant_list"), or "" outside
    ipsgate (the admin's views)."""
    module = dotted
    while module.startswith("ipsgate."):
        try:
            return inspect.getsource(importlib.import_module(module))
        except ImportError:
            module = module.rpartition(".")[0]
    return ""


def queries_for(route: Route) -> st.SearchStrategy[dict[str, str]]:
    """Query strings naming, half the time, a parameter the route's own module reads; else any the code reads."""
    own = names_read_in(_module_source(route.view)) | (_api_names() if route.plain.startswith("api/") else set())
    keys = st.one_of(st.sampled_from(sorted(own)), st.sampled_from(NAMES)) if own else st.sampled_from(NAMES)
    return st.dictionaries(keys, VALUES, min_size=1, max_size=3)


@dataclass
class Fuzz:
    world: World
    targets: list[Target]
    make_client: Callable[[User], Client]
    clients: dict[Role, Client] = field(default_factory=dict)

    def get(self, role: Role, path: str) -> HttpResponse:
        client = self.clients.get(role) or self.make_client(self.world.users[role])
        self.clients[role] = client
        session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        try:
            return _request(client, GET, path)
        finally:
            cookie = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
            if cookie is None or cookie.value != session:
                self.clients.pop(role)  # signed out or the session cycled: sign in afresh next time


def get_targets(world: World) -> list[Target]:
    targets = []
    for route in ROUTES:
        rule = policy.rule_for(route.key)
        if rule is None or rule.ends_session:
            continue
        scope = scopes_for(route, rule)[0]
        allowed = [
            role
            for role in PREFERENCE
            if rule.expected_allowed(GET, role, scope) and rule.xfail_reason(GET, role, scope) is None
        ]
        if allowed:
            path = build_path(route.route, kwargs_for(route, world, scope))
            targets.append(Target(route, allowed[0], path, queries_for(route)))
    return targets


@pytest.fixture
def fuzz(make_client) -> Fuzz:
    world = build_world()
    targets = get_targets(world)
    assert len(targets) > 100  # not vacuous: the matrix knows about 150 GET routes
    return Fuzz(world, targets, make_client)


@settings(
    max_examples=3,  # 3 × every GET route: about 450 requests (the first is the simplest example)
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each example is a whole sweep of the routes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_hostile_query_strings_never_give_a_server_error(fuzz: Fuzz, data: Any) -> None:
    problems = []
    for target in fuzz.targets:
        query = data.draw(target.queries, label=target.route.key)
        path = f"{target.path}?{urlencode(query)}"
        try:
            status = fuzz.get(target.role, path).status_code
        except Exception as error:  # noqa: BLE001 - every route is reported together
            problems.append(f"{target.role.value} {path[:150]}: raised {type(error).__name__}: {str(error)[:100]}")
            continue
        if status >= 500:
            problems.append(f"{target.role.value} {path[:150]}: {status}")
    assert not problems, f"{len(problems)} of {len(fuzz.targets)} requests failed:\n  " + "\n  ".join(problems)
