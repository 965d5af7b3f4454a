"""Is it working? Which day a score is for, when it can be changed, and the weeks
of treatment the chart averages it over (injections/rules/scores.py).

Treatment starts on Sunday 1 November 2026, unless a test says otherwise: week 1 is
1 to 7 November, week 2 is 8 to 14, and two weeks are over on the 15th.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from injections.rules.scores import (
    CHART_WEEKS,
    SCALES,
    Scores,
    Week,
    WeekScores,
    benefit_day,
    chart_weeks,
    day_of,
    may_change,
    may_score,
    mean,
    score_refusal,
    week,
    week_number,
    weekly_scores,
)

START = date(2026, 11, 1)


def nov(day: int) -> date:
    return date(2026, 11, day)


# Which day is "today" for the patient


def test_a_score_is_for_the_patients_own_day_in_their_zone():
    """23:30 UTC on 3 November is already the 4th in Auckland and still the 3rd in New
    York: the day is the patient's, not the server's."""
    at = datetime(2026, 11, 3, 23, 30, tzinfo=UTC)
    assert day_of(at, UTC) == nov(3)
    assert day_of(at, ZoneInfo("Pacific/Auckland")) == nov(4)
    assert day_of(at, ZoneInfo("America/New_York")) == nov(3)


def test_the_day_turns_at_the_patients_midnight_on_a_clock_change():
    """London falls back on 25 October 2026: midnight is 00:00 BST, 23:00 UTC the day before."""
    london = ZoneInfo("Europe/London")
    assert day_of(datetime(2026, 10, 24, 22, 59, tzinfo=UTC), london) == date(2026, 10, 24)
    assert day_of(datetime(2026, 10, 24, 23, 0, tzinfo=UTC), london) == date(2026, 10, 25)


# Who gives them, and when they can be changed


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("patient", True), ("caregiver", True), ("clinician", False), (None, False)],
)
def test_the_patient_or_a_caregiver_gives_the_scores_not_the_clinic(role, allowed):
    assert may_score(role) is allowed


def test_a_days_scores_can_be_changed_that_day_only():
    assert may_change(nov(3), today=nov(3))
    assert not may_change(nov(2), today=nov(3))
    assert not may_change(nov(4), today=nov(3))


@pytest.mark.parametrize(
    ("scores", "day", "code"),
    [
        (Scores(3, 5, 2), nov(3), None),
        (Scores(pain=0), nov(3), None),  # one scale is enough, and 0 is a score
        (Scores(fatigue=10), nov(3), None),
        (Scores(3, 5, 2), nov(2), "day_gone"),
        (Scores(3, 5, 2), nov(4), "day_to_come"),
        (Scores(), nov(3), "nothing_given"),
        (Scores(pain=11), nov(3), "out_of_range"),
        (Scores(stiffness=-1), nov(3), "out_of_range"),
        # The day decides first: yesterday's page is refused whatever it holds.
        (Scores(), nov(2), "day_gone"),
    ],
)
def test_scores_are_refused_with_a_code(scores, day, code):
    assert score_refusal(scores, day=day, today=nov(3)) == code


def test_every_score_from_0_to_10_is_taken_on_each_scale():
    for scale in SCALES:
        for value in range(11):
            assert score_refusal(Scores(**{scale: value}), day=nov(3), today=nov(3)) is None


def test_the_scales_given_are_named_in_their_order():
    assert Scores(3, None, 0).given() == {"pain": 3, "fatigue": 0}
    assert list(Scores(1, 2, 3).given()) == list(SCALES)
    assert Scores().given() == {}


# Weeks of treatment


@pytest.mark.parametrize(
    ("day", "number"),
    [(nov(1), 1), (nov(7), 1), (nov(8), 2), (nov(14), 2), (nov(15), 3),
     (date(2026, 10, 31), 0), (date(2026, 10, 25), 0), (date(2026, 10, 24), -1)],
)  # fmt: skip
def test_weeks_are_counted_from_the_start_of_treatment(day, number):
    assert week_number(day, start=START) == number


def test_a_week_is_seven_days_from_its_first():
    assert week(1, start=START) == Week(1, nov(1), nov(7))
    assert week(3, start=START) == Week(3, nov(15), nov(21))
    assert week(0, start=START) == Week(0, date(2026, 10, 25), date(2026, 10, 31))
    assert week(0, start=START).before_start and not week(1, start=START).before_start


def test_two_weeks_are_over_on_the_fifteenth_day():
    assert benefit_day(START) == nov(15)
    assert week_number(benefit_day(START), start=START) == 3


def test_the_chart_runs_from_the_start_to_the_week_of_today():
    assert [w.number for w in chart_weeks(start=START, today=nov(3), first_score=None)] == [1]
    weeks = chart_weeks(start=START, today=nov(20), first_score=nov(2))
    assert [w.number for w in weeks] == [1, 2, 3]
    assert weeks[-1] == Week(3, nov(15), nov(21))


def test_the_chart_begins_earlier_for_scores_given_before_the_start():
    """A baseline: scores from the week before treatment show as that week."""
    weeks = chart_weeks(start=START, today=nov(10), first_score=date(2026, 10, 27))
    assert [w.number for w in weeks] == [0, 1, 2]


def test_the_chart_shows_the_latest_twelve_weeks_of_a_long_treatment():
    today = START + timedelta(days=300)
    weeks = chart_weeks(start=START, today=today, first_score=START)
    assert len(weeks) == CHART_WEEKS == 12
    assert weeks[-1].first <= today <= weeks[-1].last
    assert [w.number for w in weeks] == list(range(32, 44))


def test_the_chart_is_empty_before_treatment_starts_with_nothing_scored():
    assert chart_weeks(start=nov(20), today=nov(3), first_score=None) == []
    # ... but a baseline score given before the start shows its week.
    weeks = chart_weeks(start=nov(20), today=nov(3), first_score=nov(2))
    assert [w.number for w in weeks] == [-2]


# Weekly averages


def test_the_mean_rounds_half_up_to_one_decimal():
    assert mean([3, 4]) == Decimal("3.5")
    assert mean([1, 1, 2]) == Decimal("1.3")
    assert mean([1, 2, 2]) == Decimal("1.7")
    assert mean([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]) == Decimal("0.1")
    assert mean([5]) == Decimal("5.0")


def test_no_scores_have_no_mean_rather_than_zero():
    assert mean([]) is None


def test_each_scale_is_averaged_over_the_days_it_was_given():
    weeks = [week(1, start=START), week(2, start=START), week(3, start=START)]
    days = {
        nov(1): Scores(6, 8, 4),
        nov(2): Scores(7, None, 5),  # stiffness left out: not a 0
        nov(3): Scores(None, 7, None),
        nov(9): Scores(3, 4, 2),
        nov(30): Scores(1, 1, 1),  # outside the weeks asked about
    }
    assert weekly_scores(days, weeks) == [
        WeekScores(pain=Decimal("6.5"), stiffness=Decimal("7.5"), fatigue=Decimal("4.5"), days=3),
        WeekScores(pain=Decimal("3.0"), stiffness=Decimal("4.0"), fatigue=Decimal("2.0"), days=1),
        WeekScores(),
    ]


def test_a_weeks_average_is_read_by_scale_name():
    found = WeekScores(pain=Decimal("2.5"), days=2)
    assert found.of("pain") == Decimal("2.5")
    assert found.of("fatigue") is None
