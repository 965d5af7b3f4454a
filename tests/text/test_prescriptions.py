"""A prescription in words (text.prescriptions)."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from injections.text.prescriptions import dose_words, how_often

FRIDAY = date(2026, 11, 6)


@pytest.mark.parametrize(
    "rule, words",
    [
        ("FREQ=DAILY", "every day"),
        ("FREQ=DAILY;INTERVAL=2", "every other day"),
        ("FREQ=DAILY;INTERVAL=3", "every 3 days"),
        ("FREQ=WEEKLY", "every Friday"),
        ("FREQ=WEEKLY;BYDAY=MO", "every Monday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "every 2 weeks on Tuesday"),
    ],
)
def test_how_often_in_words(rule, words):
    assert how_often(rule, anchor=FRIDAY) == words


def test_a_dose_in_words_names_the_weight_it_was_worked_out_from():
    fixed = SimpleNamespace(dose_mg=Decimal("100.00"), mg_per_kg=None, weight_kg=None)
    by_weight = SimpleNamespace(
        dose_mg=Decimal("125.00"), mg_per_kg=Decimal("2.00"), weight_kg=Decimal("62.5")
    )
    assert dose_words(fixed) == "100 mg"
    assert dose_words(by_weight) == "125 mg (2 mg per kg for 62.5 kg)"
