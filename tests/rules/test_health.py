"""Side effects, site reactions, the neutrophil schedule and a low count
(rules/health.py). Other medicines are in test_medicines.py."""

from datetime import date
from decimal import Decimal

import pytest

from injections.rules.health import (
    is_urgent,
    neutrophil_tests,
    neutrophils_low,
    next_test_due,
    reaction_needs_doctor,
)

START = date(2026, 1, 31)


@pytest.mark.parametrize(
    "effect, urgent",
    [
        ("rash", True),
        ("infection", True),
        ("breathing", True),
        ("red_swollen_skin", True),
        ("allergy", True),
        ("headache", False),
        ("nausea", False),
        ("diarrhoea", False),
        ("sinusitis", False),
    ],  # fmt: skip
)
def test_which_side_effects_are_urgent(effect, urgent):
    assert is_urgent(effect) is urgent


@pytest.mark.parametrize(
    "severity, days, resolved, doctor",
    [
        ("severe", 0, False, True),
        ("severe", 3, True, True),
        ("mild", 28, False, False),
        ("mild", 29, False, True),
        ("moderate", 29, True, False),
    ],  # fmt: skip
)
def test_a_reaction_needs_the_doctor_when_severe_or_over_four_weeks(
    severity, days, resolved, doctor
):
    today = date(2026, 11, 21)
    started = date.fromordinal(today.toordinal() - days)
    assert reaction_needs_doctor(severity, started_on=started, today=today,
                                 resolved=resolved) is doctor  # fmt: skip


def test_the_neutrophil_schedule_runs_monthly_then_quarterly_for_a_year():
    assert neutrophil_tests(START) == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30),
        date(2026, 7, 31), date(2026, 10, 31), date(2027, 1, 31),
    ]  # fmt: skip


def test_the_next_test_is_the_first_without_a_result():
    results = [date(2026, 1, 28), date(2026, 3, 1)]  # the baseline, then month one
    assert next_test_due(START, results, today=date(2026, 3, 10)) == date(2026, 3, 31)


def test_a_result_more_than_a_week_early_does_not_count():
    assert next_test_due(START, [date(2026, 1, 20)], today=date(2026, 1, 25)) == START


def test_after_a_year_of_results_no_test_is_due():
    results = neutrophil_tests(START)
    assert next_test_due(START, results, today=date(2027, 2, 1)) is None


@pytest.mark.parametrize(
    "count, low",
    [
        (None, False),  # a result with only a note
        (Decimal("0"), True),
        (Decimal("0.4"), True),
        (Decimal("1.49"), True),
        (Decimal("1.5"), False),  # the boundary is not low
        (Decimal("1.51"), False),
        (Decimal("3.5"), False),
    ],  # fmt: skip
)
def test_a_neutrophil_count_under_one_and_a_half_is_low(count, low):
    assert neutrophils_low(count) is low
