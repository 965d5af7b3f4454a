"""Bringing in a record from another app, in a browser (issue 12, item 3): from the
foot of the History page the patient opens the import, reads the limit before
choosing a file, and sends it by keyboard; the progress bar shows while it goes, and
the History page then lists its rows. A broken file comes back with its errors
listed by line, which take the focus. No axe violation on either state, nothing to
scroll sideways at 320 px, and a file over the limit is refused before it is sent.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from injections.exports.csvlog import FIELDS
from injections.models import Dose
from tests.browser.conftest import assert_no_axe_violations, save_screenshot, sign_in

NARROW = {"width": 320, "height": 640}

pytestmark = pytest.mark.browser


def another_apps_log(patient, path):
    """Alice's first two days, as another app kept them: a dose, then a skip."""
    regimen = patient.regimens.get()
    first, second = (regimen.start_date + timedelta(days=n) for n in (0, 1))
    taken_at = regimen.schedule().slot(first).scheduled_at + timedelta(minutes=10)
    path.write_text(
        "\n".join([
            ",".join(FIELDS),
            f"{taken_at.isoformat()},{first},anakinra,100,thigh,left,4,5,self,taken,,",
            f",{second},anakinra,,,,,,,skipped,A cold: the clinic said to wait.,",
        ]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    return path


def open_the_import(page):
    sign_in(page, "alice")
    page.goto("/history/")
    page.get_by_role("link", name="Bring in a record from another app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bring in a record from another app")


def test_the_patient_brings_in_a_file_and_sees_its_rows_in_the_history(page, patient, tmp_path):
    open_the_import(page)
    # The limit is stated before anything is chosen.
    expect(page.get_by_text("A CSV file of up to 20.0 MB.")).to_be_visible()
    assert_no_axe_violations(page)
    save_screenshot(page, "import-390")

    held = []
    page.route("**/history/import/", lambda route: held.append(route))
    page.get_by_label("Your CSV file").set_input_files(
        another_apps_log(patient, tmp_path / "a.csv")
    )
    page.get_by_role("button", name="Bring in the file").focus()
    page.keyboard.press("Enter")
    # Held back on its way, the upload shows its progress bar.
    progress = page.get_by_role("progressbar", name="Sending the file")
    expect(progress).to_be_visible()
    save_screenshot(page, "import-sending-390")
    while not held:
        page.wait_for_timeout(20)
    held[0].continue_()

    page.wait_for_url("**/history/")
    expect(page.get_by_text("Imported 2 records.")).to_be_visible()
    records = page.get_by_role("region", name="Every record")
    expect(records.get_by_text("imported")).to_have_count(2)
    expect(records.get_by_text("A cold: the clinic said to wait.")).to_be_visible()
    assert Dose.objects.filter(source="import").count() == 2
    records.scroll_into_view_if_needed()
    save_screenshot(page, "import-done-history-390")


def test_a_broken_file_comes_back_with_its_errors_by_line(page, patient, tmp_path):
    page.set_viewport_size(NARROW)
    open_the_import(page)
    future = (timezone.now() + timedelta(days=3)).date()
    broken = tmp_path / "broken.csv"
    broken.write_text(
        "\n".join([
            ",".join(FIELDS),
            f"2026-11-01T08:00:00+00:00,{future},anakinra,100,knee,left,4,5,self,taken,,",
            f",{future},anakinra,,,,,,,skipped,away,",
        ]) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    page.get_by_label("Your CSV file").set_input_files(broken)
    page.get_by_role("button", name="Bring in the file").press("Enter")
    summary = page.get_by_role("alert").filter(has_text="Nothing was imported")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("listitem")).to_have_count(2)
    expect(summary.get_by_role("listitem").first).to_contain_text("Line 2: region “knee”")
    expect(summary.get_by_role("listitem").last).to_contain_text("Line 3: slot_date")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    save_screenshot(page, "import-errors-320")
    assert Dose.with_pending.count() == 0


def test_a_file_over_the_limit_is_refused_before_it_is_sent(page, patient, tmp_path, settings):
    settings.MEDTRACK_IMPORT_MAX_BYTES = 100
    open_the_import(page)
    requests = []
    page.on(
        "request", lambda request: requests.append(request) if request.method == "POST" else None
    )
    page.get_by_label("Your CSV file").set_input_files(
        another_apps_log(patient, tmp_path / "a.csv")
    )
    expect(page.get_by_role("alert")).to_have_text(
        "The file is larger than 100 bytes, the most this page takes: split it into smaller "
        "files and bring them in one by one."
    )
    page.get_by_role("button", name="Bring in the file").click()
    page.wait_for_timeout(300)
    assert requests == []
    assert Dose.with_pending.count() == 0


def test_without_javascript_the_form_posts_and_the_history_lists_the_rows(
    no_js_page, patient, tmp_path
):
    page = no_js_page
    open_the_import(page)
    page.get_by_label("Your CSV file").set_input_files(
        another_apps_log(patient, tmp_path / "a.csv")
    )
    page.get_by_role("button", name="Bring in the file").click()
    page.wait_for_url("**/history/")
    expect(page.get_by_text("Imported 2 records.")).to_be_visible()
    assert Dose.objects.filter(source="import").count() == 2
