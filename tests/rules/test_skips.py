"""Where a skip is allowed, how far ahead, and what kind it is (DESIGN §5, "Skips").

A daily 08:00 Europe/London schedule from 1 November 2026: London keeps GMT in
November, so the slot of day D opens at 05:00 UTC and closes at 20:00.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from injections.rules.schedule import (
    PLAN_SKIP_DAYS,
    Schedule,
    ScheduleVersion,
    SkipKind,
    last_plannable_day,
    may_withdraw_skip,
    skip_kind,
    skip_refusal,
    within_planning_reach,
)

SECOND = timedelta(seconds=1)


def daily(zone: str) -> Schedule:
    return Schedule(versions=(ScheduleVersion(date(2026, 11, 1), "FREQ=DAILY", time(8), zone),))


SCHEDULE = daily("Europe/London")


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def slot(day: date):
    return SCHEDULE.slot(day)


def code(refusal) -> str | None:
    return refusal.code if refusal is not None else None


def test_a_skip_can_be_planned_30_days_ahead():
    assert PLAN_SKIP_DAYS == 30
    assert last_plannable_day(date(2026, 11, 3)) == date(2026, 12, 3)


@pytest.mark.parametrize(
    ("day", "allowed"),
    [
        (date(2026, 11, 2), False),  # yesterday
        (date(2026, 11, 3), True),  # today, before its slot opens
        (date(2026, 12, 3), True),  # 30 days ahead: the last day allowed
        (date(2026, 12, 4), False),  # 31 days ahead
    ],
    ids=["yesterday", "today", "30 days ahead", "31 days ahead"],
)
def test_the_reach_of_a_planned_skip_is_today_to_30_days_ahead(day, allowed):
    assert within_planning_reach(day, today=date(2026, 11, 3)) is allowed


def test_a_planned_skip_30_days_ahead_is_allowed_and_31_is_refused():
    now = at(11, 3, 9)
    assert skip_refusal(slot(date(2026, 12, 3)), at=now, planned=True) is None
    refusal = skip_refusal(slot(date(2026, 12, 4)), at=now, planned=True)
    assert code(refusal) == "skip_too_far"
    assert refusal.params == {"days": 30, "last": date(2026, 12, 3)}


def test_the_days_ahead_are_counted_in_the_slots_own_zone():
    """At 23:30 UTC on 2 November it is already 3 November in Tokyo: 30 days on from
    there is 3 December."""
    tokyo = daily("Asia/Tokyo")
    now = at(11, 2, 23, 30)
    assert skip_refusal(tokyo.slot(date(2026, 12, 3)), at=now, planned=True) is None
    assert code(skip_refusal(tokyo.slot(date(2026, 12, 4)), at=now, planned=True)) == "skip_too_far"


def test_a_slot_to_come_is_refused_unless_planned():
    tomorrow = slot(date(2026, 11, 4))
    assert code(skip_refusal(tomorrow, at=at(11, 3, 21), planned=False)) == "skip_not_open"
    assert skip_refusal(tomorrow, at=at(11, 3, 21), planned=True) is None


def test_the_open_slot_is_skipped_at_the_time_not_planned():
    today = slot(date(2026, 11, 3))
    assert skip_refusal(today, at=at(11, 3, 5), planned=False) is None
    assert code(skip_refusal(today, at=at(11, 3, 5), planned=True)) == "skip_already_open"
    # A second before it opens it is still a plan, and not yet a check-in skip.
    assert skip_refusal(today, at=at(11, 3, 5) - SECOND, planned=True) is None
    assert code(skip_refusal(today, at=at(11, 3, 5) - SECOND, planned=False)) == "skip_not_open"


def test_a_closed_slot_can_be_explained_but_not_planned():
    yesterday = slot(date(2026, 11, 2))
    assert skip_refusal(yesterday, at=at(11, 3, 8), planned=False) is None
    assert code(skip_refusal(yesterday, at=at(11, 3, 8), planned=True)) == "skip_in_the_past"


@pytest.mark.parametrize(
    ("entered_at", "kind"),
    [
        (at(11, 3, 5) - SECOND, SkipKind.PLANNED),
        (at(11, 3, 5), SkipKind.AT_THE_TIME),
        (at(11, 3, 20) - SECOND, SkipKind.AT_THE_TIME),
        (at(11, 3, 20), SkipKind.EXPLAINED),
    ],
    ids=["before it opens", "as it opens", "before it closes", "as it closes"],
)
def test_a_skip_is_planned_made_at_the_time_or_explained_by_when_it_was_entered(entered_at, kind):
    assert skip_kind(slot(date(2026, 11, 3)), entered_at=entered_at) == kind


def test_a_planned_skip_can_be_withdrawn_until_its_slot_closes():
    day = slot(date(2026, 11, 3))
    planned = at(11, 1, 9)
    assert may_withdraw_skip(day, entered_at=planned, at=at(11, 3, 8))
    assert may_withdraw_skip(day, entered_at=planned, at=at(11, 3, 20) - SECOND)
    assert not may_withdraw_skip(day, entered_at=planned, at=at(11, 3, 20))


def test_a_skip_made_at_the_time_or_afterwards_is_not_withdrawn_but_voided():
    day = slot(date(2026, 11, 3))
    assert not may_withdraw_skip(day, entered_at=at(11, 3, 6), at=at(11, 3, 7))
    assert not may_withdraw_skip(day, entered_at=at(11, 3, 21), at=at(11, 3, 21))
