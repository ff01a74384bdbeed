"""The browser harness itself: the demo service serves, and a person signs in with both factors."""

from playwright.sync_api import expect


def test_specialist_signs_in_with_second_factor_and_sees_their_caseload(signed_in, screenshot):
    page = signed_in.page("specialist1")
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(page, "home")
    assert "/login/" not in page.url
