"""The daily check-in in a phone-sized Chromium: choose a spot, log the dose, hear a
refusal, skip, undo, say how the last site looks, mark areas to avoid.

Each journey is walked by pointer, and the main one again with the keyboard alone,
without JavaScript and under the app's strict Content Security Policy. The live server
runs on real time: the cast is built around `timezone.now()` (conftest.py), with the
dose due now.
"""

import re
from datetime import date
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from injections.rules.geometry import NAVEL, REGIONS
from tests.browser.conftest import (
    YESTERDAYS_SITE,
    assert_focus_visible,
    assert_no_axe_violations,
    make_due_patient,
    save_screenshot,
    sign_in,
    tab_to,
)
from tests.conftest import PASSWORD

TIME = r"\d\d:\d\d"
# A tap lands within a millimetre of the point aimed at: about 1 cm, as the app rounds it.
ABOUT_ONE_CM = r"(0\.9|1|1\.1)"
DOUBLE_DOSE = re.compile(r"already recorded for the slot of .*never a double dose")


@pytest.fixture
def kim(transactional_db):
    """A second new patient, due now, for the keyboard journey."""
    return make_due_patient("kim")


# --- Reading the page -------------------------------------------------------------


def dose_status(page: Page) -> Locator:
    return page.get_by_role("region", name="Your dose")


def where_to_inject(page: Page) -> Locator:
    return page.get_by_role("region", name="Where to inject")


def suggestion_forms(page: Page) -> Locator:
    """Each suggestion's form that checks its spot (the first suggestion also has a
    "Log dose here" form, which is not one of them)."""
    return where_to_inject(page).locator('.suggestions form[method="get"]')


def suggestion_buttons(page: Page) -> Locator:
    return suggestion_forms(page).get_by_role("button")


def chosen_heading(page: Page) -> Locator:
    return page.get_by_role("heading", name=re.compile(r"^Your spot: "))


def announcement(page: Page) -> Locator:
    return page.locator("#announcement")


def pick_form(page: Page) -> Locator:
    return page.locator("#pick-form")


def suggested(page: Page, index: int = 0) -> tuple[str, str, str]:
    """The place key and the x, y in cm (as the page writes them) of a suggestion."""
    form = suggestion_forms(page).nth(index)
    return tuple(
        form.locator(f'input[name="{name}"]').get_attribute("value") for name in ("place", "x", "y")
    )


def drawn_region(page: Page, place: str, *, form: str = "pick-form") -> Locator:
    """A region as the map's picture of the front or the back draws it, with its marks
    at their stored millimetres (the region's own frame)."""
    body_map = page.locator(f'[data-map-for="{form}"]')
    return body_map.get_by_role("img").locator(f'[data-region="{place}"]')


def assert_drawn_at(mark: Locator, x_cm: float, y_cm: float) -> None:
    """A circle drawn at a point of its region's frame, in cm."""
    assert float(mark.get_attribute("cx")) == x_cm * 10
    assert float(mark.get_attribute("cy")) == y_cm * 10


def open_region(page: Page, place: str, x_cm: float, *, form: str = "pick-form") -> Locator:
    """Opens the enlarged view that shows a point of a region with its button, unless
    it is open already, and returns that view. The abdomen is enlarged one half at a
    time, the navel's 2 cm going to the left half."""
    region, _colon, side = place.partition(":")
    if region == "abdomen":
        side = "left" if x_cm * 10 < NAVEL.x_mm else "right"
    view_id = f"bm-zoom-{region}-{side}"
    button = page.locator(f'[data-map-for="{form}"] button[aria-controls="{view_id}"]')
    if button.get_attribute("aria-expanded") != "true":
        button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    view = page.locator(f"#{view_id}")
    expect(view).to_be_visible()
    return view


def tap_map(page: Page, place: str, x_cm: float, y_cm: float, *, form: str = "pick-form"):
    """A pointer tap on the body map at a point of a region, in its own centimetres:
    the region opened enlarged, then tapped there.

    The map is drawn at one SVG unit per millimetre, so the point's screen position is
    found in proportion to the enlarged region's <rect> as laid out on the screen. A
    mirrored frame (`scale(-1 1)`: the region's inner edge on its right) runs from the
    rect's right-hand side leftwards.
    """
    region = open_region(page, place, x_cm, form=form).locator(f'[data-place="{place}"]')
    region.scroll_into_view_if_needed()
    rect = region.locator("rect.region-frame")
    # The fill's box: Playwright's bounding_box() would add the stroke's half width.
    box = rect.evaluate("rect => rect.getBoundingClientRect().toJSON()")
    across = box["width"] * x_cm * 10 / float(rect.get_attribute("width"))
    down = box["height"] * y_cm * 10 / float(rect.get_attribute("height"))
    mirrored = "scale(-1 1)" in region.get_attribute("transform")
    page.mouse.click(box["right"] - across if mirrored else box["x"] + across, box["y"] + down)


