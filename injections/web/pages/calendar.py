"""Slot statuses laid out by day: the history's calendar of recent weeks and the
clinic's thirteen-week heatmap (DESIGN §5)."""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.utils import formats
from django.utils.translation import gettext as _

from ...models import Regimen
from ...rules.adherence import ON_TIME, TAKEN_LATE, Outcome, slot_mark
from ...rules.schedule import (
    SkipKind,
    SlotStatus,
    last_plannable_day,
    may_withdraw_skip,
    skip_kind,
    slot_status,
    worst_status,
)
from ...text.status import PLANNED_LABEL, STATUS_LABELS, TAKEN_LATE_LABEL

CALENDAR_WEEKS = 5
HEATMAP_DAYS = 91  # thirteen weeks
CELL = 18  # a heatmap day's square, with its gap, in SVG units
LATE_CELL = "taken-late"  # a heatmap day whose dose was taken after its on-time window


def _statuses(regimens: list[Regimen], records, *, at: datetime, first: date, last: date):
    """Each day's (regimen, status, taken late) triples. `records` maps (regimen id,
    slot date) to the live record of that slot. Taken late: taken after the slot's
    on-time window, as adherence counts it (DESIGN §6)."""
    by_day = defaultdict(list)
    for regimen in regimens:
        for slot in regimen.schedule().slots(first, last):
            dose = records.get((regimen.pk, slot.date))
            outcome = Outcome(dose.status, dose.taken_at) if dose else None
            mark = slot_mark(slot, at=at, outcome=outcome)
            status = SlotStatus.TAKEN if mark in (ON_TIME, TAKEN_LATE) else SlotStatus(mark)
            by_day[slot.date].append((regimen, status, mark == TAKEN_LATE))
    return by_day


def _planned(slot, dose, *, at: datetime) -> bool:
    """A skip made in advance whose slot has not opened yet: still a plan."""
    return (dose is not None and dose.status == "skipped" and at < slot.opens_at
            and skip_kind(slot, entered_at=dose.entered_at) == SkipKind.PLANNED)  # fmt: skip


def calendar(regimens: list[Regimen], records, *, at: datetime, today: date) -> list[list[dict]]:
    """Weeks (Monday first) from CALENDAR_WEEKS ago to the week of the last day a skip
    can be planned for (DESIGN §5); each day lists each regimen's slot status, a skip
    planned in advance told as such."""
    first = today - timedelta(days=today.weekday() + 7 * (CALENDAR_WEEKS - 1))
    reach = last_plannable_day(today)
    last = reach + timedelta(days=6 - reach.weekday())
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    by_day = defaultdict(list)
    for regimen in regimens:
        for slot in regimen.schedule().slots(first, last):
            dose = records.get((regimen.pk, slot.date))
            status = slot_status(slot, at=at, outcome=dose.status if dose else None)
            planned = _planned(slot, dose, at=at)
            by_day[slot.date].append({
                "regimen": regimen, "status": status, "planned": planned,
                "label": PLANNED_LABEL if planned else STATUS_LABELS[status],
            })  # fmt: skip
    return [
        [{"date": day, "today": day == today, "slots": by_day[day]} for day in days[w : w + 7]]
        for w in range(0, len(days), 7)
    ]


def planned_skips(regimens: list[Regimen], records, *, at: datetime) -> list[dict]:
    """The skips planned in advance that can still be withdrawn, soonest first."""
    schedules = {regimen.pk: regimen.schedule() for regimen in regimens}
    found = []
    for (regimen_id, day), dose in sorted(records.items(), key=lambda item: item[0][1]):
        slot = schedules[regimen_id].slot(day) if regimen_id in schedules else None
        if dose.status == "skipped" and slot is not None and may_withdraw_skip(
            slot, entered_at=dose.entered_at, at=at
        ):  # fmt: skip
            found.append({"dose": dose, "slot": slot})
    return found


def heatmap(regimens: list[Regimen], records, *, at: datetime, today: date) -> dict:
    """Thirteen weeks of days, Monday first, each with the worst status of its slots; a
    day whose doses were all taken, one or more after the on-time window, is "taken
    late". With the days of the
    week and each week's Monday, for the HTML beside the drawing."""
    first = today - timedelta(days=HEATMAP_DAYS - 1)
    first -= timedelta(days=first.weekday())
    by_day = _statuses(regimens, records, at=at, first=first, last=today)
    cells, counts = [], {}
    day = first
    while day <= today:
        slots = by_day.get(day, [])
        status: SlotStatus | None = worst_status(status for _r, status, _late in slots)
        mark = status or "none"
        label = str(STATUS_LABELS[status]) if status else _("no dose scheduled")
        if status == SlotStatus.TAKEN and any(late for _r, _s, late in slots):
            mark, label = LATE_CELL, str(TAKEN_LATE_LABEL)
        week, weekday = divmod((day - first).days, 7)
        cells.append({"x": week * CELL, "y": weekday * CELL, "status": mark,
                      "words": label if status else "—",
                      "label": f"{formats.date_format(day, 'D j M')}: {label}"})  # fmt: skip
        if status:
            counts[label] = counts.get(label, 0) + 1
        day += timedelta(days=1)
    summary = ", ".join(f"{label}: {n}" for label, n in counts.items())
    mondays = [first + timedelta(weeks=n) for n in range((today - first).days // 7 + 1)]
    # Under every other week, its Monday's date: at 320 px a column is too narrow for
    # two numbers side by side. The month is named under the first date in it.
    weekdays = [formats.date_format(first + timedelta(days=n), "D") for n in range(7)]
    weeks, month = [], None
    for n, monday in enumerate(mondays):
        labelled = n % 2 == 0
        weeks.append({"day": formats.date_format(monday, "j") if labelled else "",
                      "month": formats.date_format(monday, "M")
                               if labelled and monday.month != month else "",
                      "date": monday,
                      # (weekday, words): a narrow screen shows each day's name by it
                      "days": list(zip(weekdays, _week_words(cells, n), strict=True))})  # fmt: skip
        if labelled:
            month = monday.month
    return {"cells": cells, "width": len(mondays) * CELL, "height": 7 * CELL,
            "summary": summary, "weeks": weeks, "weekdays": weekdays}  # fmt: skip


def _week_words(cells: list[dict], week: int) -> list[str]:
    """The words of the seven days of a week, "" for the days after today."""
    words = [cell["words"] for cell in cells[7 * week : 7 * week + 7]]
    return words + [""] * (7 - len(words))
