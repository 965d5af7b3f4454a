"""The time-zone field in Chromium (issue 15, item 5): the device's zone, given to the
browser context by Playwright's `timezone_id`, is offered first and picked on a form
with no zone yet; a stored zone is never changed by it; all of it by keyboard."""

import pytest
from django import forms
from playwright.sync_api import expect

from injections.web.zones import TimeZoneField
from tests.browser.conftest import (
    _phone_page,
    assert_no_axe_violations,
    save_screenshot,
    sign_in,
    tab_to,
)


class NewScheduleForm(forms.Form):
    time_zone = TimeZoneField(label="Time zone")


@pytest.fixture
def page_in(browser, live_server):
    """Opens a phone-sized page whose device is in the given IANA zone."""
    contexts = []

    def open_page(zone: str):
        context, page = _phone_page(browser, live_server, bypass_csp=True, timezone_id=zone)
        contexts.append(context)
        return page

    yield open_page
    for context in contexts:
        context.close()


def show_new_form(page, live_server):
    """A page with a form that has no zone yet, served at the live server's address so
    that it runs the site's own medtrack.js."""
    html = (
        '<!doctype html><html lang="en"><head><title>New schedule</title>'
        '<script src="/static/js/medtrack.js" defer></script></head><body><main>'
        f"<h1>New schedule</h1><form>{NewScheduleForm().as_div()}</form></main></body></html>"
    )
    url = f"{live_server.url}/a-new-schedule/"
    page.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
    page.goto(url)


def first_group(select):
    return select.evaluate(
        """select => {
            const group = select.querySelector("optgroup");
            return [group.label, Array.from(group.children, o => [o.value, o.text])];
        }"""
    )


def test_a_new_form_offers_and_picks_the_device_s_zone(page_in, live_server):
    page = page_in("Europe/Madrid")
    show_new_form(page, live_server)
    select = page.get_by_label("Time zone")
    expect(select).to_have_value("Europe/Madrid")
    assert first_group(select) == ["On this device", [["Europe/Madrid", "Madrid"]]]
    assert select.evaluate("s => s.options[s.selectedIndex].parentElement.label") == (
        "On this device"
    )
    assert_no_axe_violations(page)


def test_a_device_zone_named_by_an_older_alias_is_found(page_in, live_server):
    page = page_in("Asia/Calcutta")
    show_new_form(page, live_server)
    select = page.get_by_label("Time zone")
    expect(select).to_have_value("Asia/Kolkata")
    assert first_group(select) == ["On this device", [["Asia/Kolkata", "Kolkata"]]]


def test_without_a_known_device_zone_the_form_waits_for_a_choice(page_in, live_server):
    page = page_in("Etc/GMT+3")
    show_new_form(page, live_server)
    select = page.get_by_label("Time zone")
    expect(select).to_have_value("")
    assert first_group(select)[0] == "Africa"


def test_the_stored_zone_stays_and_the_device_s_is_saved_by_keyboard(page_in, patient):
    page = page_in("America/Argentina/Buenos_Aires")
    sign_in(page, "alice")
    page.goto("/settings/")
    select = page.get_by_label("Time zone")
    expect(select).to_have_value("UTC")  # stored: the device's zone does not replace it
    assert first_group(select) == [
        "On this device", [["America/Argentina/Buenos_Aires", "Buenos Aires (Argentina)"]]
    ]
    assert_no_axe_violations(page)
    save_screenshot(page, "time-zones-settings-390")

    tab_to(page, select, limit=40)
    page.keyboard.press("Home")  # the first option: the device's zone
    expect(select).to_have_value("America/Argentina/Buenos_Aires")
    tab_to(page, page.get_by_role("button", name="Save the schedule"), limit=10)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Saved. The new schedule applies from the dose of")).to_be_visible()
    version = patient.regimens.get().current_version()
    assert version.time_zone == "America/Argentina/Buenos_Aires"


def test_a_city_is_found_by_typing_its_first_letters(page_in, patient):
    page = page_in("UTC")
    sign_in(page, "alice")
    page.goto("/settings/")
    select = page.get_by_label("Time zone")
    tab_to(page, select, limit=40)
    page.keyboard.type("Tokyo")
    expect(select).to_have_value("Asia/Tokyo")
