"""The day's job on the first screen of a phone (issue 9): the status, the first
suggestion with its one-tap "Log dose here", and the other two suggestions, with
nothing loading in later to push them down.

Measured before: the first suggestion began at y = 1433 and "Log dose" at y = 2306 on
a 390 x 844 screen (two taps, two scrolls), and the reminders, loaded after the page,
shifted it (layout shift 0.168).
"""

import pytest
from playwright.sync_api import expect

from injections.models import Dose
from tests.browser.conftest import (
    _phone_page,
    assert_no_axe_violations,
    save_screenshot,
    sign_in,
)

SCREENS = [{"width": 390, "height": 844}, {"width": 360, "height": 740}]

# Layout shifts as the page loads, summed as Chromium reports them.
LAYOUT_SHIFT = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
    }).observe({type: "layout-shift", buffered: true});
    setTimeout(() => resolve(total), 500);
})"""


@pytest.fixture(params=SCREENS, ids=lambda screen: f"{screen['width']}x{screen['height']}")
def phone(request, browser, live_server):
    context, page = _phone_page(browser, live_server, bypass_csp=True)
    page.set_viewport_size(request.param)
    yield page
    context.close()


def inside_first_screen(page, locator) -> bool:
    box = locator.bounding_box()
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= page.viewport_size["height"]
    )


def test_the_first_suggestion_and_its_log_button_are_on_the_first_screen(phone, dosed_yesterday):
    sign_in(phone, "yusuf")
    where = phone.get_by_role("region", name="Where to inject")
    suggestions = where.locator(".suggestions > li")
    expect(suggestions).to_have_count(3)
    log_here = phone.get_by_role("button", name="Log dose here")
    status = phone.get_by_role("region", name="Your dose")

    assert inside_first_screen(phone, status.locator(".status"))
    assert inside_first_screen(phone, suggestions.nth(0))
    assert inside_first_screen(phone, log_here)
    if phone.viewport_size["height"] >= 844:  # on a 390 x 844 phone, the other two too
        for n in (1, 2):
            assert inside_first_screen(phone, suggestions.nth(n)), f"suggestion {n + 1} is below"
    assert phone.evaluate(LAYOUT_SHIFT) < 0.01
    width = phone.viewport_size["width"]
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= width
    assert_no_axe_violations(phone)
    save_screenshot(phone, f"first-screen-{width}")


def test_logging_takes_one_tap_from_a_fresh_page_load(phone, dosed_yesterday):
    sign_in(phone, "yusuf")
    first = phone.locator(".suggestions > li").first.locator(".suggestion-button strong")
    place = first.inner_text().rstrip(":").lower()

    phone.get_by_role("button", name="Log dose here").click()

    status = phone.get_by_role("region", name="Your dose")
    expect(status).to_contain_text("Taken")
    expect(status).to_contain_text("Done for today")
    expect(status).to_contain_text("Next dose:")
    expect(phone.get_by_role("button", name="Log dose here")).to_have_count(0)
    expect(phone.get_by_role("heading", name="Where to inject next time")).to_be_visible()
    [dose] = Dose.objects.filter(patient=dosed_yesterday, voided_at__isnull=True).order_by(
        "-taken_at"
    )[:1]
    assert f"{dose.region} {dose.side}".strip() == place.replace("upper arm", "upper_arm")
    assert_no_axe_violations(phone)
    save_screenshot(phone, f"logged-{phone.viewport_size['width']}")
