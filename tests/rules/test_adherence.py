"""Adherence over a period (DESIGN §6).

The regimen is 08:00 daily in Europe/London from 1 November 2026 (GMT, so each slot
opens at 05:00 UTC, is on time until 10:00 and closes at 20:00), unless a test says
otherwise.
"""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from injections.rules.adherence import Adherence, Outcome, adherence
from injections.rules.schedule import Schedule, ScheduleVersion

SECOND = timedelta(seconds=1)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def schedule(rule="FREQ=DAILY", **options):
    version = ScheduleVersion(date(2026, 11, 1), rule, time(8, 0), "Europe/London")
    return Schedule(versions=(version,), **options)


def nov(day):
    return date(2026, 11, day)


def taken(*args):
    return Outcome("taken", utc(*args))


SKIPPED = Outcome("skipped")

A_WEEK = {
    nov(1): taken(2026, 11, 1, 8, 10),  # on time
    nov(2): taken(2026, 11, 2, 10, 0),  # the last on-time second
    nov(3): taken(2026, 11, 3, 10, 0, 1),  # late
    nov(4): SKIPPED,
    # nothing on the 5th: missed
    nov(6): taken(2026, 11, 6, 5, 0),  # the first on-time second
    # nothing yet on the 7th
}


def week(at, outcomes=A_WEEK, **options):
    slots = schedule(**options).slots(nov(1), nov(7))
    return adherence(slots, at=at, outcomes=outcomes)


def test_a_week_with_the_last_slot_still_open_counts_it_as_scheduled_not_missed():
    result = week(utc(2026, 11, 7, 12, 0))
    assert result == Adherence(scheduled=7, taken=4, on_time=3, skipped=1, missed=1)
    assert result.adherence_pct == Decimal("57.1")  # 4/7 = 57.14
    assert result.on_time_pct == Decimal("42.9")  # 3/7 = 42.86
    assert result.adherent is False


def test_once_the_last_slot_closes_with_nothing_it_is_missed():
    result = week(utc(2026, 11, 7, 20, 0))
    assert result == Adherence(scheduled=7, taken=4, on_time=3, skipped=1, missed=2)


def test_a_slot_just_before_it_closes_is_not_missed():
    result = week(utc(2026, 11, 7, 20, 0) - SECOND)
    assert result.missed == 1


def test_slots_that_have_not_opened_are_not_scheduled():
    slots = schedule().slots(nov(1), nov(10))
    assert adherence(slots, at=utc(2026, 11, 8, 5, 0) - SECOND, outcomes=A_WEEK) == Adherence(
        scheduled=7, taken=4, on_time=3, skipped=1, missed=2
    )
    # At its opening the slot of the 8th counts, as scheduled and not missed.
    assert adherence(slots, at=utc(2026, 11, 8, 5, 0), outcomes=A_WEEK) == Adherence(
        scheduled=8, taken=4, on_time=3, skipped=1, missed=2
    )


def test_a_dose_taken_late_counts_as_taken_not_on_time():
    slots = schedule().slots(nov(1), nov(1))
    result = adherence(slots, at=utc(2026, 11, 2), outcomes={nov(1): taken(2026, 11, 1, 19, 0)})
    assert result == Adherence(scheduled=1, taken=1, on_time=0, skipped=0, missed=0)
    assert result.adherence_pct == Decimal("100.0")
    assert result.on_time_pct == Decimal("0.0")


@pytest.mark.parametrize(
    "taken_at",
    [utc(2026, 11, 1, 5, 0) - SECOND, utc(2026, 11, 1, 21, 0)],
)
def test_a_dose_filed_to_a_slot_from_outside_its_window_is_taken_not_on_time(taken_at):
    slots = schedule().slots(nov(1), nov(1))
    result = adherence(slots, at=utc(2026, 11, 2), outcomes={nov(1): Outcome("taken", taken_at)})
    assert (result.taken, result.on_time) == (1, 0)


def test_a_skipped_slot_is_scheduled_but_neither_taken_nor_missed():
    slots = schedule().slots(nov(1), nov(3))
    outcomes = {nov(1): SKIPPED, nov(2): SKIPPED, nov(3): taken(2026, 11, 3, 8, 0)}
    result = adherence(slots, at=utc(2026, 11, 4), outcomes=outcomes)
    assert result == Adherence(scheduled=3, taken=1, on_time=1, skipped=2, missed=0)
    assert result.adherence_pct == Decimal("33.3")


def test_paused_slots_are_not_scheduled_even_with_a_dose():
    slots = schedule(pauses=((nov(3), nov(4)),)).slots(nov(1), nov(7))
    result = adherence(slots, at=utc(2026, 11, 8), outcomes=A_WEEK)
    # Left: the 1st, 2nd (on time), 5th (missed), 6th (on time), 7th (missed).
    assert result == Adherence(scheduled=5, taken=3, on_time=3, skipped=0, missed=2)
    assert result.adherence_pct == Decimal("60.0")


