"""A prescription as the schedule form edits it (DESIGN §2, §5): the rhythm of the
recurrence rule in plain parts, and the dose, fixed in mg or by body weight.

The form speaks in rhythms (every day, every N days, once a week on a weekday, every
N weeks on a weekday) and writes them back as the RFC 5545 rule the schedule reads.
A rule the project supports always has a rhythm, so saving the form never changes a
weekly rule into a daily one.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .invalid import Invalid
from .schedule import parse_rule

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # date.weekday() order

# How far apart doses may be set from the form: a month of days, a quarter of weeks.
MAX_DAYS_APART = 31
MAX_WEEKS_APART = 13

DAILY, DAYS, WEEKLY = "day", "days", "week"


@dataclass(frozen=True)
class Rhythm:
    """`kind` DAILY (every day), DAYS (every `every` days, 2 or more) or WEEKLY (every
    `every` weeks on `weekday`, 0 = Monday)."""

    kind: str
    every: int = 1
    weekday: int | None = None

    @property
    def rule(self) -> str:
        if self.kind == DAILY:
            return "FREQ=DAILY"
        if self.kind == DAYS:
            return f"FREQ=DAILY;INTERVAL={self.every}"
        interval = f";INTERVAL={self.every}" if self.every > 1 else ""
        return f"FREQ=WEEKLY{interval};BYDAY={WEEKDAYS[self.weekday]}"


def rhythm_of(rule: str, *, anchor: date) -> Rhythm:
    """The rhythm of a supported rule. A weekly rule without BYDAY falls on the weekday
    of the date it counts from (`anchor`: its schedule version's first day), as RFC
    5545 reads it."""
    parts = parse_rule(rule)
    every = int(parts.get("INTERVAL", "1"))
    if parts["FREQ"] == "DAILY":
        return Rhythm(DAILY) if every == 1 else Rhythm(DAYS, every)
    day = parts.get("BYDAY")
    weekday = WEEKDAYS.index(day[-2:]) if day else anchor.weekday()
    return Rhythm(WEEKLY, every, weekday)


def rhythm(
    kind: str,
    *,
    days_apart: int | None,
    weekday: int | None,
    weeks_apart: int | None,
    current: Rhythm | None = None,
):
    """The rhythm the form's answers describe; `Invalid` names the missing or wrong one.
    The `current` rhythm is always accepted as it is, even beyond the form's ranges (a
    rule written elsewhere, every 60 days), so that saving a new time never fails."""
    if current is not None and kind == current.kind:
        same = {
            DAYS: days_apart == current.every,
            WEEKLY: weekday == current.weekday and (weeks_apart or 1) == current.every,
        }
        if kind == DAILY or same.get(kind):
            return current
    if kind == DAILY:
        return Rhythm(DAILY)
    if kind == DAYS:
        if days_apart is None:
            raise Invalid("days_apart_needed")
        if not 2 <= days_apart <= MAX_DAYS_APART:
            raise Invalid("days_apart_range", most=MAX_DAYS_APART)
        return Rhythm(DAYS, days_apart)
    if kind == WEEKLY:
        if weekday is None:
            raise Invalid("weekday_needed")
        weeks = weeks_apart or 1
        if not 1 <= weeks <= MAX_WEEKS_APART:
            raise Invalid("weeks_apart_range", most=MAX_WEEKS_APART)
        return Rhythm(WEEKLY, weeks, weekday)
    raise Invalid("rule_frequency")


def same_rhythm(rule: str, other: str, *, anchor: date) -> bool:
    """Whether two rules give the same doses from `anchor` on (`FREQ=WEEKLY` counted
    from a Friday is `FREQ=WEEKLY;BYDAY=FR`)."""
    return rhythm_of(rule, anchor=anchor) == rhythm_of(other, anchor=anchor)


MG = Decimal("0.01")  # a dose is stored in mg with two decimals


def weight_based_dose(mg_per_kg: Decimal, weight_kg: Decimal) -> Decimal:
    """The dose in mg for a weight-based prescription, to the hundredth of a mg."""
    if mg_per_kg <= 0:
        raise Invalid("mg_per_kg_positive")
    if weight_kg <= 0:
        raise Invalid("weight_positive")
    return (mg_per_kg * weight_kg).quantize(MG, rounding=ROUND_HALF_UP)


def check_weight_based(mg_per_kg: Decimal, *, most_per_day: Decimal | None) -> None:
    """A weight-based dose never goes above the medication's daily limit (anakinra:
    8 mg/kg/day, DESIGN §2). The dose is given on one day, so a dose every other day or
    every week is held to the same daily limit, never averaged over the days between."""
    if most_per_day is not None and mg_per_kg > most_per_day:
        raise Invalid("mg_per_kg_too_high", most=most_per_day)


def check_dose(dose_mg: Decimal) -> None:
    if dose_mg <= 0:
        raise Invalid("dose_positive")
