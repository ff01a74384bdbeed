"""The person's own papers in a real browser (issue 19): the plan printed to PDF at A4 fits two pages for the demo
person; the phone view (360 px) and the desktop view (1280 px) are captured; axe-core finds nothing on the papers
pages and their error states."""

from __future__ import annotations

import io
from typing import Any

import pypdf
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from ipsgate.papers.models import PaperVersion

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE = Axe()


def assert_accessible(page: Page) -> None:
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
    found = [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:5]]}"
        for v in AXE.run(page, options=options).response["violations"]
    ]
    assert not found, f"axe-core found WCAG 2.2 AA violations on {page.url}:\n" + "\n".join(found)


@pytest.fixture(scope="module")
def papers(demo_server: Any, django_db_blocker: Any) -> dict[str, Any]:
    with django_db_blocker.unblock():
        mine = PaperVersion.objects.filter(participant__allocated_specialist__username="specialist1")
        english = mine.filter(kind="plan", language="en").order_by("pk").first()
        welsh = mine.filter(kind="plan", language="cy").order_by("pk").first()
        letter = mine.filter(kind="letter").order_by("pk").first()
        assert english and welsh and letter, "the demo gives specialist1 plans in English and Welsh and a letter"
        return {
            "english": (english.participant_id, english.pk),
            "welsh": (welsh.participant_id, welsh.pk),
            "letter": (letter.participant_id, letter.pk),
        }


@pytest.fixture(scope="module")
def specialist_tab(signed_in: Any) -> Page:
    return signed_in.page("specialist1")


def test_the_plan_prints_on_at_most_two_a4_pages(specialist_tab: Page, papers: dict[str, Any], screenshot: Any):
    page = specialist_tab
    for which in ("english", "welsh"):
        pk, version = papers[which]
        response = page.goto(f"/participants/{pk}/papers/{version}/")
        assert response is not None and response.status == 200
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True)
        page.emulate_media(media="screen")
        pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        assert 1 <= pages <= 2, f"the {which} plan printed on {pages} A4 pages"


@pytest.mark.parametrize("width", [360, 1280])
def test_the_plan_reads_at_phone_and_desktop_widths(
    specialist_tab: Page, papers: dict[str, Any], screenshot: Any, width: int
):
    page = specialist_tab
    page.set_viewport_size({"width": width, "height": 800})
    for which in ("english", "welsh", "letter"):
        pk, version = papers[which]
        page.goto(f"/participants/{pk}/papers/{version}/")
        expect(page.locator("h1")).to_be_visible()
        # Nothing wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"{which}-{width}px")
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_the_papers_pages_and_their_error_states_are_accessible(
    specialist_tab: Page, papers: dict[str, Any], screenshot: Any
):
    page = specialist_tab
    pk = papers["letter"][0]
    for path in ("", "plan/", "cv/", "letter/", "steps/add/"):
        response = page.goto(f"/participants/{pk}/papers/{path}")
        assert response is not None and response.status == 200, path
        assert_accessible(page)
    # Errors: a plan with no section, a CV with nothing in it, a letter not agreed, a step with no date.
    page.goto(f"/participants/{pk}/papers/plan/")
    for box in page.locator("input[name=sections]").all():
        box.uncheck()
    page.get_by_role("button", name="Issue the plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at least one section")
    screenshot(page, "plan-error")
    assert_accessible(page)
    page.goto(f"/participants/{pk}/papers/cv/")
    for area in page.locator("main textarea").all():
        area.fill("")
    page.get_by_role("button", name="Save this version").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write something")
    assert_accessible(page)
    page.goto(f"/participants/{pk}/papers/letter/")
    page.get_by_role("button", name="Issue the letter").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that the person has read")
    assert_accessible(page)
    page.goto(f"/participants/{pk}/papers/steps/add/")
    page.get_by_role("button", name="Add the step").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    screenshot(page, "step-error")
    assert_accessible(page)
