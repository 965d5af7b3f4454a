"""The visit report's period (rules.report) and how a calendar day reads
(rules.adherence.slot_mark): issue 12, item 1."""

from datetime import date, timedelta

import pytest

from injections.rules.adherence import ON_TIME, TAKEN_LATE, slot_mark, worst_mark
from injections.rules.invalid import Invalid
from injections.rules.report import (
    LONGEST_REPORT_DAYS,
    REPORT_DAYS,
    check_period,
    check_visit_day,
    default_period,
)
from injections.rules.schedule import SlotStatus
from tests.rules.test_adherence import SKIPPED, schedule, taken, utc

TODAY = date(2026, 11, 20)


def test_without_a_visit_the_period_is_the_last_90_days_today_included():
    first, last = default_period(TODAY, last_visit=None)
    assert (last - first).days + 1 == REPORT_DAYS == 90
    assert last == TODAY


def test_after_a_visit_the_period_starts_on_its_day():
    assert default_period(TODAY, last_visit=date(2026, 6, 1)) == (date(2026, 6, 1), TODAY)


def test_a_visit_today_or_too_long_ago_gives_the_90_days():
    ninety = (TODAY - timedelta(days=89), TODAY)
    assert default_period(TODAY, last_visit=TODAY) == ninety
    too_old = TODAY - timedelta(days=LONGEST_REPORT_DAYS)
    assert default_period(TODAY, last_visit=too_old) == ninety
    just_in = too_old + timedelta(days=1)
    assert default_period(TODAY, last_visit=just_in) == (just_in, TODAY)


@pytest.mark.parametrize(
    ("first", "last", "code"),
    [
        (date(2026, 11, 1), date(2026, 11, 21), "report_future"),
        (date(2026, 11, 10), date(2026, 11, 9), "report_backwards"),
        (TODAY - timedelta(days=LONGEST_REPORT_DAYS), TODAY, "report_too_long"),
    ],
)
def test_a_period_the_report_cannot_cover_is_refused(first, last, code):
    with pytest.raises(Invalid) as refused:
        check_period(first, last, today=TODAY)
    assert refused.value.code == code


def test_a_single_day_and_the_longest_period_are_reported():
    check_period(TODAY, TODAY, today=TODAY)
    check_period(TODAY - timedelta(days=LONGEST_REPORT_DAYS - 1), TODAY, today=TODAY)


@pytest.mark.parametrize(
    ("day", "code"),
    [(TODAY + timedelta(days=1), "visit_future"), (date(2020, 1, 1), "visit_too_old")],
)
def test_a_visit_to_come_or_years_ago_is_refused(day, code):
    with pytest.raises(Invalid) as refused:
        check_visit_day(day, today=TODAY)
    assert refused.value.code == code
    check_visit_day(TODAY, today=TODAY)


def test_a_taken_dose_reads_on_time_or_late_by_its_window():
    """08:00 London in November: on time until 10:00 UTC, closing at 20:00."""
    slot = schedule().slot(date(2026, 11, 2))
    at = utc(2026, 11, 3, 12, 0)
    assert slot_mark(slot, at=at, outcome=taken(2026, 11, 2, 10, 0)) == ON_TIME
    assert slot_mark(slot, at=at, outcome=taken(2026, 11, 2, 10, 0, 1)) == TAKEN_LATE
    assert slot_mark(slot, at=at, outcome=SKIPPED) == SlotStatus.SKIPPED
    assert slot_mark(slot, at=at, outcome=None) == SlotStatus.MISSED
    assert slot_mark(slot, at=utc(2026, 11, 2, 11, 0), outcome=None) == SlotStatus.LATE


def test_a_day_of_several_slots_reads_as_its_worst():
    assert worst_mark([ON_TIME, TAKEN_LATE]) == TAKEN_LATE
    assert worst_mark([ON_TIME, SlotStatus.MISSED, TAKEN_LATE]) == SlotStatus.MISSED
    assert worst_mark([ON_TIME, SlotStatus.PAUSED]) == SlotStatus.PAUSED
    assert worst_mark([]) is None
