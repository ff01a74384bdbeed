"""No page links to a page its viewer would be refused (403).

For every role, open the main pages that role can reach in the authorization matrix's small world (the
participant page and its sub-pages, the caseloads and lists, employers, vacancies, fidelity, outcomes and the
evaluation), collect every internal link on each, and follow each link once (GET) as the same person. A link that
answers 403 is a link the page should not have shown: it must be wrapped in the capability its target checks
(`ipsgate.core.capabilities`). 404s are not judged here (a page may link to a record that has since gone); server
errors are.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ipsgate.core.choices import Role

from .test_authorization_matrix import World, build_world

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def internal_links(html: str, page: str) -> list[str]:
    """The site-internal targets of a page's `<a href>` links, resolved against the page, without fragments, in
    page order; static files and links to the page itself (fragments) are left out."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        target = urlsplit(urljoin(page, href))
        if target.scheme not in ("", "http") or target.netloc not in ("", "testserver"):
            continue  # another site
        path = target.path + (f"?{target.query}" if target.query else "")
        if target.path.startswith(settings.STATIC_URL) or path == page:
            continue
        if path not in found:
            found.append(path)
    return found


def pages_to_open(world: World) -> list[str]:
    """The main pages: lists, caseloads and reports, the own participant's page and the pages under it, and the
    shared employer, vacancy and fidelity pages. A role opens those of them it can reach."""
    own = world.own
    person = own["participant"].pk
    return [
        reverse("people:my-caseload"),
        reverse("people:team-caseloads"),
        reverse("people:team-todo"),
        reverse("people:reallocate"),
        reverse("people:service-overview"),
        reverse("people:participant-list"),
        reverse("journey:todo"),
        reverse("people:participant-detail", args=[person]),
        reverse("journey:profile", args=[person]),
        reverse("journey:needs", args=[person]),
        reverse("privacy:data-protection", args=[person]),
        reverse("advice:disclosure", args=[person]),
        reverse("jobs:work", args=[person]),
        reverse("jobs:job-detail", args=[person, own["job"].pk]),
        reverse("jobs:application-detail", args=[person, own["application"].pk]),
        reverse("employers:matching", args=[person]),
        reverse("employers:employer-list"),
        reverse("employers:employer-detail", args=[own["employer"].pk]),
        reverse("employers:vacancy-list"),
        reverse("employers:vacancy-detail", args=[own["vacancy"].pk]),
        reverse("employers:register-index"),
        reverse("employers:contacts-report"),
        reverse("fidelity:team-list"),
        reverse("fidelity:team-reviews", args=[own["team"].pk]),
        reverse("fidelity:review-detail", args=[own["review"].pk]),
        reverse("outcomes:dashboard"),
        reverse("evaluation:report"),
        reverse("mentoring:my-mentees"),
        reverse("mentoring:mentee", args=[person]),
    ]


PARTICIPANT_PAGES = {"participant-detail", "needs", "disclosure", "matching", "work", "data-protection", "mentee"}


@dataclass
class Crawl:
    opened: list[str] = field(default_factory=list)  # pages the role reached (200) and read the links of
    followed: dict[str, int] = field(default_factory=dict)  # link -> status
    refused: list[str] = field(default_factory=list)  # "page -> link: status" for each refused link


def crawl(client: Client, pages: list[str]) -> Crawl:
    result = Crawl()
    statuses: dict[str, int] = {}
    links_on: dict[str, list[str]] = {}
    for page in pages:
        response = client.get(page)
        statuses[page] = response.status_code
        if response.status_code != 200:
            continue  # not one of this role's pages
        result.opened.append(page)
        links_on[page] = internal_links(response.content.decode(), page)
    for page, links in links_on.items():
        for link in links:
            if link not in statuses:
                statuses[link] = client.get(link).status_code
            result.followed[link] = statuses[link]
            if statuses[link] == 403 or statuses[link] >= 500:
                result.refused.append(f"{page} -> {link}: {statuses[link]}")
    return result


@pytest.fixture
def quiet_request_log() -> Iterator[None]:
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


def test_internal_links_resolves_relative_links_and_skips_others():
    html = (
        '<a href="/participants/1/">a</a> <a href="?phase=released">b</a> <a href="#main">c</a>'
        '<a href="https://www.gov.uk/">d</a> <a href="/assets/x.css">e</a> <a href="/participants/1/">again</a>'
    )
    assert internal_links(html, "/caseload/") == ["/participants/1/", "/caseload/?phase=released"]


# Pages each role must reach, so a role whose pages all broke cannot pass by following no links.
MUST_OPEN: dict[Role, tuple[str, ...]] = {
    Role.SPECIALIST: ("people:participant-detail", "journey:needs", "advice:disclosure", "employers:matching"),
    Role.TEAM_LEADER: ("people:participant-detail", "people:team-caseloads", "outcomes:dashboard"),
    Role.SERVICE_MANAGER: ("people:participant-detail", "jobs:work", "privacy:data-protection"),
    Role.CLINICIAN: ("people:participant-detail", "journey:needs", "employers:employer-list"),
    Role.PROBATION_PRACTITIONER: ("people:participant-detail", "people:my-caseload"),
    Role.ANALYST: ("outcomes:dashboard", "fidelity:team-list", "people:service-overview"),
    Role.ADMINISTRATOR: ("employers:employer-list", "people:service-overview"),
    Role.MENTOR: ("mentoring:my-mentees", "mentoring:mentee"),
}


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_no_page_links_to_a_page_its_viewer_is_refused(role, make_client, quiet_request_log):
    world = build_world()
    client = make_client(world.users[role])
    result = crawl(client, pages_to_open(world))
    person = world.own["participant"].pk
    for name in MUST_OPEN[role]:
        url = reverse(name, args=[person]) if name.split(":")[1] in PARTICIPANT_PAGES else reverse(name)
        assert url in result.opened, f"{role.value} did not reach {url}"
    least = 5 if role is Role.MENTOR else 10  # a mentor has few pages: their mentees, one mentee, a session form
    assert len(result.followed) >= least, f"{role.value}: only {len(result.followed)} links followed"
    assert not result.refused, f"{role.value} is shown links it is refused:\n  " + "\n  ".join(result.refused)
