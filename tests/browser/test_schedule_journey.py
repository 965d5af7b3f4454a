"""The day as patients live it, in a phone-sized Chromium (issue 10): a dose forgotten
yesterday is recorded at its real time the next morning, and a weekly regimen stays
weekly when the patient moves its time.

The live server runs on real time, so each patient lives in a fixed-offset zone chosen
to put their local clock where the story needs it.
"""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from injections.models import Dose, Medication
from injections.services.patients import create_regimen
from tests.browser.conftest import assert_no_axe_violations, save_screenshot, sign_in, tab_to
from tests.conftest import make_patient


def zone_where_it_is(hour: int) -> str:
    """A fixed-offset zone whose local time is now within `hour`:00 to `hour`:59."""
    offset = hour - timezone.now().hour
    if offset < -12:
        offset += 24
    if offset > 14:
        offset -= 24
    # POSIX signs: Etc/GMT-3 is three hours ahead of UTC.
    return "Etc/UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"


def local_now(zone: str) -> datetime:
    return timezone.now().astimezone(ZoneInfo(zone))


def day_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


@pytest.fixture
def ruth(transactional_db):
    """Ruth injects daily at 08:00; it is 07:xx for her, so today's dose is due. She took
    yesterday's dose late, at 18:00, and forgot to log it."""
    zone = zone_where_it_is(7)
    today = local_now(zone).date()
    return make_patient(
        "ruth", start_date=today - timedelta(days=5), time_zone=zone, time_of_day=time(8, 0)
    )


def press(page: Page, key: str) -> None:
    page.keyboard.press(key)


def test_yesterday_s_forgotten_dose_is_logged_next_morning_then_today_s_is_offered(page, ruth):
    zone = ruth.regimens.get().current_version().time_zone
    today = local_now(zone).date()
    yesterday = today - timedelta(days=1)
    sign_in(page, "ruth")
    status = page.get_by_role("region", name="Your dose")
    expect(status).to_contain_text("is due now")

    # The first suggestion, then "Taken earlier? Give the time", by keyboard.
    where = page.get_by_role("region", name="Where to inject")
    tab_to(page, where.locator('.suggestions form[method="get"] button').first, limit=40)
    press(page, "Enter")
    expect(where.get_by_text("This spot is fine.")).to_be_visible()
    tab_to(page, page.locator("summary", has_text="Taken earlier? Give the time"), limit=40)
    press(page, "Enter")
    day = page.get_by_label("Day it was taken")
    tab_to(page, day, limit=10)
    day.fill(yesterday.isoformat())  # typed digits would follow the machine's date order
    hour = page.get_by_label("Time it was taken")
    tab_to(page, hour, limit=10)
    hour.fill("18:00")
    yesterday_s = page.get_by_label(f"Yesterday's dose ({day_words(yesterday)})")
    tab_to(page, yesterday_s, limit=10)
    press(page, "Space")
    expect(yesterday_s).to_be_checked()
    save_screenshot(page, "forgotten-dose-1-given-time-390px")
    tab_to(page, page.get_by_role("button", name="Record it at this time"), limit=10)
    press(page, "Enter")

    expect(page.get_by_role("status").filter(has_text="Dose recorded")).to_be_visible()
    dose = Dose.objects.get()
    assert dose.slot_date == yesterday
    assert dose.taken_at.astimezone(ZoneInfo(zone)).replace(tzinfo=None) == datetime.combine(
        yesterday, time(18, 0)
    )
    assert dose.flags == []
    # Today's dose is offered as usual: due now, not refused as a double dose.
    expect(status).to_contain_text("is due now")
    assert_no_axe_violations(page)
    save_screenshot(page, "forgotten-dose-2-today-offered-390px")

    # And it logs normally, at least 12 hours after yesterday's.
    page.get_by_role("region", name="Where to inject").locator(
        '.suggestions form[method="get"] button'
    ).first.click()
    page.get_by_role("button", name="Log dose", exact=True).click()
    expect(status).to_contain_text("Taken")
    today_s = Dose.objects.get(slot_date=today)
    assert today_s.flags == []


# Mo's weekly day: three days from today, so that a change of time made today always
# applies from a dose still to come (on the day itself it would apply at once).
WEEKLY = (timezone.now().astimezone(ZoneInfo("Europe/London")) + timedelta(days=3)).date()
WEEKDAY = WEEKLY.strftime("%A")  # the C locale's English names, as the page's
BYDAY = WEEKDAY[:2].upper()


@pytest.fixture
def mo(transactional_db):
    """Mo, on anakinra daily and methotrexate weekly at 19:00, on WEEKLY's weekday."""
    patient = make_patient("mo", start_date=timezone.now().date() - timedelta(days=20))
    Medication.objects.create(
        short_name="methotrexate", name="Methotrexate", strength_mg=25, volume_ml=1
    )
    create_regimen(
        patient=patient, medication="methotrexate", dose_mg=Decimal("15"),
        rrule=f"FREQ=WEEKLY;BYDAY={BYDAY}", time_of_day=time(19, 0), time_zone="Europe/London",
        start_date=timezone.now().date() - timedelta(days=20), created_by=patient.user,
    )  # fmt: skip
    return patient


def test_a_weekly_methotrexate_dose_stays_weekly_after_its_time_changes(page, mo):
    regimen = mo.regimens.get(medication__short_name="methotrexate")
    sign_in(page, "mo")
    page.goto("/settings/")
    section = page.locator("form", has=page.locator(f'input[name="regimen"][value="{regimen.pk}"]'))
    now = f"Now: 15 mg, every {WEEKDAY}, at 19:00 (London time)."
    expect(page.get_by_text(now)).to_be_visible()
    weekly = section.get_by_label("Once a week, or every few weeks, on one weekday")
    expect(weekly).to_be_checked()
    expect(section.get_by_label("On which day of the week")).to_have_value(str(WEEKLY.weekday()))
    # The fields of the other rhythms and of a dose by weight are out of the way.
    expect(section.get_by_label("How many days apart")).to_be_hidden()
    expect(section.get_by_label("Body weight (kg) the dose is worked out from")).to_be_hidden()
    assert_no_axe_violations(page)
    save_screenshot(page, "weekly-1-settings-390px")

    time_field = section.get_by_label("Time of day")
    tab_to(page, time_field, limit=60)
    time_field.fill("08:00")  # typed digits would follow the machine's 12 or 24 hours
    tab_to(page, section.get_by_role("button", name="Save the schedule"), limit=30)
    press(page, "Enter")
    page.wait_for_load_state()

    expect(page.get_by_text("Saved. The new schedule applies from the dose of")).to_be_visible()
    expect(
        page.get_by_text(
            re.compile(
                rf"^From the dose of {WEEKDAY} \d+ \w+: 15 mg, every {WEEKDAY}, at 08:00 \(London"
            )
        )
    ).to_be_visible()
    regimen = mo.regimens.get(medication__short_name="methotrexate")
    version = regimen.current_version()
    assert (version.rrule, version.time_of_day) == (f"FREQ=WEEKLY;BYDAY={BYDAY}", time(8, 0))
    days = [
        slot.date
        for slot in regimen.schedule().slots(
            version.valid_from, version.valid_from + timedelta(days=27)
        )
    ]
    assert len(days) == 4 and all(day.weekday() == WEEKLY.weekday() for day in days)
    save_screenshot(page, "weekly-2-saved-390px")
