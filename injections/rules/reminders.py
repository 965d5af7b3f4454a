"""When a reminder is due, to whom it may go, and how often a failed one is retried
(issue 11). Pure functions: the caller passes the slot, its status and the instant.

Each reminder has a moment and a reach: it is sent by the first run at or after its
moment while it is still true (a dose still not logged, a container still nearly
full). A sender that was stopped for a day does not send yesterday's dose reminder.
"""

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from .schedule import Slot, SlotStatus

DOSE, LATE, MISSED = "dose", "late", "missed"
REFILL, WARM_SYRINGE, SHARPS, BLOOD_TEST = "refill", "warm_syringe", "sharps", "blood_test"
# What a patient chooses from, and what a caregiver does (the missed dose of someone
# they care for, when that patient chose them).
PATIENT_KINDS = (DOSE, LATE, REFILL, WARM_SYRINGE, SHARPS, BLOOD_TEST)
CAREGIVER_KINDS = (MISSED,)
# Until they choose otherwise (issue 11): a patient gets these, by email when they
# have an address; a caregiver the patient chose is told of a missed dose.
DEFAULT_KINDS = (DOSE, LATE, MISSED, REFILL, BLOOD_TEST)

# Reminders that are not about a moment (refill, sharps container, blood test) wait
# for the day: from 09:00 to 20:00 in the patient's zone.
DAYTIME = (time(9), time(20))

# A missed dose is told to caregivers for this long after its slot closed.
MISSED_REACH = timedelta(hours=12)
# A claimed reminder whose sender died is taken over after this.
CLAIM_LEASE = timedelta(minutes=5)
# A failed delivery is tried again after each of these, then recorded as failed.
RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
MAX_ATTEMPTS = len(RETRY_AFTER) + 1
# A reminder still pending after this is given up, as failed: it is no longer news.
GIVE_UP_AFTER = timedelta(hours=24)


@dataclass(frozen=True)
class Choice:
    """What one person chose (or the defaults): kinds, channels, quiet hours."""

    kinds: frozenset[str]
    urgent: frozenset[str] = frozenset()
    by_email: bool = True
    by_push: bool = True
    quiet_from: time | None = None
    quiet_until: time | None = None


def kinds_for(*, patient: bool, caregiver: bool) -> tuple[str, ...]:
    """The reminders that can concern a person: their own doses and supplies, and
    the missed doses of whom they care for."""
    return (PATIENT_KINDS if patient else ()) + (CAREGIVER_KINDS if caregiver else ())


def chosen(choice: Choice, *, previous: Choice, offered: tuple[str, ...]) -> Choice:
    """A choice saved from a form that offered only `offered`: the kinds it did not
    offer keep what they were (a patient's choice about whom they may care for)."""
    kinds = (choice.kinds & frozenset(offered)) | (previous.kinds - frozenset(offered))
    return replace(choice, kinds=kinds, urgent=choice.urgent & kinds)


def default_choice() -> Choice:
    return Choice(kinds=frozenset(DEFAULT_KINDS))


def in_quiet_hours(local: time, *, start: time | None, end: time | None) -> bool:
    """Whether a local time falls in quiet hours from `start` (included) to `end`
    (excluded), across midnight when `start` is later than `end`. No quiet hours
    unless both are set and differ."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def daytime(local: time) -> bool:
    return DAYTIME[0] <= local < DAYTIME[1]


def may_send(kind: str, choice: Choice, *, local: time) -> bool:
    """Whether the person wants this kind now: chosen, and outside quiet hours unless
    they marked it urgent."""
    if kind not in choice.kinds:
        return False
    quiet = in_quiet_hours(local, start=choice.quiet_from, end=choice.quiet_until)
    return not quiet or kind in choice.urgent


def dose_reminder(
    slot: Slot | None, status: SlotStatus | None, *, at: datetime, held: bool = False
) -> str | None:
    """The dose reminder due at `at`, as (kind) DOSE or LATE, or None: the dose from
    its scheduled time while it is on time, the late one from the end of its on-time
    window until the slot closes. Nothing for a recorded, paused or held dose."""
    if slot is None or held or slot.paused:
        return None
    if status == SlotStatus.DUE and at >= slot.scheduled_at:
        return DOSE
    if status == SlotStatus.LATE:
        return LATE
    return None


def missed_reminder(
    previous: Slot | None, status: SlotStatus | None, *, at: datetime, held: bool = False
) -> bool:
    """Whether the slot before is a missed dose to tell caregivers of: closed with
    nothing recorded, within MISSED_REACH of its close; not while a doctor's word is
    awaited (a dose held after a sign of allergy is not missed by mistake)."""
    return (
        not held
        and previous is not None
        and status == SlotStatus.MISSED
        and previous.closes_at <= at < previous.closes_at + MISSED_REACH
    )


def retry_at(attempts: int, *, at: datetime) -> datetime | None:
    """When to try again after `attempts` failed deliveries, or None: give up."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return at + RETRY_AFTER[attempts - 1]
