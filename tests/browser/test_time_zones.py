"""The time-zone field in Chromium (issue 15, item 5): the device's zone, given to the
browser context by Playwright's `timezone_id`, is offered first and picked on a form
with no zone yet; a stored zone is never changed by it; a filter box narrows the list
by a city's name in the reader's language, in English or by its IANA name, and says
how many match; all of it by keyboard."""

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from injections.web.zones import TimeZoneField
from tests.browser.conftest import (
    PHONE,
    _phone_page,
    assert_no_axe_violations,
    save_screenshot,
    sign_in,
    tab_to,
)
from tests.conftest import PASSWORD


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
        "On this device",
        [["America/Argentina/Buenos_Aires", "Buenos Aires, Argentina"]],
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


# --- The filter box ----------------------------------------------------------------


@pytest.fixture
def spanish_page(browser, live_server):
    """A phone-sized page whose browser asks for Spanish, on a device in UTC."""
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, bypass_csp=True, locale="es-ES", timezone_id="UTC"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def matches(count: int) -> str:
    """The filter's count, as the active language says it."""
    return ngettext(
        "%(count)s place matches: choose it in the list below.",
        "%(count)s places match: choose yours in the list below.",
        count,
    ) % {"count": count}


def shown_places(select) -> list[str]:
    return select.evaluate("s => Array.from(s.options, o => o.value)")


def test_typing_new_y_narrows_the_list_and_new_york_is_saved_by_keyboard(page_in, patient):
    page = page_in("UTC")
    sign_in(page, "alice")
    page.goto("/settings/")
    select = page.get_by_label("Time zone", exact=True)
    search = page.get_by_role("searchbox", name="Find your city")
    status = page.locator(".zone-filter [role=status]")
    expect(status).to_have_text("")
    assert len(shown_places(select)) > 400

    tab_to(page, search, limit=40)
    page.keyboard.type("new y")
    expect(status).to_have_text(matches(1))
    # New York, and the zone chosen now, which the filter never takes away.
    assert shown_places(select) == ["America/New_York", "UTC"]
    expect(select).to_have_value("UTC")
    assert_no_axe_violations(page)

    page.keyboard.press("Enter")  # to the list, not sending the form
    expect(select).to_be_focused()
    assert patient.regimens.get().schedule_versions.count() == 1
    page.keyboard.press("Home")
    expect(select).to_have_value("America/New_York")
    tab_to(page, page.get_by_role("button", name="Save the schedule"), limit=10)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Saved. The new schedule applies from the dose of")).to_be_visible()
    assert patient.regimens.get().current_version().time_zone == "America/New_York"
    expect(page.get_by_text("(New York time)")).to_be_visible()


def test_the_filter_finds_iana_names_says_when_nothing_matches_and_clears(page_in, patient):
    page = page_in("UTC")
    sign_in(page, "alice")
    page.goto("/settings/")
    select = page.get_by_label("Time zone", exact=True)
    search = page.get_by_role("searchbox", name="Find your city")
    status = page.locator(".zone-filter [role=status]")
    search.fill("argentina/")
    expect(status).to_have_text(matches(12))
    search.fill("sao paulo")  # "São Paulo" without its accent
    expect(status).to_have_text(matches(1))
    assert shown_places(select) == ["America/Sao_Paulo", "UTC"]
    search.fill("Atlantis")
    expect(status).to_have_text(
        "No place matches. Check the spelling, or clear the box to see every place."
    )
    assert shown_places(select) == ["UTC"]
    search.fill("")
    expect(status).to_have_text("")
    assert len(shown_places(select)) > 400
    expect(select).to_have_value("UTC")


def test_a_spanish_reader_finds_nueva_york_by_its_spanish_name(spanish_page, patient):
    page = spanish_page
    with translation.override("es"):
        zone_label, find_label = gettext("Time zone"), gettext("Find your city")
        save, one = gettext("Save the schedule"), matches(1)
        saved = gettext("Saved. The new schedule applies from the dose of %(day)s.")
    page.goto("/accounts/login/")
    page.get_by_label("Nombre de usuario").fill("alice")
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_load_state()
    page.goto("/settings/")
    select = page.get_by_label(zone_label, exact=True)
    search = page.get_by_role("searchbox", name=find_label)
    status = page.locator(".zone-filter [role=status]")

    search.fill("mexico")  # accents aside: "Ciudad de México"
    expect(status).to_have_text(one)
    assert select.evaluate("s => Array.from(s.options, o => o.text)")[0] == "Ciudad de México"
    search.fill("")
    expect(search).to_be_focused()
    page.keyboard.type("nueva")
    expect(status).to_have_text(one)
    assert shown_places(select) == ["America/New_York", "UTC"]
    assert_no_axe_violations(page)
    save_screenshot(page, "time-zones-filter-390-es")

    page.keyboard.press("Tab")
    expect(select).to_be_focused()
    page.keyboard.press("Home")
    expect(select).to_have_value("America/New_York")
    tab_to(page, page.get_by_role("button", name=save), limit=10)
    page.keyboard.press("Enter")
    expect(page.get_by_text(saved.split("%(day)s")[0].strip())).to_be_visible()
    assert patient.regimens.get().current_version().time_zone == "America/New_York"


@pytest.mark.parametrize("width", [320, 195])
def test_the_filter_fits_a_narrow_screen(page_in, patient, width):
    page = page_in("Europe/Madrid")
    sign_in(page, "alice")
    page.set_viewport_size({"width": width, "height": 740})
    page.goto("/settings/")
    search = page.get_by_role("searchbox", name="Find your city")
    search.fill("new y")
    expect(page.locator(".zone-filter [role=status]")).to_have_text(matches(1))
    box = search.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    search.scroll_into_view_if_needed()
    save_screenshot(page, f"time-zones-filter-{width}")


def test_without_javascript_the_grouped_list_is_all_there_is(no_js_page, patient):
    page = no_js_page
    sign_in(page, "alice")
    page.goto("/settings/")
    expect(page.get_by_label("Time zone", exact=True)).to_have_value("UTC")
    expect(page.get_by_role("searchbox")).to_have_count(0)
