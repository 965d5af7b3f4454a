"""Correcting a dose on its page, in a 320 px wide Chromium, with the keyboard alone
(DESIGN §7; issue 10, item 4).

Alice logged today's dose a minute ago; she took it twenty minutes before that.
She finds the record in her history, gives the right time, forgets the reason, is
led back to it by the summary that takes the focus, and saves the correction. The
live server runs on real time; the cast is built around `timezone.now()`.
"""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from injections.models import Dose
from injections.rules.geometry import Administrator, Site
from injections.services.doses import record_dose
from tests.browser.conftest import (
    assert_focus_visible,
    assert_no_axe_violations,
    save_screenshot,
    tab_to,
)
from tests.conftest import PASSWORD

NARROW = {"width": 320, "height": 640}


def tab_visibly_to(page: Page, target) -> None:
    tab_to(page, target, limit=60, at_each_stop=assert_focus_visible)


def fits_the_width(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"the page is {width} px wide at {NARROW['width']} px"


def keys_for_time(page: Page, moment) -> str:
    """The keys a person presses for `moment` in a time field, which Chromium lays out
    by the page's language: "en" has hours 1-12 then AM or PM (typing "2002" there gave
    02:00 PM), "en-GB" or "es" hours 0-23."""
    twelve = page.evaluate(
        "new Intl.DateTimeFormat(document.documentElement.lang, {hour: 'numeric'})"
        ".resolvedOptions().hour12"
    )
    if twelve:
        return moment.strftime("%I%M") + moment.strftime("%p")[0]
    return moment.strftime("%H%M")


def test_a_patient_corrects_the_time_of_a_dose_with_the_keyboard_alone(page, patient):
    now = timezone.now()
    # Logged a minute ago, taken twenty minutes before; near midnight, both earlier, so
    # that only the time changes (a date typed by keys follows the browser's locale).
    for took, logged_at in ((21, 1), (43, 23)):
        really = timezone.localtime(now - timedelta(minutes=took))
        if really.date() == timezone.localtime(now - timedelta(minutes=logged_at)).date():
            break
    logged = record_dose(
        regimen=patient.regimens.get(),
        taken_at=now - timedelta(minutes=logged_at),
        site=Site("thigh", "left", 60, 100),
        administered_by=Administrator.SELF,
        entered_by=patient.user,
        now=now,
    )
    page.set_viewport_size(NARROW)

    # Sign in, and open the record from the history.
    page.goto("/accounts/login/?next=/history/")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("alice")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("History")
    record = page.locator(".dose-list a.dose-link").first
    tab_visibly_to(page, record)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Correct this record")).to_be_visible()
    fits_the_width(page)
    assert_no_axe_violations(page)

    # The time it was really taken; sent without a reason.
    expect(page.get_by_label("Day it was taken")).to_have_value(really.strftime("%Y-%m-%d"))
    time = page.get_by_label("Time it was taken")
    tab_visibly_to(page, time)
    page.keyboard.type(keys_for_time(page, really))
    tab_visibly_to(page, page.get_by_role("button", name="Save the correction"))
    page.keyboard.press("Enter")

    # The summary has the focus and says what to fix; what was typed is still there.
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    assert "error-summary" in assert_focus_visible(page)
    expect(summary).to_contain_text("Say why the record is corrected.")
    expect(page.get_by_label("Time it was taken")).to_have_value(really.strftime("%H:%M"))
    fits_the_width(page)
    assert_no_axe_violations(page)
    save_screenshot(page, "correction-keyboard-1-summary-320px")

    # Its link leads to the field, beside which the same message stands.
    tab_visibly_to(page, summary.get_by_role("link"))
    page.keyboard.press("Enter")
    reason = page.get_by_label(re.compile(r"^Why is it corrected\?"))
    expect(reason).to_be_focused()
    page.keyboard.type("I took it before breakfast")
    tab_visibly_to(page, page.get_by_role("button", name="Save the correction"))
    page.keyboard.press("Enter")

    expect(page.get_by_text("Corrected. The earlier version stays")).to_be_visible()
    versions = page.locator("ol.revisions > li")
    expect(versions).to_have_count(2)
    expect(versions.last).to_contain_text("I took it before breakfast")
    expect(versions.last).to_contain_text(really.strftime("%H:%M"))
    fits_the_width(page)
    save_screenshot(page, "correction-keyboard-2-saved-320px")
    logged = Dose.objects.get(pk=logged.pk)
    assert logged.taken_at == really.replace(second=0, microsecond=0)
    assert logged.version == 2
