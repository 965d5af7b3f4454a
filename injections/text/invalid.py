"""Input the rules cannot take (`rules.invalid.Invalid`), in words that say how to
fix it."""

from datetime import datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from ..rules.invalid import Invalid

MESSAGES = {
    "unknown_region": _("unknown region “%(region)s”: use one of %(choices)s"),
    "side_not_wanted": _("the abdomen has no side: leave the side empty"),
    "side_needed": _("%(region)s needs a side: left or right"),
    "not_cm": _("“%(value)s” is not a distance in cm with at most one decimal, like 3.5"),
    "not_a_rule": _("“%(rule)s” is not a recurrence rule like FREQ=DAILY"),
    "rule_part_not_supported": _(
        "%(part)s is not supported: use FREQ, INTERVAL and BYDAY; "
        "the regimen's start and end dates bound it"
    ),
    "rule_frequency": _("FREQ must be DAILY or WEEKLY"),
    "rule_interval": _("INTERVAL must be a whole number from 1 to 366"),
    "rule_byday": _("BYDAY can name one weekday, and only in a WEEKLY rule"),
    "rule_invalid": _("“%(rule)s” is not a valid recurrence rule: %(error)s"),
    "unknown_zone": _("“%(zone)s” is not a known time zone, such as Europe/London"),
    "no_slot_on": _("no dose is scheduled on %(date)s"),
    "no_slot_near": _("this regimen has no scheduled doses near that time"),
    "before_first_slot": _(
        "this regimen's first dose could be taken from %(opens)s: a dose before that "
        "cannot be recorded for it"
    ),
    "skip_not_open": _(
        "the dose of %(date)s is not open yet: only the dose open now can be skipped "
        "here; a later one can be skipped in advance from the history calendar"
    ),
    "skip_too_far": _(
        "a dose can be skipped in advance at most %(days)s days ahead: choose a day up to %(last)s"
    ),
    "skip_already_open": _(
        "the dose of %(date)s is open now: skip it from the check-in, not in advance"
    ),
    "skip_in_the_past": _(
        "the dose of %(date)s is past: a dose can only be skipped in advance for a "
        "day to come; explain a missed one from the check-in"
    ),
    "no_slot_within_a_year": _("no slot of the new schedule opens in the coming year"),
    "days_apart_needed": _("say how many days apart the doses are, such as 2 or 3"),
    "days_apart_range": _("doses every few days can be 2 to %(most)s days apart"),
    "weekday_needed": _("pick the day of the week the dose is taken"),
    "weeks_apart_range": _("a weekly dose can be 1 to %(most)s weeks apart"),
    "dose_positive": _("the dose must be more than 0 mg"),
    "mg_per_kg_positive": _("the dose per kilogram must be more than 0 mg"),
    "weight_positive": _("the weight must be more than 0 kg"),
    "mg_per_kg_too_high": _(
        "that is above %(most)s mg per kg a day, the most this medicine allows: "
        "check the prescription with the doctor"
    ),
    "report_future": _("a report covers days that have come: end it on %(today)s or before"),
    "report_backwards": _("the first day, %(first)s, comes after the last, %(last)s: swap them"),
    "report_too_long": _("a report covers at most %(years)s years: choose a later first day"),
    "visit_future": _("a visit is recorded once it has happened: choose %(today)s or before"),
    "visit_too_old": _("a visit more than %(years)s years ago starts no report: check the year"),
    "day_out_of_reach": _(
        "%(day)s is more than %(years)s years from today: check the year, and choose a day "
        "from %(first)s to %(last)s"
    ),
}


# Messages about a day the person chose on a page: the day in words, as they read it
# there ("Thursday 3 December"); the others keep the ISO dates the files use.
DAYS_IN_WORDS = {
    "skip_not_open",
    "skip_too_far",
    "skip_already_open",
    "skip_in_the_past",
    "report_future",
    "report_backwards",
    "visit_future",
}


def _value(value, *, in_words: bool = False):
    if isinstance(value, Decimal):  # 8.00 mg reads "8"
        return format(value.normalize(), "f")
    if isinstance(value, datetime):  # an instant: as the person reads it, in their zone
        return formats.date_format(timezone.localtime(value), _("l j F Y, H:i"))
    if in_words and hasattr(value, "isoformat"):
        return formats.date_format(value, _("l j F"))
    return value.isoformat() if hasattr(value, "isoformat") else value


def explain(error: Invalid) -> str:
    in_words = error.code in DAYS_IN_WORDS
    params = {name: _value(value, in_words=in_words) for name, value in error.params.items()}
    return str(MESSAGES[error.code]) % params
