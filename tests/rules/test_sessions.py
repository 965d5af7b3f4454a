"""rules.sessions: idle limits by kind, the lifetime, the once-a-minute refresh."""

from datetime import UTC, datetime, timedelta

from injections.rules.sessions import (
    Ending,
    Kind,
    SessionLimits,
    needs_refresh,
    session_ending,
)

START = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
LIMITS = SessionLimits()


def ending(kind, *, kept=False, idle, age=None):
    now = START + (age if age is not None else idle)
    return session_ending(
        started_at=START, last_seen_at=now - idle, now=now, kind=kind, kept=kept, limits=LIMITS
    )


def test_staff_end_after_30_minutes_idle_kept_or_not():
    assert ending(Kind.STAFF, idle=timedelta(minutes=29, seconds=59)) is None
    assert ending(Kind.STAFF, idle=timedelta(minutes=30)) == Ending.IDLE
    assert ending(Kind.STAFF, kept=True, idle=timedelta(minutes=30)) == Ending.IDLE


def test_patients_and_caregivers_end_after_12_hours_idle_or_14_days_kept():
    assert ending(Kind.PERSON, idle=timedelta(hours=11)) is None
    assert ending(Kind.PERSON, idle=timedelta(hours=12)) == Ending.IDLE
    assert ending(Kind.PERSON, kept=True, idle=timedelta(days=13)) is None
    assert ending(Kind.PERSON, kept=True, idle=timedelta(days=14)) == Ending.IDLE


def test_every_session_ends_at_its_lifetime_whatever_the_activity():
    minute = timedelta(minutes=1)
    assert ending(Kind.PERSON, idle=minute, age=timedelta(hours=23, minutes=59)) is None
    assert ending(Kind.PERSON, idle=minute, age=timedelta(hours=24)) == Ending.LIFETIME
    assert ending(Kind.STAFF, kept=True, idle=minute, age=timedelta(hours=24)) == Ending.LIFETIME
    assert ending(Kind.PERSON, kept=True, idle=minute, age=timedelta(days=29)) is None
    assert ending(Kind.PERSON, kept=True, idle=minute, age=timedelta(days=30)) == Ending.LIFETIME


def test_only_patients_and_caregivers_may_be_kept_signed_in():
    assert LIMITS.may_keep(Kind.PERSON)
    assert not LIMITS.may_keep(Kind.STAFF)


def test_the_last_seen_time_is_refreshed_once_a_minute():
    assert not needs_refresh(START, START + timedelta(seconds=59))
    assert needs_refresh(START, START + timedelta(seconds=60))
