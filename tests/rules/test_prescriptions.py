"""The schedule form's rhythms and doses (rules.prescriptions; issue 10, item 5)."""

from datetime import date
from decimal import Decimal

import pytest

from injections.rules.invalid import Invalid
from injections.rules.prescriptions import (
    DAILY,
    DAYS,
    WEEKLY,
    Rhythm,
    check_weight_based,
    rhythm,
    rhythm_of,
    same_rhythm,
    weight_based_dose,
)

FRIDAY = date(2026, 11, 6)


@pytest.mark.parametrize(
    "rule, expected",
    [
        ("FREQ=DAILY", Rhythm(DAILY)),
        ("FREQ=DAILY;INTERVAL=1", Rhythm(DAILY)),
        ("FREQ=DAILY;INTERVAL=2", Rhythm(DAYS, 2)),
        ("FREQ=DAILY;INTERVAL=10", Rhythm(DAYS, 10)),
        ("FREQ=WEEKLY", Rhythm(WEEKLY, 1, 4)),  # counted from a Friday
        ("FREQ=WEEKLY;BYDAY=MO", Rhythm(WEEKLY, 1, 0)),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU", Rhythm(WEEKLY, 2, 6)),
        ("RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=TU", Rhythm(WEEKLY, 1, 1)),
    ],
)
def test_every_supported_rule_has_a_rhythm(rule, expected):
    assert rhythm_of(rule, anchor=FRIDAY) == expected


@pytest.mark.parametrize(
    "rhythm_, rule",
    [
        (Rhythm(DAILY), "FREQ=DAILY"),
        (Rhythm(DAYS, 3), "FREQ=DAILY;INTERVAL=3"),
        (Rhythm(WEEKLY, 1, 4), "FREQ=WEEKLY;BYDAY=FR"),
        (Rhythm(WEEKLY, 2, 0), "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
    ],
)
def test_a_rhythm_writes_its_rule_and_reads_back(rhythm_, rule):
    assert rhythm_.rule == rule
    assert rhythm_of(rule, anchor=FRIDAY) == rhythm_


def test_a_weekly_rule_and_its_weekday_spelt_out_are_the_same_rhythm():
    assert same_rhythm("FREQ=WEEKLY", "FREQ=WEEKLY;BYDAY=FR", anchor=FRIDAY)
    assert not same_rhythm("FREQ=WEEKLY", "FREQ=WEEKLY;BYDAY=SA", anchor=FRIDAY)
    assert not same_rhythm("FREQ=DAILY", "FREQ=DAILY;INTERVAL=2", anchor=FRIDAY)


@pytest.mark.parametrize(
    "answers, code",
    [
        ({"kind": DAYS, "days_apart": None}, "days_apart_needed"),
        ({"kind": DAYS, "days_apart": 1}, "days_apart_range"),
        ({"kind": DAYS, "days_apart": 32}, "days_apart_range"),
        ({"kind": WEEKLY, "weekday": None}, "weekday_needed"),
        ({"kind": WEEKLY, "weekday": 2, "weeks_apart": 14}, "weeks_apart_range"),
        ({"kind": "monthly"}, "rule_frequency"),
    ],
)
def test_the_form_s_answers_that_make_no_rhythm_are_refused(answers, code):
    answers = {"days_apart": None, "weekday": None, "weeks_apart": None} | answers
    with pytest.raises(Invalid) as refused:
        rhythm(answers.pop("kind"), **answers)
    assert refused.value.code == code


def test_the_widest_rhythms_are_allowed():
    assert rhythm(DAYS, days_apart=31, weekday=None, weeks_apart=None) == Rhythm(DAYS, 31)
    assert rhythm(WEEKLY, days_apart=None, weekday=3, weeks_apart=13) == Rhythm(WEEKLY, 13, 3)
    assert rhythm(WEEKLY, days_apart=None, weekday=3, weeks_apart=None) == Rhythm(WEEKLY, 1, 3)


def test_a_weight_based_dose_is_mg_per_kg_times_the_weight():
    assert weight_based_dose(Decimal("2"), Decimal("62.5")) == Decimal("125.00")
    assert weight_based_dose(Decimal("1.5"), Decimal("33.3")) == Decimal("49.95")


def test_the_daily_limit_allows_exactly_8_mg_per_kg_and_not_more():
    check_weight_based(Decimal("8"), most_per_day=Decimal("8"))
    with pytest.raises(Invalid) as refused:
        check_weight_based(Decimal("8.01"), most_per_day=Decimal("8"))
    assert refused.value.code == "mg_per_kg_too_high"
    check_weight_based(Decimal("20"), most_per_day=None)  # a medicine with no such limit


def test_the_current_rhythm_is_kept_even_beyond_the_form_s_ranges():
    every_60_days = Rhythm(DAYS, 60)
    kept = rhythm(DAYS, days_apart=60, weekday=None, weeks_apart=None, current=every_60_days)
    assert kept == every_60_days
    with pytest.raises(Invalid):  # a new rhythm that far apart is still refused
        rhythm(DAYS, days_apart=61, weekday=None, weeks_apart=None, current=every_60_days)
