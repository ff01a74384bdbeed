"""The one validator for ids and numbers in query strings (issue 15, item 7), and the 400 page it leads to."""

from __future__ import annotations

import pytest
from django.http import QueryDict
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from ipsgate.core.query_params import (
    MAX_ID,
    BadQueryParameter,
    parse_id,
    query_id,
    query_number,
    whole_number,
)
from tests import factories


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", 1), ("007", 7), ("26", 26), (str(MAX_ID), MAX_ID)],
)
def test_ascii_digits_in_range_are_read(raw, expected):
    assert whole_number(raw, minimum=1, maximum=MAX_ID) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "²",  # str.isdigit() is True, int() refuses it
        "٣",  # Arabic-Indic three: int() reads 3
        "１",  # full-width one
        "0",
        "-1",
        "+1",
        " 1",
        "1 ",
        "1.0",
        "1_0",
        "1e3",
        "0x1",
        str(MAX_ID + 1),
        "1" * 25,
        "9" * 5_000,  # int() refuses more than 4,300 digits
        "0" * 19 + "1",  # longer than the largest id, even if small
    ],
)
def test_anything_else_is_refused_with_a_value_error(raw):
    with pytest.raises(ValueError, match="not a whole number"):
        parse_id(raw)


@given(st.integers(min_value=1, max_value=MAX_ID))
def test_every_id_round_trips(value):
    assert parse_id(str(value)) == value


@given(st.text(max_size=30))
def test_any_text_is_an_id_or_a_value_error_never_another_exception(raw):
    try:
        value = parse_id(raw)
    except ValueError:
        return
    assert raw.isascii() and raw.isdigit() and str(value) == raw.lstrip("0")


@given(st.text(alphabet=st.characters(categories=("Nd", "No"), exclude_characters="0123456789"), min_size=1))
def test_digits_of_other_scripts_are_refused(raw):
    with pytest.raises(ValueError):
        parse_id(raw)


def test_query_helpers_read_absent_and_empty_as_not_given_and_name_the_parameter():
    query = QueryDict("weeks=&job=12&page=30")
    assert query_number(query, "weeks", minimum=1, maximum=26) is None
    assert query_number(query, "missing", minimum=1, maximum=26) is None
    assert query_id(query, "job") == 12
    with pytest.raises(BadQueryParameter) as caught:
        query_number(query, "page", minimum=1, maximum=26)
    assert caught.value.name == "page"
    assert caught.value.problem == "must be a whole number from 1 to 26"
    with pytest.raises(BadQueryParameter) as caught:
        query_id(QueryDict("job=²"), "job")
    assert caught.value.name == "job"


@pytest.mark.django_db
def test_a_bad_parameter_is_a_govuk_400_page_naming_it(make_client, prison):
    team_leader = factories.TeamLeaderFactory.create(site=prison)
    response = make_client(team_leader).get(reverse("employers:contacts-report"), {"weeks": "27"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem with the web address" in body
    assert "‘weeks’ must be a whole number from 1 to 26" in body
    assert "Team caseloads" in body  # the service's layout, with the signed-in person's navigation


@pytest.mark.django_db
def test_other_bad_requests_still_get_a_400_without_trusting_the_request(client):
    response = client.get("/login/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "There is a problem with the web address" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("given", "expected"), [("home", "/"), ("²", "/"), ("/participants/", "/participants/")])
def test_next_after_the_second_factor_is_a_path_never_a_name_to_reverse(make_client, specialist, given, expected):
    """?next=² (or any word) reached redirect(), which reverses a bare word as a URL name: a server error."""
    response = make_client(specialist).get(reverse("mfa-verify"), {"next": given})
    assert response.status_code == 302
    assert response["Location"] == expected
