"""The record to download in a browser (issue 12, item 3): on a 320 px screen the
patient finds "Download your record" at the foot of the History page, with no axe
violation and nothing to scroll sideways, and each link saves a file named for them
and the day: a CSV under DESIGN §7's header, and a FHIR bundle.
"""

import json

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from injections.exports.csvlog import FIELDS
from tests.browser.conftest import assert_no_axe_violations, save_screenshot, sign_in

NARROW = {"width": 320, "height": 640}

pytestmark = pytest.mark.browser


def test_the_patient_downloads_their_record_as_csv_and_fhir(page, patient):
    page.set_viewport_size(NARROW)
    sign_in(page, "alice")
    page.goto("/history/")
    section = page.get_by_role("region", name="Download your record")
    expect(section).to_be_visible()
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    section.scroll_into_view_if_needed()
    save_screenshot(page, "history-downloads-320")
    day = timezone.now().date().isoformat()  # alice lives in UTC

    for name, suffix in (("Download as CSV", ".csv"), ("Download as FHIR (JSON)", ".fhir.json")):
        link = section.get_by_role("link", name=name)
        assert link.bounding_box()["height"] >= 44
        with page.expect_download() as caught:
            link.click()
        download = caught.value
        assert download.suggested_filename == f"medtrack-alice-{day}{suffix}"
        with open(download.path(), encoding="utf-8") as saved:
            content = saved.read()
        if suffix == ".csv":
            assert content == ",".join(FIELDS) + "\n"
        else:
            assert json.loads(content)["type"] == "collection"
