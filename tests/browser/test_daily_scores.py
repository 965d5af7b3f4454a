"""How are you today? On the check-in, by keyboard alone, on a 320 px phone, and the
chart it feeds on the History page (issue 12, item 4)."""

from playwright.sync_api import expect

from injections.models import DailyScore
from tests.browser.conftest import assert_no_axe_violations, save_screenshot, sign_in, tab_to


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth === document.documentElement.clientWidth"
    )


def test_a_patient_taps_the_three_scores_by_keyboard_on_a_small_phone(page, patient):
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, "alice")
    page.goto("/")
    pain = page.get_by_role("group", name="Pain")
    stiffness = page.get_by_role("group", name="Morning stiffness")
    fatigue = page.get_by_role("group", name="Fatigue")
    expect(pain).to_contain_text("0 none, 10 the worst")

    # Eleven squares of at least 44 x 44 px, wrapping onto a second row.
    boxes = [label.bounding_box() for label in pain.locator("label").all()]
    assert len(boxes) == 11
    assert all(box["width"] >= 44 and box["height"] >= 44 for box in boxes), boxes
    assert boxes[-1]["y"] > boxes[0]["y"]
    assert no_sideways_scroll(page)

    # Tab into each scale, then the arrow keys move along it: 3, 5 and 2.
    tab_to(page, pain.get_by_role("radio", name="0, none"), limit=120)
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(pain.get_by_role("radio", name="3", exact=True)).to_be_checked()
    focused_square = page.evaluate(
        "getComputedStyle(document.activeElement.nextElementSibling).outlineStyle"
    )
    assert focused_square != "none"  # the square itself shows the focus
    page.keyboard.press("Tab")
    expect(stiffness.get_by_role("radio", name="0, none")).to_be_focused()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    expect(fatigue.get_by_role("radio", name="0, none")).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    save = page.get_by_role("button", name="Save today's scores")
    tab_to(page, save, limit=3)
    page.keyboard.press("Enter")

    # htmx swaps the section alone and brings the focus to what was saved.
    saved = page.locator("#scores-saved")
    expect(saved).to_have_text("Saved for today: pain 3, morning stiffness 5, fatigue 2.")
    expect(saved).to_be_focused()
    scores = DailyScore.objects.get(patient=patient)
    assert (scores.pain, scores.stiffness, scores.fatigue) == (3, 5, 2)
    expect(page.get_by_text("Change today's scores")).to_be_visible()
    assert no_sideways_scroll(page)
    assert_no_axe_violations(page)
    save_screenshot(page, "daily-scores-320px")

    # The History page draws them, with its table of figures one tap away.
    page.goto("/history/")
    expect(page.get_by_role("img", name="Treatment started on")).to_be_visible()
    page.get_by_text("The figures, week by week").click()
    table = page.get_by_role("table", name="Each week: the doses taken")
    expect(table.get_by_role("row").nth(1)).to_contain_text("3.0")
    assert no_sideways_scroll(page)
    assert_no_axe_violations(page)
    save_screenshot(page, "progress-chart-320px")