def test_every_other_day_counts_only_its_own_slots():
    # Slots on the 1st, 3rd, 5th and 7th; the 7th closes at 08:00 UTC on the 8th.
    slots = schedule(rule="FREQ=DAILY;INTERVAL=2").slots(nov(1), nov(8))
    outcomes = {
        nov(1): taken(2026, 11, 1, 9, 0),
        nov(3): taken(2026, 11, 4, 7, 0),  # a day late, still inside the 24 h window
        nov(7): taken(2026, 11, 7, 6, 0),
    }
    result = adherence(slots, at=utc(2026, 11, 8, 12, 0), outcomes=outcomes)
    assert result == Adherence(scheduled=4, taken=3, on_time=2, skipped=0, missed=1)
    assert result.adherence_pct == Decimal("75.0")
    assert result.on_time_pct == Decimal("50.0")


def test_two_of_three_is_66_7_percent():
    slots = schedule().slots(nov(1), nov(3))
    outcomes = {nov(1): taken(2026, 11, 1, 8, 0), nov(2): taken(2026, 11, 2, 8, 0)}
    result = adherence(slots, at=utc(2026, 11, 4), outcomes=outcomes)
    assert result == Adherence(scheduled=3, taken=2, on_time=2, skipped=0, missed=1)
    assert result.adherence_pct == Decimal("66.7")
    assert result.on_time_pct == Decimal("66.7")


def test_outcomes_for_other_dates_are_ignored():
    slots = schedule().slots(nov(2), nov(2))
    outcomes = {nov(1): taken(2026, 11, 1, 8, 0), nov(3): taken(2026, 11, 3, 8, 0)}
    result = adherence(slots, at=utc(2026, 11, 4), outcomes=outcomes)
    assert result == Adherence(scheduled=1, taken=0, on_time=0, skipped=0, missed=1)


@pytest.mark.parametrize(
    ("taken_count", "scheduled", "pct"),
    [
        (2, 3, "66.7"),
        (5, 6, "83.3"),
        (1, 3, "33.3"),
        (4, 7, "57.1"),
        (1, 8, "12.5"),
        (1, 16, "6.3"),  # 6.25: half-up, not half-even
        (13, 16, "81.3"),  # 81.25
        (3, 40, "7.5"),
        (0, 5, "0.0"),
        (5, 5, "100.0"),
    ],
)
def test_percentages_have_one_decimal_rounded_half_up(taken_count, scheduled, pct):
    result = Adherence(scheduled=scheduled, taken=taken_count, on_time=taken_count)
    assert result.adherence_pct == Decimal(pct)
    assert str(result.adherence_pct) == pct
    assert result.on_time_pct == Decimal(pct)


def test_the_on_time_rate_is_on_time_over_scheduled():
    result = Adherence(scheduled=6, taken=5, on_time=1)
    assert (result.adherence_pct, result.on_time_pct) == (Decimal("83.3"), Decimal("16.7"))


def test_nothing_scheduled_gives_no_percentage():
    assert Adherence().adherence_pct is None
    assert Adherence().on_time_pct is None
    assert Adherence().adherent is None


def test_a_period_before_the_first_slot_opens_has_nothing_scheduled():
    result = week(utc(2026, 11, 1, 5, 0) - SECOND)
    assert result == Adherence()
    assert result.adherence_pct is None


def test_a_fully_paused_period_has_nothing_scheduled():
    result = week(utc(2026, 11, 8), pauses=((nov(1), None),))
    assert result == Adherence()
    assert result.adherent is None


def test_a_period_with_no_slots_has_nothing_scheduled():
    assert adherence([], at=utc(2026, 11, 8), outcomes=A_WEEK) == Adherence()


@pytest.mark.parametrize(
    ("taken_count", "scheduled", "adherent"),
    [
        (4, 5, True),  # exactly 80.0
        (8, 10, True),
        (5, 6, True),
        (3, 4, False),
        (799, 1000, False),  # 79.9
        (31, 39, False),  # 79.49 -> 79.5
        # 79.95 is shown as 80.0, and adherence is that one-decimal percentage.
        (1599, 2000, True),
    ],
)
def test_a_patient_is_adherent_from_80_percent(taken_count, scheduled, adherent):
    assert Adherence(scheduled=scheduled, taken=taken_count).adherent is adherent


def test_four_of_five_taken_slots_is_adherent():
    slots = schedule().slots(nov(1), nov(5))
    outcomes = {nov(d): taken(2026, 11, d, 8, 0) for d in (1, 2, 3, 5)}
    result = adherence(slots, at=utc(2026, 11, 6), outcomes=outcomes)
    assert result == Adherence(scheduled=5, taken=4, on_time=4, skipped=0, missed=1)
    assert str(result.adherence_pct) == "80.0"
    assert result.adherent is True
