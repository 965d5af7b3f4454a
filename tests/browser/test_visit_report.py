"""The visit report in a browser (issue 12, item 1): the patient opens it from
History by keyboard on a 320 px phone and reads it at 200 % zoom, fixes a wrong
period from the error summary that took the focus, downloads the PDF, and the
page printed on A4 and on Letter cuts nothing off: no element reaches past the
paper's printable width.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from injections.rules.geometry import Site
from injections.services.doses import record_dose
from injections.services.health import record_side_effect
from tests.browser.conftest import (
    assert_no_axe_violations,
    make_due_patient,
    save_screenshot,
    sign_in,
    tab_to,
)
from tests.views.pages import pdf_text

NARROW = {"width": 320, "height": 640}
ZOOMED = {"width": 195, "height": 400}
# The printable width at 96 px an inch: the paper less report.css's 14 mm margins.
PRINTABLE = {"A4": round((210 - 28) / 25.4 * 96), "Letter": round((215.9 - 28) / 25.4 * 96)}

pytestmark = pytest.mark.browser


@pytest.fixture
def rita(transactional_db):
    """Rita, three weeks into a daily regimen, every past dose taken in turn in her
    thighs, and a headache noted a week ago."""
    patient = make_due_patient("rita", days_in=21)
    regimen = patient.regimens.get()
    now = timezone.now()
    for days_ago in range(21, 0, -1):
        at = now - timedelta(days=days_ago)
        spot = days_ago // 2
        record_dose(
            regimen=regimen,
            taken_at=at,
            site=Site("thigh", "left" if days_ago % 2 else "right", 25 + spot % 3 * 35,
                      30 + spot // 3 * 40),
            administered_by="self",
            entered_by=patient.user,
            now=at,
        )  # fmt: skip
    record_side_effect(
        patient=patient, kind="headache", severity="mild",
        started_on=(now - timedelta(days=7)).date(), recorded_by=patient.user,
    )  # fmt: skip
    return patient


def widest(page) -> float:
    """The right edge of the element reaching furthest right, in CSS px."""
    return page.evaluate(
        """() => Math.max(...[...document.querySelectorAll("body *")]
            .filter(e => e.getClientRects().length)
            .map(e => e.getBoundingClientRect().right))"""
    )


def test_the_patient_opens_fixes_prints_and_downloads_the_report(page, rita):
    page.set_viewport_size(NARROW)
    sign_in(page, "rita")
    page.goto("/history/")
    link = page.get_by_role("link", name="Open the visit report")
    tab_to(page, link, limit=80)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Visit report: rita", level=1)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    assert_no_axe_violations(page)
    save_screenshot(page, "report-320")

    # A period backwards: the summary takes the focus and names the field.
    first = page.get_by_label("From")
    first.fill("2026-12-31")
    page.get_by_label("To").fill("2026-01-01")
    page.get_by_role("button", name="Show this period").press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("comes after the last")
    assert_no_axe_violations(page)
    summary.get_by_role("link").press("Enter")
    expect(page.get_by_label("From")).to_be_focused()
    page.get_by_label("From").fill((timezone.now() - timedelta(days=30)).date().isoformat())
    page.get_by_label("To").fill(timezone.now().date().isoformat())
    page.get_by_label("To").press("Enter")
    expect(page.get_by_role("heading", name="Doses taken")).to_be_visible()
    # At 200 % zoom on a 390 px phone (195 CSS px) nothing scrolls sideways either.
    page.set_viewport_size(ZOOMED)
    assert page.evaluate("document.documentElement.scrollWidth") <= ZOOMED["width"]
    page.set_viewport_size(NARROW)

    # Every chart has words: the calendar's days and the body map.
    for svg in page.locator("svg.report-map-view").all():
        assert "injections in the period" in svg.get_attribute("aria-label")
    expect(page.get_by_role("table", name="Injections by place")).to_be_visible()

    with page.expect_download() as caught:
        page.get_by_role("link", name="Download as PDF (A4)").click()
    download = caught.value
    assert download.suggested_filename.startswith("medtrack-report-rita-")
    with open(download.path(), "rb") as saved:
        text = pdf_text(saved.read())
    assert "Adherence" in text and "Headache, mild" in text

    page.emulate_media(media="print")
    for paper, width in PRINTABLE.items():
        page.set_viewport_size({"width": width, "height": 1000})
        assert page.evaluate("document.documentElement.scrollWidth") <= width, paper
        assert widest(page) <= width, paper
        expect(page.get_by_role("button", name="Show this period")).to_be_hidden()
        save_screenshot(page, f"report-print-{paper.lower()}")
