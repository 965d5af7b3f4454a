"""Slots, their windows and their statuses (DESIGN §5).

A regimen's plan is a `Schedule`: a list of versions (recurrence rule, local time
of day, IANA zone), each governing the slots from its `valid_from` date until the
next version's, so a change of time or zone (travel) moves future slots and leaves
past ones where they were. All instants are aware datetimes in UTC.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrulestr

from .flags import Flag, Violation
from .invalid import Invalid

FREQUENCIES = {"DAILY": timedelta(days=1), "WEEKLY": timedelta(weeks=1)}
ALLOWED_PARTS = {"FREQ", "INTERVAL", "BYDAY", "WKST"}


class SlotStatus(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    LATE = "late"
    TAKEN = "taken"
    SKIPPED = "skipped"
    MISSED = "missed"
    PAUSED = "paused"


# What a dose record can say (DESIGN §5, §7): a slot's outcome is a taken dose or a
# skip; an extra dose, a second injection given by mistake in a slot that already had
# its dose, is never the outcome, but puts a needle in the skin like a taken one.
TAKEN, SKIPPED, EXTRA = "taken", "skipped", "extra"
OUTCOMES = (TAKEN, SKIPPED)
INJECTIONS = (TAKEN, EXTRA)


def parse_rule(text: str) -> dict[str, str]:
    """Check an RFC 5545 rule and return its parts; ValueError says what is wrong.

    medtrack schedules regular doses: FREQ=DAILY or WEEKLY, an INTERVAL, and for
    weekly rules at most one BYDAY. The start and end are the regimen's own dates,
    so COUNT and UNTIL are refused rather than silently ignored.
    """
    parts = {}
    for item in text.strip().removeprefix("RRULE:").split(";"):
        key, _sep, value = item.partition("=")
        key, value = key.strip().upper(), value.strip().upper()
        if not key or not value:
            raise Invalid("not_a_rule", rule=text)
        if key not in ALLOWED_PARTS:
            raise Invalid("rule_part_not_supported", part=key)
        parts[key] = value
    if parts.get("FREQ") not in FREQUENCIES:
        raise Invalid("rule_frequency")
    interval = parts.get("INTERVAL", "1")
    # ASCII digits only: "²".isdigit() holds, and int() refuses it.
    if not (interval.isascii() and interval.isdigit()) or not 1 <= int(interval) <= 366:
        raise Invalid("rule_interval")
    if "BYDAY" in parts and (parts["FREQ"] != "WEEKLY" or "," in parts["BYDAY"]):
        raise Invalid("rule_byday")
    try:
        rrulestr(";".join(f"{k}={v}" for k, v in parts.items()), dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError) as error:
        raise Invalid("rule_invalid", rule=text, error=str(error)) from None
    return parts


def nominal_interval(rule: str) -> timedelta:
    """The rule's spacing I: 24 h for daily, 48 h for every other day (DESIGN §5)."""
    parts = parse_rule(rule)
    return FREQUENCIES[parts["FREQ"]] * int(parts.get("INTERVAL", "1"))


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder, like "Europe"
        raise Invalid("unknown_zone", zone=name) from None


@dataclass(frozen=True)
class Windows:
    """Per-regimen windows around the scheduled instant T (DESIGN §5)."""

    opens_before: timedelta = timedelta(hours=3)
    on_time_after: timedelta = timedelta(hours=2)
    closes_after: timedelta | None = None  # None: half the nominal interval


