"""The first pages in a phone-sized Chromium: signing in, today's dose, signing out.

The live server runs on real time, so the cast is built around `timezone.now()`
(tests/browser/conftest.py): alice's dose is due now, bob's first one is upcoming.
"""

import re

from playwright.sync_api import expect

from tests.browser.conftest import (
    assert_no_axe_violations,
    save_screenshot,
    sign_in,
    tab_to,
)
from tests.conftest import PASSWORD

SIGN_IN_URL = re.compile(r"/accounts/login/(\?.*)?$")
NOT_LINKED = "Your account is not linked to a patient record yet."


def test_an_anonymous_visitor_lands_on_an_accessible_sign_in_page(page):
    page.goto("/")

    expect(page).to_have_url(SIGN_IN_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_label("Username")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, "sign-in")


def test_a_patient_signs_in_with_the_keyboard_alone_and_sees_the_dose_due_now(
    page, patient, live_server
):
    page.goto("/")
    username, password = page.get_by_label("Username"), page.get_by_label("Password")

    expect(username).to_be_focused()  # autofocus: typing can start at once
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    expect(password).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")  # heard, not seen
    status = page.get_by_role("region", name="Your dose")
    expect(status).to_contain_text("Due")
    expect(status).to_contain_text("anakinra 100 mg is due now")
    sites = page.get_by_role("region", name="Where to inject").locator(".suggestions > li")
    expect(sites).to_have_count(3)
    # Each says where in words, the first its centimetres too.
    in_cm = re.compile(r"cm from the (inner edge|left side), .* cm down")
    expect(sites.nth(0)).to_contain_text(in_cm)
    for site in sites.all():
        expect(site).to_contain_text(re.compile(r"(not used yet|last used)"))
    expect(page.get_by_role("button", name="Log dose here")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    assert_no_axe_violations(page)
    save_screenshot(page, "today-due-390px")


def test_a_patient_before_the_first_window_opens_sees_the_dose_upcoming(page, upcoming_patient):
    sign_in(page, "bob")

    status = page.get_by_role("region", name="Your dose")
    expect(status).to_contain_text("Upcoming")
    expect(status).to_contain_text("Next dose of anakinra 100 mg")
    assert_no_axe_violations(page)
    save_screenshot(page, "today-upcoming-390px")


def test_a_wrong_password_shows_an_error_and_keeps_the_username(page, patient):
    sign_in(page, "alice", password="not the password")

    expect(page).to_have_url(SIGN_IN_URL)
    expect(page.get_by_role("alert")).to_contain_text(
        "Please enter a correct username and password"
    )
    expect(page.get_by_label("Username")).to_have_value("alice")
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    assert_no_axe_violations(page)
    save_screenshot(page, "sign-in-error")


def test_a_user_who_is_not_a_patient_is_told_the_account_is_not_linked(page, outsider):
    sign_in(page, "eve")

    # Someone who is not a patient starts on their (empty) list of patients.
    expect(page.get_by_role("heading", level=1)).to_have_text("Patients")
    expect(page.get_by_role("main")).to_contain_text(NOT_LINKED)
    expect(page.get_by_role("region", name="Where to inject")).to_have_count(0)
    assert_no_axe_violations(page)
    save_screenshot(page, "today-not-linked")


def test_a_patient_signs_out_with_the_keyboard(page, patient):
    sign_in(page, "alice")
    sign_out = page.get_by_role("button", name="Sign out")
    # A real submit button in a POST form: signing out must never be a link (GET).
    assert sign_out.evaluate("b => [b.tagName, b.type, b.form.method]") == [
        "BUTTON",
        "submit",
        "post",
    ]

    tab_to(page, sign_out)
    save_screenshot(page, "sign-out-focused")
    page.keyboard.press("Enter")

    expect(page).to_have_url(SIGN_IN_URL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto("/")
    expect(page).to_have_url(SIGN_IN_URL)


def test_the_first_pages_raise_no_content_security_policy_violations(
    strict_page, csp_violations, patient, outsider
):
    page = strict_page
    page.goto("/")  # the sign-in page
    sign_in(page, "alice", password="not the password")
    expect(page.get_by_role("alert")).to_be_visible()
    sign_in(page, "alice")
    expect(page.get_by_role("region", name="Your dose")).to_contain_text("is due now")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(SIGN_IN_URL)
    sign_in(page, "eve")
    expect(page.get_by_role("main")).to_contain_text(NOT_LINKED)

    assert csp_violations == []


def test_the_csp_listener_hears_a_violation(strict_page, csp_violations):
    # Proves the test above can fail: an inline script on a strict page is reported.
    strict_page.goto("/")
    with strict_page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        strict_page.evaluate(
            """() => {
                const script = document.createElement("script");
                script.textContent = "window.inlineRan = true";
                document.body.append(script);
            }"""
        )

    assert strict_page.evaluate("window.inlineRan") is None
    assert len(csp_violations) == 1
