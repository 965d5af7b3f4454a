"""When a reminder is due and to whom it may go (rules.reminders), without a database."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from injections.rules import reminders as rules
from injections.rules.schedule import Slot, SlotStatus

T = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
SLOT = Slot(
    date=date(2026, 11, 2), scheduled_at=T, opens_at=T - timedelta(hours=3),
    on_time_until=T + timedelta(hours=2), closes_at=T + timedelta(hours=12), time_zone="UTC",
)  # fmt: skip


@pytest.mark.parametrize(
    ("local", "start", "end", "quiet"),
    [
        (time(23), time(22), time(7), True),  # across midnight
        (time(3), time(22), time(7), True),
        (time(7), time(22), time(7), False),  # the end is not quiet
        (time(22), time(22), time(7), True),  # the start is
        (time(12), time(22), time(7), False),
        (time(13), time(12), time(14), True),  # within one day
        (time(15), time(12), time(14), False),
        (time(3), None, time(7), False),  # half set: none
        (time(3), time(7), time(7), False),  # the same time twice: none
    ],
)
def test_quiet_hours(local, start, end, quiet):
    assert rules.in_quiet_hours(local, start=start, end=end) is quiet


def test_a_kind_marked_urgent_breaks_the_quiet_and_one_not_chosen_never_comes():
    choice = rules.Choice(
        kinds=frozenset({rules.DOSE, rules.LATE}), urgent=frozenset({rules.DOSE}),
        quiet_from=time(22), quiet_until=time(9),
    )  # fmt: skip
    assert rules.may_send(rules.DOSE, choice, local=time(8))
    assert not rules.may_send(rules.LATE, choice, local=time(8))
    assert rules.may_send(rules.LATE, choice, local=time(9))
    assert not rules.may_send(rules.REFILL, choice, local=time(12))


@pytest.mark.parametrize(
    ("at", "status", "kind"),
    [
        (T - timedelta(minutes=1), SlotStatus.DUE, None),  # open, not yet its time
        (T, SlotStatus.DUE, rules.DOSE),
        (T + timedelta(hours=2), SlotStatus.DUE, rules.DOSE),
        (T + timedelta(hours=2, seconds=1), SlotStatus.LATE, rules.LATE),
        (T + timedelta(hours=1), SlotStatus.TAKEN, None),
        (T + timedelta(hours=3), SlotStatus.SKIPPED, None),
        (T + timedelta(hours=13), SlotStatus.MISSED, None),
    ],
)
def test_the_dose_and_the_late_reminder(at, status, kind):
    assert rules.dose_reminder(SLOT, status, at=at) == kind


def test_no_dose_reminder_while_held_or_paused():
    assert rules.dose_reminder(SLOT, SlotStatus.DUE, at=T, held=True) is None
    paused = Slot(**{**SLOT.__dict__, "paused": True})
    assert rules.dose_reminder(paused, SlotStatus.DUE, at=T) is None


def test_a_missed_dose_within_twelve_hours_of_its_close():
    close = SLOT.closes_at
    assert rules.missed_reminder(SLOT, SlotStatus.MISSED, at=close)
    assert rules.missed_reminder(
        SLOT, SlotStatus.MISSED, at=close + timedelta(hours=11, minutes=59)
    )
    assert not rules.missed_reminder(SLOT, SlotStatus.MISSED, at=close + rules.MISSED_REACH)
    assert not rules.missed_reminder(SLOT, SlotStatus.TAKEN, at=close)
    assert not rules.missed_reminder(SLOT, SlotStatus.MISSED, at=close, held=True)


def test_retries_are_bounded():
    assert rules.retry_at(1, at=T) == T + timedelta(minutes=1)
    assert rules.retry_at(3, at=T) == T + timedelta(minutes=30)
    assert rules.retry_at(rules.MAX_ATTEMPTS, at=T) is None


def test_daytime_reminders_wait_for_nine():
    assert not rules.daytime(time(8, 59))
    assert rules.daytime(time(9))
    assert not rules.daytime(time(20))


def test_what_each_person_chooses_from():
    assert rules.kinds_for(patient=True, caregiver=False) == rules.PATIENT_KINDS
    assert rules.kinds_for(patient=False, caregiver=True) == (rules.MISSED,)
    assert rules.kinds_for(patient=False, caregiver=False) == ()


def test_a_form_that_did_not_offer_a_kind_leaves_it_as_it_was():
    previous = rules.Choice(kinds=frozenset({rules.MISSED, rules.REFILL}))
    saved = rules.chosen(
        rules.Choice(kinds=frozenset({rules.DOSE}), urgent=frozenset({rules.DOSE, rules.LATE})),
        previous=previous, offered=rules.PATIENT_KINDS,
    )  # fmt: skip
    assert saved.kinds == {rules.DOSE, rules.MISSED}
    assert saved.urgent == {rules.DOSE}  # only what is chosen can be urgent
