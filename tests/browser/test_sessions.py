"""Signing in with "Keep me signed in", then the sessions page, by keyboard alone, in
a phone-sized Chromium with axe-core (issue 13, item 2)."""

import time

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from injections.models import Clinic, ClinicStaff, SignedInSession
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


@pytest.fixture
def clinician(transactional_db):
    user = get_user_model().objects.create_user("dr-dee", password=PASSWORD)
    ClinicStaff.objects.create(clinic=Clinic.objects.create(name="Rheumatology"), user=user)
    return user


def code_now(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_a_clinician_sets_up_two_step_sign_in_and_signs_in_with_a_code(
    strict_page, csp_violations, open_phone_page, clinician
):
    page = strict_page
    sign_in(page, "dr-dee")
    page.goto("/account/sessions/")
    page.get_by_role("link", name="Two-step sign-in settings").click()
    page.get_by_role("button", name="Set up two-step sign-in").click()
    page.wait_for_load_state()
    qr = page.get_by_role("img", name="QR code of the key for your authenticator app")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.naturalWidth") > 0  # drawn, under the CSP
    device = TOTPDevice.objects.get(user=clinician)
    page.get_by_label("Code from your authenticator app").fill(code_now(device))
    page.get_by_role("button", name="Turn two-step sign-in on").click()
    page.wait_for_load_state()
    expect(page.get_by_role("status").first).to_contain_text("Two-step sign-in is on")
    assert csp_violations == []

    other = open_phone_page()
    sign_in(other, "dr-dee")
    expect(other.get_by_role("heading", level=1)).to_have_text("Code from your app")
    assert_no_axe_violations(other)
    code = other.get_by_label("Code from your authenticator app")
    code.fill("000000" if code_now(device) != "000000" else "111111")
    other.keyboard.press("Enter")
    other.wait_for_load_state()
    summary = other.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("That code is not right")
    assert_no_axe_violations(other)
    time.sleep(2)  # the throttle after one wrong code: a second
    device.refresh_from_db()
    # A code is taken once: wait for the next one if the set-up used this one.
    while device.last_t >= int(time.time()) // device.step:
        time.sleep(1)
    other.get_by_label("Code from your authenticator app").fill(code_now(device))
    other.get_by_role("button", name="Sign in").click()
    other.wait_for_load_state()
    expect(other.get_by_role("link", name="Patients")).to_be_visible()
