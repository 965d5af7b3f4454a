"""Choosing reminders on Settings, by keyboard alone, in a phone-sized Chromium
(issue 11, item 2)."""

from playwright.sync_api import expect

from injections.services.reminders import choice_of
from tests.browser.conftest import assert_no_axe_violations, save_screenshot, sign_in, tab_to


def test_a_patient_chooses_reminders_and_quiet_hours_by_keyboard(page, patient, settings):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = "BKey", "secret"
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, "alice")
    page.goto("/settings/")
    kinds = page.get_by_role("group", name="Remind me of")
    urgent = page.get_by_role("group", name="Send these in quiet hours too")
    warm = kinds.get_by_label("A syringe out of the fridge nearly too long")
    tab_to(page, warm, limit=80)
    page.keyboard.press("Space")
    expect(warm).to_be_checked()
    start = page.get_by_label("Quiet hours from")
    tab_to(page, start, limit=20)
    start.fill("22:00")  # Chromium's time field takes typing in its own locale's order
    page.keyboard.press("Enter")  # submits the form, half the quiet hours missing
    page.wait_for_load_state()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Quiet hours until: Give both times")
    expect(page.get_by_label("Quiet hours from")).to_have_value("22:00")  # nothing lost
    expect(kinds.get_by_label("A syringe out of the fridge nearly too long")).to_be_checked()

    page.keyboard.press("Tab")  # the summary's link to the field
    page.keyboard.press("Enter")
    end = page.get_by_label("Quiet hours until")
    expect(end).to_be_focused()
    end.fill("07:00")
    dose = urgent.get_by_label("The dose, at its time")
    tab_to(page, dose, limit=20)
    page.keyboard.press("Space")
    save = page.get_by_role("button", name="Save the reminders")
    tab_to(page, save, limit=20)
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    expect(page.get_by_role("status").first).to_contain_text("Saved. Your reminders follow")
    choice = choice_of(type(patient.user).objects.get(pk=patient.user.pk))
    assert "warm_syringe" in choice.kinds and choice.urgent == {"dose"}
    assert str(choice.quiet_from) == "22:00:00" and str(choice.quiet_until) == "07:00:00"
    # The browser has push: the button to turn notifications on shows.
    expect(page.get_by_role("button", name="Turn on notifications on this device")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page)
    save_screenshot(page, "reminder-settings-320px")
