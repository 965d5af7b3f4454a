"""Changing a password by keyboard alone, and asking for a reset link, in a
phone-sized Chromium with axe-core on each page (issue 13, item 2)."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, save_screenshot, sign_in, tab_to
from tests.conftest import PASSWORD

NEW = "a new and longer passphrase"


def test_a_patient_changes_their_password_by_keyboard(page, patient, open_phone_page):
    phone = open_phone_page()
    sign_in(phone, "alice")  # the same person, on another device
    sign_in(page, "alice")
    page.goto("/settings/")
    link = page.get_by_role("link", name="Change your password")
    tab_to(page, link, limit=200)
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    old = page.get_by_label("Old password")
    expect(old).to_be_focused()
    assert_no_axe_violations(page)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_label("New password", exact=True)).to_be_focused()
    page.keyboard.type("too short")
    page.keyboard.press("Tab")
    expect(page.get_by_label("New password confirmation")).to_be_focused()
    page.keyboard.type("too short")
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("This password is too short")
    expect(page.locator("#id_new_password2_error")).to_contain_text("at least 12 characters")
    assert_no_axe_violations(page)
    save_screenshot(page, "password-change-refused")

    page.keyboard.press("Tab")  # the summary's link to the field
    page.keyboard.press("Enter")
    expect(page.get_by_label("New password confirmation")).to_be_focused()
    tab_to(page, old, backwards=True, limit=5)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(NEW)
    page.keyboard.press("Tab")
    page.keyboard.type(NEW)
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")
    expect(page.get_by_role("status").first).to_contain_text(
        "Your password is changed. You are still signed in here"
    )
    assert_no_axe_violations(page)
    user = get_user_model().objects.get(username="alice")
    assert user.check_password(NEW)

    # The other device is signed out; this one is not.
    phone.goto("/settings/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.goto("/settings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")


def test_someone_who_forgot_their_password_asks_for_a_link_by_keyboard(
    page, patient, settings, mailoutbox
):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    patient.user.email = "alice@example.com"
    patient.user.save()
    page.goto("/accounts/login/")
    forgot = page.get_by_role("link", name="Forgot your password?")
    tab_to(page, forgot, limit=20)
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    expect(page.get_by_role("heading", name="No email address on your account?")).to_be_visible()
    assert_no_axe_violations(page)
    address = page.get_by_label("Your email address")
    tab_to(page, address, limit=20)
    page.keyboard.type("alice@example.com")
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_no_axe_violations(page)
    assert [m.to for m in mailoutbox] == [["alice@example.com"]]


def test_the_password_pages_raise_no_csp_violation(strict_page, csp_violations, patient):
    strict_page.goto("/password-reset/")
    expect(strict_page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    sign_in(strict_page, "alice")
    strict_page.goto("/settings/password/")
    strict_page.get_by_label("Old password").fill("not the password")
    strict_page.get_by_label("New password", exact=True).fill(NEW)
    strict_page.get_by_label("New password confirmation").fill(NEW)
    strict_page.get_by_role("button", name="Change the password").click()
    strict_page.wait_for_load_state()
    expect(strict_page.locator("#error-summary")).to_be_focused()
    assert csp_violations == []