def one_cm_from(place: str, x: float, y: float) -> tuple[float, float]:
    """A point 1 cm from (x, y), inside the region and clear of the navel, even when a
    tap lands a millimetre off."""
    shape = REGIONS[place.partition(":")[0]]
    for dx, dy in ((0, -1), (0, 1), (-1, 0), (1, 0)):
        nx, ny = x + dx, y + dy
        inside = 0.5 <= nx <= shape.width_mm / 10 - 0.5 and 0.5 <= ny <= shape.height_mm / 10 - 0.5
        navel = ((nx - NAVEL.x_mm / 10) ** 2 + (ny - NAVEL.y_mm / 10) ** 2) ** 0.5
        if inside and (place != "abdomen" or navel >= NAVEL.radius_mm / 10 + 0.3):
            return nx, ny
    raise AssertionError(f"no point 1 cm from {place} {x}, {y}")


def assert_near(value: str, expected: float) -> None:
    assert abs(float(value) - expected) <= 0.15, f"{value} is not about {expected}"


def day_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"  # as the page says it: "Monday 23 November"


def todays_slot(patient) -> date:
    """The date of the slot open now: the only one the check-in offers to skip."""
    return patient.regimens.get().schedule().open_slot(timezone.now()).date


def next_dose(patient) -> str:
    """How the check-in names the dose after the one open now, once that is recorded."""
    schedule = patient.regimens.get().schedule()
    slot = schedule.next_slot(schedule.open_slot(timezone.now()).opens_at)
    at = timezone.localtime(slot.scheduled_at, ZoneInfo(slot.time_zone))
    return f"Next dose: {day_words(at.date())} at {at:%H:%M}."


def skip_offered(page: Page) -> Locator:
    return page.locator("summary", has_text="Skip")


def assert_done_for_today(page: Page, patient) -> None:
    """Today's dose is recorded: the page says so and names the next one, and offers
    no skip (only the open, unrecorded slot can be skipped)."""
    expect(dose_status(page)).to_contain_text("Done for today")
    expect(dose_status(page)).to_contain_text(next_dose(patient))
    expect(skip_offered(page)).to_have_count(0)


def spot_query(place: str, x: str, y: str) -> str:
    """The end of the address a chosen spot is pushed to, as a pattern."""
    return re.escape(urlencode({"place": place, "x": x, "y": y})) + "$"


def history_entry(page: Page, text: str) -> Locator:
    return page.locator(".dose-list > li").filter(has_text=text)


# --- 1 and 9: the journey by pointer, audited, and again under the strict CSP ------


