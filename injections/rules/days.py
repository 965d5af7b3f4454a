"""Days a person can mean (issue 13, item 5): a day typed on a page, passed to a
service or read from a file lies within a few years of today, so that a mistyped
year (0001, 9999) is refused with a message rather than stored, and never reaches
date arithmetic that overflows.

Two reaches: what is current or to come (a pause, a box's expiry, a side effect, an
area to avoid until, a skip, a blood test, a visit) within SENSIBLE_YEARS of today
either way; the recorded past (a dose's day, a report's period, an imported row)
within HISTORY_YEARS before today, a treatment's lifetime.
"""

from datetime import date

from dateutil.relativedelta import relativedelta

from .invalid import Invalid

SENSIBLE_YEARS = 5  # a box's expiry, a planned pause: years ahead at most; a few back
HISTORY_YEARS = 50  # a record kept since the treatment began, decades at most


def sensible_days(today: date, *, years: int = SENSIBLE_YEARS) -> tuple[date, date]:
    """The first and last day accepted: `years` before and after `today`."""
    return today - relativedelta(years=years), today + relativedelta(years=years)


def check_sensible_day(day: date, *, today: date, years: int = SENSIBLE_YEARS) -> None:
    """Raise Invalid("day_out_of_reach") unless `day` lies within `years` of `today`."""
    first, last = sensible_days(today, years=years)
    if not first <= day <= last:
        raise Invalid("day_out_of_reach", day=day, first=first, last=last, years=years)
