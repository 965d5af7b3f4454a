"""A refused form in a phone-sized Chromium, with JavaScript and without: the page
comes back (or the check-in is swapped in by htmx) with the summary at the top of the
form focused and in view, each of its links takes the keyboard to its field, and a
text longer than its limit is kept whole and refused with its count, not cut.

One signed-in page per test: the forms are visited one after the other."""

import re
from datetime import date

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_axe_violations, save_screenshot, sign_in

PASTED = ("It itched and then it spread. " * 20).strip()  # 599 characters, over 500


def _summary_is_focused_and_in_view(page: Page):
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.get_by_role("heading")).to_have_text("Not saved: please check what you entered")
    return summary


def _refuse_side_effect(page: Page):
    page.goto("/health/")
    form = page.locator("form", has=page.get_by_role("button", name="Record it"))
    form.get_by_role("radio").first.check()
    form.get_by_label("Since").fill(f"{date.today().year + 60}-01-01")
    form.get_by_label("Note").fill(PASTED)
    form.get_by_role("button", name="Record it").click()
    return {"Since": "id_started_on", "Note": "id_note"}


def _refuse_new_box(page: Page):
    page.goto("/supplies/")
    form = page.locator("form", has=page.get_by_role("button", name="Add the box"))
    form.get_by_label("Lot number (on the box)").fill("L" * 50)
    form.get_by_label("Expiry date (on the box)").fill("2020-01-01")
    form.get_by_role("button", name="Add the box").click()
    return {"Lot number (on the box)": "id_lot"}


FORMS = [_refuse_side_effect, _refuse_new_box]


def _check_every_form(page: Page, name: str):
    for refuse in FORMS:
        fields = refuse(page)
        summary = _summary_is_focused_and_in_view(page)
        for label, field_id in fields.items():
            link = summary.get_by_role("link", name=label, exact=False)
            expect(link).to_have_attribute("href", f"#{field_id}")
            link.focus()
            page.keyboard.press("Enter")
            expect(page.locator(f"#{field_id}")).to_be_focused()
            expect(page.locator(f"#{field_id}_error")).to_be_visible()
            summary.focus()
        save_screenshot(page, f"{name}-{refuse.__name__}")


def test_a_refused_form_puts_its_summary_in_focus_and_links_each_field(page: Page, patient):
    sign_in(page, "alice")
    _check_every_form(page, "error-summary-js")
    assert_no_axe_violations(page)


def test_without_javascript_the_summary_takes_the_focus_by_autofocus(no_js_page, patient):
    sign_in(no_js_page, "alice")
    _check_every_form(no_js_page, "error-summary-no-js")


def test_a_pasted_text_over_its_limit_is_kept_whole_and_refused_with_its_count(
    page: Page, patient
):
    sign_in(page, "alice")
    page.goto("/health/")
    note = page.locator("#id_note")
    expect(note).to_have_accessible_description("Up to 500 characters.")
    note.focus()
    note.fill(PASTED)
    expect(note).to_have_value(PASTED)  # no maxlength cut it


def test_a_refused_skip_swapped_in_by_htmx_focuses_its_summary(page: Page, patient):
    sign_in(page, "alice")
    page.goto("/")
    page.get_by_text(re.compile(r"^Skip (a dose|the dose of)")).first.click()
    form = page.locator("form", has=page.get_by_role("button", name="Skip this dose"))
    form.get_by_role("radio").first.check()
    form.get_by_label("Details").fill(PASTED)
    form.get_by_role("button", name="Skip this dose").click()
    summary = _summary_is_focused_and_in_view(page)
    expect(summary).to_contain_text("at most 500 characters (it has 599)")
    save_screenshot(page, "error-summary-htmx-skip")