def walk_the_journey_by_pointer(page: Page, patient, *, audit: bool) -> None:
    """Sign in, take the first suggestion, log the dose (done for today), tap too
    close, try to record it anyway. With `audit`, axe and a screenshot at each step."""

    def step(name: str) -> None:
        if audit:
            assert_no_axe_violations(page)
            save_screenshot(page, f"journey-pointer-{name}-390px")

    sign_in(page, patient.user.username)
    expect(dose_status(page)).to_contain_text("Due")
    expect(dose_status(page)).to_contain_text("is due now")
    step("1-due")

    place, x, y = suggested(page)
    suggestion_buttons(page).first.click()
    expect(chosen_heading(page)).to_contain_text(f"at {x}, {y} cm")
    expect(chosen_heading(page)).to_be_focused()  # the swap is settled
    expect(where_to_inject(page).get_by_text("This spot is fine.")).to_be_visible()
    expect(page).to_have_url(re.compile(spot_query(place, x, y)))
    step("2-chosen")

    page.get_by_role("button", name="Log dose", exact=True).click()
    expect(dose_status(page)).to_contain_text("Taken")
    expect(page.locator("#dose-heading")).to_be_focused()
    expect(announcement(page)).to_contain_text(f"Dose recorded: {place} at ")
    assert_done_for_today(page, patient)
    mark = drawn_region(page, place).locator("circle.mark-recent")
    expect(mark).to_have_count(1)
    assert_drawn_at(mark, float(x), float(y))
    # No other region, nor the other view (the enlarged drawings are not pictures).
    expect(page.get_by_role("img").locator("circle.mark-recent")).to_have_count(1)
    step("3-taken")

    near_x, near_y = one_cm_from(place, float(x), float(y))
    tap_map(page, place, near_x, near_y)
    refusal = where_to_inject(page).get_by_role("alert")
    expect(refusal).to_contain_text("Please choose another spot")
    expect(refusal).to_contain_text(
        re.compile(rf"{ABOUT_ONE_CM} cm from today's injection at {TIME}; keep at least 2\.5 cm")
    )
    expect(pick_form(page).get_by_label("Body area")).to_have_value(place)
    assert_near(pick_form(page).get_by_label("Across").input_value(), near_x)
    assert_near(pick_form(page).get_by_label("Down").input_value(), near_y)
    step("4-refused")

    page.locator("summary", has_text="It already happened").click()
    reason = page.get_by_label("What happened, and why there")
    reason.fill("I injected before I checked the map")
    page.get_by_role("button", name="Record it as it happened").click()
    expect(page.get_by_role("alert").filter(has_text=DOUBLE_DOSE)).to_be_visible()
    expect(reason).to_have_value("I injected before I checked the map")  # nothing lost
    expect(dose_status(page)).to_contain_text("Taken")
    step("5-already-recorded")


def walk_the_skip_by_pointer(page: Page, patient, *, audit: bool) -> None:
    """Sign in, skip today's dose with a reason, then undo the skip: the dose is due
    again. With `audit`, axe and a screenshot once it is skipped."""
    sign_in(page, patient.user.username)
    expect(dose_status(page)).to_contain_text("is due now")

    day = day_words(todays_slot(patient))
    page.locator("summary", has_text=f"Skip the dose of {day}").click()
    page.get_by_label("I have no usable syringe").check()
    page.get_by_role("button", name="Skip this dose").click()
    expect(announcement(page)).to_contain_text(f"Skipped the dose of {day}.")
    expect(dose_status(page)).to_contain_text("Skipped")
    assert_done_for_today(page, patient)
    if audit:
        assert_no_axe_violations(page)
        save_screenshot(page, "journey-pointer-6-skipped-390px")

    dose_status(page).get_by_role("button", name="Undo the skip").click()
    expect(announcement(page)).to_contain_text("Undone. The record is kept in the history")
    expect(dose_status(page)).to_contain_text("is due now")
    expect(page.locator("summary", has_text=f"Skip the dose of {day}")).to_be_visible()


def test_a_patient_chooses_logs_and_is_refused_too_close_by_pointer(page, patient):
    walk_the_journey_by_pointer(page, patient, audit=True)


def test_a_patient_skips_todays_dose_and_undoes_the_skip_by_pointer(page, patient):
    walk_the_skip_by_pointer(page, patient, audit=True)


def test_the_pointer_journey_raises_no_csp_violation_nor_console_error(
    strict_page, csp_violations, patient
):
    errors = []
    strict_page.on(
        "console", lambda message: message.type == "error" and errors.append(message.text)
    )
    strict_page.on("pageerror", lambda error: errors.append(str(error)))

    walk_the_skip_by_pointer(strict_page, patient, audit=False)  # the dose is due again
    walk_the_journey_by_pointer(strict_page, patient, audit=False)

    assert csp_violations == []
    assert errors == []


# --- 2: the keyboard alone --------------------------------------------------------