@dataclass(frozen=True)
class ScheduleVersion:
    valid_from: date
    rule: str
    time_of_day: time
    time_zone: str

    @cached_property
    def tz(self) -> ZoneInfo:
        return zone(self.time_zone)

    @cached_property
    def interval(self) -> timedelta:
        return nominal_interval(self.rule)

    def instant(self, day: date) -> datetime:
        """The slot's local date and time as a UTC instant. fold=0 reads a time in the
        spring-forward gap with the offset before the gap (02:30 becomes 03:30) and
        takes the first of an ambiguous fall-back time, as DESIGN §5 asks."""
        local = datetime.combine(day, self.time_of_day, tzinfo=self.tz).replace(fold=0)
        return local.astimezone(UTC)

    def dates(self, start: date, end: date) -> list[date]:
        """The rule's local dates from `start` to `end`, both included."""
        if end < start:
            return []
        # The rule repeats every `interval`, so starting it a whole number of periods
        # later gives the same dates and spares walking ten years to reach today.
        period = self.interval.days
        skip = max(0, (start - self.valid_from).days // period) * period
        first = datetime.combine(self.valid_from + timedelta(days=skip), time())
        rule = rrulestr(self.rule.removeprefix("RRULE:"), dtstart=first)
        return [
            occurrence.date()
            for occurrence in rule.between(
                datetime.combine(start, time()), datetime.combine(end, time()), inc=True
            )
        ]


@dataclass(frozen=True)
class Slot:
    date: date
    scheduled_at: datetime
    opens_at: datetime
    on_time_until: datetime
    closes_at: datetime
    time_zone: str
    paused: bool = False

    def is_open(self, at: datetime) -> bool:
        return self.opens_at <= at < self.closes_at

    def on_time(self, at: datetime) -> bool:
        return self.opens_at <= at <= self.on_time_until

    def local(self, instant: datetime) -> datetime:
        return instant.astimezone(ZoneInfo(self.time_zone))


@dataclass(frozen=True)
class Schedule:
    """A regimen's plan: versions ordered by `valid_from`; the first one's `valid_from`
    is the start date. `pauses` are (first, last) local dates, inclusive; last may be
    None for an open-ended pause."""

    versions: tuple[ScheduleVersion, ...]
    end_date: date | None = None
    windows: Windows = Windows()
    pauses: tuple[tuple[date, date | None], ...] = field(default=())

    def __post_init__(self):
        if not self.versions:
            raise ValueError("a schedule needs at least one version")
        if list(self.versions) != sorted(self.versions, key=lambda v: v.valid_from):
            raise ValueError("schedule versions must be ordered by valid_from")

    @property
    def start_date(self) -> date:
        return self.versions[0].valid_from

    @cached_property
    def _reach(self) -> timedelta:
        """How far apart two slots can be, plus the widest window: bounds every search."""
        longest = max(version.interval for version in self.versions)
        return longest + self.windows.opens_before + timedelta(days=2)

    def is_paused(self, day: date) -> bool:
        return any(first <= day and (last is None or day <= last) for first, last in self.pauses)

    def _occurrences(self, start: date, end: date) -> Iterator[tuple[date, ScheduleVersion]]:
        start = max(start, self.start_date)
        if self.end_date is not None:
            end = min(end, self.end_date)
        for index, version in enumerate(self.versions):
            until = end
            if index + 1 < len(self.versions):
                until = min(end, self.versions[index + 1].valid_from - timedelta(days=1))
            for day in version.dates(max(start, version.valid_from), until):
                yield day, version

    def slots(self, start: date, end: date) -> list[Slot]:
        """The slots whose local dates lie in [start, end], in order."""
        occurrences = list(self._occurrences(start, end + self._reach))
        # Each instant once: a slot's own, and again as the one after the slot before.
        instants = [version.instant(day) for day, version in occurrences if day <= end]
        if len(instants) < len(occurrences):
            day, version = occurrences[len(instants)]
            instants.append(version.instant(day))
        windows = self.windows
        slots = []
        for index, (day, version) in enumerate(occurrences):
            if day > end:
                break
            scheduled = instants[index]
            opens = scheduled - windows.opens_before
            closes = scheduled + (windows.closes_after or version.interval / 2)
            if index + 1 < len(occurrences):
                # After a move east the next slot can open before this one would
                # close: it closes then, so that at most one slot is ever open.
                closes = min(closes, instants[index + 1] - windows.opens_before)
            slots.append(
                Slot(
                    date=day,
                    scheduled_at=scheduled,
                    opens_at=opens,
                    on_time_until=scheduled + windows.on_time_after,
                    closes_at=closes,
                    time_zone=version.time_zone,
                    paused=self.is_paused(day),
                )
            )
        return slots

    def _around(self, at: datetime) -> list[Slot]:
        return self.slots((at - self._reach).date(), (at + self._reach).date())

    def slot(self, day: date) -> Slot | None:
        """The slot of local date `day`, or None when the schedule has none that day."""
        found = self.slots(day, day)
        return found[0] if found else None

    def open_slot(self, at: datetime) -> Slot | None:
        """The slot open at `at` (a dose logged at `at` belongs to it), or None."""
        return next((slot for slot in self._around(at) if slot.is_open(at)), None)

    def next_slot(self, at: datetime) -> Slot | None:
        """The first slot that opens after `at`, or None when the regimen has ended."""
        # Long before the start, the first slot lies beyond `_reach`: search from there.
        start = datetime.combine(self.start_date, time(), tzinfo=UTC)
        return next((slot for slot in self._around(max(at, start)) if slot.opens_at > at), None)

    def previous_slot(self, slot: Slot) -> Slot | None:
        earlier = self.slots(slot.date - self._reach, slot.date - timedelta(days=1))
        return earlier[-1] if earlier else None

    def last_opened(self, at: datetime) -> Slot | None:
        """The latest slot that opened at or before `at` (the open one, if any): where
        a dose taken at `at` belongs (DESIGN §5). None before the first slot opens, or
        long after the regimen ended."""
        opened = [slot for slot in self._around(at) if slot.opens_at <= at]
        return opened[-1] if opened else None

    def first_opens_at(self) -> datetime | None:
        first = self.slots(self.start_date, self.start_date + self._reach)
        return first[0].opens_at if first else None


def slot_status(slot: Slot, *, at: datetime, outcome: str | None) -> SlotStatus:
    """The status of `slot` at `at`, given its recorded outcome ('taken', 'skipped' or
    None) as known at `at` (DESIGN §5). A recorded outcome wins over a pause. An
    extra dose lies only beside a taken one, so a slot read by it is taken too."""
    if outcome in INJECTIONS:
        return SlotStatus.TAKEN
    if outcome == "skipped":
        return SlotStatus.SKIPPED
    if slot.paused:
        return SlotStatus.PAUSED
    if at < slot.opens_at:
        return SlotStatus.UPCOMING
    # Closed first: after a move east a slot can close inside its on-time window.
    if at >= slot.closes_at:
        return SlotStatus.MISSED
    if at <= slot.on_time_until:
        return SlotStatus.DUE
    return SlotStatus.LATE


# The order in which a day's statuses are told, worst first: a day with a missed
# dose of one medicine and a taken dose of another reads as missed.
STATUS_SEVERITY = (SlotStatus.MISSED, SlotStatus.LATE, SlotStatus.DUE, SlotStatus.SKIPPED,
                   SlotStatus.PAUSED, SlotStatus.TAKEN, SlotStatus.UPCOMING)  # fmt: skip


def worst_status(statuses: Iterable[SlotStatus]) -> SlotStatus | None:
    """The first of `statuses` in STATUS_SEVERITY order, or None for none."""
    return min(statuses, key=STATUS_SEVERITY.index, default=None)


# A clock a little ahead of the server's is not a dose "in the future".
CLOCK_TOLERANCE = timedelta(minutes=5)


def outcome_at(
    outcome: str, *, slot: Slot, taken_at: datetime | None, entered_at: datetime, at: datetime
) -> str | None:
    """A slot's recorded outcome as it counts at instant `at` (DESIGN §8, `--at`): a
    taken dose from its `taken_at`, a skip from the moment its slot opens; either
    from the moment it was entered, if that came first (a skip made in advance
    showed as made). None when it does not count yet."""
    happened = (taken_at <= at) if outcome in INJECTIONS else (slot.opens_at <= at)
    return outcome if happened or entered_at <= at else None


def in_future(instant: datetime, *, now: datetime) -> bool:
    """Whether `instant` lies after `now`, beyond the tolerance for clocks."""
    return instant > now + CLOCK_TOLERANCE


def attribute_dose(
    schedule, *, taken_at: datetime, slot_date: date | None = None
) -> tuple[Slot, Violation | None]:
    """The slot a dose taken at `taken_at` belongs to (DESIGN §5), and the
    `outside_window` violation when it was taken outside that slot's window.

    Without `slot_date`, the slot open at `taken_at`; outside every window, the latest
    slot that opened before it, the dose it was late for, never a later one (allowed
    only with a reason). Before the regimen's first slot opens, refused. `schedule` is
    a Schedule, or anything that answers `slot`, `last_opened` and `first_opens_at`.
    """
    if slot_date is not None:
        slot = schedule.slot(slot_date)
        if slot is None:
            raise Invalid("no_slot_on", date=slot_date)
    else:
        slot = schedule.last_opened(taken_at)
        if slot is None:
            first = schedule.first_opens_at()
            if first is not None and taken_at < first:
                raise Invalid("before_first_slot", opens=first)
            raise Invalid("no_slot_near")
    if slot.is_open(taken_at):
        return slot, None
    return slot, Violation(Flag.OUTSIDE_WINDOW, slot=slot)


# How far ahead a dose can be skipped from the history calendar (DESIGN §5).
PLAN_SKIP_DAYS = 30


class SkipKind(StrEnum):
    """When a skip was entered, against its slot's window: in advance, while the slot
    was open, or after it closed (a missed dose explained after the fact)."""

    PLANNED = "planned"
    AT_THE_TIME = "at_the_time"
    EXPLAINED = "explained"


class SkipReason(StrEnum):
    """Why a slot was skipped, as the person chose it from the list (DESIGN §5): a
    code, so that each reader reads it in their own language and person. `OTHER`
    is a reason given in the person's own words only."""

    FEVER = "fever"
    DOCTOR = "doctor"
    SURGERY = "surgery"
    NO_SYRINGE = "no-syringe"
    FORGOT = "forgot"
    AWAY = "away"
    OTHER = "other"


def skip_kind(slot: Slot, *, entered_at: datetime) -> SkipKind:
    """Which kind of skip a skip of `slot` entered at `entered_at` is (DESIGN §5): the
    fact is when it was entered, so nothing is stored that could drift from it."""
    if entered_at < slot.opens_at:
        return SkipKind.PLANNED
    if entered_at >= slot.closes_at:
        return SkipKind.EXPLAINED
    return SkipKind.AT_THE_TIME


def last_plannable_day(today: date) -> date:
    """The last local date whose dose can be skipped in advance (DESIGN §5)."""
    return today + timedelta(days=PLAN_SKIP_DAYS)


def within_planning_reach(day: date, *, today: date) -> bool:
    """Whether a skip planned on `today` may name the slot of `day`: from today to
    PLAN_SKIP_DAYS ahead, both included (DESIGN §5, "no more than 30 days ahead")."""
    return today <= day <= last_plannable_day(today)


def skip_refusal(slot: Slot, *, at: datetime, planned: bool) -> Invalid | None:
    """Why a skip of `slot` entered at `at` is refused, or None (DESIGN §5). The
    check-in skips the open slot, or explains a closed one that was missed; a slot
    that has not opened yet can only be skipped in advance (`planned`, from the
    history calendar), at most PLAN_SKIP_DAYS ahead, in the slot's own days."""
    today = slot.local(at).date()
    if at < slot.opens_at:
        if not planned:
            return Invalid("skip_not_open", date=slot.date)
        if not within_planning_reach(slot.date, today=today):
            return Invalid("skip_too_far", days=PLAN_SKIP_DAYS, last=last_plannable_day(today))
        return None
    if planned:
        return Invalid("skip_already_open" if at < slot.closes_at else "skip_in_the_past",
                       date=slot.date)  # fmt: skip
    return None


def may_withdraw_skip(slot: Slot, *, entered_at: datetime, at: datetime) -> bool:
    """A skip planned in advance can be withdrawn until its slot closes: plans change,
    and the dose can still be taken in its window. Any other skip is corrected by
    voiding it, with a reason (DESIGN §7)."""
    return skip_kind(slot, entered_at=entered_at) == SkipKind.PLANNED and at < slot.closes_at


def minimum_gap(interval: timedelta) -> timedelta:
    """The least time between two taken doses of a regimen: half its nominal interval
    (DESIGN §5 `too_soon`): 12 h daily, 24 h every other day, 3.5 days weekly."""
    return interval / 2


def too_soon(
    taken_at: datetime, *, others: Iterable[datetime], interval: timedelta
) -> Violation | None:
    """The `too_soon` violation (DESIGN §5) when a dose taken at `taken_at` comes less
    than the minimum gap after, or before, another dose of the same regimen
    (`others`: their instants). It names the nearest such dose and the earliest
    instant the dose could have been taken after it. Exactly the gap is allowed."""
    gap = minimum_gap(interval)
    near = [other for other in others if abs(taken_at - other) < gap]
    if not near:
        return None
    nearest = min(near, key=lambda other: (abs(taken_at - other), other))
    return Violation(Flag.TOO_SOON, other_at=nearest, earliest=nearest + gap)


def first_unopened_day(
    schedule: Schedule, new: ScheduleVersion, *, at: datetime, start_date: date
) -> date:
    """The day a schedule change takes effect (DESIGN §5): slots that have opened by
    `at` keep their instants, so the new version starts on the first date after them
    whose new slot would open after `at`, and a move east never creates a slot that
    is already open or past. `new.valid_from` is ignored."""
    upcoming = schedule.next_slot(at)
    opened = schedule.open_slot(at) or (upcoming and schedule.previous_slot(upcoming))
    # Nothing opened yet: the change may apply from the start, if that slot stays unopened.
    day = opened.date + timedelta(days=1) if opened else start_date
    rule = parse_rule(new.rule)
    for _attempt in range(400):
        # The same rule keeps its rhythm (every other day stays on its days, a weekly
        # dose on its weekday); a new rule counts from the change.
        in_force = [v for v in schedule.versions if v.valid_from <= day][-1]
        anchor = in_force.valid_from if parse_rule(in_force.rule) == rule else day
        trial = Schedule(
            versions=(ScheduleVersion(anchor, new.rule, new.time_of_day, new.time_zone),),
            windows=schedule.windows,
        )
        first = trial.slot(day)
        if first and first.opens_at > at:
            return day
        day += timedelta(days=1)
    raise Invalid("no_slot_within_a_year")
