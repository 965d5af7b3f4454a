"""The calendar address on Settings, in a phone-sized Chromium (issue 11, item 4)."""

from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, save_screenshot, sign_in, tab_to


def test_a_patient_makes_copies_and_reads_the_calendar_address_by_keyboard(page, patient):
    page.set_viewport_size({"width": 320, "height": 800})
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, "alice")
    page.goto("/settings/")
    make = page.get_by_role("button", name="Make a calendar address")
    tab_to(page, make, limit=80)
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    address = page.get_by_label(
        "Calendar address (keep it private: anyone with it sees your doses)"
    )
    url = address.input_value()
    assert "/calendar/" in url and url.endswith(".ics")
    copy = page.get_by_role("button", name="Copy the address")
    tab_to(page, copy, limit=80)
    page.keyboard.press("Enter")
    expect(page.locator("#calendar-copied")).to_have_text(
        "Copied: now paste it in your calendar app."
    )
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page)
    save_screenshot(page, "calendar-address-320px")

    # What a calendar app reads there, with no cookies: the address is the key.
    app = page.context.browser.new_context()
    feed = app.request.get(url)
    assert feed.status == 200
    [event] = Calendar.from_ical(feed.body()).walk("VEVENT")[:1]
    assert str(event["summary"]) == "anakinra 100 mg"
    app.close()
