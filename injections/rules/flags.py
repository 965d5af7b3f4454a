"""Every flag a dose record can carry, and the kind of rule behind it.

A record's `flags` list these codes: the rules it broke when it was recorded
anyway, with a reason (DESIGN §4 site rules; §5 dose windows, the minimum gap
and extra doses; §2 syringe storage). A non-empty list flags the record for the
clinic's review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .schedule import Slot
    from .sites import AvoidZone, PastInjection


class Kind(StrEnum):
    SITE = "site"  # where the dose went (DESIGN §4)
    WINDOW = "window"  # when it was taken (DESIGN §5)
    SYRINGE = "syringe"  # what it was taken from (DESIGN §2)
    GAP = "gap"  # how soon after another dose (DESIGN §5)
    EXTRA = "extra"  # a second injection in a slot that had its dose (DESIGN §5)


class Flag(StrEnum):
    REGION_NOT_ALLOWED = "region_not_allowed"
    OUTSIDE_REGION = "outside_region"
    TOO_CLOSE = "too_close"
    AVOID_ZONE = "avoid_zone"
    UNRESOLVED_REACTION = "unresolved_reaction"
    OUTSIDE_WINDOW = "outside_window"
    TOO_SOON = "too_soon"
    EXTRA_DOSE = "extra_dose"
    SYRINGE_EXPIRED = "syringe_expired"
    SYRINGE_TOO_WARM = "syringe_too_warm"
    NO_USABLE_SYRINGE = "no_usable_syringe"
    TOO_FEW_SYRINGES = "too_few_syringes"  # a dose of several syringes, fewer usable

    @property
    def kind(self) -> Kind:
        return KINDS[self]


KINDS = {
    Flag.REGION_NOT_ALLOWED: Kind.SITE,
    Flag.OUTSIDE_REGION: Kind.SITE,
    Flag.TOO_CLOSE: Kind.SITE,
    Flag.AVOID_ZONE: Kind.SITE,
    Flag.UNRESOLVED_REACTION: Kind.SITE,
    Flag.OUTSIDE_WINDOW: Kind.WINDOW,
    Flag.TOO_SOON: Kind.GAP,
    Flag.EXTRA_DOSE: Kind.EXTRA,
    Flag.SYRINGE_EXPIRED: Kind.SYRINGE,
    Flag.SYRINGE_TOO_WARM: Kind.SYRINGE,
    Flag.NO_USABLE_SYRINGE: Kind.SYRINGE,
    Flag.TOO_FEW_SYRINGES: Kind.SYRINGE,
}


def kinds_of(flags: list[str]) -> set[Kind]:
    """The kinds of rule a record broke; codes no rule knows (none should exist) are
    left out rather than guessed."""
    return {Flag(code).kind for code in flags if code in Flag._value2member_map_}


@dataclass(frozen=True)
class Violation:
    """A broken rule: its code and the facts that explain it. `text.flags` words it."""

    code: Flag
    closest: PastInjection | None = None  # too_close, unresolved_reaction: the injection
    distance_mm: float | None = None  # ... and how far it is
    zone: AvoidZone | None = None  # avoid_zone: the area the site lies in
    slot: Slot | None = None  # outside_window: the slot whose window was missed
    other_at: datetime | None = None  # too_soon: the other dose, too near in time
    earliest: datetime | None = None  # ... and the earliest this one could come after it
