"""Signing in with "Keep me signed in", then the sessions page, by keyboard alone, in
a phone-sized Chromium with axe-core (issue 13, item 2)."""

from playwright.sync_api import expect

from injections.models import SignedInSession
from tests.browser.conftest import (
    PASSWORD,
    assert_no_axe_violations,
    save_screenshot,
    sign_in,
    tab_to,
)


def test_a_patient_keeps_signed_in_and_signs_out_another_device_by_keyboard(
    page, open_phone_page, patient
):
    other = open_phone_page()
    sign_in(other, "alice")  # a second device, signed in first

    page.goto("/accounts/login/")
    assert_no_axe_violations(page)
    username = page.get_by_label("Username")
    tab_to(page, username, limit=15)
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    keep = page.get_by_label("Keep me signed in (on your own phone)")
    tab_to(page, keep, limit=5)
    page.keyboard.press("Space")
    expect(keep).to_be_checked()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="Today")).to_be_visible()
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    assert cookie["expires"] > 0  # outlives the browser
    assert SignedInSession.objects.filter(user=patient.user, kept=True).count() == 1

    page.goto("/settings/")
    link = page.get_by_role("link", name="Where you are signed in")
    tab_to(page, link, limit=120)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where you are signed in")
    expect(page.get_by_text("this device")).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, "sessions-page")

    sign_out_other = page.locator("form[action$='/sign-out/'] button")
    expect(sign_out_other).to_have_count(1)
    tab_to(page, sign_out_other, limit=40)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("status").first).to_contain_text("Signed out of")
    expect(page.locator("form[action$='/sign-out/'] button")).to_have_count(0)

    other.goto("/")
    expect(other.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert other.url.endswith("/accounts/login/?next=/")
