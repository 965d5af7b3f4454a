"""Which slot a dose belongs to, the minimum gap between doses, and extra doses
(DESIGN §5).

Unless a test says otherwise the regimen is 08:00 daily in Europe/London from
1 November 2026 (GMT): each slot opens at 05:00 UTC, is on time until 10:00 and
closes at 20:00.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from injections.rules.adherence import Outcome, adherence, slot_outcomes
from injections.rules.flags import Flag
from injections.rules.geometry import Administrator, Site
from injections.rules.invalid import Invalid
from injections.rules.schedule import (
    EXTRA,
    INJECTIONS,
    OUTCOMES,
    Schedule,
    ScheduleVersion,
    attribute_dose,
    minimum_gap,
    too_soon,
)
from injections.rules.sites import PastInjection, SpacingRules, check_site

DAILY = "FREQ=DAILY"
EVERY_OTHER_DAY = "FREQ=DAILY;INTERVAL=2"
WEEKLY = "FREQ=WEEKLY"
SECOND = timedelta(seconds=1)
HOUR = timedelta(hours=1)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def plan(rule=DAILY, *, at=time(8, 0), tz="Europe/London", start=date(2026, 11, 1)):
    return Schedule(versions=(ScheduleVersion(start, rule, at, tz),))


def attributed(schedule, taken_at):
    slot, violation = attribute_dose(schedule, taken_at=taken_at)
    return slot.date, (violation.code if violation else None)


# Attribution: inside a window, the slot open then


@pytest.mark.parametrize(
    ("taken_at", "day"),
    [
        (utc(2026, 11, 10, 5, 0), date(2026, 11, 10)),  # the window opens
        (utc(2026, 11, 10, 8, 0), date(2026, 11, 10)),
        (utc(2026, 11, 10, 20, 0) - SECOND, date(2026, 11, 10)),  # late, still open
    ],
)
def test_a_daily_dose_inside_a_window_belongs_to_that_slot_unflagged(taken_at, day):
    assert attributed(plan(), taken_at) == (day, None)


# Between windows: the slot it was late for, never a later one


@pytest.mark.parametrize(
    "taken_at",
    [
        utc(2026, 11, 10, 20, 0),  # the window has just closed
        utc(2026, 11, 10, 21, 0),  # 13 h after the slot: the measured case
        utc(2026, 11, 11, 5, 0) - SECOND,  # the next window opens a second later
    ],
)
def test_a_daily_dose_between_windows_belongs_to_the_slot_it_was_late_for(taken_at):
    assert attributed(plan(), taken_at) == (date(2026, 11, 10), Flag.OUTSIDE_WINDOW)


def test_every_other_day_a_dose_between_windows_belongs_to_the_earlier_slot():
    schedule = plan(EVERY_OTHER_DAY)  # slots on the 1st, 3rd, ...; each closes 24 h on
    assert attributed(schedule, utc(2026, 11, 10, 7, 0)) == (date(2026, 11, 9), None)
    assert attributed(schedule, utc(2026, 11, 10, 9, 0)) == (
        date(2026, 11, 9), Flag.OUTSIDE_WINDOW)  # fmt: skip
    assert attributed(schedule, utc(2026, 11, 11, 4, 59)) == (
        date(2026, 11, 9), Flag.OUTSIDE_WINDOW)  # fmt: skip
    assert attributed(schedule, utc(2026, 11, 11, 5, 0)) == (date(2026, 11, 11), None)


def test_weekly_a_dose_days_late_belongs_to_that_week_s_slot():
    schedule = plan(WEEKLY, start=date(2026, 11, 2))  # Mondays; open 3.5 days
    assert attributed(schedule, utc(2026, 11, 5, 19, 0)) == (date(2026, 11, 2), None)
    assert attributed(schedule, utc(2026, 11, 5, 20, 0)) == (
        date(2026, 11, 2), Flag.OUTSIDE_WINDOW)  # fmt: skip
    assert attributed(schedule, utc(2026, 11, 8, 22, 0)) == (
        date(2026, 11, 2), Flag.OUTSIDE_WINDOW)  # fmt: skip
    assert attributed(schedule, utc(2026, 11, 9, 5, 0)) == (date(2026, 11, 9), None)


# Before the first slot opens: refused


@pytest.mark.parametrize("rule", [DAILY, EVERY_OTHER_DAY, WEEKLY])
def test_a_dose_before_the_first_slot_opens_is_refused(rule):
    schedule = plan(rule, start=date(2026, 11, 2))
    with pytest.raises(Invalid) as error:
        attribute_dose(schedule, taken_at=utc(2026, 11, 2, 5, 0) - SECOND)
    assert error.value.code == "before_first_slot"
    assert error.value.params["opens"] == utc(2026, 11, 2, 5, 0)
    assert attributed(schedule, utc(2026, 11, 2, 5, 0)) == (date(2026, 11, 2), None)


def test_long_before_the_first_slot_a_dose_is_refused_too():
    with pytest.raises(Invalid, match="before_first_slot"):
        attribute_dose(plan(), taken_at=utc(2026, 1, 1))


def test_after_the_regimen_ended_a_late_dose_belongs_to_the_last_slot():
    schedule = Schedule(
        versions=(ScheduleVersion(date(2026, 11, 1), DAILY, time(8, 0), "Europe/London"),),
        end_date=date(2026, 11, 5),
    )
    assert attributed(schedule, utc(2026, 11, 6, 9, 0)) == (
        date(2026, 11, 5), Flag.OUTSIDE_WINDOW)  # fmt: skip


def test_an_explicit_slot_date_is_kept_and_flagged_when_outside_its_window():
    slot, violation = attribute_dose(
        plan(), taken_at=utc(2026, 11, 10, 21, 0), slot_date=date(2026, 11, 10)
    )
    assert slot.date == date(2026, 11, 10)
    assert violation.code == Flag.OUTSIDE_WINDOW


# Across a daylight-saving change (America/New_York: EDT to EST at 02:00 on
# 1 November 2026, so 08:00 is 12:00 UTC on 31 October and 13:00 UTC on 1 November)


def test_across_fall_back_a_dose_between_windows_belongs_to_the_day_before():
    schedule = plan(tz="America/New_York", start=date(2026, 10, 25))
    before, after = schedule.slots(date(2026, 10, 31), date(2026, 11, 1))
    assert before.closes_at == utc(2026, 11, 1, 0, 0)
    assert after.opens_at == utc(2026, 11, 1, 10, 0)  # 05:00 EST
    assert attributed(schedule, utc(2026, 11, 1, 0, 0)) == (
        date(2026, 10, 31), Flag.OUTSIDE_WINDOW)  # fmt: skip
    # 04:30 EST: 25 h after the wall clock said 04:30 the day before.
    assert attributed(schedule, utc(2026, 11, 1, 9, 30)) == (
        date(2026, 10, 31), Flag.OUTSIDE_WINDOW)  # fmt: skip
    assert attributed(schedule, utc(2026, 11, 1, 10, 0)) == (date(2026, 11, 1), None)


def test_across_spring_forward_a_dose_between_windows_belongs_to_the_day_before():
    schedule = plan(tz="America/New_York", start=date(2026, 3, 1))
    assert attributed(schedule, utc(2026, 3, 8, 8, 59)) == (
        date(2026, 3, 7), Flag.OUTSIDE_WINDOW)  # fmt: skip
    assert attributed(schedule, utc(2026, 3, 8, 9, 0)) == (date(2026, 3, 8), None)  # 05:00 EDT


# Across a time-zone change (travel)


def travel(to_zone, *, to_time=time(8, 0)):
    return Schedule(
        versions=(
            ScheduleVersion(date(2026, 11, 1), DAILY, time(8, 0), "Europe/London"),
            ScheduleVersion(date(2026, 11, 10), DAILY, to_time, to_zone),
        )
    )


def test_after_travel_east_a_dose_belongs_to_the_slot_open_then():
    schedule = travel("Pacific/Auckland")  # the slot of the 10th opens at 16:00 UTC on the 9th
    assert attributed(schedule, utc(2026, 11, 9, 15, 59)) == (date(2026, 11, 9), None)
    assert attributed(schedule, utc(2026, 11, 9, 16, 0)) == (date(2026, 11, 10), None)
    assert attributed(schedule, utc(2026, 11, 10, 8, 0)) == (
        date(2026, 11, 10), Flag.OUTSIDE_WINDOW)  # fmt: skip


def test_after_travel_west_a_dose_in_the_gap_belongs_to_the_last_tokyo_slot():
    schedule = Schedule(
        versions=(
            ScheduleVersion(date(2026, 11, 1), DAILY, time(8, 0), "Asia/Tokyo"),
            ScheduleVersion(date(2026, 11, 10), DAILY, time(8, 0), "Europe/London"),
        )
    )
    # The Tokyo slot of the 9th closes at 11:00 UTC; London's of the 10th opens at 05:00.
    assert attributed(schedule, utc(2026, 11, 9, 12, 0)) == (
        date(2026, 11, 9), Flag.OUTSIDE_WINDOW)  # fmt: skip
    assert attributed(schedule, utc(2026, 11, 10, 5, 0)) == (date(2026, 11, 10), None)


# The minimum gap (too_soon)


@pytest.mark.parametrize(
    ("rule", "gap"),
    [(DAILY, timedelta(hours=12)), (EVERY_OTHER_DAY, timedelta(hours=24)),
     (WEEKLY, timedelta(days=3, hours=12))],
)  # fmt: skip
def test_the_minimum_gap_is_half_the_interval(rule, gap):
    assert minimum_gap(plan(rule).versions[0].interval) == gap


@pytest.mark.parametrize(
    ("rule", "gap"),
    [(DAILY, timedelta(hours=12)), (EVERY_OTHER_DAY, timedelta(hours=24)),
     (WEEKLY, timedelta(days=3, hours=12))],
)  # fmt: skip
def test_a_dose_a_second_inside_the_gap_is_too_soon_and_at_the_gap_it_is_not(rule, gap):
    interval = plan(rule).versions[0].interval
    last = utc(2026, 11, 9, 21, 40)
    violation = too_soon(last + gap - SECOND, others=[last], interval=interval)
    assert violation.code == Flag.TOO_SOON
    assert violation.other_at == last
    assert violation.earliest == last + gap
    assert too_soon(last + gap, others=[last], interval=interval) is None


def test_the_gap_counts_on_both_sides_of_a_dose_logged_after_the_fact():
    later = utc(2026, 11, 10, 8, 0)
    violation = too_soon(later - 11 * HOUR, others=[later], interval=timedelta(days=1))
    assert violation.other_at == later
    assert too_soon(later - 12 * HOUR, others=[later], interval=timedelta(days=1)) is None


def test_the_nearest_of_several_doses_is_named():
    doses = [utc(2026, 11, 9, 8, 0), utc(2026, 11, 9, 20, 0), utc(2026, 11, 11, 8, 0)]
    violation = too_soon(utc(2026, 11, 10, 5, 0), others=doses, interval=timedelta(days=1))
    assert violation.other_at == utc(2026, 11, 9, 20, 0)
    assert violation.earliest == utc(2026, 11, 10, 8, 0)


def test_the_measured_cases_are_too_soon():
    daily, other_day = timedelta(days=1), timedelta(days=2)
    last = utc(2026, 11, 9, 19, 55)
    assert too_soon(last + 9 * HOUR, others=[last], interval=daily)
    assert too_soon(last + 21 * HOUR, others=[last], interval=other_day)
    # After travel east: the London dose at 15:00 UTC, then Auckland's of the 10th when
    # it is due at 19:00 UTC, four hours later; and 12 h apart every other day.
    assert too_soon(utc(2026, 11, 9, 19, 0), others=[utc(2026, 11, 9, 15, 0)], interval=daily)
    assert too_soon(last + 12 * HOUR, others=[last], interval=other_day)


def test_no_other_dose_is_never_too_soon():
    assert too_soon(utc(2026, 11, 9), others=[], interval=timedelta(days=1)) is None


# Extra doses: counted for rotation, not for adherence


def test_an_extra_dose_is_an_injection_but_never_a_slot_outcome():
    assert EXTRA in INJECTIONS
    assert EXTRA not in OUTCOMES


def test_an_extra_dose_does_not_change_adherence():
    schedule = plan()
    slots = schedule.slots(date(2026, 11, 1), date(2026, 11, 2))
    at = utc(2026, 11, 3)
    records = [
        (date(2026, 11, 1), Outcome("taken", utc(2026, 11, 1, 8, 0))),
        (date(2026, 11, 1), Outcome("extra", utc(2026, 11, 1, 9, 0))),
        (date(2026, 11, 2), Outcome("extra", utc(2026, 11, 2, 9, 0))),  # its dose voided
    ]
    outcomes = slot_outcomes(records)
    assert outcomes == {date(2026, 11, 1): Outcome("taken", utc(2026, 11, 1, 8, 0))}
    without = adherence(slots, at=at, outcomes=slot_outcomes(records[:1]))
    assert adherence(slots, at=at, outcomes=outcomes) == without
    assert (without.taken, without.missed) == (1, 1)


def test_an_extra_outcome_given_to_adherence_directly_counts_for_nothing():
    slots = plan().slots(date(2026, 11, 1), date(2026, 11, 1))
    counts = adherence(slots, at=utc(2026, 11, 2), outcomes={
        date(2026, 11, 1): Outcome("extra", utc(2026, 11, 1, 8, 0))})  # fmt: skip
    assert (counts.scheduled, counts.taken, counts.missed) == (1, 0, 1)


def test_an_extra_dose_counts_for_site_rotation_like_any_injection():
    extra = PastInjection(Site("thigh", "left", 60, 100), utc(2026, 11, 1, 9, 0))
    violations = check_site(
        Site("thigh", "left", 65, 100),
        at=utc(2026, 11, 2, 8, 0),
        administered_by=Administrator.SELF,
        history=[extra],
        avoid_zones=[],
        rules=SpacingRules(),
    )
    assert [v.code for v in violations] == [Flag.TOO_CLOSE]
