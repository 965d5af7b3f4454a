"""Skipping a dose in advance from the history calendar, by keyboard alone, in
phone-sized Chromium (issue 10, item 3; DESIGN §5).

Alice has knee surgery coming. From her History she plans to skip a dose: she first
types a day 31 days ahead, is told beside the day how far she can go, with the
focus on the summary of what to fix, then types the 30th day and plans it. The
calendar and the list of planned skips show it. The live server runs on real time:
Alice's daily dose is due now (conftest.py), so the days are counted from today.
"""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from injections.models import Dose
from tests.browser.conftest import (
    assert_focus_visible,
    assert_no_axe_violations,
    save_screenshot,
    sign_in,
    tab_to,
)


def type_date(page: Page, field, day) -> None:
    """Type `day` into the focused date field, as a person would. Chromium orders the
    field's day and month by its own language, whatever the page's: a first date
    typed tells which order it is, and the arrows go back to retype the real one."""
    page.keyboard.type("01022030")
    order = "%d%m%Y" if field.input_value() == "2030-02-01" else "%m%d%Y"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.type(day.strftime(order))


def focused_is(page: Page, selector: str) -> bool:
    return page.evaluate(f"document.activeElement.matches({selector!r})")


def test_a_patient_plans_a_skip_from_the_history_by_keyboard(page: Page, patient):
    today = timezone.now().date()
    too_far, last = today + timedelta(days=31), today + timedelta(days=30)
    sign_in(page, "alice")
    page.goto("/history/")
    expect(page.get_by_role("heading", name="Skip a dose in advance")).to_be_visible()

    # A day one too far: refused beside the day, and the summary takes the focus.
    day = page.get_by_label("Which day's dose?")
    tab_to(page, day, limit=80)
    assert_focus_visible(page)
    type_date(page, day, too_far)
    expect(day).to_have_value(too_far.isoformat())
    first_reason = page.get_by_label("I have a fever or an infection")
    tab_to(page, first_reason, limit=5)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Surgery or dental work is planned")).to_be_checked()
    tab_to(page, page.get_by_label("Details"), limit=5)
    page.keyboard.type("knee")
    plan = page.get_by_role("button", name="Plan this skip")
    tab_to(page, plan, limit=5)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert focused_is(page, ".error-summary"), "the error summary did not take the focus"
    assert_focus_visible(page)
    expect(page.locator("#id_plan_slot_date_error")).to_contain_text(
        "at most 30 days ahead: choose a day up to " + last.strftime("%A %-d %B")
    )
    # Nothing typed is lost.
    expect(day).to_have_value(too_far.isoformat())
    expect(page.get_by_label("Surgery or dental work is planned")).to_be_checked()
    expect(page.get_by_label("Details")).to_have_value("knee")
    assert not Dose.objects.exists()

    # From the summary's link to the day, and the 30th day instead.
    page.keyboard.press("Tab")
    assert focused_is(page, ".error-summary a")
    page.keyboard.press("Enter")
    expect(day).to_be_focused()
    type_date(page, day, last)
    expect(day).to_have_value(last.isoformat())
    tab_to(page, plan, limit=12)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("status").first).to_contain_text(
        "Planned: the dose of " + last.strftime("%A %-d %B") + " will be skipped."
    )
    planned = Dose.objects.get()
    assert (planned.slot_date, planned.status) == (last, "skipped")
    assert (planned.skip_reason, planned.reason) == ("surgery", "knee")
    expect(page.locator(".slot-planned", has_text="anakinra: Skip planned")).to_have_count(1)
    withdraw = page.get_by_role("button", name="Withdraw the skip of " + last.strftime("%A %-d %B"))
    expect(withdraw).to_be_visible()
    box = withdraw.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_axe_violations(page)
    save_screenshot(page, "planned-skip-history")

    # At 320 px wide nothing is cut off.
    page.set_viewport_size({"width": 320, "height": 700})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_check_in_offers_to_explain_yesterdays_missed_dose_by_keyboard(page: Page, patient):
    """Alice is three days in with nothing recorded: yesterday's dose was missed, and
    today's is open. She says why yesterday's was missed; today's is still due."""
    yesterday = timezone.now().date() - timedelta(days=1)
    sign_in(page, "alice")
    page.goto("/")
    summary = page.get_by_text(
        "Say why the dose of " + yesterday.strftime("%A %-d %B") + " was missed"
    )
    tab_to(page, summary, limit=80)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    forgot = page.get_by_label("I forgot")
    tab_to(page, forgot, limit=5)
    page.keyboard.press("Space")
    assert_no_axe_violations(page)
    tab_to(page, page.get_by_role("button", name="Save the reason"), limit=5)
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text(
        "Noted why the dose of " + yesterday.strftime("%A %-d %B") + " was missed."
    )
    explained = Dose.objects.get()
    assert (explained.slot_date, explained.status, explained.skip_reason) == (
        yesterday, "skipped", "forgot",
    )  # fmt: skip
    expect(
        page.get_by_text("Skip the dose of " + timezone.now().date().strftime("%A %-d %B"))
    ).to_be_visible()
