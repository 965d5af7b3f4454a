"""The visit report's period (issue 12, item 1): which days a report covers when
nobody chooses, and which periods it refuses.

A report covers whole local days, `first` to `last` included. Without a choice it
runs from the patient's last visit to today, or over the last 90 days when there
was none or it was long ago; it never reaches past today, and it covers at most a
few years so that a mistyped year does not ask for a century of calendar.
"""

from datetime import date, timedelta

from .invalid import Invalid

REPORT_DAYS = 90  # the default period without a recent visit
LONGEST_REPORT_DAYS = 3 * 366  # three years: a long gap between visits, with room


def default_period(today: date, *, last_visit: date | None) -> tuple[date, date]:
    """Since the last visit (its day included) when it lies within the longest period
    a report covers and is not today; otherwise the last REPORT_DAYS days."""
    if last_visit is not None and last_visit < today:
        if (today - last_visit).days < LONGEST_REPORT_DAYS:
            return last_visit, today
    return today - timedelta(days=REPORT_DAYS - 1), today


def check_period(first: date, last: date, *, today: date) -> None:
    """Raise Invalid when the period cannot be reported on: it ends after today,
    runs backwards, or is longer than LONGEST_REPORT_DAYS."""
    if last > today:
        raise Invalid("report_future", today=today)
    if first > last:
        raise Invalid("report_backwards", first=first, last=last)
    if (last - first).days >= LONGEST_REPORT_DAYS:
        raise Invalid("report_too_long", years=LONGEST_REPORT_DAYS // 366)


def check_visit_day(day: date, *, today: date) -> None:
    """Raise Invalid unless the visit's day has come and lies within the longest
    report's reach (a visit before that could never start a report)."""
    if day > today:
        raise Invalid("visit_future", today=today)
    if (today - day).days >= LONGEST_REPORT_DAYS:
        raise Invalid("visit_too_old", years=LONGEST_REPORT_DAYS // 366)
