"""Adherence over a period (DESIGN §6)."""

from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from .schedule import OUTCOMES, STATUS_SEVERITY, TAKEN, Slot, SlotStatus, slot_status

ADHERENT_PCT = Decimal(80)


@dataclass(frozen=True)
class Outcome:
    """What was recorded for a slot: 'taken' (with its instant) or 'skipped'; or an
    'extra' dose beside a taken one, which is never the slot's outcome."""

    status: str
    taken_at: datetime | None = None


def slot_outcomes(records: Iterable[tuple[date, Outcome]]) -> dict[date, Outcome]:
    """Each slot's outcome among its records (slot date, what was recorded): the taken
    dose or the skip. Extra doses are left out: a second injection given by mistake
    never changes adherence (DESIGN §5)."""
    return {day: outcome for day, outcome in records if outcome.status in OUTCOMES}


@dataclass(frozen=True)
class Adherence:
    scheduled: int = 0
    taken: int = 0
    on_time: int = 0
    skipped: int = 0
    missed: int = 0

    def __add__(self, other: "Adherence") -> "Adherence":
        """Two regimens' counts together, as a patient's figures over all their medicines."""
        return Adherence(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))

    @property
    def late(self) -> int:
        """Taken after the on-time window (DESIGN §6): a dose belongs to the slot open
        when it was taken, so a taken dose not on time is a late one."""
        return self.taken - self.on_time

    @property
    def open(self) -> int:
        """Scheduled, and neither taken, skipped nor missed yet: the slot still open."""
        return self.scheduled - self.taken - self.skipped - self.missed

    @property
    def adherence_pct(self) -> Decimal | None:
        return _pct(self.taken, self.scheduled)

    @property
    def on_time_pct(self) -> Decimal | None:
        return _pct(self.on_time, self.scheduled)

    @property
    def adherent(self) -> bool | None:
        pct = self.adherence_pct
        return None if pct is None else pct >= ADHERENT_PCT


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None  # nothing scheduled yet: no percentage, rather than a made-up 0 or 100
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def adherence(
    slots: Iterable[Slot], *, at: datetime, outcomes: Mapping[date, Outcome]
) -> Adherence:
    """Count the slots that have opened by `at` and are not paused (DESIGN §6).

    `slots` are the regimen's slots whose local dates lie in the period; `outcomes`
    maps slot dates to what was recorded before `at` (`slot_outcomes`: an extra dose
    is not an outcome, and counts for nothing here). Taken counts every taken slot;
    on time only those taken inside their on-time window; missed, the closed slots
    with neither a dose nor a skip.
    """
    scheduled = taken = on_time = skipped = missed = 0
    for slot in slots:
        if slot.paused or slot.opens_at > at:
            continue
        scheduled += 1
        outcome = outcomes.get(slot.date)
        if outcome is None or outcome.status not in OUTCOMES:
            missed += slot.closes_at <= at
        elif outcome.status == TAKEN:
            taken += 1
            on_time += slot.on_time(outcome.taken_at)
        else:
            skipped += 1
    return Adherence(scheduled, taken, on_time, skipped, missed)


def missed_in_a_row(slots: list[Slot], *, at: datetime, outcomes: Mapping[date, Outcome]) -> int:
    """How many of the latest closed slots were missed, counting back to the last
    one that was not (paused slots neither count nor break the run). A dose taken
    or skipped in the slot still open ends the run too. `slots` in date order."""
    run = 0
    for slot in reversed(slots):
        outcome = outcomes.get(slot.date)
        if slot.closes_at > at:
            if outcome is not None:
                break
            continue
        status = slot_status(slot, at=at, outcome=outcome.status if outcome else None)
        if status == SlotStatus.PAUSED:
            continue
        if status != SlotStatus.MISSED:
            break
        run += 1
    return run


# How a slot went, as a calendar tells it: a taken dose says whether it was on time.
ON_TIME, TAKEN_LATE = "on_time", "taken_late"
# A day with several slots reads as its worst, in the order of the statuses
# (rules.schedule.STATUS_SEVERITY), a late dose before one on time.
MARK_SEVERITY = tuple(
    mark
    for status in STATUS_SEVERITY
    for mark in ((TAKEN_LATE, ON_TIME) if status == SlotStatus.TAKEN else (status,))
)


def slot_mark(slot: Slot, *, at: datetime, outcome: Outcome | None) -> str:
    """The slot's status at `at` (rules.schedule.slot_status), a taken dose told as
    ON_TIME or TAKEN_LATE: taken inside its on-time window or after it (DESIGN §6)."""
    status = slot_status(slot, at=at, outcome=outcome.status if outcome else None)
    if status == SlotStatus.TAKEN:
        return ON_TIME if slot.on_time(outcome.taken_at) else TAKEN_LATE
    return str(status)


def worst_mark(marks: Iterable[str]) -> str | None:
    return min(marks, key=MARK_SEVERITY.index, default=None)
