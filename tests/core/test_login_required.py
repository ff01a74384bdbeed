"""Every route needs a signed-in user, except the sign-in page itself and the password-reset pages.

The routes are enumerated from the URL resolver (admin and included apps too), so a new route is
covered the moment it is added.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

from ipsgate.core.models import AuditEvent
from ipsgate.people.models import Participant, Referral
from tests import factories

pytestmark = pytest.mark.django_db

CONVERTER_SAMPLES = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "1",
    "uuid": "00000000-0000-4000-8000-000000000001",
}
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)")


def _regex_sample(body: str) -> str:
    if re.fullmatch(r"\w+(\|\w+)+", body):
        return body.split("|")[0]  # an alternation of literals, e.g. auth|core
    if body in (r"\d+", "[0-9]+"):
        return "1"
    return "x"


def concrete(pattern) -> str:
    """A path fragment the pattern matches, with sample values for its parameters."""
    if isinstance(pattern, RoutePattern):
        route = str(pattern)
        return ROUTE_PARAMETER.sub(lambda m: CONVERTER_SAMPLES[m.group("converter") or "str"], route)
    if isinstance(pattern, RegexPattern):
        regex = str(pattern)
        regex = REGEX_GROUP.sub(lambda m: _regex_sample(m.group("body")), regex)
        return regex.lstrip("^").rstrip("$").replace("\\", "")
    raise TypeError(f"unknown pattern type {type(pattern)!r}")


def all_routes(patterns=None, prefix: str = "/") -> list[tuple[str, str]]:
    """(concrete path, description) for every URL pattern, recursing into includes."""
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        fragment = prefix + concrete(entry.pattern)
        if isinstance(entry, URLResolver):
            routes.extend(all_routes(entry.url_patterns, fragment))
        elif isinstance(entry, URLPattern):
            routes.append((fragment, f"{entry.name or '-'} ({entry.lookup_str}) {fragment}"))
    return routes


ROUTES = all_routes()
LOGIN_URL = resolve_url(settings.LOGIN_URL)
# Someone who has forgotten their password cannot sign in first. Resetting never signs anyone in.
PASSWORD_RESET_PATHS = {"/password-reset/", "/password-reset/sent/", "/password-reset/done/", "/password-reset/x/x/"}
# Load balancers ask these without signing in; they answer "ok" / "ready" / "not ready" and nothing more.
HEALTH_PATHS = {"/healthz": b"ok\n", "/readyz": b"ready\n"}


def test_enumeration_is_not_vacuous():
    paths = [path for path, _ in ROUTES]
    assert len(paths) > 40  # the service's own pages plus the admin's
    for expected in (
        "/",
        "/login/",
        "/logout/",
        "/admin/",
        "/admin/core/user/1/change/",
        "/admin/auth/",
        "/participants/1/",
        "/participants/1/referrals/1/decision/",
        "/participants/1/episodes/1/close/",
        "/referrals/new/",
        "/overview/",
    ):
        assert expected in paths


@pytest.mark.parametrize(("path", "description"), ROUTES, ids=[d for _, d in ROUTES])
def test_built_path_resolves(path, description):
    resolve(path)  # raises Resolver404 if the sample values do not fit the pattern


@pytest.mark.parametrize(("path", "description"), ROUTES, ids=[d for _, d in ROUTES])
def test_anonymous_get_is_sent_to_sign_in(client, path, description):
    response = client.get(path)
    if path == LOGIN_URL:
        assert response.status_code == 200
        assert b"Sign in to ipsgate" in response.content
        return
    if path == "/logout/" and response.status_code == 405:
        return  # POST-only; nothing to see
    if path in PASSWORD_RESET_PATHS:
        assert response.status_code == 200, description
        return
    if path in HEALTH_PATHS:
        assert (response.status_code, response.content) == (200, HEALTH_PATHS[path]), description
        return
    if path.startswith("/api/") and not path.startswith("/api/docs/"):
        # The API is for programs: it answers 401 with a WWW-Authenticate challenge, not a sign-in redirect.
        assert response.status_code == 401, description
        assert response["WWW-Authenticate"] == "Token", description
        return
    assert response.status_code == 302, description
    location = response["Location"]
    if path.startswith("/admin/"):
        # The admin's views do their own sign-in check and send people to /admin/login/, which this
        # project redirects to the service's home page, which in turn asks for the sign-in page.
        assert urlsplit(location).path in (LOGIN_URL, "/admin/login/"), description
    else:
        assert urlsplit(location).path == LOGIN_URL, description
        assert f"next={path}" in location.replace("%2F", "/"), description

    followed = client.get(path, follow=True)
    assert followed.status_code == 200, description
    assert followed.request["PATH_INFO"] == LOGIN_URL, description
    assert [template.name for template in followed.templates][0] == "registration/login.html"
    assert all(status == 302 for _, status in followed.redirect_chain)


@pytest.mark.parametrize(
    "path",
    [
        "/referrals/new/",
        "/participants/{pk}/edit/",
        "/participants/{pk}/referrals/{referral}/decision/",
        "/participants/{pk}/episodes/{episode}/close/",
        "/admin/core/site/add/",
    ],
)
def test_anonymous_post_is_sent_to_sign_in_and_changes_nothing(client, path):
    referral = factories.ReferralFactory.create()
    episode = factories.EpisodeFactory.create(participant=factories.ParticipantFactory.create())
    url = path.format(pk=referral.participant_id, referral=referral.pk, episode=episode.pk)
    before = (Participant.objects.count(), Referral.objects.count(), AuditEvent.objects.count())

    response = client.post(url, {"given_name": "X", "outcome": "accepted", "name": "New site", "kind": "prison"})

    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == LOGIN_URL
    assert (Participant.objects.count(), Referral.objects.count(), AuditEvent.objects.count()) == before
    referral.refresh_from_db()
    episode.refresh_from_db()
    assert referral.outcome == ""
    assert episode.end_date is None


def test_sign_in_then_reach_the_page_asked_for(client, specialist):
    participant = factories.ParticipantFactory.create(current_site=specialist.site)
    target = f"/participants/{participant.pk}/"
    response = client.get(target)
    assert response.status_code == 302
    response = client.post(
        response["Location"], {"username": specialist.username, "password": factories.PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == target
    # The password alone is not enough: the second factor comes next, then the page asked for.
    response = client.get(target)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/mfa/setup/"


def test_signed_in_user_can_sign_out_with_post_only(make_client, specialist):
    client = make_client(specialist)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == LOGIN_URL
    assert client.get("/caseload/").status_code == 302
