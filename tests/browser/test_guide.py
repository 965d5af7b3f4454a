"""The injection guide in a browser (issue 10, item 9): a patient with no dose yet
meets "before your first injection" on the check-in, reaches the guide by keyboard
alone, and reads it on a 320 px screen with nothing to scroll sideways, no axe
violation and nothing the strict CSP blocks (its drawings are inline SVG).
"""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    assert_focus_visible,
    assert_no_axe_violations,
    save_screenshot,
    sign_in,
    tab_to,
)

NARROW = {"width": 320, "height": 640}

pytestmark = pytest.mark.browser


def test_a_new_patient_reaches_the_guide_from_the_check_in_by_keyboard(page, patient):
    page.set_viewport_size(NARROW)
    sign_in(page, "alice")
    first = page.get_by_role("region", name="Before the first injection")
    expect(first).to_contain_text("Before your first injection, ask your nurse or doctor")
    link = first.get_by_role("link", name="Read the injection guide")

    tab_to(page, link, limit=30, at_each_stop=lambda p: assert_focus_visible(p))
    box = link.bounding_box()
    assert box["height"] >= 44
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("How to inject")
    assert page.url.endswith("/guide/")


def test_the_guide_reads_at_320_px_with_no_axe_violation(page, patient):
    page.set_viewport_size(NARROW)
    sign_in(page, "alice")
    page.goto("/guide/")

    expect(page.get_by_role("img", name="A fold of skin pinched")).to_be_visible()
    expect(page.get_by_role("img", name="A used syringe")).to_be_visible()
    steps = page.get_by_role("region", name="2. Inject").get_by_role("listitem")
    expect(steps).to_have_count(10)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= NARROW["width"]
    for drawing in page.locator("svg.guide-drawing").all():
        assert drawing.bounding_box()["width"] <= NARROW["width"]
    assert_no_axe_violations(page)
    save_screenshot(page, "guide-320")


def test_the_guide_breaks_nothing_of_the_strict_csp(strict_page, csp_violations, patient):
    sign_in(strict_page, "alice")
    strict_page.goto("/guide/")

    expect(strict_page.get_by_role("heading", level=1)).to_have_text("How to inject")
    assert csp_violations == []
