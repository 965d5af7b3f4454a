"""Charts the clinic reads at a glance (issue 12, item 5), on the demo clinic: the
review's sparkline of each patient's last 12 weeks, and on a patient's page the
weekly bars, the heatmap with its days and weeks, and the site map with the site
still healing. Each chart has a text alternative; axe-core finds nothing; nothing
scrolls sideways at 390 or 320 px."""

import re

import pytest
from playwright.sync_api import expect

from injections.services.demo import CLINICIAN, PATIENT, SLIPPING, seed_demo
from tests.browser.conftest import assert_no_axe_violations, save_screenshot, sign_in
from tests.conftest import PASSWORD


@pytest.fixture
def demo(transactional_db):
    return seed_demo(password=PASSWORD)


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth === document.documentElement.clientWidth"
    )


def test_the_clinic_reads_its_charts_in_words_too_at_390_and_320_px(page, demo):
    """One demo for both widths: seeding it is most of the test's time."""
    sign_in(page, CLINICIAN)
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 800})
        the_review_shows_each_patients_last_twelve_weeks(page, width)
        the_patient_page_shows_weeks_days_and_healing_sites_with_tables(page, width)


def the_review_shows_each_patients_last_twelve_weeks(page, width):
    page.goto("/clinic/")
    expect(page.get_by_role("columnheader", name="Last 12 weeks")).to_be_visible()
    slipping = page.get_by_role("row").filter(has=page.get_by_role("link", name=SLIPPING))
    spark = slipping.get_by_role("img")
    # Nine full weeks, then three slipping; today's dose may be still to come.
    expect(spark).to_have_accessible_name(
        re.compile(
            r"^Adherence week by week over the last 12 weeks, oldest first: "
            r"(100 %, ){9}71 %, 57 %, \d+ %\. Late doses in \d+ weeks\.$"
        )
    )
    steady = page.get_by_role("row").filter(has=page.get_by_role("link", name=PATIENT))
    # Her four weeks of treatment, after weeks with nothing due.
    expect(steady.get_by_role("img")).to_have_accessible_name(
        re.compile(
            r"^Adherence week by week over the last 12 weeks, oldest first: "
            r"7 weeks with none due, \d+ %"
        )
    )
    # Cards on a phone: the headers that sort are a row of links, which say what they do.
    assert sort_row_says(page) == '"Sort by:" / ""'  # for the eye: headers are heard
    assert no_sideways_scroll(page)
    assert_no_axe_violations(page)
    save_screenshot(page, f"clinic-review-{width}")
    if width == 390:  # a table on a wide screen, whose column headers need no such word
        page.set_viewport_size({"width": 1024, "height": 800})
        assert sort_row_says(page) == "none"
        page.set_viewport_size({"width": width, "height": 800})


def sort_row_says(page) -> str:
    return page.evaluate(
        "getComputedStyle(document.querySelector('.review thead tr'), '::before').content"
    )


def the_patient_page_shows_weeks_days_and_healing_sites_with_tables(page, width):
    page.goto("/clinic/")
    page.get_by_role("link", name=PATIENT).click()

    weekly = page.get_by_role("img", name="Doses week by week")
    expect(weekly).to_be_visible()
    page.get_by_text("Show as a table").first.click()  # the heatmap's
    heat_table = page.get_by_role("table", name=re.compile("^Each day's doses, a row a week"))
    expect(heat_table).to_be_visible()
    expect(heat_table).to_contain_text("Taken late")
    doses = page.locator("#weekly-heading ~ details").get_by_text("Show as a table")
    doses.click()
    table = page.get_by_role("table", name="Each week's doses")
    expect(table).to_be_visible()
    expect(table.get_by_role("columnheader", name="Late")).to_be_visible()

    expect(page.locator("#unhealed-sites")).to_have_text(
        "not healed 1 site not healed yet, ringed on the map."
    )
    front = page.get_by_role("img", name="Body map: Front")
    back = page.get_by_role("img", name="Body map: Back")
    descriptions = front.get_attribute("aria-describedby"), back.get_attribute("aria-describedby")
    said = " ".join(page.locator(f"#{name}").text_content() for name in descriptions)
    assert "site reaction not yet healed" in said

    assert no_sideways_scroll(page)
    assert_no_axe_violations(page)
    save_screenshot(page, f"clinic-patient-charts-{width}")
