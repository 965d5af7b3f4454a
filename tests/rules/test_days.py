"""rules.days: a day within a few years of today (issue 13, item 5)."""

from datetime import date

import pytest

from injections.rules.days import HISTORY_YEARS, SENSIBLE_YEARS, check_sensible_day, sensible_days
from injections.rules.invalid import Invalid

TODAY = date(2026, 12, 3)


def test_the_reach_is_five_years_either_way():
    assert SENSIBLE_YEARS == 5
    assert sensible_days(TODAY) == (date(2021, 12, 3), date(2031, 12, 3))


def test_the_recorded_past_reaches_further():
    assert sensible_days(TODAY, years=HISTORY_YEARS)[0] == date(1976, 12, 3)


def test_a_leap_day_reaches_the_last_day_of_february():
    assert sensible_days(date(2028, 2, 29)) == (date(2023, 2, 28), date(2033, 2, 28))


@pytest.mark.parametrize("day", [TODAY, date(2021, 12, 3), date(2031, 12, 3)])
def test_a_day_within_reach_is_taken(day):
    check_sensible_day(day, today=TODAY)


@pytest.mark.parametrize(
    "day", [date(1, 1, 1), date(2021, 12, 2), date(2031, 12, 4), date(9999, 12, 29)]
)
def test_a_day_out_of_reach_is_refused_with_the_reach(day):
    with pytest.raises(Invalid) as caught:
        check_sensible_day(day, today=TODAY)
    assert caught.value.code == "day_out_of_reach"
    assert caught.value.params == {
        "day": day, "first": date(2021, 12, 3), "last": date(2031, 12, 3), "years": 5
    }  # fmt: skip