def tab_visibly_to(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Tab to `target`, checking that every element the focus passes through shows it."""
    tab_to(page, target, limit=40, backwards=backwards, at_each_stop=assert_focus_visible)


def press(page: Page, key: str) -> None:
    page.keyboard.press(key)


def sign_in_with_the_keyboard(page: Page, username: str) -> None:
    page.goto("/")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type(username)
    press(page, "Tab")
    page.keyboard.type(PASSWORD)
    press(page, "Enter")
    expect(dose_status(page)).to_contain_text("is due now")


def test_a_patient_walks_the_check_in_with_the_keyboard_alone(page, kim):
    sign_in_with_the_keyboard(page, "kim")

    # The first suggestion, with Enter: the focus lands on the chosen spot.
    place, x, y = suggested(page)
    tab_visibly_to(page, suggestion_buttons(page).first)
    press(page, "Enter")
    expect(chosen_heading(page)).to_be_focused()
    assert "chosen-heading" in assert_focus_visible(page)
    expect(where_to_inject(page).get_by_text("This spot is fine.")).to_be_visible()
    save_screenshot(page, "journey-keyboard-1-chosen-390px")

    # Log it, with Space this time: the focus goes back to the dose.
    tab_visibly_to(page, page.get_by_role("button", name="Log dose", exact=True))
    press(page, "Space")
    expect(page.locator("#dose-heading")).to_be_focused()
    assert "dose-heading" in assert_focus_visible(page)
    expect(dose_status(page)).to_contain_text("Taken")
    expect(announcement(page)).to_contain_text("Dose recorded")
    assert_done_for_today(page, kim)
    save_screenshot(page, "journey-keyboard-2-taken-390px")

    # A spot 1 cm away, typed into the pick form: refused, in words.
    near_x, near_y = one_cm_from(place, float(x), float(y))
    area = pick_form(page).get_by_label("Body area")
    tab_visibly_to(page, area)
    options = area.evaluate("select => [...select.options].map(option => option.value)")
    moves = options.index(place) - area.evaluate("select => select.selectedIndex")
    for _ in range(abs(moves)):
        press(page, "ArrowDown" if moves > 0 else "ArrowUp")
    expect(area).to_have_value(place)
    for label, value in (("Across", near_x), ("Down", near_y)):
        tab_visibly_to(page, pick_form(page).get_by_label(label))
        press(page, "Control+A")
        page.keyboard.type(f"{value:g}")
    press(page, "Enter")  # submits the pick form
    expect(chosen_heading(page)).to_be_focused()
    assert_focus_visible(page)
    expect(where_to_inject(page).get_by_role("alert")).to_contain_text(
        re.compile(r"1 cm from today's injection at \d\d:\d\d; keep at least 2\.5 cm")
    )
    save_screenshot(page, "journey-keyboard-3-refused-390px")

    # "It already happened", with a reason: the slot is taken, never a double dose.
    tab_visibly_to(page, page.locator("summary", has_text="It already happened"))
    press(page, "Enter")
    reason = page.get_by_label("What happened, and why there")
    tab_visibly_to(page, reason)
    page.keyboard.type("it was done before I checked")
    tab_visibly_to(page, page.get_by_role("button", name="Record it as it happened"))
    press(page, "Enter")
    # Refused: the form's error summary, which says why, takes the focus.
    summary = page.get_by_role("alert").filter(has_text="Not saved")
    expect(summary).to_contain_text(DOUBLE_DOSE)
    expect(summary).to_be_focused()
    assert_focus_visible(page)


def test_a_patient_skips_todays_dose_and_undoes_the_skip_with_the_keyboard_alone(page, kim):
    sign_in_with_the_keyboard(page, "kim")

    # Skip today's dose: down to it, open it, choose a reason.
    day = day_words(todays_slot(kim))
    tab_visibly_to(page, page.locator("summary", has_text=f"Skip the dose of {day}"))
    press(page, "Enter")
    first_reason = page.get_by_label("I have a fever or an infection")
    tab_visibly_to(page, first_reason)
    press(page, "Space")
    expect(first_reason).to_be_checked()
    tab_visibly_to(page, page.get_by_role("button", name="Skip this dose"))
    press(page, "Enter")
    expect(announcement(page)).to_contain_text(f"Skipped the dose of {day}.")
    expect(dose_status(page)).to_contain_text("Skipped")
    assert_done_for_today(page, kim)
    expect(page.locator("#dose-heading")).to_be_focused()
    assert_focus_visible(page)
    save_screenshot(page, "journey-keyboard-4-skipped-390px")

    # Undo it, from the dose: due again, and the skip offered again.
    tab_visibly_to(page, dose_status(page).get_by_role("button", name="Undo the skip"))
    press(page, "Enter")
    expect(announcement(page)).to_contain_text("Undone. The record is kept in the history")
    expect(page.locator("#dose-heading")).to_be_focused()
    assert_focus_visible(page)
    expect(dose_status(page)).to_contain_text("is due now")
    expect(page.locator("summary", has_text=f"Skip the dose of {day}")).to_be_visible()


# --- 3: someone else injects ------------------------------------------------------


def test_when_someone_else_injects_the_arms_and_buttocks_open_and_the_dose_is_theirs(page, patient):
    sign_in(page, "alice")
    back_regions = ("upper_arm:left", "upper_arm:right", "buttock:left", "buttock:right")
    for place in back_regions:
        expect(page.locator(f'g[data-place="{place}"]')).to_have_count(0)
    expect(page.locator(".region-unavailable")).to_have_count(4)

    page.get_by_role("link", name="Someone else").click()
    expect(page.get_by_role("link", name="Someone else")).to_have_attribute("aria-current", "true")
    expect(page.locator("#dose-heading")).to_be_focused()  # settled: the map stays put
    expect(page).to_have_url(re.compile(r"\?by=caregiver$"))
    for place in back_regions:
        expect(page.locator(f'[data-map-for="pick-form"] g[data-place="{place}"]')).to_have_count(1)
    expect(page.locator(".region-unavailable")).to_have_count(0)
    allowed = ("abdomen", "thigh:left", "thigh:right", *back_regions)
    for index in range(suggestion_buttons(page).count()):
        assert suggested(page, index)[0] in allowed
    assert_no_axe_violations(page)
    save_screenshot(page, "someone-else-390px")

    # The back of the left upper arm, 3 cm from its inner edge: a mirrored frame, on the
    # screen's left with its inner edge on the right.
    tap_map(page, "upper_arm:left", 3, 6)
    expect(chosen_heading(page)).to_contain_text("upper arm left")
    expect(where_to_inject(page).get_by_text("This spot is fine.")).to_be_visible()
    across = pick_form(page).get_by_label("Across").input_value()
    down = pick_form(page).get_by_label("Down").input_value()
    assert_near(across, 3)
    assert_near(down, 6)
    page.get_by_role("button", name="Log dose", exact=True).click()
    expect(dose_status(page)).to_contain_text("Taken")
    expect(dose_status(page)).to_contain_text("given by a caregiver")
    mark = drawn_region(page, "upper_arm:left").locator("circle.mark-recent")
    expect(mark).to_have_count(1)
    assert_drawn_at(mark, float(across), float(down))
    save_screenshot(page, "someone-else-taken-390px")

    page.get_by_role("link", name="History").click()
    entry = history_entry(page, "upper arm left")
    expect(entry).to_contain_text("Given by a caregiver; entered by alice.")


# --- 4: recording a refused spot that was already used ---------------------------


def test_a_refused_spot_is_recorded_flagged_when_it_already_happened_with_a_reason(
    page, dosed_yesterday
):
    sign_in(page, "yusuf")
    form = pick_form(page)
    form.get_by_label("Body area").select_option("thigh:left")
    x_cm, y_cm = YESTERDAYS_SITE.x_mm / 10, YESTERDAYS_SITE.y_mm / 10 + 1
    form.get_by_label("Across").fill(f"{x_cm:g}")
    form.get_by_label("Down").fill(f"{y_cm:g}")
    form.get_by_role("button", name="Check this spot").click()
    expect(where_to_inject(page).get_by_role("alert")).to_contain_text(
        re.compile(rf"1 cm from yesterday's injection at {TIME}; keep at least 2\.5 cm")
    )

    page.locator("summary", has_text="It already happened").click()
    page.get_by_role("button", name="Record it as it happened").click()
    expect(page.get_by_label("What happened, and why there")).to_have_accessible_description(
        re.compile("Say what happened, so that the record explains it.")
    )
    # Still the same spot, in the heading and in the fields; nothing recorded.
    expect(chosen_heading(page)).to_contain_text(f"thigh left at {x_cm:g}, {y_cm:g} cm")
    expect(form.get_by_label("Body area")).to_have_value("thigh:left")
    expect(form.get_by_label("Across")).to_have_value(f"{x_cm:g}")
    expect(form.get_by_label("Down")).to_have_value(f"{y_cm:g}")
    expect(dose_status(page)).to_contain_text("Due")
    assert_no_axe_violations(page)
    save_screenshot(page, "override-reason-missing-390px")

    page.get_by_label("What happened, and why there").fill("the left arm was sore, so here")
    page.get_by_role("button", name="Record it as it happened").click()
    expect(dose_status(page)).to_contain_text("Taken")
    expect(announcement(page)).to_contain_text("Dose recorded: thigh left at ")

    page.get_by_role("link", name="History").click()
    entry = history_entry(page, f"({x_cm:g}, {y_cm:g} cm)")
    expect(entry).to_contain_text("flagged")
    expect(entry).to_contain_text("Reason given: the left arm was sore, so here")


# --- 5: undo ----------------------------------------------------------------------


def test_a_dose_logged_by_mistake_is_undone_and_kept_void(page, patient):
    sign_in(page, "alice")
    suggestion_buttons(page).first.click()
    page.get_by_role("button", name="Log dose", exact=True).click()
    expect(dose_status(page)).to_contain_text("Taken")

    page.get_by_role("button", name="Undo: I did not take it").click()
    expect(announcement(page)).to_contain_text(
        "Undone. The record is kept in the history, marked void."
    )
    expect(dose_status(page)).to_contain_text("Due")
    expect(dose_status(page)).to_contain_text("is due now")
    expect(page.get_by_role("button", name="Undo: I did not take it")).to_have_count(0)
    expect(page.locator("svg.bodymap-svg circle.mark-recent")).to_have_count(0)
    assert_no_axe_violations(page)
    save_screenshot(page, "undone-390px")

    page.get_by_role("link", name="History").click()
    entry = page.locator(".dose-list > li.voided")
    expect(entry).to_have_count(1)
    expect(entry.locator(".tag")).to_have_text("void")


# --- 6: how the last site looks ---------------------------------------------------


def look_question(page: Page) -> Locator:
    return page.get_by_role("region", name=re.compile(r"^How does the site from"))


def test_yesterdays_site_looks_fine_and_the_question_goes(page, dosed_yesterday):
    sign_in(page, "yusuf")
    expect(look_question(page)).to_contain_text("(thigh left)")
    assert_no_axe_violations(page)
    save_screenshot(page, "site-look-question-390px")

    look_question(page).get_by_role("button", name="Looks fine").click()
    expect(announcement(page)).to_contain_text("Noted that the site looks fine.")
    expect(look_question(page)).to_have_count(0)


def test_a_red_site_is_listed_as_healing_until_it_has_healed(page, dosed_yesterday):
    sign_in(page, "yusuf")
    look_question(page).get_by_label("Redness").check()
    look_question(page).get_by_role("button", name="Save what I see").click()

    healing = page.get_by_role("region", name="Sites still healing")
    expect(healing).to_contain_text("Thigh left")
    expect(look_question(page)).to_have_count(0)
    mark = drawn_region(page, "thigh:left").locator("circle.mark-unhealed")
    expect(mark).to_have_count(1)
    assert_drawn_at(mark, YESTERDAYS_SITE.x_mm / 10, YESTERDAYS_SITE.y_mm / 10)
    assert_no_axe_violations(page)
    save_screenshot(page, "site-healing-390px")

    healing.get_by_role("button", name="It has healed").click()
    expect(announcement(page)).to_contain_text("Marked healed.")
    expect(page.get_by_role("region", name="Sites still healing")).to_have_count(0)
    expect(page.locator("circle.mark-unhealed")).to_have_count(1)  # the legend's alone


# --- 7: history and settings ------------------------------------------------------


def test_the_history_page_is_accessible_at_phone_width(page, dosed_yesterday):
    sign_in(page, "yusuf")
    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("History")
    expect(history_entry(page, "thigh left")).to_contain_text("Given by you")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_axe_violations(page)
    save_screenshot(page, "history-390px")


def test_an_area_to_avoid_is_placed_by_tapping_the_settings_map(page, patient):
    sign_in(page, "alice")
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_no_axe_violations(page)
    save_screenshot(page, "settings-390px")

    form = page.locator("#zone-form")
    tap_map(page, "thigh:right", 6, 10, form="zone-form")
    expect(form.get_by_label("Body area")).to_have_value("thigh:right")
    expect(form.get_by_label("Body area")).to_be_focused()  # the form takes it from here
    across = form.get_by_label("Across").input_value()
    down = form.get_by_label("Down").input_value()
    assert_near(across, 6)
    assert_near(down, 10)
    form.get_by_label("What is there?").select_option("scar")
    form.get_by_role("button", name="Save the area").click()

    expect(page.get_by_role("status").first).to_contain_text("Saved. Suggestions keep away")
    zones = page.get_by_role("region", name="Areas to avoid")
    # Each area listed has its Remove button (the map's lists of regions have none).
    listed = zones.get_by_role("listitem").filter(has=page.get_by_role("button", name="Remove"))
    expect(listed).to_contain_text(
        re.compile(r"Scar: thigh right at [\d.]+, [\d.]+ cm, 1 cm around")
    )
    drawn = drawn_region(page, "thigh:right", form="zone-form").locator("circle.mark-avoid")
    expect(drawn).to_have_count(1)
    assert_drawn_at(drawn, float(across), float(down))
    assert_no_axe_violations(page)
    save_screenshot(page, "settings-avoid-zone-390px")


# --- 8: without JavaScript --------------------------------------------------------


def test_without_javascript_every_step_is_a_plain_form(no_js_page, patient):
    page = no_js_page
    htmx_requests = []
    page.on(
        "request",
        lambda request: "hx-request" in request.headers and htmx_requests.append(request.url),
    )
    sign_in(page, "alice")
    expect(dose_status(page)).to_contain_text("is due now")

    # Skip today's dose, then undo it: each a POST, then a redirect.
    day = day_words(todays_slot(patient))
    skip = page.locator("details", has=page.locator("summary", has_text=f"Skip the dose of {day}"))
    skip.locator("summary").click()
    # Only in the skip's own form: the missed doses before it can be explained too.
    skip.get_by_label("My doctor told me to pause").check()
    page.get_by_role("button", name="Skip this dose").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(announcement(page)).to_contain_text(f"Skipped the dose of {day}.")
    expect(dose_status(page)).to_contain_text("Skipped")
    assert_done_for_today(page, patient)
    save_screenshot(page, "no-js-skipped-390px")
    dose_status(page).get_by_role("button", name="Undo the skip").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(announcement(page)).to_contain_text("Undone. The record is kept in the history")
    expect(dose_status(page)).to_contain_text("is due now")

    place, x, y = suggested(page)
    suggestion_buttons(page).first.click()  # a GET form
    expect(page).to_have_url(re.compile(r"/\?by=self&" + spot_query(place, x, y)))
    expect(chosen_heading(page)).to_contain_text(f"at {x}, {y} cm")
    page.get_by_role("button", name="Log dose", exact=True).click()  # a POST, then a redirect
    expect(page).to_have_url(re.compile(r"/$"))
    expect(dose_status(page)).to_contain_text("Taken")
    expect(announcement(page)).to_contain_text("Dose recorded")
    assert_done_for_today(page, patient)
    save_screenshot(page, "no-js-taken-390px")

    near_x, near_y = one_cm_from(place, float(x), float(y))
    form = pick_form(page)
    form.get_by_label("Body area").select_option(place)
    form.get_by_label("Across").fill(f"{near_x:g}")
    form.get_by_label("Down").fill(f"{near_y:g}")
    form.get_by_role("button", name="Check this spot").click()
    expect(where_to_inject(page).get_by_role("alert")).to_contain_text(
        "1 cm from today's injection"
    )
    assert htmx_requests == []  # all of it without htmx: JavaScript really was off


# --- 10: the back button ----------------------------------------------------------


def assert_full_page(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.locator("#checkin")).to_have_count(1)


def test_the_back_button_after_an_htmx_choice_restores_a_full_page(page, patient):
    sign_in(page, "alice")
    place, x, y = suggested(page)
    suggestion_buttons(page).first.click()
    expect(page).to_have_url(re.compile(spot_query(place, x, y)))
    page.get_by_role("link", name="Someone else").click()
    expect(page).to_have_url(re.compile(r"\?by=caregiver$"))

    page.go_back()  # from htmx's own history cache
    expect(page).to_have_url(re.compile(spot_query(place, x, y)))
    assert_full_page(page)
    expect(chosen_heading(page)).to_contain_text(f"at {x}, {y} cm")
    page.reload()  # the pushed address, asked for as a page
    assert_full_page(page)
    expect(chosen_heading(page)).to_contain_text(f"at {x}, {y} cm")

    page.evaluate("sessionStorage.clear()")  # a cache miss: htmx asks the server
    page.go_forward()
    expect(page).to_have_url(re.compile(r"\?by=caregiver$"))
    assert_full_page(page)

    page.get_by_role("link", name="History").click()  # a whole new page
    expect(page.get_by_role("heading", level=1)).to_have_text("History")
    page.go_back()
    expect(page).to_have_url(re.compile(r"\?by=caregiver$"))
    assert_full_page(page)
    page.go_back()
    assert_full_page(page)
    expect(chosen_heading(page)).to_contain_text(f"at {x}, {y} cm")
