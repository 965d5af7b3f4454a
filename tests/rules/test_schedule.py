"""Slots, their windows and statuses, and the recurrence rules (DESIGN §5).

Expected instants are worked out by hand from the 2026 transitions:
America/New_York EST (UTC-5) to EDT (UTC-4) at 02:00 on 8 March, back at 02:00 on
1 November; Europe/London GMT to BST (UTC+1) at 01:00 on 29 March, back at 02:00 BST
on 25 October; Australia/Sydney AEDT (UTC+11) to AEST (UTC+10) at 03:00 on 5 April,
back to AEDT at 02:00 on 4 October.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from injections.rules.invalid import Invalid
from injections.rules.schedule import (
    Schedule,
    ScheduleVersion,
    SlotStatus,
    Windows,
    nominal_interval,
    parse_rule,
    slot_status,
    zone,
)
from injections.text.invalid import explain

DAILY = "FREQ=DAILY"
EVERY_OTHER_DAY = "FREQ=DAILY;INTERVAL=2"
SECOND = timedelta(seconds=1)
HOURS = timedelta(hours=1)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def schedule(
    *,
    rule=DAILY,
    at=time(8, 0),
    tz="Europe/London",
    start=date(2026, 11, 1),
    **options,
):
    return Schedule(versions=(ScheduleVersion(start, rule, at, tz),), **options)


def dates(slots):
    return [slot.date for slot in slots]


# The windows of one slot


def test_a_daily_slot_opens_3_hours_before_is_on_time_2_hours_after_and_closes_12_hours_after():
    slot = schedule().slot(date(2026, 11, 10))
    assert slot.date == date(2026, 11, 10)
    assert slot.scheduled_at == utc(2026, 11, 10, 8, 0)
    assert slot.opens_at == utc(2026, 11, 10, 5, 0)
    assert slot.on_time_until == utc(2026, 11, 10, 10, 0)
    assert slot.closes_at == utc(2026, 11, 10, 20, 0)
    assert slot.time_zone == "Europe/London"
    assert slot.paused is False


def test_an_every_other_day_slot_closes_24_hours_after():
    slot = schedule(rule=EVERY_OTHER_DAY).slot(date(2026, 11, 9))
    assert slot.scheduled_at == utc(2026, 11, 9, 8, 0)
    assert slot.opens_at == utc(2026, 11, 9, 5, 0)
    assert slot.on_time_until == utc(2026, 11, 9, 10, 0)
    assert slot.closes_at == utc(2026, 11, 10, 8, 0)


def test_a_weekly_slot_closes_half_a_week_after():
    slot = schedule(rule="FREQ=WEEKLY;BYDAY=MO", start=date(2026, 11, 2)).slot(date(2026, 11, 9))
    assert slot.scheduled_at == utc(2026, 11, 9, 8, 0)
    assert slot.closes_at == utc(2026, 11, 12, 20, 0)


def test_custom_windows_are_obeyed():
    windows = Windows(
        opens_before=timedelta(hours=1),
        on_time_after=timedelta(hours=1),
        closes_after=timedelta(hours=6),
    )
    slot = schedule(windows=windows).slot(date(2026, 11, 10))
    assert slot.opens_at == utc(2026, 11, 10, 7, 0)
    assert slot.on_time_until == utc(2026, 11, 10, 9, 0)
    assert slot.closes_at == utc(2026, 11, 10, 14, 0)


def test_a_slot_is_open_from_its_opening_inclusive_to_its_closing_exclusive():
    slot = schedule().slot(date(2026, 11, 10))
    assert not slot.is_open(utc(2026, 11, 10, 5, 0) - SECOND)
    assert slot.is_open(utc(2026, 11, 10, 5, 0))
    assert slot.is_open(utc(2026, 11, 10, 20, 0) - SECOND)
    assert not slot.is_open(utc(2026, 11, 10, 20, 0))


def test_a_dose_is_on_time_from_the_opening_through_2_hours_after_inclusive():
    slot = schedule().slot(date(2026, 11, 10))
    assert not slot.on_time(utc(2026, 11, 10, 5, 0) - SECOND)
    assert slot.on_time(utc(2026, 11, 10, 5, 0))
    assert slot.on_time(utc(2026, 11, 10, 10, 0))
    assert not slot.on_time(utc(2026, 11, 10, 10, 0) + SECOND)


def test_a_slot_shows_its_instants_in_its_own_time_zone():
    slot = schedule(tz="Asia/Tokyo").slot(date(2026, 11, 10))
    assert slot.scheduled_at == utc(2026, 11, 9, 23, 0)
    local = slot.local(slot.scheduled_at)
    assert (local.date(), local.time()) == (date(2026, 11, 10), time(8, 0))


# Statuses at the exact boundaries


@pytest.mark.parametrize(
    ("at", "status"),
    [
        (utc(2026, 11, 10, 5, 0) - SECOND, "upcoming"),
        (utc(2026, 11, 10, 5, 0), "due"),
        (utc(2026, 11, 10, 8, 0), "due"),
        (utc(2026, 11, 10, 10, 0), "due"),
        (utc(2026, 11, 10, 10, 0) + SECOND, "late"),
        (utc(2026, 11, 10, 20, 0) - SECOND, "late"),
        (utc(2026, 11, 10, 20, 0), "missed"),
        (utc(2026, 11, 12, 0, 0), "missed"),
    ],
)
def test_the_status_of_a_daily_slot_with_no_dose(at, status):
    slot = schedule().slot(date(2026, 11, 10))
    assert slot_status(slot, at=at, outcome=None) == status


@pytest.mark.parametrize(
    ("at", "status"),
    [
        (utc(2026, 11, 9, 5, 0) - SECOND, "upcoming"),
        (utc(2026, 11, 9, 5, 0), "due"),
        (utc(2026, 11, 9, 10, 0), "due"),
        (utc(2026, 11, 9, 10, 0) + SECOND, "late"),
        (utc(2026, 11, 9, 20, 0), "late"),  # a daily slot would be closed by now
        (utc(2026, 11, 10, 8, 0) - SECOND, "late"),
        (utc(2026, 11, 10, 8, 0), "missed"),
    ],
)
def test_the_status_of_an_every_other_day_slot_with_no_dose(at, status):
    slot = schedule(rule=EVERY_OTHER_DAY).slot(date(2026, 11, 9))
    assert slot_status(slot, at=at, outcome=None) == status


@pytest.mark.parametrize(
    "at",
    [utc(2026, 11, 10, 4, 0), utc(2026, 11, 10, 9, 0), utc(2026, 11, 10, 15, 0), utc(2026, 11, 11)],
)
@pytest.mark.parametrize("outcome", ["taken", "skipped"])
def test_a_recorded_outcome_is_the_status_whenever_it_is_asked(at, outcome):
    slot = schedule().slot(date(2026, 11, 10))
    assert slot_status(slot, at=at, outcome=outcome) == outcome


def test_status_values_are_the_words_of_the_design():
    assert [status.value for status in SlotStatus] == [
        "upcoming",
        "due",
        "late",
        "taken",
        "skipped",
        "missed",
        "paused",
    ]


# Local times across the daylight-saving transitions of 2026

LOCAL_TIMES = [
    # America/New_York: spring forward on 8 March, fall back on 1 November.
    ("America/New_York", date(2026, 3, 7), time(8, 0), utc(2026, 3, 7, 13, 0)),
    ("America/New_York", date(2026, 3, 8), time(8, 0), utc(2026, 3, 8, 12, 0)),
    ("America/New_York", date(2026, 3, 7), time(2, 30), utc(2026, 3, 7, 7, 30)),
    # 02:30 does not exist: read with EST, it is 03:30 EDT.
    ("America/New_York", date(2026, 3, 8), time(2, 30), utc(2026, 3, 8, 7, 30)),
    ("America/New_York", date(2026, 3, 9), time(2, 30), utc(2026, 3, 9, 6, 30)),
    ("America/New_York", date(2026, 10, 31), time(8, 0), utc(2026, 10, 31, 12, 0)),
    ("America/New_York", date(2026, 11, 1), time(8, 0), utc(2026, 11, 1, 13, 0)),
    # 01:30 happens twice: the first time, in EDT.
    ("America/New_York", date(2026, 11, 1), time(1, 30), utc(2026, 11, 1, 5, 30)),
    ("America/New_York", date(2026, 10, 31), time(2, 30), utc(2026, 10, 31, 6, 30)),
    ("America/New_York", date(2026, 11, 1), time(2, 30), utc(2026, 11, 1, 7, 30)),
    # Europe/London: the gap is 01:00-02:00 on 29 March, so 02:30 exists.
    ("Europe/London", date(2026, 3, 28), time(8, 0), utc(2026, 3, 28, 8, 0)),
    ("Europe/London", date(2026, 3, 29), time(8, 0), utc(2026, 3, 29, 7, 0)),
    ("Europe/London", date(2026, 3, 28), time(2, 30), utc(2026, 3, 28, 2, 30)),
    ("Europe/London", date(2026, 3, 29), time(2, 30), utc(2026, 3, 29, 1, 30)),
    # 01:30 does not exist: read with GMT, it is 02:30 BST.
    ("Europe/London", date(2026, 3, 29), time(1, 30), utc(2026, 3, 29, 1, 30)),
    ("Europe/London", date(2026, 10, 24), time(8, 0), utc(2026, 10, 24, 7, 0)),
    ("Europe/London", date(2026, 10, 25), time(8, 0), utc(2026, 10, 25, 8, 0)),
    ("Europe/London", date(2026, 10, 25), time(2, 30), utc(2026, 10, 25, 2, 30)),
    # 01:30 happens twice on 25 October: the first time, in BST.
    ("Europe/London", date(2026, 10, 25), time(1, 30), utc(2026, 10, 25, 0, 30)),
    ("Europe/London", date(2026, 10, 26), time(1, 30), utc(2026, 10, 26, 1, 30)),
    # Australia/Sydney: fall back 03:00 -> 02:00 on 5 April, spring forward on 4 October.
    ("Australia/Sydney", date(2026, 4, 4), time(8, 0), utc(2026, 4, 3, 21, 0)),
    ("Australia/Sydney", date(2026, 4, 5), time(8, 0), utc(2026, 4, 4, 22, 0)),
    ("Australia/Sydney", date(2026, 4, 4), time(2, 30), utc(2026, 4, 3, 15, 30)),
    # 02:30 happens twice on 5 April: the first time, in AEDT.
    ("Australia/Sydney", date(2026, 4, 5), time(2, 30), utc(2026, 4, 4, 15, 30)),
    ("Australia/Sydney", date(2026, 4, 6), time(2, 30), utc(2026, 4, 5, 16, 30)),
    ("Australia/Sydney", date(2026, 10, 3), time(8, 0), utc(2026, 10, 2, 22, 0)),
    ("Australia/Sydney", date(2026, 10, 4), time(8, 0), utc(2026, 10, 3, 21, 0)),
    ("Australia/Sydney", date(2026, 10, 3), time(2, 30), utc(2026, 10, 2, 16, 30)),
    # 02:30 does not exist: read with AEST, it is 03:30 AEDT.
    ("Australia/Sydney", date(2026, 10, 4), time(2, 30), utc(2026, 10, 3, 16, 30)),
    ("Australia/Sydney", date(2026, 10, 5), time(2, 30), utc(2026, 10, 4, 15, 30)),
]


@pytest.mark.parametrize(("tz", "day", "local_time", "instant"), LOCAL_TIMES)
@pytest.mark.parametrize(("rule", "closes_after"), [(DAILY, 12), (EVERY_OTHER_DAY, 24)])
def test_the_windows_of_a_slot_across_daylight_saving(
    tz, day, local_time, instant, rule, closes_after
):
    # Every-other-day regimens start two days earlier, so that `day` is one of theirs.
    plan = schedule(rule=rule, at=local_time, tz=tz, start=day - timedelta(days=2))
    slot = plan.slot(day)
    assert slot.scheduled_at == instant
    assert slot.opens_at == instant - 3 * HOURS
    assert slot.on_time_until == instant + 2 * HOURS
    assert slot.closes_at == instant + closes_after * HOURS


@pytest.mark.parametrize(("tz", "day", "local_time", "instant"), LOCAL_TIMES)
@pytest.mark.parametrize(("rule", "closes_after"), [(DAILY, 12), (EVERY_OTHER_DAY, 24)])
def test_the_statuses_of_a_slot_across_daylight_saving(
    tz, day, local_time, instant, rule, closes_after
):
    slot = schedule(rule=rule, at=local_time, tz=tz, start=day - timedelta(days=2)).slot(day)
    closes = instant + closes_after * HOURS
    expected = [
        (instant - 3 * HOURS - SECOND, "upcoming"),
        (instant - 3 * HOURS, "due"),
        (instant + 2 * HOURS, "due"),
        (instant + 2 * HOURS + SECOND, "late"),
        (closes - SECOND, "late"),
        (closes, "missed"),
    ]
    assert [slot_status(slot, at=at, outcome=None) for at, _ in expected] == [
        status for _, status in expected
    ]


def test_a_nonexistent_local_time_is_shown_an_hour_later():
    slot = schedule(at=time(2, 30), tz="America/New_York", start=date(2026, 3, 1)).slot(
        date(2026, 3, 8)
    )
    local = slot.local(slot.scheduled_at)
    assert (local.date(), local.time()) == (date(2026, 3, 8), time(3, 30))
    assert local.utcoffset() == timedelta(hours=-4)


def test_an_ambiguous_local_time_is_its_first_occurrence():
    slot = schedule(at=time(1, 30), tz="America/New_York", start=date(2026, 10, 1)).slot(
        date(2026, 11, 1)
    )
    local = slot.local(slot.scheduled_at)
    assert (local.time(), local.utcoffset()) == (time(1, 30), timedelta(hours=-4))


def test_a_time_of_day_given_with_fold_1_still_takes_the_first_occurrence():
    plan = schedule(at=time(1, 30, fold=1), tz="Europe/London", start=date(2026, 10, 20))
    assert plan.slot(date(2026, 10, 25)).scheduled_at == utc(2026, 10, 25, 0, 30)


def test_daily_slots_across_spring_forward_follow_the_local_clock():
    plan = schedule(at=time(8, 0), tz="America/New_York", start=date(2026, 3, 1))
    assert [slot.scheduled_at for slot in plan.slots(date(2026, 3, 7), date(2026, 3, 9))] == [
        utc(2026, 3, 7, 13, 0),
        utc(2026, 3, 8, 12, 0),
        utc(2026, 3, 9, 12, 0),
    ]


def test_every_other_day_keeps_its_phase_across_spring_forward():
    plan = schedule(
        rule=EVERY_OTHER_DAY, at=time(8, 0), tz="America/New_York", start=date(2026, 3, 1)
    )
    slots = plan.slots(date(2026, 3, 1), date(2026, 3, 15))
    assert dates(slots) == [date(2026, 3, d) for d in (1, 3, 5, 7, 9, 11, 13, 15)]
    assert plan.slot(date(2026, 3, 8)) is None
    assert plan.slot(date(2026, 3, 7)).closes_at == utc(2026, 3, 8, 13, 0)
    assert plan.slot(date(2026, 3, 9)).scheduled_at == utc(2026, 3, 9, 12, 0)


def test_every_other_day_keeps_its_phase_across_fall_back():
    plan = schedule(
        rule=EVERY_OTHER_DAY, at=time(2, 30), tz="Australia/Sydney", start=date(2026, 3, 30)
    )
    slots = plan.slots(date(2026, 4, 1), date(2026, 4, 8))
    assert dates(slots) == [date(2026, 4, d) for d in (1, 3, 5, 7)]
    assert [slot.scheduled_at for slot in slots] == [
        utc(2026, 3, 31, 15, 30),  # AEDT
        utc(2026, 4, 2, 15, 30),  # AEDT
        utc(2026, 4, 4, 15, 30),  # the first 02:30, still AEDT
        utc(2026, 4, 6, 16, 30),  # AEST
    ]


@pytest.mark.parametrize(
    ("tz", "start", "end"),
    [
        ("America/New_York", date(2026, 3, 1), date(2026, 3, 15)),
        ("America/New_York", date(2026, 10, 25), date(2026, 11, 8)),
        ("Europe/London", date(2026, 3, 22), date(2026, 4, 5)),
        ("Europe/London", date(2026, 10, 18), date(2026, 11, 1)),
        ("Australia/Sydney", date(2026, 3, 29), date(2026, 4, 12)),
        ("Australia/Sydney", date(2026, 9, 27), date(2026, 10, 11)),
    ],
)
@pytest.mark.parametrize("local_time", [time(8, 0), time(1, 30), time(2, 30)])
@pytest.mark.parametrize("rule", [DAILY, EVERY_OTHER_DAY])
def test_at_most_one_slot_is_open_at_any_instant_across_daylight_saving(
    tz, start, end, local_time, rule
):
    slots = schedule(rule=rule, at=local_time, tz=tz, start=start).slots(start, end)
    for earlier, later in zip(slots, slots[1:], strict=False):
        assert earlier.closes_at <= later.opens_at


# Travel: a change of time zone


def travel(to_zone, to_time=time(8, 0), from_time=time(8, 0)):
    """London from 1 November, then `to_zone` from 10 November."""
    return Schedule(
        versions=(
            ScheduleVersion(date(2026, 11, 1), DAILY, from_time, "Europe/London"),
            ScheduleVersion(date(2026, 11, 10), DAILY, to_time, to_zone),
        )
    )


def test_travel_keeps_the_past_slots_and_moves_the_later_ones():
    plan = travel("Asia/Tokyo")
    slots = plan.slots(date(2026, 11, 8), date(2026, 11, 11))
    assert [(s.date, s.scheduled_at, s.time_zone) for s in slots] == [
        (date(2026, 11, 8), utc(2026, 11, 8, 8, 0), "Europe/London"),
        (date(2026, 11, 9), utc(2026, 11, 9, 8, 0), "Europe/London"),
        (date(2026, 11, 10), utc(2026, 11, 9, 23, 0), "Asia/Tokyo"),
        (date(2026, 11, 11), utc(2026, 11, 10, 23, 0), "Asia/Tokyo"),
    ]
    # 08:00 in Tokyo opens at 20:00 UTC, just as 08:00 in London closes.
    assert slots[1].closes_at == utc(2026, 11, 9, 20, 0)
    assert slots[2].opens_at == utc(2026, 11, 9, 20, 0)
    assert slots[2].closes_at == utc(2026, 11, 10, 11, 0)


def test_travel_leaves_the_earlier_slots_as_they_were():
    before = schedule().slots(date(2026, 11, 1), date(2026, 11, 8))
    assert travel("Asia/Tokyo").slots(date(2026, 11, 1), date(2026, 11, 8)) == before


def test_after_travel_east_the_earlier_slot_closes_when_the_next_one_opens():
    # 08:00 NZDT (UTC+13) on 10 November is 19:00 UTC on the 9th: it opens at 16:00,
    # four hours before the London slot of the 9th would close.
    plan = travel("Pacific/Auckland")
    london, auckland = plan.slots(date(2026, 11, 9), date(2026, 11, 10))
    assert london.scheduled_at == utc(2026, 11, 9, 8, 0)
    assert london.on_time_until == utc(2026, 11, 9, 10, 0)
    assert london.closes_at == utc(2026, 11, 9, 16, 0)
    assert auckland.scheduled_at == utc(2026, 11, 9, 19, 0)
    assert auckland.opens_at == utc(2026, 11, 9, 16, 0)
    assert auckland.closes_at == utc(2026, 11, 10, 7, 0)


def test_after_travel_east_the_open_slot_changes_at_the_next_opening():
    plan = travel("Pacific/Auckland")
    just_before = utc(2026, 11, 9, 16, 0) - SECOND
    assert plan.open_slot(just_before).date == date(2026, 11, 9)
    assert plan.open_slot(utc(2026, 11, 9, 16, 0)).date == date(2026, 11, 10)
    london = plan.slot(date(2026, 11, 9))
    assert slot_status(london, at=just_before, outcome=None) == "late"
    assert slot_status(london, at=utc(2026, 11, 9, 16, 0), outcome=None) == "missed"


def test_a_slot_closed_early_by_the_next_one_is_missed_not_due():
    # London 20:00 then Tokyo 06:00: the Tokyo slot of the 10th is at 21:00 UTC on the
    # 9th and opens at 18:00, an hour after the London slot of the 9th opened.
    plan = travel("Asia/Tokyo", to_time=time(6, 0), from_time=time(20, 0))
    london, tokyo = plan.slots(date(2026, 11, 9), date(2026, 11, 10))
    assert (london.opens_at, london.closes_at) == (utc(2026, 11, 9, 17, 0), utc(2026, 11, 9, 18, 0))
    assert tokyo.opens_at == utc(2026, 11, 9, 18, 0)
    assert slot_status(london, at=utc(2026, 11, 9, 17, 30), outcome=None) == "due"
    assert slot_status(london, at=utc(2026, 11, 9, 18, 30), outcome=None) == "missed"
    assert plan.open_slot(utc(2026, 11, 9, 18, 30)) == tokyo


def test_after_travel_west_no_slot_is_open_in_between():
    plan = Schedule(
        versions=(
            ScheduleVersion(date(2026, 11, 1), DAILY, time(8, 0), "Asia/Tokyo"),
            ScheduleVersion(date(2026, 11, 10), DAILY, time(8, 0), "Europe/London"),
        )
    )
    tokyo = plan.slot(date(2026, 11, 9))
    assert tokyo.scheduled_at == utc(2026, 11, 8, 23, 0)
    assert tokyo.closes_at == utc(2026, 11, 9, 11, 0)
    assert plan.open_slot(utc(2026, 11, 9, 12, 0)) is None
    assert plan.next_slot(utc(2026, 11, 9, 12, 0)).scheduled_at == utc(2026, 11, 10, 8, 0)


@pytest.mark.parametrize("to_zone", ["Asia/Tokyo", "Pacific/Auckland", "America/New_York"])
def test_at_most_one_slot_is_open_at_any_instant_across_travel(to_zone):
    plan = travel(to_zone)
    slots = plan.slots(date(2026, 11, 5), date(2026, 11, 15))
    at = utc(2026, 11, 6)
    while at < utc(2026, 11, 14):
        assert sum(slot.is_open(at) for slot in slots) <= 1, at
        at += timedelta(minutes=15)


def test_a_schedule_needs_versions_in_order():
    with pytest.raises(ValueError):
        Schedule(versions=())
    with pytest.raises(ValueError, match="ordered"):
        Schedule(
            versions=(
                ScheduleVersion(date(2026, 11, 10), DAILY, time(8, 0), "Asia/Tokyo"),
                ScheduleVersion(date(2026, 11, 1), DAILY, time(8, 0), "Europe/London"),
            )
        )


# Finding slots


def test_open_slot_is_the_slot_whose_window_contains_the_instant():
    plan = schedule()
    assert plan.open_slot(utc(2026, 11, 10, 5, 0) - SECOND) is None
    assert plan.open_slot(utc(2026, 11, 10, 5, 0)).date == date(2026, 11, 10)
    assert plan.open_slot(utc(2026, 11, 10, 20, 0) - SECOND).date == date(2026, 11, 10)
    assert plan.open_slot(utc(2026, 11, 10, 20, 0)) is None


def test_between_every_other_day_slots_nothing_is_open():
    plan = schedule(rule=EVERY_OTHER_DAY)
    assert plan.open_slot(utc(2026, 11, 10, 8, 0) - SECOND).date == date(2026, 11, 9)
    assert plan.open_slot(utc(2026, 11, 10, 8, 0)) is None
    assert plan.open_slot(utc(2026, 11, 11, 5, 0)).date == date(2026, 11, 11)


def test_next_slot_is_the_first_slot_opening_after_the_instant():
    plan = schedule()
    assert plan.next_slot(utc(2026, 11, 10, 5, 0) - SECOND).date == date(2026, 11, 10)
    assert plan.next_slot(utc(2026, 11, 10, 5, 0)).date == date(2026, 11, 11)
    assert plan.next_slot(utc(2026, 11, 10, 20, 0)).date == date(2026, 11, 11)


def test_next_slot_of_every_other_day_skips_the_day_in_between():
    plan = schedule(rule=EVERY_OTHER_DAY)
    assert plan.next_slot(utc(2026, 11, 10, 12, 0)).scheduled_at == utc(2026, 11, 11, 8, 0)


def test_next_slot_before_the_start_is_the_first_slot():
    plan = schedule()
    assert plan.open_slot(utc(2026, 10, 31, 12, 0)) is None
    assert plan.next_slot(utc(2026, 10, 31, 12, 0)).date == date(2026, 11, 1)


def test_next_slot_long_before_the_start_is_still_the_first_slot():
    plan = schedule()
    assert plan.next_slot(utc(2026, 9, 1)).scheduled_at == utc(2026, 11, 1, 8, 0)
    weekly = schedule(rule="FREQ=WEEKLY;BYDAY=MO", start=date(2026, 11, 4))
    assert weekly.next_slot(utc(2026, 9, 1)).date == date(2026, 11, 9)


def test_next_slot_before_a_start_in_the_far_east_is_the_first_slot():
    # 08:00 in Tokyo on 1 November is 23:00 UTC on 31 October; it opens at 20:00.
    plan = schedule(tz="Asia/Tokyo")
    assert plan.next_slot(utc(2026, 10, 1)).scheduled_at == utc(2026, 10, 31, 23, 0)
    assert plan.open_slot(utc(2026, 10, 31, 21, 0)).date == date(2026, 11, 1)
    assert plan.next_slot(utc(2026, 10, 31, 21, 0)).date == date(2026, 11, 2)


def test_previous_slot_is_the_slot_before():
    plan = schedule()
    assert plan.previous_slot(plan.slot(date(2026, 11, 10))).date == date(2026, 11, 9)
    assert plan.previous_slot(plan.slot(date(2026, 11, 1))) is None
    other = schedule(rule=EVERY_OTHER_DAY)
    assert other.previous_slot(other.slot(date(2026, 11, 5))).date == date(2026, 11, 3)
    weekly = schedule(rule="FREQ=WEEKLY;BYDAY=MO", start=date(2026, 11, 2))
    assert weekly.previous_slot(weekly.slot(date(2026, 11, 16))).date == date(2026, 11, 9)


def test_previous_slot_across_travel_is_the_shortened_slot_before_the_move():
    plan = travel("Pacific/Auckland")
    previous = plan.previous_slot(plan.slot(date(2026, 11, 10)))
    assert previous.date == date(2026, 11, 9)
    assert previous.closes_at == utc(2026, 11, 9, 16, 0)


def test_slot_of_a_day_without_one_is_none():
    assert schedule().slot(date(2026, 10, 31)) is None
    assert schedule(rule=EVERY_OTHER_DAY).slot(date(2026, 11, 2)) is None
    assert schedule(end_date=date(2026, 11, 12)).slot(date(2026, 11, 13)) is None


def test_slots_lie_between_the_start_and_the_end_date_inclusive():
    plan = schedule(end_date=date(2026, 11, 5))
    assert dates(plan.slots(date(2026, 10, 25), date(2026, 11, 30))) == [
        date(2026, 11, d) for d in range(1, 6)
    ]


def test_the_last_slot_keeps_its_full_window_and_nothing_follows():
    plan = schedule(end_date=date(2026, 11, 12))
    last = plan.slot(date(2026, 11, 12))
    assert last.closes_at == utc(2026, 11, 12, 20, 0)
    assert plan.open_slot(utc(2026, 11, 12, 19, 0)) == last
    assert plan.next_slot(utc(2026, 11, 12, 6, 0)) is None
    assert plan.open_slot(utc(2026, 11, 13, 8, 0)) is None
    assert plan.last_opened(utc(2026, 12, 25)) is None


# Pauses


def test_a_slot_inside_a_pause_is_paused_whatever_the_time():
    plan = schedule(pauses=((date(2026, 11, 12), date(2026, 11, 13)),))
    assert [slot.paused for slot in plan.slots(date(2026, 11, 11), date(2026, 11, 14))] == [
        False,
        True,
        True,
        False,
    ]
    paused = plan.slot(date(2026, 11, 12))
    for at in (utc(2026, 11, 12, 1, 0), utc(2026, 11, 12, 9, 0), utc(2026, 11, 12, 15, 0)):
        assert slot_status(paused, at=at, outcome=None) == "paused"
    assert slot_status(paused, at=utc(2026, 11, 20), outcome=None) == "paused"


@pytest.mark.parametrize("outcome", ["taken", "skipped"])
def test_a_recorded_outcome_wins_over_a_pause(outcome):
    plan = schedule(pauses=((date(2026, 11, 12), date(2026, 11, 13)),))
    paused = plan.slot(date(2026, 11, 12))
    assert slot_status(paused, at=utc(2026, 11, 12, 9, 0), outcome=outcome) == outcome


def test_an_open_ended_pause_lasts_until_the_schedule_says_otherwise():
    plan = schedule(pauses=((date(2026, 11, 12), None),))
    assert plan.slot(date(2026, 11, 11)).paused is False
    assert plan.slot(date(2027, 6, 1)).paused is True


# A long history


def test_a_schedule_started_ten_years_ago_gives_the_right_recent_slots():
    # From 1 November 2016 to 1 November 2026 is 3652 days (29 February 2020 and 2024
    # included): an even number, so every other day falls on the 1st again.
    plan = schedule(rule=EVERY_OTHER_DAY, start=date(2016, 11, 1))
    slots = plan.slots(date(2026, 10, 23), date(2026, 11, 7))
    assert dates(slots) == [date(2026, 10, 24), date(2026, 10, 26), date(2026, 10, 28)] + [
        date(2026, 10, 30),
        date(2026, 11, 1),
        date(2026, 11, 3),
        date(2026, 11, 5),
        date(2026, 11, 7),
    ]
    assert slots[0].scheduled_at == utc(2026, 10, 24, 7, 0)  # BST
    assert slots[1].scheduled_at == utc(2026, 10, 26, 8, 0)  # GMT
    assert plan.open_slot(utc(2026, 11, 3, 6, 0)).date == date(2026, 11, 3)
    assert plan.open_slot(utc(2026, 11, 4, 9, 0)) is None
    assert plan.next_slot(utc(2026, 11, 4, 9, 0)).date == date(2026, 11, 5)


def test_a_daily_schedule_started_ten_years_ago_finds_todays_slot():
    plan = schedule(start=date(2016, 11, 1))
    slot = plan.open_slot(utc(2026, 11, 10, 9, 0))
    assert (slot.date, slot.scheduled_at) == (date(2026, 11, 10), utc(2026, 11, 10, 8, 0))
    assert plan.previous_slot(slot).date == date(2026, 11, 9)
    assert len(plan.slots(date(2026, 1, 1), date(2026, 12, 31))) == 365


# Recurrence rules


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("FREQ=DAILY", {"FREQ": "DAILY"}),
        ("FREQ=DAILY;INTERVAL=2", {"FREQ": "DAILY", "INTERVAL": "2"}),
        ("FREQ=WEEKLY;BYDAY=MO", {"FREQ": "WEEKLY", "BYDAY": "MO"}),
        ("RRULE:FREQ=DAILY", {"FREQ": "DAILY"}),
        ("freq=daily;interval=2", {"FREQ": "DAILY", "INTERVAL": "2"}),
    ],
)
def test_parse_rule_accepts_the_rules_medtrack_schedules(text, parts):
    assert parse_rule(text) == parts


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("FREQ=DAILY;COUNT=10", "COUNT is not supported"),
        ("FREQ=DAILY;UNTIL=20261231T000000Z", "UNTIL is not supported"),
        ("FREQ=HOURLY", "FREQ must be DAILY or WEEKLY"),
        ("FREQ=MONTHLY", "FREQ must be DAILY or WEEKLY"),
        ("INTERVAL=2", "FREQ must be DAILY or WEEKLY"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be a whole number"),
        ("FREQ=DAILY;INTERVAL=-1", "INTERVAL must be a whole number"),
        ("FREQ=DAILY;INTERVAL=two", "INTERVAL must be a whole number"),
        ("FREQ=DAILY;INTERVAL=1.5", "INTERVAL must be a whole number"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "BYDAY can name one weekday"),
        ("FREQ=DAILY;BYDAY=MO", "BYDAY can name one weekday"),
        ("FREQ=WEEKLY;BYDAY=XX", "not a valid recurrence rule"),
        ("", "not a recurrence rule"),
        ("DAILY", "not a recurrence rule"),
    ],
)
def test_parse_rule_refuses_anything_else_saying_why(text, complaint):
    with pytest.raises(Invalid) as refused:
        parse_rule(text)
    assert complaint in explain(refused.value)


@pytest.mark.parametrize(
    ("rule", "interval"),
    [
        ("FREQ=DAILY", timedelta(hours=24)),
        ("FREQ=DAILY;INTERVAL=2", timedelta(hours=48)),
        ("FREQ=DAILY;INTERVAL=3", timedelta(hours=72)),
        ("FREQ=WEEKLY;BYDAY=MO", timedelta(days=7)),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", timedelta(days=14)),
    ],
)
def test_nominal_interval_is_the_spacing_of_the_rule(rule, interval):
    assert nominal_interval(rule) == interval


def test_nominal_interval_of_a_bad_rule_is_an_error():
    with pytest.raises(ValueError):
        nominal_interval("FREQ=HOURLY")


def test_a_known_time_zone_is_found():
    assert zone("Europe/London") == ZoneInfo("Europe/London")


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "Europe", "America", "", "../etc/passwd"])
def test_an_unknown_time_zone_is_an_error_saying_so(name):
    with pytest.raises(Invalid) as refused:
        zone(name)
    assert "not a known time zone" in explain(refused.value)
