"""Syringes, the room-temperature clock, refills and the sharps container (DESIGN §2).

Pure functions: the caller passes the syringes, the medication's limits and one
instant or day.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from .flags import Flag

# Warn this long before a syringe's room-temperature limit runs out.
ROOM_TEMPERATURE_WARNING = timedelta(hours=4)
REFILL_THRESHOLD_DAYS = 3
SHARPS_WARNING_FRACTION = Decimal("0.75")
DEFAULT_SHARPS_CAPACITY = 30


class Usability(StrEnum):
    USABLE = "usable"
    WARM_SOON = "warm_soon"  # usable, but its room-temperature time is nearly up
    TOO_WARM = "too_warm"  # more than the limit at room temperature
    EXPIRED = "expired"  # past its expiry date


@dataclass(frozen=True)
class Syringe:
    id: int
    expires_on: date
    out_of_fridge_at: datetime | None = None
    lot: str = ""


def room_temperature_left(syringe: Syringe, *, at: datetime, limit: timedelta) -> timedelta | None:
    """How much room-temperature time a syringe has left (negative once over), or
    None while it is in the fridge."""
    if syringe.out_of_fridge_at is None:
        return None
    return syringe.out_of_fridge_at + limit - at


def usability(syringe: Syringe, *, at: datetime, today: date, limit: timedelta) -> Usability:
    """Whether a syringe may be used (DESIGN §2): never past its expiry date (the date
    itself is still fine), never after more than `limit` at room temperature (24 h
    for anakinra; the medication's setting), with a warning in the last 4 hours."""
    if today > syringe.expires_on:
        return Usability.EXPIRED
    left = room_temperature_left(syringe, at=at, limit=limit)
    if left is None:
        return Usability.USABLE
    if left < timedelta(0):
        return Usability.TOO_WARM
    if left <= ROOM_TEMPERATURE_WARNING:
        return Usability.WARM_SOON
    return Usability.USABLE


def refusal(state: Usability) -> Flag | None:
    """The flag that refuses a dose from a syringe in this state (DESIGN §2: never past
    its expiry date, never too long at room temperature), or None when it may be used."""
    return {Usability.EXPIRED: Flag.SYRINGE_EXPIRED, Usability.TOO_WARM: Flag.SYRINGE_TOO_WARM}.get(
        state
    )


def is_usable(state: Usability) -> bool:
    return refusal(state) is None


def first_to_expire(
    syringes: Iterable[Syringe], *, at: datetime, today: date, limit: timedelta
) -> Syringe | None:
    """The syringe to use next: of the usable ones, one already out of the fridge
    first (its room-temperature time is running), then the earliest expiry date,
    then the lowest id. None when none is usable."""
    first = next_to_use(syringes, count=1, at=at, today=today, limit=limit)
    return first[0] if first else None


def next_to_use(
    syringes: Iterable[Syringe], *, count: int, at: datetime, today: date, limit: timedelta
) -> list[Syringe]:
    """The `count` syringes a dose uses, in the order of `first_to_expire`; fewer
    when fewer are usable."""
    usable = [s for s in syringes if is_usable(usability(s, at=at, today=today, limit=limit))]
    usable.sort(key=lambda s: (s.out_of_fridge_at is None, s.expires_on, s.id))
    return usable[:count]


def syringes_per_dose(dose_mg: Decimal, strength_mg: Decimal) -> int:
    """Each syringe is used once; what is left in it is not re-injected (DESIGN §2)."""
    return max(1, math.ceil(dose_mg / strength_mg))


@dataclass(frozen=True)
class SyringePlan:
    """How a dose is drawn from syringes of one strength (DESIGN §2): `count`
    syringes, the last of which gives `last_mg`; `left_mg` stays in it and goes
    into the sharps container with it, never kept or re-injected."""

    count: int
    strength_mg: Decimal
    last_mg: Decimal
    left_mg: Decimal

    @property
    def whole(self) -> bool:
        """Every syringe is injected in full: nothing is left over."""
        return self.left_mg == 0

    @property
    def plain(self) -> bool:
        """One whole syringe: nothing to say about it."""
        return self.count == 1 and self.whole


def syringe_plan(dose_mg: Decimal, strength_mg: Decimal) -> SyringePlan:
    """The syringes a dose of `dose_mg` needs from syringes of `strength_mg`: 200 mg
    from 100 mg syringes is two whole ones; 50 mg is half of one, the rest
    discarded; 150 mg is one whole and half of a second."""
    count = syringes_per_dose(dose_mg, strength_mg)
    left = count * strength_mg - dose_mg
    return SyringePlan(count=count, strength_mg=strength_mg, last_mg=strength_mg - left,
                       left_mg=left)  # fmt: skip


def days_of_supply(
    usable_syringes: int, *, dose_mg: Decimal, strength_mg: Decimal, interval_days: int
) -> int:
    """Whole days the syringes on hand last at the regimen's rhythm."""
    doses = usable_syringes // syringes_per_dose(dose_mg, strength_mg)
    return doses * interval_days


def needs_refill(days: int, *, threshold: int = REFILL_THRESHOLD_DAYS) -> bool:
    return days < threshold


@dataclass(frozen=True)
class SharpsState:
    capacity: int
    used: int

    @property
    def fraction(self) -> Decimal:
        return Decimal(self.used) / Decimal(self.capacity)

    @property
    def nearly_full(self) -> bool:
        """At three quarters full: time to get the next container."""
        return self.fraction >= SHARPS_WARNING_FRACTION

    @property
    def full(self) -> bool:
        return self.used >= self.capacity
